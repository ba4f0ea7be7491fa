import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../main/core/db/database';
import { MIGRATIONS } from '../../../main/core/db/migrations';
import { sql } from '../../../main/core/db/sql';
import { UpdateStateStore } from '../../../main/core/updates/state';
import { useTempDirs } from '../../helpers/core';

describe('migration 0008 updates-and-catalogue', () => {
  const tempDir = useTempDirs();

  it('upgrades a v7 file: one update-state row at most, a pending update whole or not at all', () => {
    const file = join(tempDir(), 'm.sqlite');
    Db.open(file, MIGRATIONS.slice(0, 7)).close();
    const db = Db.open(file, MIGRATIONS.slice(0, 8));
    expect(db.version).toBe(8);
    db.run(sql`INSERT INTO update_state (id) VALUES (1)`);
    expect(() => db.run(sql`INSERT INTO update_state (id) VALUES (2)`)).toThrow(/CHECK/);
    expect(() => db.run(sql`UPDATE update_state SET pending_version = '1.3.0' WHERE id = 1`)).toThrow(
      /CHECK/,
    );
    expect(() => db.run(sql`UPDATE update_state SET pending_source = 'usb' WHERE id = 1`)).toThrow(/CHECK/);
    expect(() => db.run(sql`UPDATE update_state SET last_check_result = 'maybe' WHERE id = 1`)).toThrow(
      /CHECK/,
    );
    db.run(sql`UPDATE update_state SET pending_version = '1.3.0', pending_source = 'stick', pending_state = 'ready'
               WHERE id = 1`);

    db.run(sql`INSERT INTO catalogue_state VALUES ('pamong-desa', 3, 't', 'd', 'k', 'u', 't')`);
    expect(() =>
      db.run(sql`INSERT INTO catalogue_state VALUES ('pamong-desa', 4, 't', 'd', 'k', 'u', 't')`),
    ).toThrow(/UNIQUE|PRIMARY/);
    expect(() =>
      db.run(sql`INSERT INTO catalogue_state VALUES ('lain', 0, 't', 'd', 'k', 'u', 't')`),
    ).toThrow(/CHECK/);
    db.close();
  });

  it('keeps the update state across a restart, counting install attempts per version', () => {
    const file = join(tempDir(), 'm.sqlite');
    let db = Db.open(file, MIGRATIONS);
    let store = new UpdateStateStore(() => db);
    const now = new Date('2026-11-20T10:00:00+07:00');
    store.setPending(now, { version: '1.3.0', source: 'online', state: 'ready' });
    store.installStarted();
    store.setPending(now, { version: '1.3.0', source: 'online', state: 'ready' }); // same version: count kept
    store.failed(now, new Date(now.getTime() + 60_000));
    store.error(now, 'http_error', 'HTTP 503');
    db.close();
    db = Db.open(file, MIGRATIONS);
    store = new UpdateStateStore(() => db);
    expect(store.read()).toMatchObject({
      connected: true,
      lastCheckResult: 'failed',
      failures: 1,
      lastError: { code: 'http_error', message: 'HTTP 503' },
      pending: { version: '1.3.0', source: 'online', state: 'ready', installAttempts: 1 },
    });
    store.setPending(now, { version: '1.4.0', source: 'stick', state: 'downloading' }); // new version: count reset
    expect(store.read().pending).toMatchObject({ version: '1.4.0', installAttempts: 0 });
    store.checked(now, 'update_found');
    expect(store.read()).toMatchObject({ failures: 0, nextAttemptAt: null, lastCheckResult: 'update_found' });
    db.close();
  });
});
