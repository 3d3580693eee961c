/**
 * The HTTP API (Hono) over a store, and the built web UI beside it. The app is separate from the
 * server that listens (`server.ts`), so tests call `app.request()` with no port. Requests are
 * validated at the edge with the Zod schemas of `schemas.ts`; errors are problem documents
 * (`problem.ts`). Extraction goes through the library API only. The app must not open the store
 * or listen itself, and it never renders article text as HTML: everything it returns is JSON,
 * GEXF or the UI's own files.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { DirectedGraph } from 'graphology';
import gexf from 'graphology-gexf';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { contentHash } from '../core/hash.js';
import { createPipeline, DatelineError, type Article, type Pipeline } from '../index.js';
import { packageRoot } from '../pipeline/resources.js';
import type { ActorNetwork, Store } from '../store/store.js';
import { openApiDocument } from './openapi.js';
import { ApiError } from './problem.js';
import { defaultApiLimits, type ApiLimits } from './limits.js';
import { createRateLimiter } from './rate-limit.js';
import { routes } from './schemas.js';
import { serveWebFile } from './static-files.js';

// The limits live in a module of their own so that `dateline serve` can show the defaults without loading the app.
export { defaultApiLimits, type ApiLimits } from './limits.js';

/** Most answers the cache holds (oldest dropped first). */
const CACHE_ENTRIES = 500;

export interface AppOptions {
  store: Store;
  /** Bearer token for writes; none (or empty) disables writes. */
  token?: string | undefined;
  limits?: Partial<ApiLimits>;
  /** Folder of the built UI (default `dist/web` in the package). */
  webRoot?: string;
  /** The pipeline for extraction (default: `createPipeline()`, made on the first request that needs it). */
  pipeline?: Pipeline;
  /** Who a request comes from, for the rate limit (default: the socket's remote address). */
  clientAddress?: (c: Context) => string;
  /** Milliseconds clock, for the rate limit in tests. */
  now?: () => number;
}

export const securityHeaders: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const socketAddress = (c: Context): string => (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown';

/** Query parameters through `schema`; empty values count as absent (HTML forms send them). */
function parseQuery<S extends z.ZodObject>(c: Context, schema: S): z.output<S> {
  const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw ApiError.fromZod(parsed.error, 'query');
  return parsed.data;
}

async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(400, 'API_BAD_REQUEST', 'the body must be a JSON object', { cause: error });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw ApiError.fromZod(parsed.error, 'body');
  return parsed.data;
}

/** One page of a list: asks for one row more than the page to know whether another follows. */
async function pageOf<T>(fetch: (limit: number, offset: number) => Promise<T[]>, limit: number, offset: number): Promise<{ items: T[]; nextOffset: number | null }> {
  const rows = await fetch(limit + 1, offset);
  return { items: rows.slice(0, limit), nextOffset: rows.length > limit ? offset + limit : null };
}

const sameToken = (given: string, expected: string): boolean => timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());

/** The network as a graphology graph, for GEXF. */
function networkGraph(network: ActorNetwork): DirectedGraph {
  const graph = new DirectedGraph();
  for (const node of network.nodes) {
    graph.addNode(node.id, { label: node.name, type: node.type, events: node.events, ...(node.code ? { code: node.code } : {}), ...(node.country ? { country: node.country } : {}) });
  }
  for (const edge of network.edges) {
    graph.addDirectedEdge(edge.source, edge.target, { weight: edge.weight, types: Object.entries(edge.types).map(([type, n]) => `${type}:${n}`).join(' ') });
  }
  return graph;
}

/** Builds the app. */
export function createApp(options: AppOptions): Hono {
  const { store } = options;
  const limits: ApiLimits = { ...defaultApiLimits, ...options.limits };
  const token = options.token || undefined;
  const webRoot = options.webRoot ?? join(packageRoot(), 'dist', 'web');
  const clientAddress = options.clientAddress ?? socketAddress;
  const limiter = createRateLimiter({ perSecond: limits.ratePerSecond, burst: limits.burst, ...(options.now ? { now: options.now } : {}) });
  let pipeline = options.pipeline;
  let document: Record<string, unknown> | undefined;
  /** The article count for /api/health, kept for a few seconds (a count over a large store is not free). */
  let articleCount: { value: number; at: number } | undefined;
  const clock = options.now ?? Date.now;
  const cache = new Map<string, { at: number; body: ArrayBuffer; headers: [string, string][] }>();

  const extractArticle = (input: z.output<typeof routes.extract.body>): Article => {
    pipeline ??= createPipeline();
    const common = { published: input.published ?? null, limits: { maxMillis: limits.extractMillis, maxBytes: limits.bodyBytes }, ...(input.title ? { title: input.title } : {}) };
    if (input.html !== undefined) {
      return pipeline.extract(input.html, { ...common, format: 'html', ...(input.url ? { url: input.url } : {}), source: { kind: 'html', ...(input.url ? { uri: input.url } : {}) } });
    }
    return pipeline.extract(input.text ?? '', { ...common, source: { kind: 'text', ...(input.url ? { uri: input.url } : {}) } });
  };

  const app = new Hono();

  app.onError((error) => {
    if (error instanceof ApiError) return error.toResponse();
    if (error instanceof DatelineError) {
      if (error.code === 'STORE_AMBIGUOUS_ID') return new ApiError(400, 'API_AMBIGUOUS_ID', error.message.replace(/^dateline: /, ''), { cause: error }).toResponse();
      if (error.code.startsWith('OPTION_')) return new ApiError(400, 'API_BAD_REQUEST', error.message.replace(/^dateline: /, ''), { cause: error }).toResponse();
    }
    process.stderr.write(`dateline serve: ${(error as Error).stack ?? String(error)}\n`);
    return new ApiError(500, 'API_INTERNAL', 'the server failed on this request', { cause: error }).toResponse();
  });
  app.notFound((c) => new ApiError(404, 'API_NOT_FOUND', `no route ${c.req.method} ${c.req.path}`).toResponse());

  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(securityHeaders)) c.res.headers.set(name, value);
  });

  app.use('/api/*', async (c, next) => {
    const wait = limiter.take(clientAddress(c));
    if (wait > 0) throw new ApiError(429, 'API_RATE_LIMITED', `too many requests; try again in ${wait} s`, { headers: { 'retry-after': String(wait) } });
    await next();
  });

  app.use('/api/*', async (c, next) => {
    if (limits.cacheMillis <= 0 || c.req.method !== 'GET') return next();
    const key = c.req.url;
    const hit = cache.get(key);
    if (hit && clock() - hit.at <= limits.cacheMillis) return new Response(hit.body, { status: 200, headers: hit.headers });
    await next();
    if (c.res.status !== 200) return;
    const body = await c.res.clone().arrayBuffer();
    cache.delete(key);
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, { at: clock(), body, headers: [...c.res.headers.entries()] });
  });

  const limitBody = bodyLimit({
    maxSize: limits.bodyBytes,
    onError: () => {
      throw new ApiError(413, 'API_BODY_TOO_LARGE', `the body is over the limit of ${limits.bodyBytes} bytes`);
    },
  });

  app.get('/api/health', async (c) => {
    if (!articleCount || clock() - articleCount.at > 10_000) articleCount = { value: await store.countArticles(), at: clock() };
    return c.json({ status: 'ok' as const, store: store.location.replace(/\/\/[^@/]*@/, '//…@'), articles: articleCount.value });
  });

  app.get('/api/openapi.json', (c) => c.json((document ??= openApiDocument())));

  app.get('/api/articles', async (c) => {
    const { limit, offset, ...filters } = parseQuery(c, routes.articles.query);
    return c.json(await pageOf((l, o) => store.listArticles({ ...filters, limit: l, offset: o }), limit, offset));
  });

  app.get('/api/articles/:id', async (c) => {
    const id = c.req.param('id');
    const article = id.length > 0 && id.length <= 4096 ? await store.getArticle(id) : undefined;
    if (!article) throw new ApiError(404, 'API_NOT_FOUND', `no article ${JSON.stringify(id.slice(0, 200))} in the store`);
    return c.json(article);
  });

  app.get('/api/events', async (c) => {
    // The page's JSON comes whole from the store (`eventPage`): no row objects to build and serialise.
    return c.body(await store.eventPage(parseQuery(c, routes.events.query)), 200, { 'content-type': 'application/json' });
  });

  app.get('/api/actors', async (c) => {
    const { limit, offset, ...filters } = parseQuery(c, routes.actors.query);
    return c.json(await pageOf((l, o) => store.listActors({ ...filters, limit: l, offset: o }), limit, offset));
  });

  app.get('/api/quotes', async (c) => {
    const { limit, offset, ...filters } = parseQuery(c, routes.quotes.query);
    return c.json(await pageOf((l, o) => store.listQuotes({ ...filters, limit: l, offset: o }), limit, offset));
  });

  app.get('/api/timeline', async (c) => c.json({ days: await store.timeline(parseQuery(c, routes.timeline.query)) }));

  app.get('/api/network', async (c) => c.json(await store.network(parseQuery(c, routes.network.query))));

  app.get('/api/network.gexf', async (c) => {
    const network = await store.network(parseQuery(c, routes.networkGexf.query));
    return c.body(gexf.write(networkGraph(network)), 200, { 'content-type': 'application/gexf+xml; charset=utf-8', 'content-disposition': 'attachment; filename="dateline-network.gexf"' });
  });

  app.get('/api/places', async (c) => c.json({ countries: await store.places(parseQuery(c, routes.places.query)) }));

  app.post('/api/extract', limitBody, async (c) => c.json(extractArticle(await parseBody(c, routes.extract.body))));

  app.post(
    '/api/articles',
    async (c, next) => {
      if (!token) throw new ApiError(403, 'API_WRITES_DISABLED', 'writes are disabled: the server has no token (start it with --token or DATELINE_API_TOKEN)');
      const given = c.req.header('authorization')?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
      if (!given || !sameToken(given, token)) throw new ApiError(401, 'API_UNAUTHORIZED', 'writes need the header Authorization: Bearer <token>', { headers: { 'www-authenticate': 'Bearer' } });
      await next();
    },
    limitBody,
    async (c) => {
      const input = await parseBody(c, routes.createArticle.body);
      const article = extractArticle(input);
      if (article.sentences.length === 0) {
        const reason = article.diagnostics.find((d) => d.severity === 'error');
        throw new ApiError(422, 'API_NOTHING_EXTRACTED', `no article could be extracted${reason ? `: ${reason.code}: ${reason.message}` : ''}`);
      }
      const format = input.html !== undefined ? 'html' : 'text';
      const key = contentHash(['api', format, input.url ?? '', input.published ?? '', input.title ?? '', input.html ?? input.text ?? ''].join('\u0001'));
      const canonicalUrl = article.source.uri ?? input.url;
      articleCount = undefined;
      cache.clear();
      await store.saveArticle(article, { document: { key, uri: input.url ?? `api:${key.slice(0, 16)}`, format }, ...(canonicalUrl ? { canonicalUrl } : {}) });
      cache.clear();
      return c.json({ id: article.id }, 201, { location: `/api/articles/${article.id}` });
    },
  );

  app.get('*', async (c) => {
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) throw new ApiError(404, 'API_NOT_FOUND', `no route GET ${c.req.path}`);
    return serveWebFile(webRoot, c.req.path);
  });

  return app;
}
