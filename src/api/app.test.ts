import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPipeline, type Article, type Pipeline } from '../index.js';
import { openSqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/store.js';
import { readSample, readShared } from '../test-support/shared.js';
import { createApp, type AppOptions } from './app.js';
import {
  ActorsResponse,
  ArticleSchema,
  ArticlesResponse,
  CreatedResponse,
  EventsResponse,
  HealthResponse,
  NetworkResponse,
  PlacesResponse,
  ProblemSchema,
  QuotesResponse,
  routes,
  TimelineResponse,
} from './schemas.js';

const dir = mkdtempSync(join(tmpdir(), 'dateline-api-'));
let pipeline: Pipeline;
let store: Store;
let hamas: Article;
const articles: Article[] = [];
const noWeb = join(dir, 'no-web');

/** An app over the test store; tests that need other settings pass them. */
const appWith = (options: Partial<AppOptions> = {}) => createApp({ store, pipeline, webRoot: noWeb, limits: { ratePerSecond: 0 }, ...options });
const json = async (response: Response): Promise<any> => JSON.parse(await response.text()); // eslint-disable-line @typescript-eslint/no-explicit-any -- each test checks the shape with the route's schema
const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

async function problem(response: Response, status: number, code: string): Promise<ReturnType<typeof ProblemSchema.parse>> {
  assert.equal(response.status, status, `status of ${code}`);
  assert.equal(response.headers.get('content-type'), 'application/problem+json');
  const body = ProblemSchema.parse(await json(response));
  assert.equal(body.code, code);
  assert.equal(body.status, status);
  return body;
}

before(async () => {
  pipeline = createPipeline();
  store = openSqliteStore(join(dir, 'store.db'));
  await store.migrate();
  const samples: [string, string, string][] = [
    ['ankara-grain-talks.txt', readSample('ankara-grain-talks.txt'), '2024-03-07'],
    ['geneva-climate-fund.txt', readSample('geneva-climate-fund.txt'), '2025-03-04'],
    ['nairobi-election-dispute.txt', readSample('nairobi-election-dispute.txt'), '2022-08-16'],
    ['hamas-moscow.txt', readShared('samples', 'hamas-moscow.txt'), '2020-01-22'],
  ];
  for (const [name, text, published] of samples) {
    const article = pipeline.extract(text, { published, source: { kind: 'text', uri: `samples/${name}`, outlet: name.startsWith('hamas') ? 'Middle East Monitor' : 'Dateline Wire' } });
    articles.push(article);
    await store.saveArticle(article, { document: { key: 'doc:' + name, uri: `samples/${name}`, format: 'text' } });
  }
  hamas = articles[3]!;
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('HTTP API', () => {
  it('reports its health with the store and how many articles it holds', async () => {
    const response = await appWith().request('/api/health');
    assert.equal(response.status, 200);
    assert.deepEqual(HealthResponse.parse(await json(response)), { status: 'ok', store: store.location, articles: 4 });
  });

  it('lists articles by text, date and outlet, and pages them with nextOffset', async () => {
    const app = appWith();
    const all = ArticlesResponse.parse(await json(await app.request('/api/articles')));
    assert.equal(all.items.length, 4);
    assert.equal(all.nextOffset, null);
    assert.deepEqual(all.items.map((a) => a.published), ['2020-01-22', '2022-08-16', '2024-03-07', '2025-03-04']);
    const first = ArticlesResponse.parse(await json(await app.request('/api/articles?limit=3')));
    assert.equal(first.nextOffset, 3);
    const second = ArticlesResponse.parse(await json(await app.request(`/api/articles?limit=3&offset=${first.nextOffset}`)));
    assert.deepEqual([...first.items, ...second.items], all.items);
    assert.equal(second.nextOffset, null);
    const bogdanov = ArticlesResponse.parse(await json(await app.request('/api/articles?text=bogdanov')));
    assert.deepEqual(bogdanov.items.map((a) => a.id), [hamas.id]);
    assert.equal(ArticlesResponse.parse(await json(await app.request('/api/articles?since=2022&until=2024-12'))).items.length, 2);
    assert.deepEqual(ArticlesResponse.parse(await json(await app.request('/api/articles?outlet=Middle%20East%20Monitor'))).items.map((a) => a.id), [hamas.id]);
  });

  it('gives one full article record by id or id prefix, and a 404 problem for an unknown one', async () => {
    const app = appWith();
    const response = await app.request(`/api/articles/${hamas.id}`);
    assert.equal(response.status, 200);
    const record = ArticleSchema.parse(await json(response));
    assert.deepEqual(record, JSON.parse(JSON.stringify(hamas)));
    assert.ok(record.sentences[0]!.tokens.length > 0, 'with sentences and tokens');
    assert.equal((ArticleSchema.parse(await json(await app.request(`/api/articles/${hamas.id.slice(0, 12)}`)))).id, hamas.id);
    const missing = await problem(await app.request('/api/articles/ffffffffffffffff'), 404, 'API_NOT_FOUND');
    assert.match(missing.detail, /ffffffffffffffff/);
  });

  it('lists events with the CLI filters, each linked to the sentence of its first report', async () => {
    const app = appWith();
    const meeting = EventsResponse.parse(await json(await app.request('/api/events?actor=RUS&type=CONSULT&since=2020-01-01&until=2020-01')));
    const met = meeting.items.find((e) => e.articleId === hamas.id && /Bogdanov/.test(e.evidence ?? ''));
    assert.ok(met, 'the Hamas–Bogdanov meeting');
    const local = hamas.events.find((e) => e.id === met.localEventId)!;
    assert.equal(local.sentence, met.sentence);
    assert.equal(local.type, 'CONSULT');
    assert.ok(meeting.items.every((e) => e.type === 'CONSULT' && e.date!.startsWith('2020-01') && [e.sourceCode, e.targetCode].some((code) => code?.startsWith('RUS'))));
    const inArticle = EventsResponse.parse(await json(await app.request(`/api/events?article=${hamas.id.slice(0, 10)}&limit=1000`)));
    assert.equal(inArticle.items.length, new Set(inArticle.items.map((e) => e.id)).size);
    assert.ok(inArticle.items.length > 0 && inArticle.items.length <= hamas.events.length);
    assert.ok(EventsResponse.parse(await json(await app.request('/api/events?place=Ankara'))).items.length > 0);
    assert.ok(EventsResponse.parse(await json(await app.request('/api/events?text=grain%20deal'))).items.every((e) => /grain deal/i.test(e.evidence ?? '')));
    const all = EventsResponse.parse(await json(await app.request('/api/events?limit=1000'))).items;
    const pageOne = EventsResponse.parse(await json(await app.request('/api/events?limit=5')));
    const pageTwo = EventsResponse.parse(await json(await app.request(`/api/events?limit=5&offset=${pageOne.nextOffset}`)));
    assert.deepEqual([...pageOne.items, ...pageTwo.items], all.slice(0, 10));
  });

  it('lists actors and quotes with their filters', async () => {
    const app = appWith();
    const people = ActorsResponse.parse(await json(await app.request('/api/actors?type=person&text=bogdanov')));
    assert.deepEqual(people.items.map((a) => a.name), ['Mikhail Bogdanov']);
    assert.ok(ActorsResponse.parse(await json(await app.request('/api/actors?country=RUS'))).items.every((a) => a.country === 'RUS'));
    const quotes = QuotesResponse.parse(await json(await app.request(`/api/quotes?article=${hamas.id.slice(0, 8)}`)));
    assert.equal(quotes.items.length, hamas.quotes.length);
    assert.ok(quotes.items.every((q) => q.articleId === hamas.id));
    const alternative = QuotesResponse.parse(await json(await app.request('/api/quotes?text=no%20alternative')));
    assert.equal(alternative.items.length, 1);
  });

  it('aggregates a daily timeline by type or QuadClass with the mean Goldstein tone', async () => {
    const app = appWith();
    const { days } = TimelineResponse.parse(await json(await app.request('/api/timeline?since=2020-01-01&until=2020-12-31')));
    const day = days.find((d) => d.date === '2020-01-20' || d.date === '2020-01-21' || d.date === '2020-01-22');
    assert.ok(day, 'a day of the Moscow talks');
    assert.equal(Object.values(day.counts).reduce((a, b) => a + b, 0), day.events);
    const byQuad = TimelineResponse.parse(await json(await app.request('/api/timeline?by=quadClass')));
    assert.ok(byQuad.days.every((d) => Object.keys(d.counts).every((k) => /^[1-4]$/.test(k))));
    const consult = TimelineResponse.parse(await json(await app.request('/api/timeline?type=CONSULT&actor=RUS')));
    assert.ok(consult.days.every((d) => Object.keys(d.counts).join() === 'CONSULT'));
  });

  it('gives the actor network as JSON and the same graph as GEXF', async () => {
    const app = appWith();
    const network = NetworkResponse.parse(await json(await app.request('/api/network')));
    assert.ok(network.edges.length > 0);
    const ids = new Set(network.nodes.map((n) => n.id));
    assert.ok(network.edges.every((e) => ids.has(e.source) && ids.has(e.target)));
    assert.ok(network.nodes.some((n) => n.name === 'Mikhail Bogdanov' || n.id === 'org:hamas'));
    assert.deepEqual(NetworkResponse.parse(await json(await app.request('/api/network?minWeight=1000'))).edges, []);
    assert.equal(NetworkResponse.parse(await json(await app.request('/api/network?limit=1'))).edges.length, 1);
    const response = await app.request('/api/network.gexf');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/gexf\+xml/);
    const gexf = await response.text();
    assert.match(gexf, /<gexf version="1\.2"/);
    assert.equal((gexf.match(/<node /g) ?? []).length, network.nodes.length);
    assert.equal((gexf.match(/<edge /g) ?? []).length, network.edges.length);
  });

  it('counts events per country of their place', async () => {
    const { countries } = PlacesResponse.parse(await json(await appWith().request('/api/places')));
    const russia = countries.find((c) => c.iso3 === 'RUS');
    assert.equal(russia?.name, 'Russia');
    assert.ok(russia.events > 0);
    const inRussia = EventsResponse.parse(await json(await appWith().request('/api/events?limit=1000'))).items.filter((e) => e.placeEntity === 'city:moscow' || e.placeEntity === 'country:RUS');
    assert.equal(russia.events, inRussia.length);
    assert.deepEqual(PlacesResponse.parse(await json(await appWith().request('/api/places?since=2030'))).countries, []);
  });

  it('extracts a pasted article (text or HTML) without storing it', async () => {
    const app = appWith();
    const text = readShared('samples', 'hamas-moscow.txt');
    const response = await app.request('/api/extract', post({ text, published: '2020-01-22' }));
    assert.equal(response.status, 200);
    const record = ArticleSchema.parse(await json(response));
    assert.equal(record.id, hamas.id);
    assert.ok(record.entities.some((e) => e.name === 'Mikhail Bogdanov' && e.type === 'PERSON'));
    const page = await app.request('/api/extract', post({ html: '<html><head><title>Talks</title></head><body><article><p>Russia’s Deputy Foreign Minister Mikhail Bogdanov met a Hamas delegation in Moscow on Monday.</p></article></body></html>', published: '2020-01-22' }));
    assert.equal(page.status, 200);
    assert.equal(ArticleSchema.parse(await json(page)).source.kind, 'html');
    assert.equal(HealthResponse.parse(await json(await app.request('/api/health'))).articles, 4, 'nothing stored');
  });

  it('stores a posted article only with the bearer token', async () => {
    const body = { text: 'Kenya’s President William Ruto met Ethiopian Prime Minister Abiy Ahmed in Nairobi on Tuesday to discuss trade.', published: '2023-05-02', url: 'https://example.org/ruto-abiy' };
    const disabled = await problem(await appWith().request('/api/articles', post(body, { authorization: 'Bearer anything' })), 403, 'API_WRITES_DISABLED');
    assert.match(disabled.detail, /writes are disabled/);
    const app = appWith({ token: 's3cret-token' });
    const missing = await app.request('/api/articles', post(body));
    await problem(missing, 401, 'API_UNAUTHORIZED');
    await problem(await app.request('/api/articles', post(body, { authorization: 'Bearer wrong' })), 401, 'API_UNAUTHORIZED');
    const created = await app.request('/api/articles', post(body, { authorization: 'Bearer s3cret-token' }));
    assert.equal(created.status, 201);
    const { id } = CreatedResponse.parse(await json(created));
    assert.equal(created.headers.get('location'), `/api/articles/${id}`);
    const stored = ArticleSchema.parse(await json(await app.request(`/api/articles/${id}`)));
    assert.equal(stored.published, '2023-05-02');
    await problem(await app.request('/api/articles', post({ text: '   ' }, { authorization: 'Bearer s3cret-token' })), 422, 'API_NOTHING_EXTRACTED');
  });

  it('refuses bad queries and bodies with 400 problems that list the Zod issues', async () => {
    const app = appWith();
    const limit = await problem(await app.request('/api/events?limit=0'), 400, 'API_BAD_REQUEST');
    assert.deepEqual(limit.issues?.[0]?.path, ['limit']);
    await problem(await app.request('/api/events?since=last%20week'), 400, 'API_BAD_REQUEST');
    await problem(await app.request('/api/timeline?by=hour'), 400, 'API_BAD_REQUEST');
    await problem(await app.request('/api/extract', post('{not json')), 400, 'API_BAD_REQUEST');
    const both = await problem(await app.request('/api/extract', post({ text: 'a', html: '<p>a</p>' })), 400, 'API_BAD_REQUEST');
    assert.match(both.detail, /exactly one of text or html/);
    const date = await problem(await app.request('/api/extract', post({ text: 'a', published: 'yesterday' })), 400, 'API_BAD_REQUEST');
    assert.deepEqual(date.issues?.[0]?.path, ['published']);
    await problem(await app.request('/api/nothing-here'), 404, 'API_NOT_FOUND');
    await problem(await app.request('/api/events', { method: 'DELETE' }), 404, 'API_NOT_FOUND');
  });

  it('refuses a body over the size limit with a 413 problem', async () => {
    const app = appWith({ limits: { ratePerSecond: 0, bodyBytes: 1000 } });
    const response = await app.request('/api/extract', post({ text: 'x'.repeat(2000) }));
    await problem(response, 413, 'API_BODY_TOO_LARGE');
  });

  it('rate-limits each client with a 429 problem and Retry-After, and lets it in again once the bucket refills', async () => {
    let now = 0;
    let client = 'a';
    const app = appWith({ limits: { ratePerSecond: 1, burst: 2 }, now: () => now, clientAddress: () => client });
    assert.equal((await app.request('/api/health')).status, 200);
    assert.equal((await app.request('/api/health')).status, 200);
    const limited = await app.request('/api/health');
    await problem(limited, 429, 'API_RATE_LIMITED');
    assert.equal(limited.headers.get('retry-after'), '1');
    client = 'b';
    assert.equal((await app.request('/api/health')).status, 200, 'another client has its own bucket');
    client = 'a';
    now = 1000;
    assert.equal((await app.request('/api/health')).status, 200);
  });

  it('gives a repeated GET again from memory for cacheMillis, and a write through the API clears it', async () => {
    let now = 0;
    const app = appWith({ token: 't', now: () => now, limits: { ratePerSecond: 0, cacheMillis: 1000 } });
    const path = '/api/articles?text=Kilimanjaro&limit=5';
    assert.deepEqual(ArticlesResponse.parse(await json(await app.request(path))).items, []);
    const created = await app.request('/api/articles', post({ text: 'Tanzanian officials met Kenyan officials near Kilimanjaro on Friday to discuss the border.', published: '2023-06-02' }, { authorization: 'Bearer t' }));
    const { id } = CreatedResponse.parse(await json(created));
    const cached = await app.request(path);
    assert.deepEqual(ArticlesResponse.parse(await json(cached)).items.map((a) => a.id), [id], 'the write cleared the cache');
    assert.match(cached.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    await store.saveArticle(pipeline.extract('Ugandan officials visited Kilimanjaro on Monday.', { published: '2023-06-05' }), { document: { key: 'doc:kili-2', uri: 'kili-2', format: 'text' } });
    assert.equal(ArticlesResponse.parse(await json(await app.request(path))).items.length, 1, 'a write by another process shows only after cacheMillis');
    now = 1001;
    assert.equal(ArticlesResponse.parse(await json(await app.request(path))).items.length, 2);
  });

  it('serves an OpenAPI 3.1 document with every route, its parameters and schemas', async () => {
    const response = await appWith().request('/api/openapi.json');
    assert.equal(response.status, 200);
    const document = await json(response);
    assert.equal(document.openapi, '3.1.0');
    for (const route of Object.values(routes)) {
      const operation = document.paths[route.path]?.[route.method];
      assert.ok(operation, `${route.method} ${route.path}`);
      for (const name of Object.keys('query' in route ? route.query.shape : {})) assert.ok(operation.parameters.some((p: { name: string; in: string }) => p.name === name && p.in === 'query'), `${route.path} ?${name}`);
      for (const status of Object.keys(route.responses)) assert.ok(operation.responses[status], `${route.path} ${status}`);
    }
    const events = document.paths['/api/events'].get;
    assert.deepEqual(events.parameters.find((p: { name: string }) => p.name === 'limit').schema, { type: 'integer', minimum: 1, maximum: 1000, default: 50 });
    const eventRow = events.responses['200'].content['application/json'].schema.properties.items.items;
    assert.deepEqual(eventRow.properties.localEventId.type, ['string', 'null']);
    assert.ok(['articleId', 'sentence', 'localEventId'].every((name) => eventRow.required.includes(name)));
    assert.deepEqual(document.paths['/api/articles'].post.security, [{ bearer: [] }]);
    assert.ok(document.components.schemas.Article.properties.sentences);
    assert.equal(document.paths['/api/articles/{id}'].get.responses['200'].content['application/json'].schema.$ref, '#/components/schemas/Article');
    const refs = JSON.stringify(document).match(/"\$ref":"([^"]+)"/g) ?? [];
    for (const ref of refs) {
      const name = ref.match(/#\/components\/schemas\/(\w+)/)?.[1];
      assert.ok(name && document.components.schemas[name], `${ref} resolves`);
    }
  });

  it('gives hostile text back as data: JSON strings, never markup', async () => {
    const app = appWith({ token: 't' });
    const hostile = 'Officials said <script>alert(1)</script> and <img src=x onerror=alert(2)> were found in Moscow on Monday. \u202Egnp.exe\u202C The talks went on.\n' + 'Filler sentence about talks in Moscow. '.repeat(200);
    const extracted = await app.request('/api/extract', post({ text: hostile }));
    assert.equal(extracted.status, 200);
    assert.match(extracted.headers.get('content-type') ?? '', /^application\/json/);
    const record = ArticleSchema.parse(await json(extracted));
    assert.ok(record.text.includes('<script>alert(1)</script>') && record.text.includes('onerror=alert(2)'));
    const created = await app.request('/api/articles', post({ text: hostile }, { authorization: 'Bearer t' }));
    const { id } = CreatedResponse.parse(await json(created));
    const stored = await app.request(`/api/articles/${id}`);
    assert.match(stored.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(stored.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(ArticleSchema.parse(await json(stored)).text.includes('<script>alert(1)</script>'));
    const found = ArticlesResponse.parse(await json(await app.request('/api/articles?text=%3Cscript%3E')));
    assert.deepEqual(found.items.map((a) => a.id), [id]);
    const notFound = await problem(await app.request('/api/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E'), 404, 'API_NOT_FOUND');
    assert.ok(notFound.detail.includes('<script>'), 'echoed inside a JSON string, in a problem+json response');
  });

  it('sets a strict content security policy and nosniff on every response', async () => {
    const app = appWith();
    for (const path of ['/api/health', '/api/nothing', '/']) {
      const response = await app.request(path);
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/, path);
      assert.doesNotMatch(response.headers.get('content-security-policy') ?? '', /unsafe-inline|unsafe-eval/, path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
    }
  });

  it('serves the built UI, index.html for unknown paths, never a file outside it, and says how to build it when missing', async () => {
    const missing = await appWith().request('/');
    assert.equal(missing.status, 200);
    assert.match(await missing.text(), /not built/);
    const web = join(dir, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Dateline</title><script type="module" src="/assets/app.js"></script>');
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    const app = appWith({ webRoot: web });
    const index = await app.request('/');
    assert.match(index.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await index.text(), /<title>Dateline<\/title>/);
    const script = await app.request('/assets/app.js');
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.match(script.headers.get('cache-control') ?? '', /immutable/);
    assert.match(await (await app.request('/events/some-view')).text(), /<title>Dateline/);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      assert.doesNotMatch(await (await app.request(path)).text(), /^secret$/, path);
    }
  });
});
