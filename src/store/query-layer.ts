/**
 * The dialect-neutral query layer: every read and write of the store, written once with Kysely and
 * shared by the adapters (`sqlite.ts`, `postgres.ts`). Adapters only open the connection and say
 * which column types their database uses. Driver errors are wrapped with the operation that failed.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { Migrator, sql, type CompiledQuery, type Expression, type ExpressionBuilder, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import { DatelineError } from '../core/diagnostics.js';
import type { Article } from '../core/record.js';
import { migrationProvider, type ColumnTypes, type Dialect } from './migrations/index.js';
import { asBuffer, decodeRecord, encodeRecord } from './record-codec.js';
import { articleEventLocks, clusterBatch, eventBlockLocks, explainStoredEvent, type BlockLock, type LockBlocks } from '../crossdoc/cluster-store.js';
import { bandKeys, linkNearDuplicates, minhashSignature, NEAR_DUPLICATE_PERMUTATIONS } from './near-duplicates.js';
import { articleRows, type ArticleRows } from './rows.js';
import { unnestInsert } from './unnest-insert.js';
import { articleChildTables, type Database, type EventsTable } from './schema.js';
import type {
  ActorFilters,
  ActorNetwork,
  ActorRow,
  AggregateFilters,
  CountryEvents,
  ArticleFilters,
  ArticleMeta,
  ArticleRow,
  ErrorFilters,
  ErrorRow,
  EventFilters,
  EventRow,
  NetworkEdge,
  NetworkFilters,
  QuoteFilters,
  QuoteRow,
  Store,
  StoreEntry,
  TableCounts,
  TimelineDay,
  TimelineFilters,
} from './store.js';

export interface QueryLayerOptions {
  location: string;
  columnTypes: ColumnTypes;
  /** Bound parameters one statement may hold (SQLite 32766, PostgreSQL 65535): multi-row inserts are cut to fit. */
  maxParameters: number;
  /** PostgreSQL: the schema holding the tables, where the migrations keep their bookkeeping too. */
  schema?: string;
  /** Closes what the adapter opened beyond the Kysely instance. */
  close?: () => Promise<void> | void;
  /** Called before each save (SQLite: starts its checkpointing thread on the first). */
  beforeWrite?: () => void;
  /**
   * The adapter's own insert of many rows into one table, run inside the save's transaction
   * (SQLite: one prepared statement per table, run once a row; see `sqlite.ts`). Without it,
   * rows go in as multi-row VALUES inserts built by Kysely (PostgreSQL has `unnest-insert.ts`).
   */
  insertRows?: RowInserter;
}

/**
 * Inserts `rows` (all with the columns of the first, in its key order; undefined binds null) into
 * `table`, skipping rows whose `ignoreConflicts` key is taken, and gives back the `returning`
 * column of the rows it inserted. Synchronous: it runs on the connection of the caller's transaction.
 */
export type RowInserter = (table: string, rows: readonly object[], options: { ignoreConflicts?: readonly string[]; returning?: string }) => unknown[];

type Db = Kysely<Database>;
type Tx = Transaction<Database>;

/** Articles and mentions a save adds to (or takes from) one canonical actor. */
interface ActorDelta {
  articles: number;
  mentions: number;
}

const DEFAULT_LIMIT = 1000;
/** Most codes an actor prefix may stand for (in either column) before its page is read as one OR (see `actorCodesOf`). */
const MAX_ACTOR_CODES = 24;
/** Compiled event-page queries kept (see `compiledPages`). */
const COMPILED_PAGES = 256;
/** The stored source and target codes under an actor prefix. */
interface ActorCodes {
  source: string[];
  target: string[];
}

/** How long a SQLite save waits for another connection's write lock, and how often it tries (ms). */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;
const SQLITE_RETRY_MS = 2;
/** The write lock was held by another connection (retried after a timer). */
class SqliteBusy extends Error {}
/** PostgreSQL errors a save is tried again on: deadlock, serialization failure, unique violation (a concurrent first insert), out of shared memory (lock table). */
const RETRIED_PG_CODES = new Set(['40P01', '40001', '23505', '53200']);

/** Bound for an inclusive `until` given as a date, month or year: every value starting with it sorts below. */
const untilBound = (until: string): string => until + '~';
/**
 * `column` contains `words`, case-insensitively: LIKE with an explicit escape character, bound as a
 * parameter (a `'\\'` literal is one backslash in SQLite but two in PostgreSQL, which rejects it).
 */
const contains = (column: string, words: string): RawBuilder<boolean> =>
  sql<boolean>`lower(${sql.ref(column)}) like ${`%${words.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`} escape ${'\\'}`;
/** The smallest string above every string that starts with `prefix` (its last character plus one): `prefix <= x < prefixEnd(prefix)`. */
const prefixEnd = (prefix: string): string => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
const limitOf = (limit: number | undefined): number | undefined => (limit === 0 ? undefined : (limit ?? DEFAULT_LIMIT));
/** Applies `limit` (0: none) and `offset` to a select (an offset without a limit gets the largest limit, as SQLite needs one). */
function page<Q extends { limit(limit: number): Q; offset(offset: number): Q }>(query: Q, filters: { limit?: number; offset?: number }): Q {
  const limit = limitOf(filters.limit);
  if (limit !== undefined) query = query.limit(limit);
  if (filters.offset) query = (limit === undefined ? query.limit(Number.MAX_SAFE_INTEGER) : query).offset(filters.offset);
  return query;
}
/** Keeps only article-id characters, for a LIKE prefix. */
const idPrefix = (article: string): string => article.replace(/[^0-9a-f]/g, '') + '%';

/** The conditions of the event aggregates on the `events` table: actor, type, dates (as in `listEvents`). */
function eventConditions(eb: ExpressionBuilder<Database, 'events'>, filters: AggregateFilters, dialect: Dialect): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (filters.actor) {
    const code = filters.actor.toUpperCase();
    // Codes are upper-case ASCII. SQLite: a code starting with `code` is a range (indexed; SQLite's LIKE is not, being case-insensitive).
    const startsWith = (column: 'events.source_code' | 'events.target_code'): Expression<SqlBool> =>
      dialect === 'sqlite' ? eb.and([eb(column, '>=', code), eb(column, '<', prefixEnd(code))]) : eb(column, 'like', code.replace(/[\\%_]/g, (c) => '\\' + c) + '%');
    conditions.push(eb.or([startsWith('events.source_code'), startsWith('events.target_code'), eb('events.source_entity', '=', filters.actor), eb('events.target_entity', '=', filters.actor)]));
  }
  if (filters.type) conditions.push(/^\d+$/.test(filters.type) ? eb('events.cameo', 'like', filters.type + '%') : eb('events.type', '=', filters.type.toUpperCase()));
  if (filters.since) conditions.push(eb('events.date', '>=', filters.since));
  if (filters.until) conditions.push(eb('events.date', '<=', untilBound(filters.until)));
  return eb.and(conditions);
}

/**
 * The conditions of `listEvents` on the `events` table alone, so the page can be read from an index: the
 * aggregates' conditions, plus place (id, or an entity of that name: one look-up through the
 * `lower(name)` index, not a join per event), words of a report, and article.
 */
function eventListConditions(eb: ExpressionBuilder<Database, 'events'>, filters: EventFilters, dialect: Dialect): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [eventConditions(eb, filters, dialect)];
  if (filters.place) {
    const place = filters.place;
    conditions.push(
      eb.or([
        eb('events.place_entity', '=', place),
        eb('events.place_entity', 'in', eb.selectFrom('entities as named').select('named.id').where(sql<string>`lower(${sql.ref('named.name')})`, '=', place.toLowerCase())),
      ]),
    );
  }
  if (filters.text) {
    const words = filters.text;
    conditions.push(eb.exists(eb.selectFrom('event_mentions as report').select('report.event_id').whereRef('report.event_id', '=', 'events.id').where(contains('report.evidence_text', words))));
  }
  if (filters.article) {
    const prefix = idPrefix(filters.article);
    conditions.push(eb.exists(eb.selectFrom('event_mentions as own').select('own.event_id').whereRef('own.event_id', '=', 'events.id').where('own.article_id', 'like', prefix)));
  }
  return eb.and(conditions);
}

/** The columns `listEvents` selects (the outer query of its page), `table.column` or `table.column as alias`. */
const eventListColumns = [
  'events.id',
  'events.date',
  'events.type',
  'events.mode',
  'events.cameo',
  'events.quad_class',
  'events.goldstein',
  'events.source_code',
  'events.source_entity',
  'events.source_text',
  'source.name as source_name',
  'events.target_code',
  'events.target_entity',
  'events.target_text',
  'target.name as target_name',
  'events.place_entity',
  'place.name as place_name',
  'events.negated',
  'events.modality',
  'events.mention_count',
  'first.article_id as first_article',
  'first.local_id as first_local',
  'first.sentence as first_sentence',
  'first.evidence_text as first_evidence',
].map((column) => {
  const [ref, alias] = column.split(' as ');
  return alias ? sql`${sql.ref(ref!)} as ${sql.id(alias)}` : sql.ref(ref!);
});

/** The keys of an `EventRow`, in the order `listEvents` gives them. */
const eventRowKeys = [
  'id',
  'date',
  'type',
  'mode',
  'cameo',
  'quadClass',
  'goldstein',
  'sourceCode',
  'sourceEntity',
  'sourceName',
  'targetCode',
  'targetEntity',
  'targetName',
  'placeEntity',
  'placeName',
  'negated',
  'modality',
  'mentions',
  'articleId',
  'evidence',
  'sentence',
  'localEventId',
] as const satisfies readonly (keyof EventRow)[];

/** The column of each `EventRow` key that is one column (the others are built in `eventJsonObject`). */
const eventJsonColumns: Record<Exclude<keyof EventRow, 'sourceName' | 'targetName' | 'negated'>, string> = {
  id: 'events.id',
  date: 'events.date',
  type: 'events.type',
  mode: 'events.mode',
  cameo: 'events.cameo',
  quadClass: 'events.quad_class',
  goldstein: 'events.goldstein',
  sourceCode: 'events.source_code',
  sourceEntity: 'events.source_entity',
  targetCode: 'events.target_code',
  targetEntity: 'events.target_entity',
  placeEntity: 'events.place_entity',
  placeName: 'place.name',
  modality: 'events.modality',
  mentions: 'events.mention_count',
  articleId: 'first.article_id',
  evidence: 'first.evidence_text',
  sentence: 'first.sentence',
  localEventId: 'first.local_id',
};

/** An event row as `listEvents` reads it: the stored columns, the actors' and place's names and the first report. */
type EventListRow = Pick<
  EventsTable,
  'id' | 'type' | 'mode' | 'cameo' | 'quad_class' | 'goldstein' | 'source_code' | 'source_entity' | 'source_text' | 'target_code' | 'target_entity' | 'target_text' | 'place_entity' | 'negated' | 'modality' | 'mention_count'
> & {
  date: string | null;
  source_name: string | null;
  target_name: string | null;
  place_name: string | null;
  first_article: string | null;
  first_local: string | null;
  first_sentence: number | null;
  first_evidence: string | null;
};

export function createQueryLayerStore(db: Db, options: QueryLayerOptions): Store {
  const wrap = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof DatelineError) throw error;
      throw new DatelineError('STORE_QUERY_FAILED', `${operation} failed on ${options.location}: ${(error as Error).message}`, { cause: error });
    }
  };

  /**
   * Concurrent writers. Cross-article clustering, actor resolution, canonical-URL and near-duplicate
   * linking read what earlier saves stored, so two saves running at once must not both miss each
   * other's rows, and two saves of one article must not both insert its rows.
   * SQLite has one writer at a time anyway: a save takes the write lock before its first read (a
   * no-op write). While another process holds it, the save waits without blocking the event loop
   * (the busy handler would sleep the whole process, pipeline hand-offs and queue lock renewals
   * included): the attempt fails at once and is retried after a short timer.
   * PostgreSQL: block locks (transaction-scoped advisory locks), so saves of unrelated articles run
   * at once: the article ids, canonical URLs and near-duplicate bands of the batch, the clustering
   * blocks of its event mentions (`eventBlockLocks`: any two mentions that could be one event
   * share a block) and, once known, those of the entities it resolves for the first time. All are
   * taken in one statement, in key order, after the store-wide key in shared mode; a batch with
   * very many keys takes the store-wide key exclusively instead (the lock table is small).
   */
  const postgres = options.columnTypes.dialect === 'postgres';
  const MAX_BLOCK_LOCKS = 1000;

  async function takeLocks(trx: Tx, locks: readonly BlockLock[], storeWide?: 'shared' | 'exclusive'): Promise<void> {
    const merged = new Map<string, boolean>();
    for (const lock of locks) merged.set(lock.key, (merged.get(lock.key) ?? true) && lock.shared);
    if (merged.size === 0 && !storeWide) return;
    const keys = [...merged.keys()];
    const shared = keys.map((key) => merged.get(key)!);
    const whole = storeWide
      ? sql`select 0 as o, hashtextextended('dateline:' || current_schema(), 0) as h, ${storeWide === 'shared'}::bool as s union all `
      : sql``;
    await sql`select count(case when s then pg_advisory_xact_lock_shared(h) else pg_advisory_xact_lock(h) end) as n from (
      ${whole}select 1 as o, hashtextextended('dateline:' || current_schema() || ':' || k, 0) as h, bool_and(s) as s from unnest(${keys}::text[], ${shared}::bool[]) as t(k, s) group by k
      order by 1, 2) as locks`.execute(trx);
  }

  /** The locks a batch takes before anything else (PostgreSQL). */
  function batchLocks(entries: readonly StoreEntry[], signatures: ReadonlyMap<string, Uint32Array>): BlockLock[] {
    const records = entries.flatMap((entry) => (entry.kind === 'article' ? [entry.record] : []));
    const locks: BlockLock[] = articleEventLocks(records);
    for (const entry of entries) {
      if (entry.kind !== 'article') continue;
      locks.push({ key: `id|${entry.record.id}`, shared: false });
      if (entry.meta.canonicalUrl) locks.push({ key: `url|${entry.meta.canonicalUrl}`, shared: false });
      const signature = signatures.get(entry.record.id);
      if (signature) for (const band of bandKeys(signature)) locks.push({ key: `band|${band}`, shared: false });
    }
    return locks;
  }

  /** SQLite: takes the write lock without waiting in the busy handler (false when another connection holds it). */
  async function trySqliteWriteLock(trx: Tx): Promise<boolean> {
    await sql`pragma busy_timeout = 0`.execute(trx);
    try {
      await sql`update kysely_migration set name = name where 0 = 1`.execute(trx);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) return false;
      throw error;
    } finally {
      await sql`pragma busy_timeout = ${sql.lit(SQLITE_BUSY_TIMEOUT_MS)}`.execute(trx);
    }
  }

  /**
   * Where multi-row inserts are cut: at most `size` rows a statement. SQLite (in-process, no round
   * trips; its adapter keeps prepared statements): power-of-two row counts up to 128, so the same
   * few statements come back (137 rows: 128 + 8 + 1) instead of being prepared anew for each
   * count. PostgreSQL: as few statements as possible.
   */
  function chunks<T>(rows: readonly T[], size: number): T[][] {
    const out: T[][] = [];
    if (options.columnTypes.dialect !== 'sqlite') {
      for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
      return out;
    }
    const largest = 2 ** Math.floor(Math.log2(Math.min(size, 128)));
    for (let i = 0; i < rows.length; ) {
      const left = rows.length - i;
      const take = left >= largest ? largest : 2 ** Math.floor(Math.log2(left));
      out.push(rows.slice(i, i + take));
      i += take;
    }
    return out;
  }

  async function insertRows<T extends keyof Database & string>(trx: Tx, table: T, rows: readonly Database[T][], ignoreConflicts?: string[]): Promise<void> {
    await insertReturning(trx, table, rows, ignoreConflicts);
  }

  /** `insertRows`, giving back the `returning` column of the rows actually inserted (those whose key was not taken). */
  async function insertReturning<T extends keyof Database & string>(trx: Tx, table: T, rows: readonly Database[T][], ignoreConflicts?: string[], returning?: string): Promise<unknown[]> {
    if (rows.length === 0) return [];
    if (options.insertRows) return options.insertRows(table, rows, { ...(ignoreConflicts ? { ignoreConflicts } : {}), ...(returning ? { returning } : {}) });
    if (!sqlite) return unnestInsert(trx, table, rows, { cacheKey: db, ...(ignoreConflicts ? { ignoreConflicts } : {}), ...(returning ? { returning } : {}) });
    const columns = Object.keys(rows[0]!).length;
    const size = Math.max(1, Math.floor(options.maxParameters / columns) - 1);
    const returned: unknown[] = [];
    for (const chunk of chunks(rows, size)) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed by the table; Kysely's generic insert types do not follow a table parameter
      let query = trx.insertInto(table).values(chunk as any);
      if (ignoreConflicts) query = query.onConflict((conflict) => conflict.columns(ignoreConflicts as never).doNothing());
      if (!returning) await query.execute();
      else for (const row of await query.returning(returning as never).execute()) returned.push((row as Record<string, unknown>)[returning]);
    }
    return returned;
  }

  /** Inserts events whose id is not stored yet; returns the ids it inserted (the others were already there). */
  async function insertNewEvents(trx: Tx, rows: readonly Database['events'][]): Promise<string[]> {
    return (await insertReturning(trx, 'events', rows, ['id'], 'id')) as string[];
  }

  /** Multi-row upsert: rows whose key is taken replace the stored row, except the columns in `keep`. */
  async function upsertRows<T extends 'articles' | 'documents'>(trx: Tx, table: T, key: string, rows: readonly Database[T][], keep: readonly string[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]!).filter((column) => column !== key && !keep.includes(column));
    const size = Math.max(1, Math.floor(options.maxParameters / Object.keys(rows[0]!).length) - 1);
    for (const chunk of chunks(rows, size)) {
      await trx
        .insertInto(table)
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see insertRows
        .values(chunk as any)
        .onConflict((conflict) =>
          // eslint-disable-next-line @typescript-eslint/no-explicit-any -- `excluded.<column>` for each column of the table
          conflict.column(key as never).doUpdateSet(Object.fromEntries(columns.map((column) => [column, sql.ref(`excluded.${column}`)])) as any),
        )
        .execute();
    }
  }

  /**
   * Writes a batch: articles that were stored before lose their old rows first, then every table
   * gets one multi-row insert for the whole batch (a few statements per batch, not per article).
   */
  async function writeBatch(trx: Tx, entries: readonly StoreEntry[], now: string, lock: LockBlocks | undefined): Promise<{ mentionDeltas: Map<string, number>; actorDeltas: Map<string, ActorDelta>; touchedUrls: Set<string> }> {
    const articles = new Map<string, { record: Article; meta: ArticleMeta }>();
    const documents = new Map<string, Database['documents']>();
    for (const entry of entries) {
      if (entry.kind === 'article') {
        const { record, meta } = entry;
        articles.set(record.id, { record, meta });
        const document = meta.document;
        documents.set(document.key, { key: document.key, uri: document.uri, format: document.format, line: document.line ?? null, article_id: record.id, status: 'stored', error_code: null, error_message: null, error_stage: null, ingested_at: now });
      } else {
        const { document } = entry.error;
        documents.set(document.key, {
          key: document.key,
          uri: document.uri,
          format: document.format,
          line: document.line ?? null,
          article_id: null,
          status: 'error',
          error_code: entry.error.code,
          error_message: entry.error.message,
          error_stage: entry.error.stage,
          ingested_at: now,
        });
      }
    }
    /** Reports gained (or lost) per event in this batch: `mention_count` moves by as much. */
    const mentionDeltas = new Map<string, number>();
    const touchedUrls = new Set<string>();
    const ids = [...articles.keys()];
    const existing: string[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await trx.selectFrom('articles').select('id').where('id', 'in', ids.slice(i, i + 500)).execute();
      existing.push(...rows.map((row) => row.id));
    }
    // Saved again: the blocks of its stored mentions too (their events lose these reports), after the batch's own locks.
    if (lock && existing.length > 0) {
      const old: BlockLock[] = [];
      for (let i = 0; i < existing.length; i += 500) {
        const links = await trx.selectFrom('event_mention_links').select(['type', 'cameo', 'date', 'negated']).where('article_id', 'in', existing.slice(i, i + 500)).execute();
        for (const link of links) old.push(...eventBlockLocks({ ...link, negated: Number(link.negated) === 1 }));
      }
      await lock(old);
    }
    /** Articles and mentions gained (or lost) per canonical actor in this batch: `actor_counts` moves by as much. */
    const actorDeltas = new Map<string, ActorDelta>();
    await addActorCounts(trx, existing, -1, actorDeltas);
    for (let i = 0; i < existing.length; i += 500) {
      const chunk = existing.slice(i, i + 500);
      const previous = await trx.selectFrom('event_mentions').select('event_id').where('article_id', 'in', chunk).execute();
      for (const row of previous) mentionDeltas.set(row.event_id, (mentionDeltas.get(row.event_id) ?? 0) - 1);
      for (const table of articleChildTables) await trx.deleteFrom(table).where('article_id', 'in', chunk).execute();
    }
    const all: ArticleRows = { entities: [], mentions: [], events: [], eventMentions: [], quotes: [], times: [], framing: [], diagnostics: [] };
    const articleRowList: Database['articles'][] = [];
    for (const { record, meta } of articles.values()) {
      const rows = articleRows(record);
      for (const table of Object.keys(all) as (keyof ArticleRows)[]) (all[table] as unknown[]).push(...rows[table]);
      const canonicalUrl = meta.canonicalUrl ?? null;
      if (canonicalUrl) touchedUrls.add(canonicalUrl);
      articleRowList.push({
        id: record.id,
        title: record.title ?? null,
        byline: record.byline ?? null,
        language: record.language,
        published: record.published,
        source_kind: record.source.kind,
        uri: record.source.uri ?? meta.document.uri,
        outlet: record.source.outlet ?? null,
        canonical_url: canonicalUrl,
        charset_rule: meta.charsetRule ?? null,
        text: record.text,
        record: asBuffer(meta.encodedRecord ?? encodeRecord(record)),
        schema_version: record.schemaVersion,
        entity_count: record.entities.length,
        event_count: record.events.length,
        quote_count: record.quotes.length,
        error_count: record.diagnostics.filter((d) => d.severity === 'error').length,
        duplicate_of: null,
        near_duplicate_of: null,
        near_similarity: null,
        ingested_at: now,
      });
    }
    // Rows in key order, so two concurrent writers inserting the same new keys wait for each other in one order.
    articleRowList.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const entities = [...new Map(all.entities.map((entity) => [entity.id, entity])).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    await upsertRows(trx, 'articles', 'id', articleRowList, ['ingested_at', 'duplicate_of', 'near_duplicate_of', 'near_similarity']);
    await insertRows(trx, 'entities', entities, ['id']);
    await insertRows(trx, 'mentions', all.mentions);
    // Cross-article clustering (src/crossdoc): decides each report's event, rewriting all.events and all.eventMentions.
    await clusterBatch(trx, all, [...articles.values()].map((entry) => entry.record), { maxParameters: options.maxParameters, dialect: options.columnTypes.dialect, resaved: existing, ...(sqlite && !options.insertRows ? {} : { insert: insertRows }), ...(lock ? { lock } : {}) });
    for (const report of all.eventMentions) mentionDeltas.set(report.event_id, (mentionDeltas.get(report.event_id) ?? 0) + 1);
    // A new event is inserted with its count from this batch and needs no update; an event already stored keeps its row
    // (the insert skips it) and moves by its delta in `applyMentionDeltas`. Updating every new event after inserting it
    // was the largest statement of a PostgreSQL save (an update rewrites the row and all its index entries).
    for (const id of await insertNewEvents(trx, all.events.map((event) => ({ ...event, mention_count: Math.max(0, mentionDeltas.get(event.id) ?? 0) })))) mentionDeltas.delete(id);
    await insertRows(trx, 'event_mentions', all.eventMentions);
    await insertRows(trx, 'quotes', all.quotes);
    await insertRows(trx, 'times', all.times);
    await insertRows(trx, 'framing', all.framing);
    await insertRows(trx, 'diagnostics', all.diagnostics);
    await upsertRows(trx, 'documents', 'key', [...documents.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)), ['ingested_at']);
    // After clustering: every entity of the batch has its canonical actor now.
    await addActorCounts(trx, ids, 1, actorDeltas);
    return { mentionDeltas, actorDeltas, touchedUrls };
  }

  /**
   * Adds to `deltas`, times `sign`, each canonical actor's articles and mentions among the stored
   * mentions of `articleIds` (one grouped look-up per chunk; an article is in one chunk only, so
   * distinct articles add up).
   */
  async function addActorCounts(trx: Tx, articleIds: readonly string[], sign: 1 | -1, deltas: Map<string, ActorDelta>): Promise<void> {
    const canonical = sql<string>`coalesce(${sql.ref('actor_aliases.canonical_id')}, ${sql.ref('mentions.entity_id')})`;
    for (let i = 0; i < articleIds.length; i += 500) {
      const rows = await trx
        .selectFrom('mentions')
        .leftJoin('actor_aliases', 'actor_aliases.entity_id', 'mentions.entity_id')
        .select((eb) => [canonical.as('id'), eb.fn.count<number>('mentions.article_id').distinct().as('articles'), eb.fn.countAll<number>().as('mentions')])
        .where('mentions.article_id', 'in', articleIds.slice(i, i + 500))
        .groupBy(canonical)
        .execute();
      for (const row of rows) {
        const delta = deltas.get(row.id) ?? { articles: 0, mentions: 0 };
        delta.articles += sign * Number(row.articles);
        delta.mentions += sign * Number(row.mentions);
        deltas.set(row.id, delta);
      }
    }
  }

  /**
   * Actor counts follow the mentions: each canonical actor's row moves by what the batch added and
   * removed (an upsert that adds, in id order, so two writers touching one actor both count and
   * never wait for each other in opposite orders), and rows left with no mention go.
   */
  async function applyActorDeltas(trx: Tx, deltas: ReadonlyMap<string, ActorDelta>): Promise<void> {
    const changed = [...deltas].filter(([, d]) => d.articles !== 0 || d.mentions !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const size = Math.max(1, Math.floor((options.maxParameters - 1) / 3));
    for (let i = 0; i < changed.length; i += size) {
      await trx
        .insertInto('actor_counts')
        .values(changed.slice(i, i + size).map(([entity_id, d]) => ({ entity_id, articles: d.articles, mentions: d.mentions })))
        .onConflict((c) =>
          c.column('entity_id').doUpdateSet((eb) => ({
            articles: sql<number>`${eb.ref('actor_counts.articles')} + ${eb.ref('excluded.articles')}`,
            mentions: sql<number>`${eb.ref('actor_counts.mentions')} + ${eb.ref('excluded.mentions')}`,
          })),
        )
        .execute();
    }
    const emptied = changed.filter(([, d]) => d.mentions < 0).map(([id]) => id);
    for (let i = 0; i < emptied.length; i += 500) await trx.deleteFrom('actor_counts').where('entity_id', 'in', emptied.slice(i, i + 500)).where('mentions', '<=', 0).execute();
  }

  /**
   * Event mention counts follow the event_mentions rows: each moves by what the batch added and
   * removed (one statement per chunk; an increment, so two writers adding reports to one event at
   * once both count), and events no report is left of go.
   */
  async function applyMentionDeltas(trx: Tx, deltas: ReadonlyMap<string, number>): Promise<void> {
    const changed = [...deltas].filter(([, delta]) => delta !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const size = Math.max(1, Math.min(Math.floor((options.maxParameters - 1) / 3), 5000));
    for (let i = 0; i < changed.length; i += size) {
      const chunk = changed.slice(i, i + size);
      const cases = sql.join(chunk.map(([id, delta]) => sql`when ${id} then ${delta}`), sql` `);
      await trx
        .updateTable('events')
        .set({ mention_count: sql`${sql.ref('mention_count')} + case ${sql.ref('id')} ${cases} else 0 end` })
        .where('id', 'in', chunk.map(([id]) => id))
        .execute();
    }
    const lost = changed.filter(([, delta]) => delta < 0).map(([id]) => id);
    for (let i = 0; i < lost.length; i += 500) await trx.deleteFrom('events').where('id', 'in', lost.slice(i, i + 500)).where('mention_count', '<=', 0).execute();
  }

  /** Articles sharing a canonical URL link to one original: the earliest published, then the smallest id (the same whatever the order of ingest). */
  async function relinkDuplicates(trx: Tx, urls: Set<string>): Promise<void> {
    // One look-up per chunk of URLs, then one update per new link value, only for the rows whose link changes.
    const list = [...urls];
    const size = Math.max(1, Math.min(options.maxParameters - 1, 10_000));
    const groups = new Map<string, { id: string; published: string | null; duplicate_of: string | null }[]>();
    for (let i = 0; i < list.length; i += size) {
      for (const row of await trx.selectFrom('articles').select(['id', 'published', 'canonical_url', 'duplicate_of']).where('canonical_url', 'in', list.slice(i, i + size)).execute()) {
        const group = groups.get(row.canonical_url!) ?? [];
        group.push(row);
        groups.set(row.canonical_url!, group);
      }
    }
    const changes = new Map<string | null, string[]>();
    for (const rows of groups.values()) {
      rows.sort((a, b) => (a.published ?? '\uffff').localeCompare(b.published ?? '\uffff') || a.id.localeCompare(b.id));
      const original = rows[0]!.id;
      for (const row of rows) {
        const link = row.id === original ? null : original;
        if (row.duplicate_of === link) continue;
        const changed = changes.get(link) ?? [];
        changed.push(row.id);
        changes.set(link, changed);
      }
    }
    for (const [link, ids] of changes) {
      for (let i = 0; i < ids.length; i += size) await trx.updateTable('articles').set({ duplicate_of: link }).where('id', 'in', ids.slice(i, i + size)).execute();
    }
  }

  const sqlite = options.columnTypes.dialect === 'sqlite';
  /** A fragment without parameters as its SQL text, compiled once (Kysely compiles every query it runs, node by node). */
  const precompiled = (fragment: RawBuilder<unknown>): RawBuilder<unknown> => {
    const compiled = fragment.compile(db);
    if (compiled.parameters.length > 0) throw new Error('a precompiled fragment must have no parameters');
    return sql.raw(compiled.sql);
  };
  /**
   * Compiled event-page queries by their filters, most recently used last. Kysely compiling a page
   * query (its builders, node by node) took about a tenth of an API request's CPU; a dashboard or a
   * client paging back and forth asks the same filters again. Only the SQL text and its
   * parameters are kept, never an answer.
   */
  const compiledPages = new Map<string, CompiledQuery<{ page: string }>>();
  /** The key `listEvents` pages by: SQLite's rowid (one seek back to the row), PostgreSQL's primary key. */
  const eventKey = sqlite ? sql.ref('events.rowid') : sql.ref('events.id');

  /**
   * A page of events as their keys (`k`), in date, id order: the matching events read from the covering
   * indexes of migration 0005, so no table row, join or report is touched for an event off the page.
   */
  const eventPageKeys = (filters: EventFilters, actorCodes?: ActorCodes): Expression<unknown> => {
    const limit = limitOf(filters.limit);
    if (!actorCodes || !filters.actor || limit === undefined) {
      return page(
        db
          .selectFrom('events')
          .select([sql<string>`${eventKey}`.as('k'), 'events.date as d', 'events.id as i'])
          .where((eb) => eventListConditions(eb, filters, options.columnTypes.dialect))
          .orderBy('events.date')
          .orderBy('events.id'),
        filters,
      );
    }
    // One arm per stored code under the actor's prefix and per entity column, each the first offset + limit events of its
    // (column, date, id) index within the dates; their union holds the page. See `actorCodesOf`. Written as SQL templates:
    // Kysely compiling a builder per arm took longer than SQLite running them (0.5 ms for nine arms).
    const date = sql.ref('events.date');
    const dates = sql`${filters.since ? sql` and ${date} >= ${filters.since}` : sql``}${filters.until ? sql` and ${date} <= ${untilBound(filters.until)}` : sql``}`;
    const enough = (filters.offset ?? 0) + limit;
    const arm = (column: string, value: string): RawBuilder<unknown> =>
      sql`select * from (select ${eventKey} as ${sql.id('k')}, ${date} as ${sql.id('d')}, ${sql.ref('events.id')} as ${sql.id('i')} from ${sql.table('events')} where ${sql.ref(column)} = ${value}${dates} order by ${date}, ${sql.ref('events.id')} limit ${enough})`;
    const arms = [
      ...actorCodes.source.map((code) => arm('events.source_code', code)),
      ...actorCodes.target.map((code) => arm('events.target_code', code)),
      arm('events.source_entity', filters.actor),
      arm('events.target_entity', filters.actor),
    ];
    // UNION ALL, then DISTINCT (an event can be in two arms: source and target): SQLite's UNION sorted each arm to merge them, twice the time.
    return sql`(select distinct ${sql.ref('arms.k')}, ${sql.ref('arms.d')}, ${sql.ref('arms.i')} from (${sql.join(arms, sql` union all `)}) as ${sql.id('arms')} order by ${sql.ref('arms.d')}, ${sql.ref('arms.i')} limit ${limit}${filters.offset ? sql` offset ${filters.offset}` : sql``})`;
  };

  /**
   * An actor filter matches events whose source or target code starts with the actor (`RUS`: RUS,
   * RUSGOV, RUSBUS…) or whose source or target entity is it. Read as one OR, SQLite collects every
   * matching event and sorts them all for one page: 0.7 ms for 1,250 events of a 10,000-article
   * store, growing with the store. The codes under a prefix are few, and each has its events in
   * date order in its (code, date, id) index, so the page is the union of the first rows of a few
   * index ranges instead. Finding the codes is a loose index scan (a recursive query: each code is
   * one seek past the previous one). SQLite only (PostgreSQL keeps the OR: its text columns may
   * not sort in byte order); undefined (the OR) when a prefix stands for many codes, or when a
   * type, place, words or article filter come with the actor (dates are fine: a range within each
   * arm's index).
   */
  async function actorCodesOf(filters: EventFilters): Promise<ActorCodes | undefined> {
    // With a type, place or words as well, the other filter's own index may find the page sooner (and the arms would check it row by row).
    if (!sqlite || !filters.actor || limitOf(filters.limit) === undefined || filters.type || filters.place || filters.text || filters.article) return undefined;
    const prefix = filters.actor.toUpperCase();
    const end = prefixEnd(prefix);
    const codes = async (column: 'source_code' | 'target_code'): Promise<string[]> => {
      const ref = sql.ref(`events.${column}`);
      const next = (after: RawBuilder<unknown>) => sql`(select ${ref} from ${sql.table('events')} where ${ref} ${after} and ${ref} < ${end} order by ${ref} limit 1)`;
      const { rows } = await sql<{ code: string }>`with recursive ${sql.id('codes')}(${sql.id('code')}, ${sql.id('n')}) as (
          select ${next(sql`>= ${prefix}`)}, 1
          union all
          select ${next(sql`> ${sql.ref('codes.code')}`)}, ${sql.ref('codes.n')} + 1 from ${sql.id('codes')} where ${sql.ref('codes.code')} is not null and ${sql.ref('codes.n')} <= ${MAX_ACTOR_CODES}
        ) select ${sql.ref('codes.code')} from ${sql.id('codes')} where ${sql.ref('codes.code')} is not null`.execute(db);
      return rows.map((row) => row.code);
    };
    const source = await codes('source_code');
    const target = await codes('target_code');
    return source.length > MAX_ACTOR_CODES || target.length > MAX_ACTOR_CODES ? undefined : { source, target };
  }

  /**
   * `from` and `where` for the rows of a page: for each key, the event, its actors' and place's names and
   * its first report (smallest article id, then local id: one index seek). SQLite: CROSS JOIN keeps the
   * page the outer loop (else the planner may scan all events in date order and probe the page);
   * PostgreSQL has no rowid, so the first report is a lateral subquery.
   */
  const eventRowsFrom = (() => {
    const firstJoin = sqlite
      ? sql`left join ${sql.table('event_mentions')} as ${sql.id('first')} on ${sql.ref('first.rowid')} = (select ${sql.ref('x.rowid')} from ${sql.table('event_mentions')} as ${sql.id('x')} where ${sql.ref('x.event_id')} = ${sql.ref('events.id')} order by ${sql.ref('x.article_id')}, ${sql.ref('x.local_id')} limit 1)`
      : sql`left join lateral (select ${sql.ref('x.article_id')}, ${sql.ref('x.local_id')}, ${sql.ref('x.sentence')}, ${sql.ref('x.evidence_text')} from ${sql.table('event_mentions')} as ${sql.id('x')} where ${sql.ref('x.event_id')} = ${sql.ref('events.id')} order by ${sql.ref('x.article_id')}, ${sql.ref('x.local_id')} limit 1) as ${sql.id('first')} on true`;
    // Compiled once: this part has no parameters, and compiling it on every request cost as much as running a page.
    const joins = precompiled(sql`as ${sql.id('page')}
      cross join ${sql.table('events')}
      left join ${sql.table('entities')} as ${sql.id('source')} on ${sql.ref('source.id')} = ${sql.ref('events.source_entity')}
      left join ${sql.table('entities')} as ${sql.id('target')} on ${sql.ref('target.id')} = ${sql.ref('events.target_entity')}
      left join ${sql.table('entities')} as ${sql.id('place')} on ${sql.ref('place.id')} = ${sql.ref('events.place_entity')}
      ${firstJoin}
      where ${eventKey} = ${sql.ref('page.k')}`);
    return (pageKeys: Expression<unknown>): RawBuilder<unknown> => sql`from ${pageKeys} ${joins}`;
  })();

  /** An `EventRow` as a JSON object built by the database: the same keys, in the same order, with the same values. */
  const eventJsonObject = (() => {
    const value = (key: keyof EventRow): RawBuilder<unknown> => {
      switch (key) {
        case 'sourceName':
          return sql`coalesce(${sql.ref('source.name')}, ${sql.ref('events.source_text')})`;
        case 'targetName':
          return sql`coalesce(${sql.ref('target.name')}, ${sql.ref('events.target_text')})`;
        case 'negated':
          return sqlite ? sql`json(case when ${sql.ref('events.negated')} = 1 then 'true' else 'false' end)` : sql`${sql.ref('events.negated')} = 1`;
        default:
          return sql.ref(eventJsonColumns[key]);
      }
    };
    const pairs = eventRowKeys.flatMap((key) => [sql.lit(key), value(key)]);
    return precompiled(sqlite ? sql`json_object(${sql.join(pairs)})` : sql`json_build_object(${sql.join(pairs)})`);
  })();

  const store: Store = {
    location: options.location,

    migrate: () =>
      wrap('migrate', async () => {
        // PostgreSQL: the bookkeeping tables live in the store's schema, else Kysely finds another schema's and skips creating its own.
        const migrator = new Migrator({ db, provider: migrationProvider(options.columnTypes), ...(options.schema ? { migrationTableSchema: options.schema } : {}) });
        const { error, results } = await migrator.migrateToLatest();
        if (error) throw new DatelineError('STORE_MIGRATION_FAILED', `migrating ${options.location} failed: ${(error as Error).message}`, { cause: error });
        return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
      }),

    saveArticle: (record, meta) => store.saveBatch([{ kind: 'article', record, meta }]),

    saveDocumentError: (error) => store.saveBatch([{ kind: 'error', error }]),

    saveBatch: (entries: readonly StoreEntry[]) =>
      wrap('save', async () => {
        if (entries.length === 0) return;
        options.beforeWrite?.();
        const now = new Date().toISOString();
        // Signatures once, for the band locks and the linking.
        const signatures = new Map<string, Uint32Array>();
        for (const entry of entries) {
          if (entry.kind !== 'article' || signatures.has(entry.record.id)) continue;
          const given = entry.meta.nearSignature;
          const signature = given?.length === NEAR_DUPLICATE_PERMUTATIONS ? given : minhashSignature(entry.record.text);
          if (signature) signatures.set(entry.record.id, signature);
        }
        const nearInputs = entries.flatMap((e) => (e.kind === 'article' ? [{ id: e.record.id, text: e.record.text, signature: signatures.get(e.record.id) }] : []));
        const locks = postgres ? batchLocks(entries, signatures) : [];
        let storeWide = new Set(locks.map((lock) => lock.key)).size > MAX_BLOCK_LOCKS ? ('exclusive' as const) : ('shared' as const);
        const since = Date.now();
        for (let attempt = 1; ; attempt++) {
          try {
            await db.transaction().execute(async (trx) => {
              if (postgres) await takeLocks(trx, storeWide === 'shared' ? locks : [], storeWide);
              else if (!(await trySqliteWriteLock(trx))) throw new SqliteBusy();
              const lock: LockBlocks | undefined = postgres && storeWide === 'shared' ? (more) => takeLocks(trx, more) : undefined;
              const { mentionDeltas, actorDeltas, touchedUrls } = await writeBatch(trx, entries, now, lock);
              await applyMentionDeltas(trx, mentionDeltas);
              await relinkDuplicates(trx, touchedUrls);
              await linkNearDuplicates(trx, nearInputs, options.maxParameters);
              // Last: the rows of popular actors are in most batches, so their locks are held for as short a time as may be.
              await applyActorDeltas(trx, actorDeltas);
            });
            return;
          } catch (error) {
            const code = (error as { code?: string }).code;
            if (error instanceof SqliteBusy) {
              if (Date.now() - since > SQLITE_BUSY_TIMEOUT_MS) throw new DatelineError('STORE_QUERY_FAILED', `save failed on ${options.location}: the database stayed locked by another writer for ${SQLITE_BUSY_TIMEOUT_MS / 1000} s`);
              await delay(SQLITE_RETRY_MS);
              continue;
            }
            // PostgreSQL: a deadlock (locks taken after the first statement, row locks), a key another writer inserted first, the lock table full: again, from the start.
            if (!postgres || attempt >= 5 || !code || !RETRIED_PG_CODES.has(code)) throw error;
            if (code === '53200') storeWide = 'exclusive';
            await delay(5 + Math.random() * 20 * attempt);
          }
        }
      }),

    knownDocuments: (keys) =>
      wrap('knownDocuments', async () => {
        const known = new Set<string>();
        for (let i = 0; i < keys.length; i += 500) {
          const rows = await db.selectFrom('documents').select('key').where('key', 'in', keys.slice(i, i + 500)).execute();
          for (const row of rows) known.add(row.key);
        }
        return known;
      }),

    listEvents: (filters: EventFilters = {}) =>
      wrap('listEvents', async () => {
        const { rows } = await sql<EventListRow>`select ${sql.join(eventListColumns)} ${eventRowsFrom(eventPageKeys(filters, await actorCodesOf(filters)))} order by ${sql.ref('events.date')}, ${sql.ref('events.id')}`.execute(db);
        return rows.map(
          (r): EventRow => ({
            id: r.id,
            date: r.date,
            type: r.type,
            mode: r.mode,
            cameo: r.cameo,
            quadClass: Number(r.quad_class),
            goldstein: Number(r.goldstein),
            sourceCode: r.source_code,
            sourceEntity: r.source_entity,
            sourceName: r.source_name ?? r.source_text,
            targetCode: r.target_code,
            targetEntity: r.target_entity,
            targetName: r.target_name ?? r.target_text,
            placeEntity: r.place_entity,
            placeName: r.place_name,
            negated: Number(r.negated) === 1,
            modality: r.modality,
            mentions: Number(r.mention_count),
            articleId: r.first_article ?? null,
            evidence: r.first_evidence ?? null,
            sentence: r.first_sentence === null || r.first_sentence === undefined ? null : Number(r.first_sentence),
            localEventId: r.first_local ?? null,
          }),
        );
      }),

    eventPage: (filters) =>
      wrap('eventPage', async () => {
        // One row more than the page says whether another page follows; the rows are numbered to leave it out.
        const { limit, offset } = filters;
        const actorCodes = await actorCodesOf(filters);
        // The same filters (and actor codes) make the same SQL and parameters: compiled once. The query still runs every time.
        const key = JSON.stringify([filters, actorCodes ?? null]);
        let compiled = compiledPages.get(key);
        if (compiled) compiledPages.delete(key);
        else {
          const numbered = sql`(select ${sql.ref('keys.k')}, row_number() over (order by ${sql.ref('keys.d')}, ${sql.ref('keys.i')}) as ${sql.id('n')} from ${eventPageKeys({ ...filters, limit: limit + 1 }, actorCodes)} as ${sql.id('keys')})`;
          const next = sql`case when count(*) > ${limit} then cast(${offset + limit} as integer) else null end`;
          const query = sqlite
            ? sql<{ page: string }>`select json_object('items', json_group_array(${eventJsonObject} order by ${sql.ref('page.n')}) filter (where ${sql.ref('page.n')} <= ${limit}), 'nextOffset', ${next}) as ${sql.id('page')} ${eventRowsFrom(numbered)}`
            : sql<{ page: string }>`select json_build_object('items', coalesce(json_agg(${eventJsonObject} order by ${sql.ref('page.n')}) filter (where ${sql.ref('page.n')} <= ${limit}), '[]'::json), 'nextOffset', ${next})::text as ${sql.id('page')} ${eventRowsFrom(numbered)}`;
          compiled = query.compile(db);
          if (compiledPages.size >= COMPILED_PAGES) compiledPages.delete(compiledPages.keys().next().value!);
        }
        // Most recently used last: the first key is the one to drop.
        compiledPages.set(key, compiled);
        const { rows } = await db.executeQuery(compiled);
        return rows[0]?.page ?? '{"items":[],"nextOffset":null}';
      }),

    listActors: (filters: ActorFilters = {}) =>
      wrap('listActors', async () => {
        // Counts per canonical actor are kept by every save (migration 0010): mentions count for the actor their entity was resolved to across articles (src/crossdoc).
        let query = db
          .selectFrom('actor_counts')
          .innerJoin('entities', 'entities.id', 'actor_counts.entity_id')
          .select(['entities.id', 'entities.name', 'entities.type', 'entities.code', 'entities.country', 'entities.sector', 'actor_counts.articles', 'actor_counts.mentions']);
        if (filters.type) query = query.where('entities.type', '=', filters.type.toUpperCase());
        if (filters.country) query = query.where('entities.country', '=', filters.country.toUpperCase());
        if (filters.text) {
          query = query.where(contains('entities.name', filters.text));
        }
        query = page(query.orderBy('actor_counts.articles', 'desc').orderBy('actor_counts.mentions', 'desc').orderBy('entities.id'), filters);
        const rows = await query.execute();
        return rows.map((r): ActorRow => ({ ...r, articles: Number(r.articles), mentions: Number(r.mentions) }));
      }),

    listQuotes: (filters: QuoteFilters = {}) =>
      wrap('listQuotes', async () => {
        // Unfiltered, a page is read in its order: articles by (published, id) (migration 0007), then
        // each article's quotes. SQLite's CROSS JOIN keeps that loop order; left to itself it sorts every quote.
        const inOrder = options.columnTypes.dialect === 'sqlite' && !filters.speaker && !filters.article && !filters.text;
        const from = inOrder
          ? db.selectFrom('articles').crossJoin('quotes').whereRef('quotes.article_id', '=', 'articles.id')
          : db.selectFrom('quotes').innerJoin('articles', 'articles.id', 'quotes.article_id');
        let query = from
          .leftJoin('entities as speaker', 'speaker.id', 'quotes.speaker_entity')
          .select([
            'quotes.article_id',
            'quotes.seq',
            'quotes.text',
            'quotes.kind',
            'quotes.speaker_entity',
            'speaker.name as speaker_name',
            'quotes.speaker_text',
            'quotes.attribution',
            'quotes.confidence',
            'quotes.rule',
            'articles.published',
          ]);
        if (filters.speaker) {
          const speaker = filters.speaker;
          query = query.where((eb) => eb.or([eb('quotes.speaker_entity', '=', speaker), contains('speaker.name', speaker), contains('quotes.speaker_text', speaker)]));
        }
        if (filters.article) query = query.where('quotes.article_id', 'like', idPrefix(filters.article));
        if (filters.text) {
          query = query.where(contains('quotes.text', filters.text));
        }
        query = page(query.orderBy('articles.published').orderBy('quotes.article_id').orderBy('quotes.seq'), filters);
        const rows = await query.execute();
        return rows.map(
          (r): QuoteRow => ({
            articleId: r.article_id,
            seq: Number(r.seq),
            text: r.text,
            kind: r.kind,
            speakerEntity: r.speaker_entity,
            speakerName: r.speaker_name,
            speakerText: r.speaker_text,
            attribution: r.attribution,
            confidence: Number(r.confidence),
            rule: r.rule,
            published: r.published,
          }),
        );
      }),

    listArticles: (filters: ArticleFilters = {}) =>
      wrap('listArticles', async () => {
        let query = db
          .selectFrom('articles')
          .select((eb) => [
            'articles.id',
            'articles.published',
            'articles.title',
            'articles.outlet',
            'articles.uri',
            'articles.canonical_url',
            'articles.language',
            'articles.entity_count',
            'articles.event_count',
            'articles.quote_count',
            'articles.error_count',
            'articles.duplicate_of',
            'articles.near_duplicate_of',
            'articles.near_similarity',
            eb.selectFrom('documents').select(eb.fn.countAll<number>().as('n')).whereRef('documents.article_id', '=', 'articles.id').as('documents'),
          ]);
        if (filters.since) query = query.where('articles.published', '>=', filters.since);
        if (filters.until) query = query.where('articles.published', '<=', untilBound(filters.until));
        if (filters.outlet) query = query.where('articles.outlet', '=', filters.outlet);
        if (filters.text) {
          const words = filters.text;
          query = query.where((eb) => eb.or([contains('articles.title', words), contains('articles.text', words)]));
        }
        query = page(query.orderBy('articles.published').orderBy('articles.id'), filters);
        const rows = await query.execute();
        return rows.map(
          (r): ArticleRow => ({
            id: r.id,
            published: r.published,
            title: r.title,
            outlet: r.outlet,
            uri: r.uri,
            canonicalUrl: r.canonical_url,
            language: r.language,
            entities: Number(r.entity_count),
            events: Number(r.event_count),
            quotes: Number(r.quote_count),
            errors: Number(r.error_count),
            documents: Number(r.documents ?? 0),
            duplicateOf: r.duplicate_of,
            nearDuplicateOf: r.near_duplicate_of,
            nearSimilarity: r.near_similarity === null ? null : Number(r.near_similarity),
          }),
        );
      }),

    getArticle: (reference) =>
      wrap('getArticle', async () => {
        let row = await db.selectFrom('articles').select('record').where('id', '=', reference).executeTakeFirst();
        if (!row && /^[0-9a-f]{4,}$/.test(reference)) {
          const matches = await db.selectFrom('articles').select(['id', 'record']).where('id', 'like', reference + '%').limit(2).execute();
          if (matches.length > 1) throw new DatelineError('STORE_AMBIGUOUS_ID', `more than one article id starts with ${reference}; give more characters`);
          row = matches[0];
        }
        row ??= await db
          .selectFrom('articles')
          .select('record')
          .where((eb) => eb.or([eb('uri', '=', reference), eb('canonical_url', '=', reference)]))
          .orderBy('id')
          .executeTakeFirst();
        return row ? decodeRecord(row.record) : undefined;
      }),

    timeline: (filters: TimelineFilters = {}) =>
      wrap('timeline', async () => {
        const byQuadClass = filters.by === 'quadClass';
        const day = sql<string>`substr(${sql.ref('events.date')}, 1, 10)`;
        const rows = await db
          .selectFrom('events')
          .select((eb) => [day.as('day'), byQuadClass ? 'events.quad_class as key' : 'events.type as key', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('events.goldstein').as('goldstein')])
          .where((eb) => eventConditions(eb, filters, options.columnTypes.dialect))
          .where(sql<boolean>`length(${sql.ref('events.date')}) >= 10`)
          .groupBy([day, byQuadClass ? 'events.quad_class' : 'events.type'])
          .execute();
        const days = new Map<string, { counts: Record<string, number>; events: number; goldstein: number }>();
        for (const row of rows) {
          const entry = days.get(row.day) ?? { counts: {}, events: 0, goldstein: 0 };
          const n = Number(row.n);
          entry.counts[String(row.key)] = (entry.counts[String(row.key)] ?? 0) + n;
          entry.events += n;
          entry.goldstein += Number(row.goldstein);
          days.set(row.day, entry);
        }
        return [...days.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([date, d]): TimelineDay => ({ date, counts: d.counts, events: d.events, tone: Math.round((d.goldstein / d.events) * 100) / 100 }));
      }),

    network: (filters: NetworkFilters = {}) =>
      wrap('network', async () => {
        const rows = await db
          .selectFrom('events')
          .select((eb) => ['events.source_entity', 'events.target_entity', 'events.type', eb.fn.countAll<number>().as('n')])
          .where((eb) => eventConditions(eb, filters, options.columnTypes.dialect))
          .where('events.source_entity', 'is not', null)
          .where('events.target_entity', 'is not', null)
          .whereRef('events.source_entity', '!=', 'events.target_entity')
          .groupBy(['events.source_entity', 'events.target_entity', 'events.type'])
          .execute();
        const edges = new Map<string, NetworkEdge>();
        for (const row of rows) {
          const key = row.source_entity + '\u0000' + row.target_entity;
          const edge = edges.get(key) ?? { source: row.source_entity!, target: row.target_entity!, weight: 0, types: {} };
          edge.weight += Number(row.n);
          edge.types[row.type] = (edge.types[row.type] ?? 0) + Number(row.n);
          edges.set(key, edge);
        }
        let kept = [...edges.values()]
          .filter((edge) => edge.weight >= (filters.minWeight ?? 1))
          .sort((a, b) => b.weight - a.weight || a.source.localeCompare(b.source) || a.target.localeCompare(b.target));
        const limit = limitOf(filters.limit);
        if (limit !== undefined) kept = kept.slice(0, limit);
        const degree = new Map<string, number>();
        for (const edge of kept) {
          degree.set(edge.source, (degree.get(edge.source) ?? 0) + edge.weight);
          degree.set(edge.target, (degree.get(edge.target) ?? 0) + edge.weight);
        }
        const ids = [...degree.keys()];
        const nodes: ActorNetwork['nodes'] = [];
        for (let i = 0; i < ids.length; i += 500) {
          const entities = await db.selectFrom('entities').select(['id', 'name', 'code', 'type', 'country']).where('id', 'in', ids.slice(i, i + 500)).execute();
          for (const entity of entities) nodes.push({ ...entity, events: degree.get(entity.id) ?? 0 });
        }
        const known = new Set(nodes.map((node) => node.id));
        for (const id of ids) if (!known.has(id)) nodes.push({ id, name: id, code: null, type: 'MISC', country: null, events: degree.get(id) ?? 0 });
        nodes.sort((a, b) => b.events - a.events || a.id.localeCompare(b.id));
        return { nodes, edges: kept };
      }),

    places: (filters: AggregateFilters = {}) =>
      wrap('places', async () => {
        const rows = await db
          .selectFrom('events')
          .innerJoin('entities as place', 'place.id', 'events.place_entity')
          .select((eb) => ['place.country', eb.fn.countAll<number>().as('n')])
          .where((eb) => eventConditions(eb as unknown as ExpressionBuilder<Database, 'events'>, filters, options.columnTypes.dialect))
          .where('place.country', 'is not', null)
          .groupBy('place.country')
          .execute();
        const codes = rows.map((row) => 'country:' + row.country);
        const names = new Map<string, string>();
        for (let i = 0; i < codes.length; i += 500) {
          for (const entity of await db.selectFrom('entities').select(['id', 'name']).where('id', 'in', codes.slice(i, i + 500)).execute()) names.set(entity.id, entity.name);
        }
        return rows
          .map((row): CountryEvents => ({ iso3: row.country!, name: names.get('country:' + row.country) ?? row.country!, events: Number(row.n) }))
          .sort((a, b) => b.events - a.events || a.iso3.localeCompare(b.iso3));
      }),

    explainEvent: (id) => wrap('explainEvent', () => explainStoredEvent(db, id)),

    listEventReports: () =>
      wrap('listEventReports', async () => {
        const rows = await db
          .selectFrom('event_mentions')
          .innerJoin('articles', 'articles.id', 'event_mentions.article_id')
          .select(['event_mentions.event_id', 'event_mentions.article_id', 'event_mentions.main', 'articles.uri', 'articles.canonical_url', 'articles.outlet', 'articles.ingested_at'])
          .orderBy('event_mentions.event_id')
          .orderBy('event_mentions.article_id')
          .orderBy('event_mentions.local_id')
          .execute();
        return rows.map((r) => ({ eventId: r.event_id, articleId: r.article_id, uri: r.canonical_url ?? r.uri, outlet: r.outlet, ingestedAt: r.ingested_at, main: Number(r.main) === 1 }));
      }),

    getEntities: (ids) =>
      wrap('getEntities', async () => {
        const rows: Awaited<ReturnType<Store['getEntities']>> = [];
        for (let i = 0; i < ids.length; i += 500) {
          const chunk = await db.selectFrom('entities').select(['id', 'name', 'type', 'code', 'country', 'lat', 'lon']).where('id', 'in', ids.slice(i, i + 500)).execute();
          for (const r of chunk) rows.push({ ...r, lat: r.lat === null ? null : Number(r.lat), lon: r.lon === null ? null : Number(r.lon) });
        }
        return rows;
      }),

    listErrors: (filters: ErrorFilters = {}) =>
      wrap('listErrors', async () => {
        const documents = await db
          .selectFrom('documents')
          .select(['uri', 'line', 'error_code', 'error_message', 'error_stage'])
          .where('status', '=', 'error')
          .orderBy('uri')
          .orderBy('line')
          .execute();
        const diagnostics = await db
          .selectFrom('diagnostics')
          .innerJoin('articles', 'articles.id', 'diagnostics.article_id')
          .select(['articles.uri', 'diagnostics.article_id', 'diagnostics.code', 'diagnostics.message', 'diagnostics.stage'])
          .where('diagnostics.severity', '=', 'error')
          .orderBy('articles.uri')
          .orderBy('diagnostics.seq')
          .execute();
        const rows: ErrorRow[] = [
          ...documents.map((d) => ({ uri: d.uri, line: d.line === null ? null : Number(d.line), articleId: null, code: d.error_code ?? 'UNKNOWN', message: d.error_message ?? '', stage: d.error_stage ?? '' })),
          ...diagnostics.map((d) => ({ uri: d.uri, line: null, articleId: d.article_id, code: d.code, message: d.message, stage: d.stage })),
        ];
        const limit = limitOf(filters.limit);
        return limit === undefined ? rows : rows.slice(0, limit);
      }),

    countArticles: () =>
      wrap('countArticles', async () => Number((await db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)),

    counts: () =>
      wrap('counts', async () => {
        const tables = ['articles', 'documents', 'entities', 'mentions', 'events', 'event_mentions', 'quotes', 'times', 'framing', 'diagnostics'] as const;
        const counts = {} as TableCounts;
        for (const table of tables) {
          const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
          counts[table] = Number(row.n);
        }
        return counts;
      }),

    close: async () => {
      await db.destroy();
      await options.close?.();
    },
  };
  return store;
}
