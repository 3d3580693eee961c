/**
 * Scale-out benchmark (`npm run bench:scale`): the same generated corpus (`corpus.ts`, from the
 * MEANTIME dev sentences read at run time) done through a BullMQ queue by 1 and then 2 `dateline
 * worker` processes (concurrency 1 each) into a fresh store, and the ratio. Workers are started
 * and warmed up (a few articles not counted) before the clock starts; the clock runs from the
 * first job enqueued to the last job completed. Per job it also splits where time goes, from what
 * each job returns: the pipeline on its thread, re-reading the document, the store's save, and
 * the rest (queue round trips), so overhead = wall time per job × workers − pipeline time.
 * Run: `node dist/bench/scale.js [--articles N] [--workers 1,2] [--redis URL] [--postgres URL] [--json]`.
 * Uses scratch queue names (removed afterwards) and stores in a temporary folder or scratch schemas.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import pg from 'pg';
import { packageRoot } from '../src/pipeline/resources.js';
import { queueConnection } from '../src/queue/connection.js';
import { enqueueDocuments } from '../src/queue/enqueue.js';
import { openStore } from '../src/store/open.js';
import type { JobOutcome } from '../src/queue/worker.js';
import { generateBenchArticles } from './corpus.js';

export interface ScaleRun {
  workers: number;
  articles: number;
  failed: number;
  seconds: number;
  articlesPerSecond: number;
  /** Mean per job, ms. */
  pipelineMs: number;
  readMs: number;
  saveMs: number;
  /** Wall time per job × workers, ms: what one job costs a worker, everything included. */
  jobWallMs: number;
  /** (jobWallMs − pipelineMs) / pipelineMs. */
  overheadShare: number;
}

const WARM_UP = 6;

async function writeCorpus(dir: string, name: string, count: number, offset: number): Promise<string> {
  const lines: string[] = [];
  let i = 0;
  for await (const article of generateBenchArticles(offset + count, { wireCopyShare: 0 })) {
    if (i++ < offset) continue;
    lines.push(JSON.stringify({ text: article.text, published: article.published, url: `${article.url}?scale=${name}` }));
  }
  const path = join(dir, `${name}.jsonl`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** Starts a worker process (added to `children` at once, so it is stopped even if it never gets ready). */
function startWorker(args: string[], children: ChildProcess[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'dateline.js'), 'worker', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let text = '';
  return new Promise((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('worker ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`a worker exited (${code}) before it was ready:\n${text}`)));
  });
}

async function until(queue: Queue, total: number): Promise<void> {
  for (;;) {
    const counts = await queue.getJobCounts('completed', 'failed');
    if ((counts['completed'] ?? 0) + (counts['failed'] ?? 0) >= total) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const mean = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);

async function run(workers: number, warmUp: string, corpus: string, count: number, redis: string, store: string): Promise<ScaleRun> {
  const queueName = `dateline-bench-scale-${workers}-${process.pid}`;
  const connection = queueConnection(redis);
  const queue = new Queue(queueName, { connection });
  const children: ChildProcess[] = [];
  try {
    // Created and migrated here, so the workers do not race to migrate it.
    await (await openStore(store)).close();
    const args = ['--queue', redis, '--queue-name', queueName, '--store', store, '--concurrency', '1'];
    await Promise.all(Array.from({ length: workers }, () => startWorker(args, children)));
    const enqueue = (path: string): ReturnType<typeof enqueueDocuments> => enqueueDocuments([path], { connection, queueName, attempts: 1, backoffMs: 1000, maxBytes: 10_000_000 });
    await enqueue(warmUp);
    await until(queue, WARM_UP);
    await queue.clean(0, 10_000, 'completed');
    const started = performance.now();
    await enqueue(corpus);
    await until(queue, count);
    const seconds = (performance.now() - started) / 1000;
    const done = await queue.getCompleted(0, -1);
    const failedJobs = await queue.getFailed(0, -1);
    const failed = failedJobs.length;
    if (failed > 0) process.stderr.write(`bench:scale: ${failed} job(s) failed, the first: ${failedJobs[0]!.failedReason.split('\n')[0]}\n`);
    const outcomes = done.map((job) => job.returnvalue as JobOutcome).filter((outcome) => outcome?.outcome === 'stored');
    const pipelineMs = mean(outcomes.map((o) => o.extractMs));
    const jobWallMs = (seconds * 1000 * workers) / count;
    return {
      workers,
      articles: outcomes.length,
      failed,
      seconds,
      articlesPerSecond: count / seconds,
      pipelineMs,
      readMs: mean(outcomes.map((o) => o.readMs)),
      saveMs: mean(outcomes.map((o) => o.saveMs)),
      jobWallMs,
      overheadShare: (jobWallMs - pipelineMs) / pipelineMs,
    };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.on('exit', resolve)) : undefined)));
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string', default: '60' },
      workers: { type: 'string', default: '1,2' },
      redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
      postgres: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const count = Number(values.articles);
  const dir = mkdtempSync(join(tmpdir(), 'dateline-bench-scale-'));
  const schemas: string[] = [];
  try {
    const corpus = await writeCorpus(dir, 'corpus', count, WARM_UP);
    const runs: ScaleRun[] = [];
    for (const workers of values.workers.split(',').map(Number)) {
      // Each run gets its own warm-up articles and a fresh store, so nothing is found already stored.
      const warmUp = await writeCorpus(dir, `warm-up-${workers}`, WARM_UP, 0);
      let store = join(dir, `scale-${workers}.db`);
      if (values.postgres) {
        const schema = `dateline_bench_scale_${workers}_${process.pid}`;
        schemas.push(schema);
        store = `${values.postgres}${values.postgres.includes('?') ? '&' : '?'}schema=${schema}`;
      }
      runs.push(await run(workers, warmUp, corpus, count, values.redis, store));
    }
    const base = runs.find((r) => r.workers === 1);
    const load = loadavg()[0]!;
    if (values.json) {
      process.stdout.write(JSON.stringify({ articles: count, store: values.postgres ? 'postgres' : 'sqlite', loadAverage: load, runs, ratio: base ? Object.fromEntries(runs.map((r) => [r.workers, r.articlesPerSecond / base.articlesPerSecond])) : {} }) + '\n');
      return;
    }
    for (const r of runs) {
      const speedup = base && r !== base ? ` = ${(r.articlesPerSecond / base.articlesPerSecond).toFixed(2)}× one worker` : '';
      process.stdout.write(
        `${r.workers} worker process(es): ${r.articles} articles (${r.failed} failed) in ${r.seconds.toFixed(1)} s = ${r.articlesPerSecond.toFixed(2)} articles/s${speedup}\n` +
          `  per job: pipeline ${r.pipelineMs.toFixed(0)} ms, re-read ${r.readMs.toFixed(1)} ms, store save ${r.saveMs.toFixed(1)} ms; wall per job per worker ${r.jobWallMs.toFixed(0)} ms → queue + store overhead ${(r.overheadShare * 100).toFixed(1)}% of the pipeline\n`,
      );
    }
    process.stdout.write(`store: ${values.postgres ? 'PostgreSQL' : 'SQLite (one file shared by the workers)'}; load average at the end: ${load.toFixed(1)} on 2 cores\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (schemas.length > 0) {
      const client = new pg.Client(values.postgres);
      await client.connect();
      for (const schema of schemas) await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/.*\/dist\//, '/dist/'))) await main();
