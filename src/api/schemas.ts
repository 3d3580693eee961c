/**
 * The API's contract as Zod schemas: the query and body of every route (validated at the edge by
 * the app) and the shape of every response (checked by the tests). The OpenAPI document is generated
 * from this table, so the document and the validation cannot drift apart. No I/O here.
 */
import { z } from 'zod';
import { ArticleSchema } from '../index.js';
import type { ActorRow, ArticleRow, CountryEvents, EventRow, NetworkEdge, NetworkNode, QuoteRow, TimelineDay } from '../store/store.js';

const isoDay = z.string().regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, 'expected an ISO date, month or year such as 2020-01-22, 2020-01 or 2020');
const words = z.string().min(1).max(500);
const paging = {
  limit: z.coerce.number().int().min(1).max(1000).default(50).describe('most items to return'),
  offset: z.coerce.number().int().min(0).max(100_000_000).default(0).describe('items to skip (the previous page’s nextOffset)'),
};
const dates = { since: isoDay.optional().describe('on or after this date'), until: isoDay.optional().describe('on or before this date (a month or year takes all of it)') };
const actor = words.optional().describe('actor code prefix (RUS, RUSGOV) or entity id, as source or target');
const eventType = words.optional().describe('PLOVER type (CONSULT) or CAMEO code prefix (04)');

export const ArticlesQuery = z.object({ text: words.optional().describe('words in the title or text'), ...dates, outlet: words.optional(), ...paging });
export const EventsQuery = z.object({
  actor,
  type: eventType,
  ...dates,
  place: words.optional().describe('place entity id or name'),
  text: words.optional().describe('words in a report of the event'),
  article: words.optional().describe('article id (or its start): the events it reports'),
  ...paging,
});
export const ActorsQuery = z.object({ type: words.optional().describe('PERSON, ORG, GPE, LOC, NORP or MISC'), country: words.optional().describe('ISO 3166-1 alpha-3'), text: words.optional().describe('words in the name'), ...paging });
export const QuotesQuery = z.object({ speaker: words.optional().describe('speaker entity id or words of the name'), article: words.optional().describe('article id (or its start)'), text: words.optional(), ...paging });
export const TimelineQuery = z.object({ actor, type: eventType, ...dates, by: z.enum(['type', 'quadClass']).default('type').describe('count per PLOVER type or per QuadClass') });
export const NetworkQuery = z.object({
  type: eventType,
  ...dates,
  minWeight: z.coerce.number().int().min(1).default(1).describe('least number of events an edge needs'),
  limit: z.coerce.number().int().min(1).max(100_000).default(2000).describe('most edges, heaviest first'),
});
export const PlacesQuery = z.object({ type: eventType, ...dates });

const ISO_PUBLISHED = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
/** An article to extract: plain text or an HTML page, with what is known about it. */
export const ArticleInput = z
  .object({
    text: z.string().optional().describe('the article as plain text'),
    html: z.string().optional().describe('the article as an HTML page (main text and metadata are extracted first)'),
    published: z.string().regex(ISO_PUBLISHED, 'expected an ISO 8601 date such as 2020-01-22').optional().describe('publication date; without it relative dates stay unresolved'),
    url: z.url().max(4096).optional(),
    title: z.string().max(1000).optional(),
  })
  .refine((body) => (body.text === undefined) !== (body.html === undefined), { message: 'give exactly one of text or html' });

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().describe('stable error code, API_WHAT'),
  issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string(), code: z.string() })).optional(),
});

const nullableString = z.string().nullable();
export const ArticleRowSchema = z.object({
  id: z.string(),
  published: nullableString,
  title: nullableString,
  outlet: nullableString,
  uri: nullableString,
  canonicalUrl: nullableString,
  language: z.string(),
  entities: z.number().int(),
  events: z.number().int(),
  quotes: z.number().int(),
  errors: z.number().int(),
  documents: z.number().int(),
  duplicateOf: nullableString,
  nearDuplicateOf: nullableString,
  nearSimilarity: z.number().nullable(),
}) satisfies z.ZodType<ArticleRow>;
export const EventRowSchema = z.object({
  id: z.string(),
  date: nullableString,
  type: z.string(),
  mode: nullableString,
  cameo: z.string(),
  quadClass: z.number().int(),
  goldstein: z.number(),
  sourceCode: nullableString,
  sourceEntity: nullableString,
  sourceName: nullableString,
  targetCode: nullableString,
  targetEntity: nullableString,
  targetName: nullableString,
  placeEntity: nullableString,
  placeName: nullableString,
  negated: z.boolean(),
  modality: z.string(),
  mentions: z.number().int().describe('reports of this event across all articles'),
  articleId: nullableString.describe('the first report’s article'),
  evidence: nullableString,
  sentence: z.number().int().nullable().describe('the first report’s sentence index in its article'),
  localEventId: nullableString.describe('the event’s id in the first report’s article record (e1)'),
}) satisfies z.ZodType<EventRow>;
export const ActorRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  code: nullableString,
  country: nullableString,
  sector: nullableString,
  articles: z.number().int(),
  mentions: z.number().int(),
}) satisfies z.ZodType<ActorRow>;
export const QuoteRowSchema = z.object({
  articleId: z.string(),
  seq: z.number().int(),
  text: z.string(),
  kind: z.string(),
  speakerEntity: nullableString,
  speakerName: nullableString,
  speakerText: nullableString,
  attribution: z.string(),
  confidence: z.number(),
  rule: z.string(),
  published: nullableString,
}) satisfies z.ZodType<QuoteRow>;
const TimelineDaySchema = z.object({ date: z.string(), counts: z.record(z.string(), z.number().int()), events: z.number().int(), tone: z.number().describe('mean Goldstein score') }) satisfies z.ZodType<TimelineDay>;
const NetworkNodeSchema = z.object({ id: z.string(), name: z.string(), code: nullableString, type: z.string(), country: nullableString, events: z.number().int() }) satisfies z.ZodType<NetworkNode>;
const NetworkEdgeSchema = z.object({ source: z.string(), target: z.string(), weight: z.number().int(), types: z.record(z.string(), z.number().int()) }) satisfies z.ZodType<NetworkEdge>;
const CountryEventsSchema = z.object({ iso3: z.string(), name: z.string(), events: z.number().int() }) satisfies z.ZodType<CountryEvents>;

const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int().optional(), nextOffset: z.number().int().nullable().describe('offset of the next page, null on the last') });

export const HealthResponse = z.object({ status: z.literal('ok'), store: z.string(), articles: z.number().int() });
export const ArticlesResponse = listOf(ArticleRowSchema);
export const EventsResponse = listOf(EventRowSchema);
export const ActorsResponse = listOf(ActorRowSchema);
export const QuotesResponse = listOf(QuoteRowSchema);
export const TimelineResponse = z.object({ days: z.array(TimelineDaySchema) });
export const NetworkResponse = z.object({ nodes: z.array(NetworkNodeSchema), edges: z.array(NetworkEdgeSchema) });
export const PlacesResponse = z.object({ countries: z.array(CountryEventsSchema) });
export const CreatedResponse = z.object({ id: z.string() });
export { ArticleSchema };

export interface RouteResponse {
  description: string;
  /** JSON body schema; absent for non-JSON bodies. */
  schema?: z.ZodType;
  /** Media type when not `application/json`. */
  contentType?: string;
}

export interface RouteSpec {
  method: 'get' | 'post';
  /** OpenAPI path (`{id}` for parameters). */
  path: string;
  summary: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  pathParameters?: Record<string, string>;
  /** Needs `Authorization: Bearer <token>`. */
  auth?: boolean;
  responses: Record<number, RouteResponse>;
}

const problem = (description: string): RouteResponse => ({ description, schema: ProblemSchema, contentType: 'application/problem+json' });
const badRequest = problem('invalid query or body (API_BAD_REQUEST, with the Zod issues)');

/** Every route of the API. */
export const routes = {
  health: { method: 'get', path: '/api/health', summary: 'the service and its store', responses: { 200: { description: 'ok', schema: HealthResponse } } },
  articles: { method: 'get', path: '/api/articles', summary: 'stored articles, oldest first', query: ArticlesQuery, responses: { 200: { description: 'a page of articles', schema: ArticlesResponse }, 400: badRequest } },
  article: {
    method: 'get',
    path: '/api/articles/{id}',
    summary: 'one stored article record (sentences, tokens, entities, events, quotes, times, framing)',
    pathParameters: { id: 'article id, unambiguous id prefix, URI or canonical URL' },
    responses: { 200: { description: 'the article record', schema: ArticleSchema }, 400: problem('ambiguous id prefix (API_AMBIGUOUS_ID)'), 404: problem('no such article (API_NOT_FOUND)') },
  },
  events: { method: 'get', path: '/api/events', summary: 'events (one per real-world event) with their first report', query: EventsQuery, responses: { 200: { description: 'a page of events', schema: EventsResponse }, 400: badRequest } },
  actors: { method: 'get', path: '/api/actors', summary: 'actors across the stored articles, most reported first', query: ActorsQuery, responses: { 200: { description: 'a page of actors', schema: ActorsResponse }, 400: badRequest } },
  quotes: { method: 'get', path: '/api/quotes', summary: 'quotes with their speakers', query: QuotesQuery, responses: { 200: { description: 'a page of quotes', schema: QuotesResponse }, 400: badRequest } },
  timeline: { method: 'get', path: '/api/timeline', summary: 'events per day (day-precision dates) by type or QuadClass, with mean Goldstein tone', query: TimelineQuery, responses: { 200: { description: 'days, oldest first', schema: TimelineResponse }, 400: badRequest } },
  network: { method: 'get', path: '/api/network', summary: 'the actor network: entities, and source → target edges weighted by events', query: NetworkQuery, responses: { 200: { description: 'nodes and edges', schema: NetworkResponse }, 400: badRequest } },
  networkGexf: { method: 'get', path: '/api/network.gexf', summary: 'the actor network as GEXF 1.2', query: NetworkQuery, responses: { 200: { description: 'GEXF document', contentType: 'application/gexf+xml' }, 400: badRequest } },
  places: { method: 'get', path: '/api/places', summary: 'events per country of their place', query: PlacesQuery, responses: { 200: { description: 'countries, most events first', schema: PlacesResponse }, 400: badRequest } },
  extract: {
    method: 'post',
    path: '/api/extract',
    summary: 'extract an article and return its record without storing it',
    body: ArticleInput,
    responses: { 200: { description: 'the article record', schema: ArticleSchema }, 400: badRequest, 413: problem('body over the size limit (API_BODY_TOO_LARGE)') },
  },
  createArticle: {
    method: 'post',
    path: '/api/articles',
    summary: 'extract an article and store it',
    body: ArticleInput,
    auth: true,
    responses: {
      201: { description: 'stored', schema: CreatedResponse },
      400: badRequest,
      401: problem('missing or wrong bearer token (API_UNAUTHORIZED)'),
      403: problem('no token configured: writes are disabled (API_WRITES_DISABLED)'),
      413: problem('body over the size limit (API_BODY_TOO_LARGE)'),
      422: problem('nothing could be extracted (API_NOTHING_EXTRACTED)'),
    },
  },
  openapi: { method: 'get', path: '/api/openapi.json', summary: 'this document', responses: { 200: { description: 'OpenAPI 3.1 document' } } },
} satisfies Record<string, RouteSpec>;
