/**
 * Scale-out benchmark (`npm run bench:scale`): the same generated corpus (`corpus.ts`, from the
 * MEANTIME dev sentences read at run time) done through a BullMQ queue by 1 and then 2 `dateline
 * worker` processes (concurrency 1 each) into a fresh store, and the ratio. Workers are started
 * and warmed up before the clock starts (`--warm-up` articles per worker, not counted: V8 compiles
 * the pipeline's code over its first few hundred articles, on background threads that take the
 * other core, so a short run measures the compiler, not the steady state); the clock runs from the
 * first job enqueued to the last job completed. Per job it also splits where time goes, from what
 * each job returns: the pipeline on its thread, re-reading the document, the store's save, and
 * the rest (queue round trips), so overhead = wall time per job × workers − pipeline time. As
 * wall time hides work done on the other core, it also reads the CPU time spent while the clock
 * ran (Linux /proc): the workers' pipeline threads, their main threads (queue handling and the
 * store's save) and SQLite's checkpoint threads, Redis, and the PostgreSQL backends of the workers (told apart by an
 * `application_name` added to the store URL); overhead on the CPU = (main + Redis + PostgreSQL) /
 * pipeline threads.
 * Run: `node dist/bench/scale.js [--articles N] [--warm-up 400] [--workers 1,2] [--redis URL] [--postgres URL] [--json]`.
 * Uses scratch queue names (removed afterwards) and stores in a temporary folder or scratch schemas.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  /**
   * CPU per article while the clock ran, ms (Linux /proc): the worker processes' pipeline threads
   * (everything but the main thread and the store's own threads: the pipeline and its garbage
   * collection), their main threads (queue handling, the store's save, receiving records) with the
   * store's own threads (SQLite's checkpoint thread, from the thread id each worker logs), Redis,
   * and PostgreSQL's backends serving the workers (null for SQLite, whose work is in the workers).
   */
  cpu: { pipelineMs: number; mainMs: number; redisMs: number; postgresMs: number | null } | null;
  /** (main + Redis + PostgreSQL CPU) / pipeline-thread CPU: queue + store overhead on the CPU. */
  cpuOverheadShare: number | null;
}

/** Articles per worker process done before the clock starts (see the header). */
const DEFAULT_WARM_UP = 400;

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

/** The store's own threads of each worker process (SQLite's checkpointing thread), by process id, from the workers' log lines. */
const storeThreads = new Map<number, Set<number>>();

/** Starts a worker process (added to `children` at once, so it is stopped even if it never gets ready). */
function startWorker(args: string[], children: ChildProcess[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'dateline.js'), 'worker', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let text = '';
  return new Promise((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      for (const match of chunk.matchAll(/WAL checkpoints on their own thread \(thread (\d+)\)/g)) {
        const threads = storeThreads.get(child.pid!) ?? new Set<number>();
        threads.add(Number(match[1]));
        storeThreads.set(child.pid!, threads);
      }
      if (text.includes('worker ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`a worker exited (${code}) before it was ready:\n${text}`)));
  });
}

async function until(queue: Queue, total: number): Promise<void> {
  for (;;) {
    const counts = await queue.getJobCounts('completed', 'failed');
    if ((counts['completed'] ?? 0) + (counts['failed'] ?? 0) >= total) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** CPU time (user + system) of a process or one of its threads, ms; 0 when gone or not Linux. */
function cpuMs(path: string): number {
  try {
    const fields = readFileSync(path, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
const CLOCK_TICKS = 100;

/** The redis-server process listening on the URL's port (by its command line), if it runs here. */
function redisPid(url: string): number | undefined {
  const port = new URL(url).port || '6379';
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const line = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        if (line.startsWith('redis-server') && line.includes(`:${port}`)) return Number(entry);
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    // no /proc
  }
  return undefined;
}

interface CpuSample {
  pipeline: number;
  main: number;
  redis: number;
  postgres: Map<number, number>;
}

/** CPU of the workers (whole process and main thread), Redis and the PostgreSQL backends named `application` (those of the workers). */
async function sampleCpu(children: readonly ChildProcess[], redis: number | undefined, postgresUrl: string | undefined, application: string): Promise<CpuSample> {
  let pipeline = 0;
  let main = 0;
  for (const child of children) {
    const whole = cpuMs(`/proc/${child.pid}/stat`);
    // The main thread and the store's own threads (SQLite's checkpoints) are the store and queue's work; the rest is the pipeline's.
    let own = cpuMs(`/proc/${child.pid}/task/${child.pid}/stat`);
    for (const thread of storeThreads.get(child.pid!) ?? []) own += cpuMs(`/proc/${child.pid}/task/${thread}/stat`);
    pipeline += whole - own;
    main += own;
  }
  const postgres = new Map<number, number>();
  if (postgresUrl) {
    const client = new pg.Client(postgresUrl);
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [application]);
      for (const { pid } of rows) postgres.set(pid, cpuMs(`/proc/${pid}/stat`));
    } finally {
      await client.end();
    }
  }
  return { pipeline, main, redis: redis ? cpuMs(`/proc/${redis}/stat`) : 0, postgres };
}

const mean = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);

async function run(workers: number, warmUp: { path: string; count: number }, corpus: string, count: number, redis: string, store: string, postgres: { url: string; application: string } | undefined): Promise<ScaleRun> {
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
    await enqueue(warmUp.path);
    await until(queue, warmUp.count);
    await queue.clean(0, 10_000, 'completed');
    const redisProcess = redisPid(redis);
    const before = await sampleCpu(children, redisProcess, postgres?.url, postgres?.application ?? '');
    const started = performance.now();
    await enqueue(corpus);
    await until(queue, count);
    const seconds = (performance.now() - started) / 1000;
    const afterRun = await sampleCpu(children, redisProcess, postgres?.url, postgres?.application ?? '');
    let postgresMs = 0;
    for (const [pid, ms] of afterRun.postgres) postgresMs += ms - (before.postgres.get(pid) ?? 0);
    const cpu = existsSync('/proc/self/stat')
      ? {
          pipelineMs: (afterRun.pipeline - before.pipeline) / count,
          mainMs: (afterRun.main - before.main) / count,
          redisMs: (afterRun.redis - before.redis) / count,
          postgresMs: postgres ? postgresMs / count : null,
        }
      : null;
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
      cpu,
      cpuOverheadShare: cpu && cpu.pipelineMs > 0 ? (cpu.mainMs + cpu.redisMs + (cpu.postgresMs ?? 0)) / cpu.pipelineMs : null,
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
      'warm-up': { type: 'string', default: String(DEFAULT_WARM_UP) },
      workers: { type: 'string', default: '1,2' },
      redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
      postgres: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const count = Number(values.articles);
  const warmUpPerWorker = Number(values['warm-up']);
  const workerCounts = values.workers.split(',').map(Number);
  if (!Number.isInteger(warmUpPerWorker) || warmUpPerWorker < 1) throw new Error('bench:scale: --warm-up must be a positive whole number');
  const dir = mkdtempSync(join(tmpdir(), 'dateline-bench-scale-'));
  const schemas: string[] = [];
  try {
    // The warm-up articles come first in the generated sequence, the timed ones after all of them.
    const warmUpMost = warmUpPerWorker * Math.max(...workerCounts);
    const corpus = await writeCorpus(dir, 'corpus', count, warmUpMost);
    const runs: ScaleRun[] = [];
    for (const workers of workerCounts) {
      // Each run gets its own warm-up articles and a fresh store, so nothing is found already stored.
      const warmUpCount = warmUpPerWorker * workers;
      const warmUp = { path: await writeCorpus(dir, `warm-up-${workers}`, warmUpCount, 0), count: warmUpCount };
      let store = join(dir, `scale-${workers}.db`);
      let postgres: { url: string; application: string } | undefined;
      if (values.postgres) {
        const schema = `dateline_bench_scale_${workers}_${process.pid}`;
        schemas.push(schema);
        // The workers' connections carry their own application name, so their backends' CPU can be told from others'.
        const application = `dateline-bench-scale-${process.pid}-${workers}`;
        store = `${values.postgres}${values.postgres.includes('?') ? '&' : '?'}schema=${schema}&application_name=${application}`;
        postgres = { url: values.postgres, application };
      }
      runs.push(await run(workers, warmUp, corpus, count, values.redis, store, postgres));
    }
    const base = runs.find((r) => r.workers === 1);
    const load = loadavg()[0]!;
    if (values.json) {
      process.stdout.write(JSON.stringify({ articles: count, warmUpPerWorker, store: values.postgres ? 'postgres' : 'sqlite', loadAverage: load, runs, ratio: base ? Object.fromEntries(runs.map((r) => [r.workers, r.articlesPerSecond / base.articlesPerSecond])) : {} }) + '\n');
      return;
    }
    for (const r of runs) {
      const speedup = base && r !== base ? ` = ${(r.articlesPerSecond / base.articlesPerSecond).toFixed(2)}× one worker` : '';
      process.stdout.write(
        `${r.workers} worker process(es): ${r.articles} articles (${r.failed} failed) in ${r.seconds.toFixed(1)} s = ${r.articlesPerSecond.toFixed(2)} articles/s${speedup}\n` +
          `  per job: pipeline ${r.pipelineMs.toFixed(0)} ms, re-read ${r.readMs.toFixed(1)} ms, store save ${r.saveMs.toFixed(1)} ms (group commit wait included); wall per job per worker ${r.jobWallMs.toFixed(0)} ms → queue + store overhead ${(r.overheadShare * 100).toFixed(1)}% of the pipeline (wall)\n` +
          (r.cpu
            ? `  CPU per article: pipeline threads ${r.cpu.pipelineMs.toFixed(1)} ms; worker main threads (queue, save; and SQLite's checkpoint threads) ${r.cpu.mainMs.toFixed(1)} ms, Redis ${r.cpu.redisMs.toFixed(1)} ms${r.cpu.postgresMs === null ? '' : `, PostgreSQL ${r.cpu.postgresMs.toFixed(1)} ms`} → queue + store overhead ${((r.cpuOverheadShare ?? 0) * 100).toFixed(0)}% of the pipeline (CPU)\n`
            : ''),
      );
    }
    process.stdout.write(`store: ${values.postgres ? 'PostgreSQL' : 'SQLite (one file shared by the workers)'}; ${warmUpPerWorker} articles per worker done before the clock; load average at the end: ${load.toFixed(1)} on 2 cores\n`);
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
