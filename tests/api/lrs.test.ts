import { describe, expect, it } from 'vitest';
import type { UploadReport } from '../../main/api/lrs';
import { sql } from '../../main/core/db/sql';
import { useTempDirs } from '../helpers/core';
import { startLrs } from '../helpers/lrs';
import { finished } from '../helpers/tasks';
import { makeWorld } from '../helpers/world';

describe('the operator uploads to the LRS through the API', () => {
  const tempDir = useTempDirs('balai-api-lrs-');

  it('set, check, send now: pending goes to zero, the LRS holds every statement, the secret never comes back', async () => {
    const w = await makeWorld(tempDir());
    const lrs = await startLrs();
    try {
      const statements = w.core.services.db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM outbox`)!.n;
      const before = await w.must(w.operator, 'lrs.status', {});
      expect(before.status).toMatchObject({ lrs: null, pending: statements, sent: 0, running: false });
      expect(await w.call(w.operator, 'lrs.upload', {})).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });

      const secret = 'rahasia-desa-adisana-2026';
      const bad = await w.call(w.operator, 'lrs.set', { endpoint: 'ftp://lrs', key: 'k', secret });
      expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { reason: 'scheme' } } });

      const set = await w.must(w.operator, 'lrs.set', { endpoint: lrs.endpoint, key: 'adisana', secret });
      expect(set.lrs).toMatchObject({ endpoint: lrs.endpoint, key: 'adisana', secretProtected: false });
      expect(JSON.stringify(set)).not.toContain(secret);
      const audit = w.core.services.db.all<{ details: string }>(
        sql`SELECT details FROM audit_log WHERE action = 'lrs.set'`,
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]!.details).not.toContain(secret);

      expect(await w.must(w.operator, 'lrs.check', {})).toMatchObject({ reachable: true });
      const { taskId } = await w.must(w.operator, 'lrs.upload', {});
      const task = await finished(w, w.operator, taskId);
      expect(task.state, JSON.stringify(task.error)).toBe('done');
      expect(task.result as UploadReport).toMatchObject({ end: 'empty', sent: statements, pending: 0 });
      expect(task).toMatchObject({ done: statements, total: statements });

      const after = await w.must(w.operator, 'lrs.status', {});
      expect(after.status).toMatchObject({ pending: 0, sent: statements, quarantined: 0 });
      expect(after.status.lastSuccessAt).not.toBeNull();
      expect(JSON.stringify(after)).not.toContain(secret);
      const held = await lrs.statements();
      expect(held).toHaveLength(statements);
      const ids = w.core.services.db.all<{ id: string }>(sql`SELECT id FROM outbox`).map((r) => r.id);
      expect(held.map((s) => s.id).sort()).toEqual(ids.sort());

      expect(await w.must(w.operator, 'lrs.quarantine', {})).toEqual({ items: [], total: 0 });
      expect(await w.must(w.operator, 'lrs.clear', { confirm: true })).toEqual({ cleared: true });
      expect((await w.must(w.operator, 'lrs.status', {})).status.lrs).toBeNull();
    } finally {
      await lrs.stop();
      w.close();
    }
  });

  it('an LRS that is not there: the check says so and the upload ends unreachable, nothing marked sent', async () => {
    const w = await makeWorld(tempDir());
    await w.must(w.operator, 'lrs.set', {
      endpoint: 'http://127.0.0.1:9/xAPI/',
      key: 'adisana',
      secret: 'rahasia-desa-adisana-2026',
    });
    expect(await w.must(w.operator, 'lrs.check', {})).toMatchObject({ reachable: false });
    const { taskId } = await w.must(w.operator, 'lrs.upload', {});
    const task = await finished(w, w.operator, taskId);
    expect(task.result as UploadReport).toMatchObject({ end: 'unreachable', sent: 0 });
    expect((task.result as UploadReport).error?.code).toBe('unreachable');
    const status = await w.must(w.operator, 'lrs.status', {});
    expect(status.status).toMatchObject({ sent: 0, lastErrorCode: 'unreachable' });
    w.close();
  });
});
