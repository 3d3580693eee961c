/**
 * The dialect-neutral query layer: every read and write of the store, written once with Kysely and
 * shared by the adapters (SQLite now, PostgreSQL later). Adapters only open the connection and say
 * which column types their database uses. Driver errors are wrapped with the operation that failed.
 */
import { Migrator, sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { DatelineError } from '../core/diagnostics.js';
import type { Article } from '../core/record.js';
import { migrationProvider, type ColumnTypes } from './migrations/index.js';
import { asBuffer, decodeRecord, encodeRecord } from './record-codec.js';
import { articleRows, type ArticleRows } from './rows.js';
import { articleChildTables, type Database } from './schema.js';
import type {
  ActorFilters,
  ActorRow,
  ArticleFilters,
  ArticleMeta,
  ArticleRow,
  ErrorFilters,
  ErrorRow,
  EventFilters,
  EventRow,
  QuoteFilters,
  QuoteRow,
  Store,
  StoreEntry,
  TableCounts,
} from './store.js';

export interface QueryLayerOptions {
  location: string;
  columnTypes: ColumnTypes;
  /** Bound parameters one statement may hold (SQLite 32766, PostgreSQL 65535): multi-row inserts are cut to fit. */
  maxParameters: number;
  /** Closes what the adapter opened beyond the Kysely instance. */
  close?: () => Promise<void> | void;
}

type Db = Kysely<Database>;
type Tx = Transaction<Database>;

const DEFAULT_LIMIT = 1000;

/** Bound for an inclusive `until` given as a date, month or year: every value starting with it sorts below. */
const untilBound = (until: string): string => until + '~';
/** `column` contains `words`, case-insensitively (LIKE with an explicit escape character, the same in SQLite and PostgreSQL). */
const contains = (column: string, words: string): RawBuilder<boolean> =>
  sql<boolean>`lower(${sql.ref(column)}) like ${`%${words.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`} escape '\\'`;
const limitOf = (limit: number | undefined): number | undefined => (limit === 0 ? undefined : (limit ?? DEFAULT_LIMIT));

export function createQueryLayerStore(db: Db, options: QueryLayerOptions): Store {
  const wrap = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof DatelineError) throw error;
      throw new DatelineError('STORE_QUERY_FAILED', `${operation} failed on ${options.location}: ${(error as Error).message}`, { cause: error });
    }
  };

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
    await insertRows(trx, 'events', all.events, ['id']);
    for (const event of all.events) touchedEvents.add(event.id);
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
    for (const url of urls) {
      const rows = await trx.selectFrom('articles').select(['id', 'published']).where('canonical_url', '=', url).execute();
      if (rows.length === 0) continue;
      rows.sort((a, b) => (a.published ?? '\uffff').localeCompare(b.published ?? '\uffff') || a.id.localeCompare(b.id));
      const original = rows[0]!.id;
      await trx.updateTable('articles').set({ duplicate_of: null }).where('id', '=', original).execute();
      if (rows.length > 1) await trx.updateTable('articles').set({ duplicate_of: original }).where('canonical_url', '=', url).where('id', '!=', original).execute();
    }
  }

  const store: Store = {
    location: options.location,

    migrate: () =>
      wrap('migrate', async () => {
        const migrator = new Migrator({ db, provider: migrationProvider(options.columnTypes) });
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
          const { touchedEvents, touchedUrls } = await writeBatch(trx, entries, now);
          await recountEvents(trx, touchedEvents);
          await relinkDuplicates(trx, touchedUrls);
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
          ]);
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
        query = query.orderBy('events.date').orderBy('events.id');
        const limit = limitOf(filters.limit);
        if (limit !== undefined) query = query.limit(limit);
        const rows = await query.execute();
        const firstReport = new Map<string, { article_id: string; evidence_text: string }>();
        const ids = rows.map((r) => r.id);
        for (let i = 0; i < ids.length; i += 500) {
          const reports = await db
            .selectFrom('event_mentions')
            .select(['event_id', 'article_id', 'evidence_text'])
            .where('event_id', 'in', ids.slice(i, i + 500))
            .orderBy('article_id')
            .orderBy('local_id')
            .execute();
          for (const report of reports) if (!firstReport.has(report.event_id)) firstReport.set(report.event_id, report);
        }
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
            articleId: firstReport.get(r.id)?.article_id ?? null,
            evidence: firstReport.get(r.id)?.evidence_text ?? null,
          }),
        );
      }),

    listActors: (filters: ActorFilters = {}) =>
      wrap('listActors', async () => {
        let query = db
          .selectFrom('entities')
          .innerJoin('mentions', 'mentions.entity_id', 'entities.id')
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
        query = query.orderBy('articles', 'desc').orderBy('mentions', 'desc').orderBy('entities.id');
        const limit = limitOf(filters.limit);
        if (limit !== undefined) query = query.limit(limit);
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
        if (filters.article) query = query.where('quotes.article_id', 'like', filters.article.replace(/[^0-9a-f]/g, '') + '%');
        if (filters.text) {
          query = query.where(contains('quotes.text', filters.text));
        }
        query = query.orderBy('articles.published').orderBy('quotes.article_id').orderBy('quotes.seq');
        const limit = limitOf(filters.limit);
        if (limit !== undefined) query = query.limit(limit);
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
        query = query.orderBy('articles.published').orderBy('articles.id');
        const limit = limitOf(filters.limit);
        if (limit !== undefined) query = query.limit(limit);
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
