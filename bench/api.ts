/**
 * API latency: 50 concurrent clients (autocannon) send event queries (the CLI's filters: actor,
 * type, dates, place, paging) to `dateline serve` on loopback, and it reports p50/p99 latency,
 * requests/s and errors; then the time of one request to each route the UI's first views make.
 *
 * The store is `--store` if given, else one built first with `--articles N` articles: the samples
 * and the MEANTIME dev texts (from ../shared, never copied) run through the pipeline once, then
 * cloned with new ids and dates shifted by whole days (one day per round through the bases), so a
 * large store takes minutes, not the ~40 articles/s of real extraction. The clones repeat the
 * bases' actors: the store has the size, not the variety, of N real articles. To keep the build
 * fast, each clone's stored record blob is its base's (encoded once): the tables hold the clone,
 * `GET /api/articles/:id` of a clone gives its base's record.
 *
 * The clones are saved through the store's ordinary `saveBatch` (clustering, near-duplicate links):
 * 50,000 took 44 min on 2 shared cores (2026-11-28), getting slower as it goes (not profiled; likely
 * because every clone's text is verbatim one of the bases', so each save meets all earlier copies as
 * near-duplicate candidates). Build once with `--keep`, then pass `--store`.
 *
 * `--cache-ms` sets the server's answer cache (default 0: every answer computed; the ten queries
 * repeat, so with a cache nearly every answer comes from memory). `--workers` is the server's.
 *
 * `--distinct` gives every request filters of its own (a date bound no event reaches, `distinctQuery`),
 * so the server compiles every query anew instead of reusing the compiled query of the same filters.
 *
 * Run: `npm run bench:api -- [--articles 5000] [--store path] [--keep] [--connections 50] [--duration 10] [--cache-ms 0] [--workers 1] [--distinct] [--json]`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { readMeantimeFolder } from '../eval/meantime.js';
import { contentHash } from '../src/core/hash.js';
import { encodeRecord } from '../src/store/record-codec.js';
import { createPipeline, type Article } from '../src/index.js';
import { packageRoot } from '../src/pipeline/resources.js';
import { openStore } from '../src/store/open.js';
import type { StoreEntry } from '../src/store/store.js';
import { defaultCorpusDir } from './corpus.js';

/** Event queries the clients cycle through (each connection in order). */
export const eventQueries = [
  '/api/events',
  '/api/events?type=CONSULT',
  '/api/events?actor=RUS',
  '/api/events?since=2021-01-01&until=2021-06',
  '/api/events?actor=USA&type=ACCUSE',
  '/api/events?place=Moscow',
  '/api/events?type=04&since=2022',
  '/api/events?offset=500&limit=50',
  '/api/events?actor=country:RUS&since=2020-06-01',
  '/api/events?limit=200',
];

/**
 * `query` made distinct for request number `n` without changing its answer: a date bound no event
 * reaches (an `until` year from 9000 on, or a `since` year before 1000 where `until` is given), so
 * the server cannot reuse anything it compiled for an earlier request (`--distinct`). A query with
 * both bounds stays as it is.
 */
export function distinctQuery(query: string, n: number): string {
  const year = (base: number): string => String(base + (n % 1000)).padStart(4, '0');
  const separator = query.includes('?') ? '&' : '?';
  if (!/[?&]until=/.test(query)) return `${query}${separator}until=${year(9000)}`;
  if (!/[?&]since=/.test(query)) return `${query}${separator}since=${year(0)}`;
  return query;
}

/** Requests the UI's first views make, timed one at a time. */
const viewQueries = ['/api/health', '/api/articles?limit=50', '/api/events?limit=100', '/api/actors?limit=50', '/api/quotes?limit=50', '/api/timeline', '/api/network?limit=500', '/api/places', '/api/events?text=talks'];

const shiftDay = (day: string, days: number): string => new Date(Date.parse(day + 'T00:00:00Z') + days * 86_400_000).toISOString().slice(0, 10);

/** A copy of `base` with a new id and every ISO date moved by `days` days. */
function cloneArticle(base: string, baseId: string, copy: number, days: number): Article {
  const id = contentHash(`${baseId}\u0001bench-copy\u0001${copy}`);
  const json = base.replaceAll(baseId, id).replace(/"(\d{4}-\d{2}-\d{2})/g, (_match, day: string) => `"${shiftDay(day, days)}`);
  return JSON.parse(json) as Article;
}

/** Builds a SQLite store of `count` articles at `location`; returns the seconds it took. */
export async function buildApiBenchStore(location: string, count: number): Promise<{ seconds: number; bases: number }> {
  const started = performance.now();
  const pipeline = createPipeline();
  const inputs: { text: string; published: string | null }[] = [];
  for (const name of ['ankara-grain-talks.txt', 'geneva-climate-fund.txt', 'nairobi-election-dispute.txt']) {
    inputs.push({ text: readFileSync(join(packageRoot(), 'samples', name), 'utf8'), published: { 'ankara-grain-talks.txt': '2024-03-07', 'geneva-climate-fund.txt': '2025-03-04' }[name] ?? '2022-08-16' });
  }
  try {
    inputs.push({ text: readFileSync(join(packageRoot(), '..', 'shared', 'samples', 'hamas-moscow.txt'), 'utf8'), published: '2020-01-22' });
    for (const document of await readMeantimeFolder(defaultCorpusDir())) inputs.push({ text: document.text, published: document.published });
  } catch (error) {
    process.stderr.write(`bench:api: ../shared not readable (${(error as Error).message}); using the bundled samples only\n`);
  }
  const bases = inputs.map((input) => pipeline.extract(input.text, { published: input.published ?? '2020-01-15', source: { kind: 'text' } })).filter((a) => a.sentences.length > 0);
  const blobs = bases.map((article) => encodeRecord(article));
  const encoded = bases.map((article) => JSON.stringify({ ...article, sentences: [] }));
  const store = await openStore(location);
  try {
    const batch: StoreEntry[] = [];
    for (let i = 0; i < count; i++) {
      const b = i % bases.length;
      const round = Math.floor(i / bases.length);
      const article = cloneArticle(encoded[b]!, bases[b]!.id, i, round - 400);
      article.source = { kind: 'text', uri: `bench:${i}`, outlet: `Outlet ${i % 7}` };
      batch.push({ kind: 'article', record: article, meta: { document: { key: `bench:${i}`, uri: `bench:${i}`, format: 'text' }, encodedRecord: blobs[b]! } });
      if (batch.length === 500 || i === count - 1) {
        await store.saveBatch(batch.splice(0));
        if ((i + 1) % 5000 === 0 || i === count - 1) process.stderr.write(`bench:api: stored ${i + 1}/${count} articles\n`);
      }
    }
  } finally {
    await store.close();
  }
  return { seconds: (performance.now() - started) / 1000, bases: bases.length };
}

/** Starts `dateline serve` on a free port; resolves with its URL and a stop function. */
function startServe(location: string, cacheMillis: number, workers: number): Promise<{ url: string; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'dateline.js'), 'serve', '--store', location, '--port', '0', '--rate-limit', '0', '--cache-ms', String(cacheMillis), '--workers', String(workers)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = stderr.match(/at (http:\/\/\S+)/)?.[1];
      if (url) {
        child.stderr.removeAllListeners('data');
        child.stderr.resume();
        resolve({ url, stop: () => new Promise((done) => (child.exitCode !== null ? done() : (child.once('exit', () => done()), child.kill('SIGTERM')))) });
      }
    });
    child.once('exit', (code) => reject(new Error(`dateline serve exited (${code}): ${stderr}`)));
  });
}

export interface ApiBenchResult {
  articles: number;
  events: number;
  storeBytes: number;
  buildSeconds: number | null;
  connections: number;
  /** The server's --cache-ms (0: every answer computed). */
  cacheMillis: number;
  /** The server's --workers (processes). */
  workers: number;
  /** Every request's filters made distinct (`distinctQuery`), so nothing compiled for one request serves another. */
  distinct: boolean;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  /** Milliseconds of one request to each route of the UI's first views (warm). */
  views: Record<string, number>;
}

export async function runApiBench(options: { store?: string; articles: number; connections: number; duration: number; keep: boolean; cacheMillis: number; workers: number; distinct?: boolean }): Promise<ApiBenchResult> {
  const dir = options.store ? undefined : mkdtempSync(join(tmpdir(), 'dateline-bench-api-'));
  const location = options.store ?? join(dir!, 'bench.db');
  let buildSeconds: number | null = null;
  try {
    if (!options.store) buildSeconds = (await buildApiBenchStore(location, options.articles)).seconds;
    const store = await openStore(location, { readonly: true });
    const counts = await store.counts();
    await store.close();
    const server = await startServe(location, options.cacheMillis, options.workers);
    try {
      for (const path of eventQueries) await fetch(server.url + path).then((r) => r.arrayBuffer());
      let sent = 0;
      const requests = eventQueries.map((path) => ({ method: 'GET', path, ...(options.distinct ? { setupRequest: (request: { method?: string; path: string }) => ({ ...request, path: distinctQuery(path, sent++) }) } : {}) }));
      const result = await autocannon({ url: server.url, connections: options.connections, duration: options.duration, requests });
      const views: Record<string, number> = {};
      for (const path of viewQueries) {
        const started = performance.now();
        const response = await fetch(server.url + path);
        await response.arrayBuffer();
        views[path] = Math.round((performance.now() - started) * 10) / 10;
        if (!response.ok) views[path] = -response.status;
      }
      return {
        articles: counts.articles,
        events: counts.events,
        storeBytes: statSync(location).size,
        buildSeconds: buildSeconds === null ? null : Math.round(buildSeconds),
        connections: options.connections,
        cacheMillis: options.cacheMillis,
        distinct: options.distinct ?? false,
        workers: options.workers,
        seconds: options.duration,
        requests: result.requests.total,
        requestsPerSecond: Math.round(result.requests.average),
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
        errors: result.errors,
        non2xx: result.non2xx,
        timeouts: result.timeouts,
        views,
      };
    } finally {
      await server.stop();
    }
  } finally {
    if (dir && !options.keep) rmSync(dir, { recursive: true, force: true });
    else if (dir) process.stderr.write(`bench:api: kept the store at ${location}\n`);
  }
}

function formatApiBench(r: ApiBenchResult): string {
  const lines = [
    `store: ${r.articles} articles, ${r.events} events, ${(r.storeBytes / 1e6).toFixed(0)} MB${r.buildSeconds !== null ? ` (built in ${r.buildSeconds} s)` : ''}`,
    `event queries, ${r.connections} connections, ${r.seconds} s, server cache ${r.cacheMillis ? `${r.cacheMillis} ms` : 'off'}, ${r.workers} worker${r.workers === 1 ? '' : 's'}${r.distinct ? ', distinct filters on every request' : ''}: ${r.requests} requests, ${r.requestsPerSecond}/s`,
    `latency: p50 ${r.p50} ms, p90 ${r.p90} ms, p99 ${r.p99} ms, max ${r.max} ms`,
    `errors ${r.errors}, non-2xx ${r.non2xx}, timeouts ${r.timeouts}`,
    'one request per route (ms):',
    ...Object.entries(r.views).map(([path, ms]) => `  ${path.padEnd(28)} ${ms}`),
  ];
  return lines.join('\n') + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      store: { type: 'string' },
      articles: { type: 'string', default: '5000' },
      connections: { type: 'string', default: '50' },
      duration: { type: 'string', default: '10' },
      keep: { type: 'boolean', default: false },
      'cache-ms': { type: 'string', default: '0' },
      workers: { type: 'string', default: '1' },
      distinct: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const result = await runApiBench({
    ...(values.store ? { store: values.store } : {}),
    articles: Number(values.articles),
    connections: Number(values.connections),
    duration: Number(values.duration),
    keep: values.keep ?? false,
    cacheMillis: Number(values['cache-ms']),
    workers: Number(values.workers),
    distinct: values.distinct ?? false,
  });
  process.stdout.write(values.json ? JSON.stringify(result, null, 2) + '\n' : formatApiBench(result));
  process.exitCode = result.errors + result.non2xx + result.timeouts > 0 ? 1 : 0;
}
