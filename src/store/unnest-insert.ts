/**
 * PostgreSQL's multi-row insert: one array parameter per column, spread into rows by `unnest`
 * (`insert into t (a, b) select * from unnest($1::text[], $2::int4[])`). A multi-row VALUES insert
 * binds one parameter per value: the server parses and plans a statement of thousands of
 * parameters, different for every row count, and the query builder compiles one node per value.
 * Here the statement has as many parameters as the table has columns, whatever the row count; the
 * driver writes each column as one array literal. Measured on a PostgreSQL save of eight articles
 * (`bench:scale --postgres`), see README.
 *
 * The array casts need each column's type: read once per table from the catalog of the store's
 * schema (the connection's search_path). SQLite keeps VALUES inserts (in-process, with prepared
 * statements cached by row count, see `chunks` in `query-layer.ts`).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Column name → PostgreSQL type name (`udt_name`: text, int4, float8, bytea, …), per table. */
const columnTypeCache = new WeakMap<object, Map<string, Promise<Map<string, string>>>>();

/** The column types of `table` in the current schema, read once per `cacheKey` (one store) and table. */
function columnTypes(db: Db, cacheKey: object, table: string): Promise<Map<string, string>> {
  let tables = columnTypeCache.get(cacheKey);
  if (!tables) columnTypeCache.set(cacheKey, (tables = new Map()));
  let types = tables.get(table);
  if (!types) {
    types = sql<{ column_name: string; udt_name: string }>`select column_name, udt_name from information_schema.columns where table_schema = current_schema() and table_name = ${table}`
      .execute(db)
      .then(({ rows }) => new Map(rows.map((row) => [row.column_name, row.udt_name])));
    // A failed read is not kept: the next insert asks again.
    types.catch(() => tables!.delete(table));
    tables.set(table, types);
  }
  return types;
}

export interface UnnestInsertOptions {
  /** One cache of column types per store: any object that lives as long as the store (its Kysely instance). */
  cacheKey: object;
  /** `on conflict (these columns) do nothing`. */
  ignoreConflicts?: readonly string[];
  /** Give back this column of the rows actually inserted (`returning`). */
  returning?: string;
}

/**
 * Inserts `rows` (all with the same columns, in the order of the first row's keys) into `table`
 * in one statement. Values go to the driver as they are (strings, numbers, null, Buffers).
 */
export async function unnestInsert(db: Db, table: keyof Database & string, rows: readonly object[], options: UnnestInsertOptions): Promise<unknown[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]!);
  const types = await columnTypes(db, options.cacheKey, table);
  const arrays = columns.map((column) => {
    const type = types.get(column);
    if (!type) throw new Error(`unnest insert: ${table}.${column} is not a column of the store's schema`);
    const values = rows.map((row) => (row as Record<string, unknown>)[column] ?? null);
    return sql`${values}::${sql.raw(`${type}[]`)}`;
  });
  const conflict = options.ignoreConflicts ? sql` on conflict (${sql.join(options.ignoreConflicts.map((column) => sql.ref(column)))}) do nothing` : sql``;
  const returning = options.returning ? sql` returning ${sql.ref(options.returning)}` : sql``;
  const result = await sql<Record<string, unknown>>`insert into ${sql.table(table)} (${sql.join(columns.map((column) => sql.ref(column)))}) select * from unnest(${sql.join(arrays)})${conflict}${returning}`.execute(db);
  return options.returning ? result.rows.map((row) => row[options.returning!]) : [];
}
