/**
 * The article record: the one document type that flows through the pipeline.
 *
 * Every field is defined here once, as a Zod schema; the TypeScript types are derived from the
 * schemas and the shipped JSON Schema (`schema/article.schema.json`) is generated from them
 * (`npm run schema`). Nothing here does I/O.
 */
import { z } from 'zod';

/** Half-open span `[start, end)` in UTF-16 code units of the normalised `text`. */
export const SpanSchema = z
  .object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })
  .describe('Half-open span [start, end) in UTF-16 code units of the normalised text');
export type Span = z.infer<typeof SpanSchema>;

export const EntityTypeSchema = z.enum(['PERSON', 'ORG', 'GPE', 'LOC', 'NORP', 'MISC']);
export type EntityType = z.infer<typeof EntityTypeSchema>;

export const MentionKindSchema = z.enum(['name', 'title', 'pronoun', 'nominal', 'metonym']);
export type MentionKind = z.infer<typeof MentionKindSchema>;

export const MentionSchema = z.object({
  span: SpanSchema,
  text: z.string(),
  kind: MentionKindSchema,
  /** The rule that produced the mention, `stage:rule`. */
  rule: z.string(),
});
export type Mention = z.infer<typeof MentionSchema>;

export const RoleSchema = z.object({
  title: z.string(),
  /** Entity id of the organisation or country the role is held in, when the text says. */
  of: z.string().optional(),
  sector: z.string().optional(),
  span: SpanSchema.optional(),
});
export type Role = z.infer<typeof RoleSchema>;

export const FeatureTypeSchema = z.enum(['country', 'capital', 'city', 'region', 'territory', 'continent', 'body-of-water', 'other']);
export type FeatureType = z.infer<typeof FeatureTypeSchema>;

export const GeoSchema = z.object({
  lat: z.number(),
  lon: z.number(),
  feature: FeatureTypeSchema,
  /** ISO 3166-1 alpha-3 code of the country the place lies in. */
  country: z.string().optional(),
});
export type Geo = z.infer<typeof GeoSchema>;

export const EntitySchema = z.object({
  id: z.string(),
  name: z.string(),
  type: EntityTypeSchema,
  /** CAMEO-style actor code: country + sector, e.g. `RUSGOV`, `PSEREB`. */
  code: z.string().optional(),
  /** ISO 3166-1 alpha-3. */
  country: z.string().optional(),
  /** GOV, MIL, REB, OPP, IGO, NGO, MED, BUS, ... */
  sector: z.string().optional(),
  aliases: z.array(z.string()),
  roles: z.array(RoleSchema),
  geo: GeoSchema.optional(),
  /** Where the canonical entry came from: a gazetteer entry id, or `rule:...` for names found by rules. */
  source: z.string(),
  mentions: z.array(MentionSchema),
});
export type Entity = z.infer<typeof EntitySchema>;

export const EntityRefSchema = z.object({ entity: z.string(), span: SpanSchema.optional() });
export type EntityRef = z.infer<typeof EntityRefSchema>;

/** An actor of an event: the words that name it, the entity they resolve to, and its code in this event ("Israeli soldiers" → ISRMIL). */
export const ActorRefSchema = z.object({
  entity: z.string().optional(),
  text: z.string(),
  span: SpanSchema,
  code: z.string().optional(),
});
export type ActorRef = z.infer<typeof ActorRefSchema>;

export const TokenSchema = z.object({
  span: SpanSchema,
  /** Universal POS tag. */
  pos: z.string(),
  lemma: z.string(),
  /** Index of the head token within the sentence (-1 for the root); null until the parse stage fills it. */
  head: z.number().int().nullable(),
  deprel: z.string().nullable(),
});
export type Token = z.infer<typeof TokenSchema>;

export const SentenceSchema = z.object({
  span: SpanSchema,
  /** Index of the paragraph the sentence belongs to. */
  paragraph: z.number().int().nonnegative(),
  tokens: z.array(TokenSchema),
});
export type Sentence = z.infer<typeof SentenceSchema>;

export const TimePrecisionSchema = z.enum(['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'season', 'year', 'decade', 'century', 'unknown']);
export type TimePrecision = z.infer<typeof TimePrecisionSchema>;

export const TimeSchema = z.object({
  id: z.string(),
  span: SpanSchema,
  text: z.string(),
  /** TIMEX3 type. */
  type: z.enum(['DATE', 'TIME', 'DURATION', 'SET']),
  /**
   * Normalised value: ISO 8601 (`2020-01-21`, `2020-01`, `2017`, `198X`, `2020-W03`, `P3Y`),
   * an interval `start/end`, or a TIMEX3 value with X placeholders when it cannot be resolved.
   */
  value: z.string(),
  precision: TimePrecisionSchema,
  /** What the value was computed from: the publication date, another date in the text, or nothing. */
  anchor: z.enum(['published', 'text', 'none']),
  /** False when the value still holds unknowns (no publication date for a relative expression). */
  resolved: z.boolean(),
  /** For intervals ("since 2007"): the interval's bounds. */
  interval: z.object({ start: z.string(), end: z.string() }).optional(),
  rule: z.string(),
});
export type TimeExpression = z.infer<typeof TimeSchema>;

export const QuoteSchema = z.object({
  span: SpanSchema,
  kind: z.enum(['direct', 'partial', 'reported']),
  speaker: EntityRefSchema.optional(),
  cue: SpanSchema.optional(),
  confidence: z.number().min(0).max(1),
  rule: z.string(),
});
export type Quote = z.infer<typeof QuoteSchema>;

export const EventSchema = z.object({
  id: z.string(),
  type: z.string(),
  mode: z.string().optional(),
  cameo: z.string(),
  quadClass: z.number().int(),
  goldstein: z.number(),
  source: z.array(ActorRefSchema),
  target: z.array(ActorRefSchema),
  /** Where it happened, and by which rule (`events:place-oblique`, `events:place-dateline`). */
  place: z.object({ entity: z.string(), span: SpanSchema.optional(), rule: z.string() }).optional(),
  /** The time expression linked to the event; absent when the text gives none (the publication date is not assumed). */
  time: z.object({ time: z.string(), value: z.string(), rule: z.string() }).optional(),
  negated: z.boolean(),
  modality: z.enum(['asserted', 'hypothetical', 'future', 'reported']),
  background: z.boolean(),
  attributedTo: ActorRefSchema.optional(),
  /** Symmetric events ("met", "held talks"): each side is source and target. */
  reciprocal: z.boolean(),
  /** The article's main event (what the story is about). */
  main: z.boolean(),
  sentence: z.number().int(),
  trigger: SpanSchema,
  evidence: SpanSchema,
  rule: z.string(),
  confidence: z.number().min(0).max(1),
});
export type EventRecord = z.infer<typeof EventSchema>;

export const FramingSchema = z.object({
  span: SpanSchema,
  kind: z.enum(['scare-quote', 'loaded-term', 'label', 'metonym']),
  note: z.string(),
});
export type FramingMarker = z.infer<typeof FramingSchema>;

export const DiagnosticSchema = z.object({
  severity: z.enum(['info', 'warning', 'error']),
  /** Stable code, `AREA_WHAT`. */
  code: z.string(),
  message: z.string(),
  span: SpanSchema.optional(),
  stage: z.string(),
});
export type Diagnostic = z.infer<typeof DiagnosticSchema>;

export const SourceSchema = z.object({
  kind: z.enum(['text', 'html', 'feed', 'jsonl']),
  uri: z.string().optional(),
  outlet: z.string().optional(),
  fetchedAt: z.string().optional(),
});

export const ArticleSchema = z
  .object({
    /** Content hash of the normalised text: the same text always gets the same id. */
    id: z.string(),
    schemaVersion: z.literal(1),
    source: SourceSchema,
    title: z.string().optional(),
    byline: z.string().optional(),
    language: z.string(),
    /** ISO date or datetime; null when unknown. */
    published: z.string().nullable(),
    /** The dateline opening the article ("MOSCOW (Reuters) -", "Moscow:"), when there is one. */
    dateline: z
      .object({
        span: SpanSchema,
        text: z.string(),
        /** The place named; `entity` is the id of the entity it resolved to. */
        place: z.object({ name: z.string(), span: SpanSchema, entity: z.string().optional() }),
        /** A news agency or outlet named in the dateline ("Reuters"). */
        outlet: z.string().optional(),
        /** A date written in the dateline ("Jan. 5"). */
        date: z.object({ text: z.string(), span: SpanSchema }).optional(),
      })
      .optional(),
    text: z.string(),
    paragraphs: z.array(SpanSchema),
    sentences: z.array(SentenceSchema),
    entities: z.array(EntitySchema),
    times: z.array(TimeSchema),
    quotes: z.array(QuoteSchema),
    events: z.array(EventSchema),
    framing: z.array(FramingSchema),
    /** The main event's answers to Giveme5W1H's questions, in words from the text. */
    mainEvent: z
      .object({
        event: z.string(),
        who: z.string(),
        what: z.string(),
        whom: z.string().optional(),
        when: z.string().optional(),
        where: z.string().optional(),
        why: z.string().optional(),
        how: z.string().optional(),
      })
      .optional(),
    diagnostics: z.array(DiagnosticSchema),
  })
  .describe('Dateline article record');
export type Article = z.infer<typeof ArticleSchema>;
