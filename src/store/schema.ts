/**
 * The store's tables as Kysely types: the one description of the schema that the query layer is
 * checked against. The migrations in `migrations/` create exactly these columns. Booleans are
 * integers (0/1) and spans are two integer columns, so every adapter stores them the same way.
 */

export interface ArticlesTable {
  id: string;
  title: string | null;
  byline: string | null;
  language: string;
  published: string | null;
  source_kind: string;
  uri: string | null;
  outlet: string | null;
  canonical_url: string | null;
  charset_rule: string | null;
  text: string;
  /** The whole record, gzipped JSON (`record-codec.ts`). */
  record: Uint8Array;
  schema_version: number;
  entity_count: number;
  event_count: number;
  quote_count: number;
  error_count: number;
  /** The original of an exact duplicate by canonical URL (earliest published, then smallest id). */
  duplicate_of: string | null;
  /** The original of a near-duplicate (wire copy), and how similar the two are (0–1). */
  near_duplicate_of: string | null;
  near_similarity: number | null;
  ingested_at: string;
}

/** One row per input document (a file, a JSONL line, a feed item): the ledger that makes ingest idempotent and resumable. */
export interface DocumentsTable {
  /** Hash of the document's format, metadata and content. */
  key: string;
  uri: string;
  format: string;
  line: number | null;
  article_id: string | null;
  status: 'stored' | 'error';
  error_code: string | null;
  error_message: string | null;
  error_stage: string | null;
  ingested_at: string;
}

export interface EntitiesTable {
  id: string;
  name: string;
  type: string;
  code: string | null;
  country: string | null;
  sector: string | null;
  lat: number | null;
  lon: number | null;
  source: string;
}

export interface MentionsTable {
  article_id: string;
  seq: number;
  entity_id: string;
  span_start: number;
  span_end: number;
  text: string;
  kind: string;
  rule: string;
}

/** One row per real-world event: the reports of it (event_mentions) from many articles cluster here. */
export interface EventsTable {
  id: string;
  type: string;
  mode: string | null;
  cameo: string;
  quad_class: number;
  goldstein: number;
  source_code: string | null;
  source_entity: string | null;
  source_text: string | null;
  target_code: string | null;
  target_entity: string | null;
  target_text: string | null;
  place_entity: string | null;
  /** ISO date (or month, year) of the event: its linked time, else the article's publication day. */
  date: string | null;
  negated: number;
  modality: string;
  mention_count: number;
}

export interface EventMentionsTable {
  article_id: string;
  /** The event's id within the article record (`e1`). */
  local_id: string;
  event_id: string;
  sentence: number;
  trigger_start: number;
  trigger_end: number;
  evidence_start: number;
  evidence_end: number;
  evidence_text: string;
  time_value: string | null;
  background: number;
  main: number;
  rule: string;
  confidence: number;
}

export interface QuotesTable {
  article_id: string;
  seq: number;
  span_start: number;
  span_end: number;
  text: string;
  kind: string;
  speaker_entity: string | null;
  /** The words naming the speaker as written ("a senior official"). */
  speaker_text: string | null;
  /** `entity`, `nominal`, `uncertain`, `unknown`. */
  attribution: string;
  cue_start: number | null;
  cue_end: number | null;
  confidence: number;
  rule: string;
}

export interface TimesTable {
  article_id: string;
  time_id: string;
  span_start: number;
  span_end: number;
  text: string;
  type: string;
  value: string;
  precision: string;
  anchor: string;
  resolved: number;
  rule: string;
}

export interface FramingTable {
  article_id: string;
  seq: number;
  span_start: number;
  span_end: number;
  text: string;
  kind: string;
  note: string;
}

export interface DiagnosticsTable {
  article_id: string;
  seq: number;
  severity: string;
  code: string;
  message: string;
  stage: string;
  span_start: number | null;
  span_end: number | null;
}

/** An article's MinHash signature (`near-duplicates.ts`) and the order it was first stored in. */
export interface NearSignaturesTable {
  article_id: string;
  seq: number;
  /** 120 little-endian uint32 minima. */
  minhash: Uint8Array;
}

/** LSH band keys: articles sharing one are compared as possible near-duplicates. */
export interface NearBandsTable {
  band_key: number;
  article_id: string;
}

/** Migration 0002: the canonical actor each stored entity was resolved to across articles (`src/crossdoc`). */
export interface ActorAliasesTable {
  entity_id: string;
  canonical_id: string;
  type: string;
  country: string | null;
  /** The normalised name (case, diacritics, transliteration variants folded). */
  name_key: string;
  /** What candidates are looked up by: the surname key of a person, the name key without legal suffixes of others. */
  match_key: string;
  /** Initials of a name of two words or more ("gm" for General Motors). */
  acronym: string | null;
  /** Why the entity got its canonical actor. */
  reason: string;
}

/** Migration 0002: every event mention's clustering features and why it joined its event (`src/crossdoc`). */
export interface EventMentionLinksTable {
  article_id: string;
  local_id: string;
  sentence: number;
  event_id: string;
  type: string;
  cameo: string;
  /** Migration 0006: the CAMEO code's first two digits (the candidate look-up's index is on it and the date). */
  cameo_root: string;
  /** Canonical actor id (or actor code) of the first source / target, null when unknown. */
  source_actor: string | null;
  target_actor: string | null;
  reciprocal: number;
  place_entity: string | null;
  /** ISO date, month or year; null when neither the text nor the publication date gives one. */
  date: string | null;
  /** 1 when the date comes from the text, 0 when it is the publication day. */
  dated: number;
  negated: number;
  modality: string;
  /** `new` (started the event) or `joined`. */
  decision: string;
  score: number;
  /** JSON: the features compared and the mention matched. */
  reason: string;
}

/** Articles and mentions per canonical actor (migration 0010), moved by every save. */
export interface ActorCountsTable {
  entity_id: string;
  articles: number;
  mentions: number;
}

export interface Database {
  articles: ArticlesTable;
  documents: DocumentsTable;
  entities: EntitiesTable;
  mentions: MentionsTable;
  events: EventsTable;
  event_mentions: EventMentionsTable;
  quotes: QuotesTable;
  times: TimesTable;
  framing: FramingTable;
  diagnostics: DiagnosticsTable;
  near_signatures: NearSignaturesTable;
  near_bands: NearBandsTable;
  actor_aliases: ActorAliasesTable;
  event_mention_links: EventMentionLinksTable;
  actor_counts: ActorCountsTable;
}

/** The tables an article's rows live in (deleted and rewritten together when it is saved again). */
export const articleChildTables = ['mentions', 'event_mentions', 'quotes', 'times', 'framing', 'diagnostics'] as const;
