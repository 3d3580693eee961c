/**
 * The store: where ingested article records live and how they are queried. One interface, one
 * dialect-neutral query layer (`query-layer.ts`, Kysely) and thin adapters per database
 * (`sqlite.ts`, `postgres.ts`). Every adapter passes the same contract suite
 * (`store.contract.ts`). The store never runs the pipeline; it saves what it is given.
 */
import type { Article } from '../core/record.js';
import type { StoredEventExplanation } from '../crossdoc/cluster-store.js';

/** The input document an article (or an error) came from: a file, a JSONL line, a feed item. */
export interface DocumentRef {
  /** Hash of the document's format, metadata and content: the same document always has the same key. */
  key: string;
  uri: string;
  /** `text`, `html`, `feed-item`, `jsonl`, ... */
  format: string;
  /** 1-based line of a JSONL record. */
  line?: number;
}

export interface ArticleMeta {
  document: DocumentRef;
  canonicalUrl?: string;
  /** How the document's charset was decided (`bom-utf8`, `meta-charset`, `xml-declaration`, `utf8-valid`, ...). */
  charsetRule?: string;
  /**
   * The whole record already encoded with `encodeRecord` (ingest workers do this off the main
   * thread). When given, `record.sentences` may be left empty: only the encoded copy keeps them.
   */
  encodedRecord?: Uint8Array;
  /** The text's MinHash signature (`near-duplicates.ts`), when the ingest worker made it; else the store makes it. */
  nearSignature?: Uint32Array;
}

/** A document that gave no article: unreadable, invalid, empty, too large. */
export interface DocumentError {
  document: DocumentRef;
  /** Stable code, `AREA_WHAT`. */
  code: string;
  message: string;
  /** Where it failed: `source`, `decode`, `extract-html`, `pipeline`, ... */
  stage: string;
}

export type StoreEntry = { kind: 'article'; record: Article; meta: ArticleMeta } | { kind: 'error'; error: DocumentError };

export interface EventFilters {
  /** Actor code prefix (`RUS`, `RUSGOV`) or entity id (`country:RUS`), as source or target. */
  actor?: string;
  /** PLOVER type (`CONSULT`) or CAMEO code prefix (`04`). */
  type?: string;
  /** ISO date; inclusive. */
  since?: string;
  /** ISO date, month or year; inclusive (`--until 2020-01` takes all of January). */
  until?: string;
  /** Place entity id or name. */
  place?: string;
  /** Words in a report's evidence text (case-insensitive). */
  text?: string;
  /** Article id (or its start): events this article reports. */
  article?: string;
  limit?: number;
  /** Rows to skip (paging; applied after the order by date and id). */
  offset?: number;
}

export interface EventRow {
  id: string;
  date: string | null;
  type: string;
  mode: string | null;
  cameo: string;
  quadClass: number;
  goldstein: number;
  sourceCode: string | null;
  sourceEntity: string | null;
  sourceName: string | null;
  targetCode: string | null;
  targetEntity: string | null;
  targetName: string | null;
  placeEntity: string | null;
  placeName: string | null;
  negated: boolean;
  modality: string;
  /** Reports of this event across all articles. */
  mentions: number;
  /** The first report (smallest article id): its article and evidence. */
  articleId: string | null;
  evidence: string | null;
  /** The first report's sentence index in its article, and the event's id in that article's record (`e1`). */
  sentence: number | null;
  localEventId: string | null;
}

export interface ActorFilters {
  type?: string;
  country?: string;
  /** Words in the name (case-insensitive). */
  text?: string;
  limit?: number;
  offset?: number;
}

export interface ActorRow {
  id: string;
  name: string;
  type: string;
  code: string | null;
  country: string | null;
  sector: string | null;
  articles: number;
  mentions: number;
}

export interface QuoteFilters {
  /** Speaker entity id or words of the speaker's name. */
  speaker?: string;
  article?: string;
  text?: string;
  limit?: number;
  offset?: number;
}

export interface QuoteRow {
  articleId: string;
  seq: number;
  text: string;
  kind: string;
  speakerEntity: string | null;
  speakerName: string | null;
  /** The words naming the speaker as written. */
  speakerText: string | null;
  attribution: string;
  confidence: number;
  rule: string;
  published: string | null;
}

export interface ArticleFilters {
  since?: string;
  until?: string;
  outlet?: string;
  /** Words in the title or text (case-insensitive). */
  text?: string;
  limit?: number;
  offset?: number;
}

export interface ArticleRow {
  id: string;
  published: string | null;
  title: string | null;
  outlet: string | null;
  uri: string | null;
  canonicalUrl: string | null;
  language: string;
  entities: number;
  events: number;
  quotes: number;
  errors: number;
  /** Documents that gave this article (more than one: exact copies). */
  documents: number;
  duplicateOf: string | null;
  nearDuplicateOf: string | null;
  nearSimilarity: number | null;
}

/** Filters of the event aggregates (timeline, network, places): as for `listEvents`. */
export interface AggregateFilters {
  actor?: string;
  type?: string;
  since?: string;
  until?: string;
}

export interface TimelineFilters extends AggregateFilters {
  /** Count per PLOVER type (default) or per QuadClass (1–4). */
  by?: 'type' | 'quadClass';
}

/** One day of the timeline: events dated that day (day precision only), per type or QuadClass, and their mean Goldstein score. */
export interface TimelineDay {
  date: string;
  counts: Record<string, number>;
  events: number;
  tone: number;
}

export interface NetworkFilters extends AggregateFilters {
  /** Least number of events an edge needs (default 1). */
  minWeight?: number;
  /** Most edges, heaviest first (default 1000; 0: all). */
  limit?: number;
}

export interface NetworkNode {
  id: string;
  name: string;
  code: string | null;
  type: string;
  country: string | null;
  /** Events the actor takes part in (as source or target) within the filters. */
  events: number;
}

/** Events from one actor to another: `weight` events, per type. */
export interface NetworkEdge {
  source: string;
  target: string;
  weight: number;
  types: Record<string, number>;
}

export interface ActorNetwork {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
}

/** Events whose place lies in a country. */
export interface CountryEvents {
  iso3: string;
  name: string;
  events: number;
}

/** One report of an event, for exports (GDELT's NumArticles, NumSources, SOURCEURL, DATEADDED, IsRootEvent). */
export interface EventReportRow {
  eventId: string;
  articleId: string;
  uri: string | null;
  outlet: string | null;
  /** When the article was first stored (ISO datetime). */
  ingestedAt: string;
  /** The report is its article's main event. */
  main: boolean;
}

/** An entity with its coordinates, for exports. */
export interface EntityRow {
  id: string;
  name: string;
  type: string;
  code: string | null;
  country: string | null;
  lat: number | null;
  lon: number | null;
}

export interface ErrorFilters {
  limit?: number;
}

export interface ErrorRow {
  uri: string | null;
  line: number | null;
  /** The article the error was recorded on, when the document still gave one. */
  articleId: string | null;
  code: string;
  message: string;
  stage: string;
}

export type TableCounts = Record<'articles' | 'documents' | 'entities' | 'mentions' | 'events' | 'event_mentions' | 'quotes' | 'times' | 'framing' | 'diagnostics', number>;

export interface Store {
  /** Where the store is (`path/to/dateline.db`, `postgres://…`), for messages. */
  readonly location: string;
  /** Applies the migrations not yet applied; returns their names. */
  migrate(): Promise<string[]>;
  /** Saves one article and its rows in one transaction, replacing what was stored under its id. */
  saveArticle(record: Article, meta: ArticleMeta): Promise<void>;
  /** Records a document that gave no article. */
  saveDocumentError(error: DocumentError): Promise<void>;
  /** Saves many entries in one transaction (ingest batches them for speed). */
  saveBatch(entries: readonly StoreEntry[]): Promise<void>;
  /** Which of these document keys are stored already (as an article or an error). */
  knownDocuments(keys: readonly string[]): Promise<Set<string>>;
  listEvents(filters?: EventFilters): Promise<EventRow[]>;
  /**
   * One page of `listEvents` as the JSON text of `{items, nextOffset}` (`items` as `listEvents` gives them,
   * `nextOffset` null on the last page), built by the database: the API answers with it as it is.
   */
  eventPage(filters: EventFilters & { limit: number; offset: number }): Promise<string>;
  listActors(filters?: ActorFilters): Promise<ActorRow[]>;
  listQuotes(filters?: QuoteFilters): Promise<QuoteRow[]>;
  listArticles(filters?: ArticleFilters): Promise<ArticleRow[]>;
  /** An article's record by id, unambiguous id prefix, or URI / canonical URL. */
  getArticle(reference: string): Promise<Article | undefined>;
  /** Events per day (per type or QuadClass) with their mean Goldstein score, oldest day first. */
  timeline(filters?: TimelineFilters): Promise<TimelineDay[]>;
  /** The actor network: entities as nodes, source → target edges weighted by the number of events. */
  network(filters?: NetworkFilters): Promise<ActorNetwork>;
  /** Events per country of their place, most first. */
  places(filters?: AggregateFilters): Promise<CountryEvents[]>;
  listErrors(filters?: ErrorFilters): Promise<ErrorRow[]>;
  /** Every report of every event, ordered by event then article (for exports). */
  listEventReports(): Promise<EventReportRow[]>;
  /** The entities with these ids (unknown ids are left out). */
  getEntities(ids: readonly string[]): Promise<EntityRow[]>;
  /** An event (by id or unique id prefix) with its mentions and why each joined it (cross-article clustering); undefined when none. */
  explainEvent(id: string): Promise<StoredEventExplanation | undefined>;
  /** Rows per table. */
  counts(): Promise<TableCounts>;
  /** Stored articles (cheap, unlike `counts`, which counts every table). */
  countArticles(): Promise<number>;
  close(): Promise<void>;
}
