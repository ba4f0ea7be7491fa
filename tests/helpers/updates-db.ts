import { Db } from '../../main/core/db/database';
import type { Migration } from '../../main/core/db/migrate';
import { MIGRATIONS } from '../../main/core/db/migrations';
import { m0008 } from '../../main/core/db/migrations/0008-updates-and-catalogue';

/**
 * The app's migrations with 0008 (updates and catalogue) at the end. While 0007 (reserved for the hub) is not
 * registered yet, a no-op stands in for it, so these tests run before and after both land in the list.
 */
export function migrationsWithUpdates(): readonly Migration[] {
  if (MIGRATIONS.some((m) => m.name === m0008.name)) return MIGRATIONS;
  const list: Migration[] = [...MIGRATIONS];
  while (list.length < m0008.version - 1)
    list.push({ version: list.length + 1, name: `reserved-${list.length + 1}`, up() {} });
  return [...list, m0008];
}

export function openUpdatesDb(file: string): Db {
  return Db.open(file, migrationsWithUpdates());
}
