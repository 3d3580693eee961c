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
import { startCheckpointer, type Checkpointer, type CheckpointerOptions } from './checkpointer.js';
import { createQueryLayerStore, SQLITE_BUSY_TIMEOUT_MS, type RowInserter } from './query-layer.js';
import type { Database } from './schema.js';
import type { Store } from './store.js';

export interface SqliteStoreOptions {
  /** Open without writing (queries only); the file must exist. */
  readonly?: boolean;
  /**
   * WAL checkpoints from a thread of their own once the store writes (default), or in the writer's
   * commits as SQLite does by default (`false`); see `checkpointer.ts`.
   */
  checkpointer?: boolean | CheckpointerOptions;
  /** Told once the checkpointing thread is ready (`dateline worker` logs its thread id, which `bench:scale` reads). */
  onCheckpointer?: (checkpointer: Checkpointer) => void;
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
    database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  } catch (error) {
    throw new DatelineError('STORE_OPEN_FAILED', `cannot open the SQLite store ${path}: ${(error as Error).message}`, { cause: error });
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  let checkpointer: Checkpointer | undefined;
  const checkpoints = options.checkpointer ?? true;
  const writer = database;
  const startCheckpoints =
    checkpoints !== false && !options.readonly && path !== ':memory:'
      ? () => {
          if (checkpointer) return;
          // The writer may be closing when the thread answers.
          const started = startCheckpointer(path, (pages) => writer.open && writer.pragma(`wal_autocheckpoint = ${pages}`), checkpoints === true ? {} : checkpoints);
          checkpointer = started;
          const { onCheckpointer } = options;
          if (onCheckpointer) void started.ready.then(() => started.running && onCheckpointer(started));
        }
      : undefined;
  const store = createQueryLayerStore(db, {
    location: path,
    columnTypes: { dialect: 'sqlite', binary: 'blob', float: 'real', isoText: 'text' },
    maxParameters: 32766,
    insertRows: rowInserter(database),
    ...(startCheckpoints ? { beforeWrite: startCheckpoints } : {}),
    close: () => checkpointer?.stop(),
  });
  checkpointers.set(store, () => checkpointer);
  return store;
}

const checkpointers = new WeakMap<Store, () => Checkpointer | undefined>();

/** The checkpointing thread of a SQLite store from `openSqliteStore`, once it has written (undefined before, and for other stores). */
export function checkpointerOf(store: Store): Checkpointer | undefined {
  return checkpointers.get(store)?.();
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * The store's inserts of many rows: one prepared single-row statement per table (and column list,
 * conflict key and returning column), run once a row. A save inserts about 125 rows an article into
 * a dozen tables; as multi-row VALUES statements, Kysely built and compiled a node per value and
 * SQLite parsed a statement of thousands of parameters for every batch (too long to keep prepared).
 * The store's writes took 9.9 ms of CPU an article, 9.4 this way (`node dist/bench/ingest.js`, on a
 * slow 2-core machine where SQLite's own work on the rows and their indexes is most of it).
 * better-sqlite3 is synchronous, so the rows go in on the connection (and in the transaction) of
 * the save that calls it.
 */
function rowInserter(database: BetterSqlite3.Database): RowInserter {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return (table, rows, { ignoreConflicts, returning }) => {
    if (rows.length === 0) return [];
    const columns = Object.keys(rows[0]!);
    const key = `${table}\u0000${columns.join(',')}\u0000${ignoreConflicts?.join(',') ?? ''}\u0000${returning ?? ''}`;
    let statement = statements.get(key);
    if (!statement) {
      statement = database.prepare(
        `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values (${columns.map(() => '?').join(', ')})` +
          (ignoreConflicts ? ` on conflict (${ignoreConflicts.map(quote).join(', ')}) do nothing` : '') +
          (returning ? ` returning ${quote(returning)}` : ''),
      );
      if (returning) statement.raw(true);
      statements.set(key, statement);
    }
    const values = new Array<unknown>(columns.length);
    const returned: unknown[] = [];
    for (const row of rows) {
      const record = row as Record<string, unknown>;
      for (let c = 0; c < columns.length; c++) values[c] = record[columns[c]!] ?? null;
      if (!returning) {
        statement.run(values);
        continue;
      }
      const inserted = statement.get(values) as unknown[] | undefined;
      if (inserted) returned.push(inserted[0]);
    }
    return returned;
  };
}

/** Statements kept prepared, most recently used last; statements longer than `STATEMENT_CACHE_CHARS` (multi-row inserts) are not kept. */
const STATEMENT_CACHE_SIZE = 200;
const STATEMENT_CACHE_CHARS = 16_000;

/**
 * The database as Kysely sees it, with its statements prepared once: Kysely prepares every query it
 * runs, and preparing costs as much as running a small query (the API runs the same few again and
 * again). A statement is done with before the next query starts (Kysely runs one at a time per
 * connection and never streams here), so reusing it is safe; SQLite re-prepares it after a schema change.
 */
function withStatementCache(database: BetterSqlite3.Database): { close(): void; prepare(sql: string): BetterSqlite3.Statement } {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare: (sql) => {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (sql.length > STATEMENT_CACHE_CHARS) return statement;
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}
