/**
 * The dialect-neutral query layer: every read and write of the store, written once with Kysely and
 * shared by the adapters (`sqlite.ts`, `postgres.ts`). Adapters only open the connection and say
 * which column types their database uses. Driver errors are wrapped with the operation that failed.
 */
import { Migrator, sql, type Expression, type ExpressionBuilder, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import { DatelineError } from '../core/diagnostics.js';
import type { Article } from '../core/record.js';
import { migrationProvider, type ColumnTypes } from './migrations/index.js';
import { asBuffer, decodeRecord, encodeRecord } from './record-codec.js';
import { clusterBatch, explainStoredEvent } from '../crossdoc/cluster-store.js';
import { linkNearDuplicates } from './near-duplicates.js';
import { articleRows, type ArticleRows } from './rows.js';
import { articleChildTables, type Database } from './schema.js';
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
}

type Db = Kysely<Database>;
type Tx = Transaction<Database>;

const DEFAULT_LIMIT = 1000;

/** Bound for an inclusive `until` given as a date, month or year: every value starting with it sorts below. */
const untilBound = (until: string): string => until + '~';
/**
 * `column` contains `words`, case-insensitively: LIKE with an explicit escape character, bound as a
 * parameter (a `'\\'` literal is one backslash in SQLite but two in PostgreSQL, which rejects it).
 */
const contains = (column: string, words: string): RawBuilder<boolean> =>
  sql<boolean>`lower(${sql.ref(column)}) like ${`%${words.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`} escape ${'\\'}`;
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
function eventConditions(eb: ExpressionBuilder<Database, 'events'>, filters: AggregateFilters): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (filters.actor) {
    const code = filters.actor.toUpperCase() + '%';
    conditions.push(eb.or([eb('events.source_code', 'like', code), eb('events.target_code', 'like', code), eb('events.source_entity', '=', filters.actor), eb('events.target_entity', '=', filters.actor)]));
  }
  if (filters.type) conditions.push(/^\d+$/.test(filters.type) ? eb('events.cameo', 'like', filters.type + '%') : eb('events.type', '=', filters.type.toUpperCase()));
  if (filters.since) conditions.push(eb('events.date', '>=', filters.since));
  if (filters.until) conditions.push(eb('events.date', '<=', untilBound(filters.until)));
  return eb.and(conditions);
}

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
   * PostgreSQL: one writing transaction at a time per store (schema), as SQLite has. Cross-article
   * clustering and near-duplicate linking read what earlier batches stored, so two batches written
   * at once (two workers) would each miss the other's reports, and two saves of one article would
   * both insert its rows. A save costs milliseconds next to the pipeline's cost per article.
   */
  async function lockWriters(trx: Tx): Promise<void> {
    if (options.columnTypes.dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtextextended('dateline:' || current_schema(), 0))`.execute(trx);
    // SQLite: take the write lock before the first read (a no-op write), so a second process writing the same file waits (busy_timeout) instead of failing with "database is locked".
    else await sql`update kysely_migration set name = name where 0 = 1`.execute(trx);
  }

  async function insertRows<T extends keyof Database & string>(trx: Tx, table: T, rows: readonly Database[T][], ignoreConflicts?: string[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]!).length;
    const size = Math.max(1, Math.floor(options.maxParameters / columns) - 1);
    for (let i = 0; i < rows.length; i += size) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed by the table; Kysely's generic insert types do not follow a table parameter
      let query = trx.insertInto(table).values(rows.slice(i, i + size) as any);
      if (ignoreConflicts) query = query.onConflict((conflict) => conflict.columns(ignoreConflicts as never).doNothing());
      await query.execute();
    }
  }

  /** Multi-row upsert: rows whose key is taken replace the stored row, except the columns in `keep`. */
  async function upsertRows<T extends 'articles' | 'documents'>(trx: Tx, table: T, key: string, rows: readonly Database[T][], keep: readonly string[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]!).filter((column) => column !== key && !keep.includes(column));
    const size = Math.max(1, Math.floor(options.maxParameters / Object.keys(rows[0]!).length) - 1);
    for (let i = 0; i < rows.length; i += size) {
      await trx
        .insertInto(table)
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see insertRows
        .values(rows.slice(i, i + size) as any)
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
  async function writeBatch(trx: Tx, entries: readonly StoreEntry[], now: string): Promise<{ touchedEvents: Set<string>; touchedUrls: Set<string> }> {
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
    const touchedEvents = new Set<string>();
    const touchedUrls = new Set<string>();
    const ids = [...articles.keys()];
    const existing: string[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await trx.selectFrom('articles').select('id').where('id', 'in', ids.slice(i, i + 500)).execute();
      existing.push(...rows.map((row) => row.id));
    }
    for (let i = 0; i < existing.length; i += 500) {
      const chunk = existing.slice(i, i + 500);
      const previous = await trx.selectFrom('event_mentions').select('event_id').where('article_id', 'in', chunk).execute();
      for (const row of previous) touchedEvents.add(row.event_id);
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
    await upsertRows(trx, 'articles', 'id', articleRowList, ['ingested_at', 'duplicate_of', 'near_duplicate_of', 'near_similarity']);
    await insertRows(trx, 'entities', all.entities, ['id']);
    await insertRows(trx, 'mentions', all.mentions);
    // Cross-article clustering (src/crossdoc): decides each report's event, rewriting all.events and all.eventMentions.
    await clusterBatch(trx, all, [...articles.values()].map((entry) => entry.record), options.maxParameters);
    await insertRows(trx, 'events', all.events, ['id']);
    for (const event of all.events) touchedEvents.add(event.id);
    for (const report of all.eventMentions) touchedEvents.add(report.event_id);
    await insertRows(trx, 'event_mentions', all.eventMentions);
    await insertRows(trx, 'quotes', all.quotes);
    await insertRows(trx, 'times', all.times);
    await insertRows(trx, 'framing', all.framing);
    await insertRows(trx, 'diagnostics', all.diagnostics);
    await upsertRows(trx, 'documents', 'key', [...documents.values()], ['ingested_at']);
    return { touchedEvents, touchedUrls };
  }

  /** Event mention counts follow the event_mentions rows; events no report is left of go. */
  async function recountEvents(trx: Tx, ids: Set<string>): Promise<void> {
    const list = [...ids];
    for (let i = 0; i < list.length; i += 500) {
      const chunk = list.slice(i, i + 500);
      await trx
        .updateTable('events')
        .set((eb) => ({
          mention_count: eb.selectFrom('event_mentions').select(eb.fn.countAll<number>().as('n')).whereRef('event_mentions.event_id', '=', 'events.id'),
        }))
        .where('id', 'in', chunk)
        .execute();
      await trx.deleteFrom('events').where('id', 'in', chunk).where('mention_count', '=', 0).execute();
    }
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
        const now = new Date().toISOString();
        await db.transaction().execute(async (trx) => {
          await lockWriters(trx);
          const { touchedEvents, touchedUrls } = await writeBatch(trx, entries, now);
          await recountEvents(trx, touchedEvents);
          await relinkDuplicates(trx, touchedUrls);
          await linkNearDuplicates(trx, entries.flatMap((e) => (e.kind === 'article' ? [{ id: e.record.id, text: e.record.text, signature: e.meta.nearSignature }] : [])), options.maxParameters);
        });
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
        let query = db
          .selectFrom('events')
          .leftJoin('entities as source', 'source.id', 'events.source_entity')
          .leftJoin('entities as target', 'target.id', 'events.target_entity')
          .leftJoin('entities as place', 'place.id', 'events.place_entity')
          .select([
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
          ])
          // The first report (smallest article id, then local id), one index seek per column.
          .select((eb) => {
            const first = () => eb.selectFrom('event_mentions as first').whereRef('first.event_id', '=', 'events.id').orderBy('first.article_id').orderBy('first.local_id').limit(1);
            return [
              first().select('first.article_id').as('first_article'),
              first().select('first.local_id').as('first_local'),
              first().select('first.sentence').as('first_sentence'),
              first().select('first.evidence_text').as('first_evidence'),
            ];
          });
        if (filters.actor) {
          const actor = filters.actor;
          const code = actor.toUpperCase() + '%';
          query = query.where((eb) =>
            eb.or([
              eb('events.source_code', 'like', code),
              eb('events.target_code', 'like', code),
              eb('events.source_entity', '=', actor),
              eb('events.target_entity', '=', actor),
            ]),
          );
        }
        if (filters.type) {
          const type = filters.type;
          query = /^\d+$/.test(type) ? query.where('events.cameo', 'like', type + '%') : query.where('events.type', '=', type.toUpperCase());
        }
        if (filters.since) query = query.where('events.date', '>=', filters.since);
        if (filters.until) query = query.where('events.date', '<=', untilBound(filters.until));
        if (filters.place) {
          const place = filters.place;
          query = query.where((eb) => eb.or([eb('events.place_entity', '=', place), eb(eb.fn('lower', ['place.name']), '=', place.toLowerCase())]));
        }
        if (filters.text) {
          const words = filters.text;
          query = query.where(({ exists, selectFrom }) =>
            exists(selectFrom('event_mentions as report').select('report.event_id').whereRef('report.event_id', '=', 'events.id').where(contains('report.evidence_text', words))),
          );
        }
        if (filters.article) {
          const prefix = idPrefix(filters.article);
          query = query.where(({ exists, selectFrom }) =>
            exists(selectFrom('event_mentions as own').select('own.event_id').whereRef('own.event_id', '=', 'events.id').where('own.article_id', 'like', prefix)),
          );
        }
        query = page(query.orderBy('events.date').orderBy('events.id'), filters);
        const rows = await query.execute();
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

    listActors: (filters: ActorFilters = {}) =>
      wrap('listActors', async () => {
        let query = db
          .selectFrom('mentions')
          // Mentions count for the canonical actor their entity was resolved to across articles (src/crossdoc).
          .leftJoin('actor_aliases', 'actor_aliases.entity_id', 'mentions.entity_id')
          .innerJoin('entities', (join) => join.on((eb) => eb('entities.id', '=', eb.fn.coalesce('actor_aliases.canonical_id', 'mentions.entity_id'))))
          .select((eb) => [
            'entities.id',
            'entities.name',
            'entities.type',
            'entities.code',
            'entities.country',
            'entities.sector',
            eb.fn.count<number>('mentions.article_id').distinct().as('articles'),
            eb.fn.countAll<number>().as('mentions'),
          ])
          .groupBy(['entities.id', 'entities.name', 'entities.type', 'entities.code', 'entities.country', 'entities.sector']);
        if (filters.type) query = query.where('entities.type', '=', filters.type.toUpperCase());
        if (filters.country) query = query.where('entities.country', '=', filters.country.toUpperCase());
        if (filters.text) {
          query = query.where(contains('entities.name', filters.text));
        }
        query = page(query.orderBy('articles', 'desc').orderBy('mentions', 'desc').orderBy('entities.id'), filters);
        const rows = await query.execute();
        return rows.map((r): ActorRow => ({ ...r, articles: Number(r.articles), mentions: Number(r.mentions) }));
      }),

    listQuotes: (filters: QuoteFilters = {}) =>
      wrap('listQuotes', async () => {
        let query = db
          .selectFrom('quotes')
          .innerJoin('articles', 'articles.id', 'quotes.article_id')
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
          .where((eb) => eventConditions(eb, filters))
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
          .where((eb) => eventConditions(eb, filters))
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
          .where((eb) => eventConditions(eb as unknown as ExpressionBuilder<Database, 'events'>, filters))
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
