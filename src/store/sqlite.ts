/**
 * The SQLite adapter: one file, better-sqlite3 through Kysely's SqliteDialect, in WAL mode so
 * readers do not block the ingest writer and a killed process loses nothing it committed. All
 * queries are the shared query layer's; this file only opens the database.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { DatelineError } from '../core/diagnostics.js';
import { createQueryLayerStore } from './query-layer.js';
import type { Database } from './schema.js';
import type { Store } from './store.js';

export interface SqliteStoreOptions {
  /** Open without writing (queries only); the file must exist. */
  readonly?: boolean;
}

/** Opens (creating it when missing, unless read-only) the SQLite store at `path`. Call `migrate()` before use. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  let database: BetterSqlite3.Database;
  try {
    if (!options.readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    database = new BetterSqlite3(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    if (!options.readonly) {
      database.pragma('journal_mode = WAL');
      // WAL + NORMAL: a commit survives the process being killed (only a power cut can lose the last ones).
      database.pragma('synchronous = NORMAL');
    }
    database.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new DatelineError('STORE_OPEN_FAILED', `cannot open the SQLite store ${path}: ${(error as Error).message}`, { cause: error });
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return createQueryLayerStore(db, { location: path, columnTypes: { dialect: 'sqlite', binary: 'blob', float: 'real', isoText: 'text' }, maxParameters: 32766 });
}
