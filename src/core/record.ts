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
  /** Penn Treebank tag (UD's XPOS for English), from the parse stage's tagger. */
  tag: z.string().optional(),
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
  /** `q1`, `q2`, ... in text order. */
  id: z.string(),
  /** The quoted words: inside the marks for direct and partial quotes, the complement clause for reported speech. */
  span: SpanSchema,
  /**
   * `direct`: a whole quoted utterance ("…," said X); `partial`: quoted words inside the writer's
   * sentence (X had “exchanged views …”); `reported`: unquoted indirect speech ("X said that …").
   */
  kind: z.enum(['direct', 'partial', 'reported']),
  /** The canonical entity that speaks; `span` is the words naming it here ("It", "Moscow"). */
  speaker: EntityRefSchema.optional(),
  /** Every entity of a group speaker ("the pair", "they"), when more than one. */
  speakers: z.array(EntityRefSchema).optional(),
  /** The words naming the speaker as written ("a senior official", "the statement"). */
  speakerText: z.string().optional(),
  speakerSpan: SpanSchema.optional(),
  /**
   * `entity`: resolved to a canonical entity; `nominal`: only a description ("a senior official");
   * `uncertain`: a guess (a pronoun far from its antecedent, a speaker inherited across sentences);
   * `unknown`: no speaker found.
   */
  attribution: z.enum(['entity', 'nominal', 'uncertain', 'unknown']),
  /** The speech verb or phrase ("said", "according to"). */
  cue: SpanSchema.optional(),
  /** Lemma of the cue ("say", "warn", "according to"). */
  cueLemma: z.string().optional(),
  /** Id of the quote this one is nested in (a quote inside a quote). */
  parent: z.string().optional(),
  /** Id of the event the quote is the content of (a statement or a warning: "Moscow warned … “ruin everything”"). */
  event: z.string().optional(),
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
  /**
   * `scare-quote`: a quoted term with no speaker (the “peace” plan); `label`: loaded labels for
   * actors (regime, so-called, terrorist); `evaluative`: evaluative modifiers (crippling, deadly);
   * `legitimacy`: occupation/legitimacy vocabulary (occupied, illegal settlements, annexed);
   * `loaded-term`: other loaded words; `metonym`: a place standing for a government (“Tel Aviv”).
   */
  kind: z.enum(['scare-quote', 'loaded-term', 'label', 'evaluative', 'legitimacy', 'metonym']),
  note: z.string(),
  /** The marked words. */
  text: z.string().optional(),
  /** True when the marker lies inside a quote: the speaker's words, not the outlet's. */
  quoted: z.boolean().optional(),
  /** The entity a metonym stands for. */
  entity: z.string().optional(),
  rule: z.string().optional(),
});
export type FramingMarker = z.infer<typeof FramingSchema>;

export const ArticleSummarySchema = z.object({
  /** Words in the text (runs of letters or digits). */
  words: z.number().int().nonnegative(),
  quotes: z.object({
    total: z.number().int().nonnegative(),
    /** Quotes per speaker: the entity (or the description of a nominal speaker), most quoted first. */
    bySpeaker: z.array(z.object({ entity: z.string().optional(), name: z.string(), count: z.number().int() })),
    /** Quotes per side: the speaker's country (ISO 3166-1 alpha-3, from its code or country), `unknown` when none. */
    bySide: z.array(z.object({ side: z.string(), count: z.number().int() })),
    /** Share of the text's words that lie inside quotes (direct, partial and reported). */
    quotedShare: z.number().min(0).max(1),
    /** Share of the text's words inside quotation marks (direct and partial only). */
    directShare: z.number().min(0).max(1),
  }),
  framing: z.object({
    markers: z.number().int().nonnegative(),
    /** Markers per 1,000 words, all markers. */
    per1000Words: z.number(),
    /** Markers in the outlet's own voice (outside quotes) per 1,000 words. */
    outletPer1000Words: z.number(),
    byKind: z.record(z.string(), z.number().int()),
  }),
  /** Lexicon tone, GDELT GKG style: (positive − negative) / words × 100. */
  tone: z.object({
    score: z.number(),
    /** The same over the words outside quotes (the outlet's own voice). */
    outletScore: z.number(),
    positive: z.number().int().nonnegative(),
    negative: z.number().int().nonnegative(),
    method: z.string(),
  }),
});
export type ArticleSummary = z.infer<typeof ArticleSummarySchema>;

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
    /** Article-level summary of quotes, framing and tone (the framing stage fills it). */
    summary: ArticleSummarySchema.optional(),
    diagnostics: z.array(DiagnosticSchema),
  })
  .describe('Dateline article record');
export type Article = z.infer<typeof ArticleSchema>;
