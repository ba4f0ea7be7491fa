import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../../main/core/app';
import { sql } from '../../../main/core/db/sql';
import { useTempDirs } from '../../helpers/core';
import { makeWorld } from '../../helpers/world';

describe('erasing a learner (UU 27/2022)', () => {
  const tempDir = useTempDirs();

  it('leaves no name, NIK, phone or email anywhere in the database file, and keeps the learning records', async () => {
    const dir = tempDir();
    const w = await makeWorld(dir);
    const db = w.core.services.db;
    const personal = ['Ani Pertama', '3302051234567890', '0812-3456-7890', 'ani@example.id'];
    const count = (q: ReturnType<typeof sql>) => db.get<{ n: number }>(q)!.n;
    const statements = count(sql`SELECT COUNT(*) AS n FROM outbox WHERE learner_id = ${w.learnerA}`);
    const progress = count(sql`SELECT COUNT(*) AS n FROM lesson_progress WHERE learner_id = ${w.learnerA}`);
    expect(statements).toBeGreaterThan(0);
    // The name was also changed once: the old spelling must go too.
    await w.must(w.operator, 'learners.update', {
      id: w.learnerA,
      fullName: 'Ani Pertama Sekali',
      jabatan: 'kaur_keuangan',
      nik: '3302051234567890',
      phone: '0812-3456-7890',
      email: 'ani@example.id',
    });
    personal.push('Ani Pertama Sekali');

    const files = () => [DB_FILE, `${DB_FILE}-wal`].map((f) => join(dir, f)).filter((f) => existsSync(f));
    const containsAny = () =>
      files().some((f) => personal.some((p) => readFileSync(f).includes(Buffer.from(p))));
    expect(containsAny()).toBe(true); // the check can see personal data when it is there

    const { learner } = await w.must(w.operator, 'learners.erase', { id: w.learnerA, confirm: true });
    expect(learner).toMatchObject({ erased: true, fullName: null, nik: null, phone: null, email: null });
    expect(await w.call(w.tokenA, 'auth.me', {})).toMatchObject({ ok: true, value: { account: null } });
    expect(count(sql`SELECT COUNT(*) AS n FROM outbox WHERE learner_id = ${w.learnerA}`)).toBe(statements);
    expect(count(sql`SELECT COUNT(*) AS n FROM lesson_progress WHERE learner_id = ${w.learnerA}`)).toBe(
      progress,
    );
    // Statements never held personal data in the first place.
    const outbox = db
      .all<{ statement: string }>(sql`SELECT statement FROM outbox`)
      .map((r) => r.statement)
      .join('\n');
    for (const p of personal) expect(outbox).not.toContain(p);

    w.close();
    for (const f of files()) {
      const bytes = readFileSync(f);
      for (const p of personal) expect(bytes.includes(Buffer.from(p)), `${p} still in ${f}`).toBe(false);
    }
  });

  it('an erased learner cannot log in and is gone from the home screen', async () => {
    const w = await makeWorld(tempDir());
    await w.must(w.operator, 'learners.erase', { id: w.learnerA, confirm: true });
    const r = await w.call(w.core.newSession(), 'auth.login', { accountId: w.learnerA, pin: '172839' });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const { cards } = await w.must(w.core.newSession(), 'auth.roster', { search: '' });
    expect(cards.map((c) => c.id)).not.toContain(w.learnerA);
    const audit = await w.must(w.operator, 'audit.list', { limit: 5 });
    expect(audit.entries[0]).toMatchObject({
      action: 'learner.erase',
      targetId: w.learnerA,
      actorId: w.operatorId,
    });
    w.close();
  });
});
