/**
 * The PostgreSQL adapter: a `pg` connection pool through Kysely's PostgresDialect. All queries are
 * the shared query layer's; this file only parses the URL, opens the pool in the right schema
 * (`?schema=name`, default `public`) and checks that the server answers. It must never put the
 * password into a message, a location or an error.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { DatelineError } from '../core/diagnostics.js';
import { createQueryLayerStore } from './query-layer.js';
import type { Database } from './schema.js';
import type { Store } from './store.js';

export interface PostgresStoreOptions {
  /** Queries only: every transaction is read-only, nothing is created; the tables must exist. */
  readonly?: boolean;
  /** Most connections the pool opens (default 4). */
  connections?: number;
  /** How long to wait for the server to answer a connection (default 10 s). */
  connectTimeoutMs?: number;
}

/** What a `postgres://` URL says, split into what `pg` is given and what messages may show. */
export interface PostgresLocation {
  /** The URL for `pg`, without Dateline's own parameters. */
  connectionString: string;
  /** The URL with the password replaced by `***`: safe to print. */
  redacted: string;
  /** The schema holding the tables (`?schema=`), `public` by default. */
  schema: string;
  /** The password as given (and percent-decoded), to scrub from driver messages. */
  secrets: string[];
  /** Server settings given in the URL (`?options=-c statement_timeout=5s`), kept beside Dateline's own. */
  options: string | null;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Whether `location` is a PostgreSQL URL (`postgres://…` or `postgresql://…`). */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

/** Replaces whatever sits between `//` and `@` by `…`: for strings that could not even be parsed as a URL. */
const redactUserInfo = (text: string): string => text.replace(/\/\/[^@/]*@/g, '//…@');

/** Parses a PostgreSQL store URL; a malformed URL or schema name is a STORE_URL_INVALID error that shows no password. */
export function parsePostgresUrl(location: string): PostgresLocation {
  const invalid = (): DatelineError =>
    new DatelineError('STORE_URL_INVALID', `not a valid PostgreSQL URL: ${redactUserInfo(location)} (expected postgres://user[:password]@host[:port]/database[?schema=name])`);
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw invalid();
  }
  if (!/^postgres(?:ql)?:$/i.test(url.protocol) || !url.hostname) throw invalid();
  const secrets = url.password ? [url.password, safeDecode(url.password)] : [];
  const schema = url.searchParams.get('schema') ?? 'public';
  url.searchParams.delete('schema');
  const options = url.searchParams.get('options');
  url.searchParams.delete('options');
  const connectionString = url.toString();
  const shown = new URL(url);
  if (options) shown.searchParams.set('options', options);
  if (schema !== 'public') shown.searchParams.set('schema', schema);
  if (shown.password) shown.password = '***';
  const redacted = shown.toString();
  if (!SCHEMA_NAME.test(schema)) {
    throw new DatelineError('STORE_URL_INVALID', `the schema in ${redacted} must be a plain name (letters, digits, _; at most 63), got ${JSON.stringify(schema)}`);
  }
  return { connectionString, redacted, schema, secrets, options };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The message of a driver error with every copy of the password taken out. */
function scrub(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) if (secret) out = out.split(secret).join('***');
  return redactUserInfo(out);
}

/**
 * Opens a pool on the PostgreSQL store at `url` and checks that the server answers (creating the
 * schema unless read-only). Call `migrate()` before writing. Connection problems are
 * STORE_OPEN_FAILED with the redacted URL.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const location = parsePostgresUrl(url);
  const settings = [...(location.options ? [location.options] : []), `-c search_path=${location.schema}`];
  if (options.readonly) settings.push('-c default_transaction_read_only=on');
  const pool = new pg.Pool({
    connectionString: location.connectionString,
    max: options.connections ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: 'dateline',
    options: settings.join(' '),
  });
  // An idle connection the server drops (restart, timeout) is reported here; without a listener
  // it would crash the process. The next query opens a new connection or fails with its own error.
  pool.on('error', () => undefined);
  const fail = async (reason: string, error?: unknown): Promise<never> => {
    await pool.end().catch(() => undefined);
    throw new DatelineError('STORE_OPEN_FAILED', `cannot open the PostgreSQL store ${location.redacted}: ${reason}`, error === undefined ? undefined : { cause: scrubbedCause(error, location.secrets) });
  };
  try {
    if (!options.readonly && location.schema !== 'public') await createSchema(pool, location.schema);
    if (options.readonly) {
      const { rows } = await pool.query<{ table: string | null }>(`select to_regclass('articles')::text as "table"`);
      if (!rows[0]?.table) await fail(`schema ${location.schema} holds no Dateline tables`);
    } else {
      await pool.query('select 1');
    }
  } catch (error) {
    if (error instanceof DatelineError) throw error;
    await fail(scrub(reasonOf(error), location.secrets), error);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return createQueryLayerStore(db, {
    location: location.redacted,
    columnTypes: { dialect: 'postgres', binary: 'bytea', float: 'double precision', isoText: sql`text collate "C"` },
    maxParameters: 65535,
    schema: location.schema,
  });
}

/** `create schema if not exists`, tolerating another process creating it at the same moment. */
async function createSchema(pool: pg.Pool, schema: string): Promise<void> {
  try {
    await pool.query(`create schema if not exists "${schema}"`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    // 23505/42P06: a concurrent `create schema` won the race; the schema exists, which is all we need.
    if (code !== '23505' && code !== '42P06') throw error;
  }
}

/** A readable reason from a `pg` or socket error (an AggregateError when every address was refused). */
function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reasonOf(error.errors[0]);
  const message = (error as Error).message || String((error as { code?: string }).code ?? error);
  return message;
}

/** The driver error as a cause that is safe to print: same message, password removed, no connection config. */
function scrubbedCause(error: unknown, secrets: readonly string[]): Error {
  const cause = new Error(scrub(reasonOf(error), secrets));
  const code = (error as { code?: string }).code;
  if (code) Object.assign(cause, { code });
  return cause;
}
