import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate, type Migration } from './migrate';
import { MIGRATIONS } from './migrations';
import type { Sql } from './sql';

/**
 * The one SQLite file of an installation. WAL, synchronous=FULL (a power cut never loses a confirmed
 * write), foreign keys on, secure_delete on (erased personal data is overwritten, not just unlinked).
 */
export class Db {
  readonly raw: Database.Database;
  private readonly cache = new Map<string, Database.Statement>();

  private constructor(raw: Database.Database) {
    this.raw = raw;
  }

  static open(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('secure_delete = ON');
    raw.pragma('busy_timeout = 5000');
    const db = new Db(raw);
    migrate(db, migrations);
    return db;
  }

  private statement(query: Sql): Database.Statement {
    let stmt = this.cache.get(query.text);
    if (!stmt) {
      stmt = this.raw.prepare(query.text);
      this.cache.set(query.text, stmt);
    }
    return stmt;
  }

  get<Row>(query: Sql): Row | undefined {
    return this.statement(query).get(...query.values) as Row | undefined;
  }

  all<Row>(query: Sql): Row[] {
    return this.statement(query).all(...query.values) as Row[];
  }

  run(query: Sql): Database.RunResult {
    return this.statement(query).run(...query.values);
  }

  /** Runs `fn` in one IMMEDIATE transaction: all of it is written, or none. */
  transaction<T>(fn: () => T): T {
    return this.raw.transaction(fn).immediate();
  }

  /** Schema version (`PRAGMA user_version`). */
  get version(): number {
    return this.raw.pragma('user_version', { simple: true }) as number;
  }

  /** Writes the WAL back into the main file and empties it (after erasing personal data). */
  checkpoint(): void {
    this.raw.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    this.cache.clear();
    if (this.raw.open) this.raw.close();
  }
}
