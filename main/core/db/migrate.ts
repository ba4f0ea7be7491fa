import type { Db } from './database';

/** A forward-only schema step. `version` numbers are 1, 2, 3… with no gaps; the DB stores the last in user_version. */
export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

export function migrate(db: Db, migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const current = db.version;
  const latest = migrations.length;
  if (current > latest) {
    throw new Error(`database schema ${current} is newer than this app (${latest}); update the app`);
  }
  const pending = migrations.slice(current);
  if (pending.length === 0) return;
  // All pending steps in one transaction: an upgrade is all or nothing, and a new database costs one durable
  // commit (an fsync) instead of one per step (a tenth of the first start on a slow disk).
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.raw.pragma(`user_version = ${m.version}`);
    }
  });
}
