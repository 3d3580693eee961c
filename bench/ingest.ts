/**
 * Ingest benchmark: articles/s into a fresh SQLite store with 1 and with 2 worker threads (and the
 * ratio), peak RSS of the ingesting process (main thread and workers are one process), the store
 * file's size as it grows (per 1,000 articles), and where the time goes: the bare pipeline per
 * article (one thread, no store), the worker's extra work (gzip of the record) and the
 * main thread's (MinHash, store writes, reading sources), so pipeline time and ingest overhead are apart.
 *
 * The corpus is generated at run time from the MEANTIME dev sentences (`corpus.ts`, read from
 * ../shared, never copied): distinct ~600-token articles, 2% wire copies. Each ingest runs in a
 * child process of its own so its peak RSS is its own; the child loads only what an ingest needs
 * (the corpus generator and the bare-pipeline timing are imported by the parent alone), so its RSS
 * is the ingest's (as `dateline ingest`'s is: each CLI command loads its modules when it runs). Start-up
 * (loading the pipeline in the workers) is left out of the rates.
 *
 * Run: `node dist/bench/ingest.js [--articles 2000] [--workers 1,2] [--pipeline-sample 100] [--pipeline-warm-up 300] [--checkpoints 10] [--heap-growing-percent N] [--worker-young-mb N] [--keep] [--json]`
 * (V8's heap growing percent during the ingest and the workers' young generation, MB: defaults
 * `INGEST_HEAP_GROWING_PERCENT` and `WORKER_YOUNG_GENERATION_MB` of `src/ingest/ingest.ts`; 0 for V8's own). `--keep` keeps the corpus
 * and the stores (to time saves into a large store afterwards).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ingest } from '../src/ingest/ingest.js';
import { openStore } from '../src/store/open.js';
import type { Store, StoreEntry } from '../src/store/store.js';
import type { GeneratedArticle } from './corpus.js';

export interface IngestBenchRun {
  workers: number;
  articles: number;
  failed: number;
  nearDuplicates: number;
  seconds: number;
  articlesPerSecond: number;
  /** Peak resident memory of the ingesting process (main thread + worker threads), MB. */
  peakRssMb: number;
  storeBytes: number;
  /** Store size (file + WAL) after every checkpoint: [articles stored, bytes]. */
  growth: [number, number][];
  /** At every checkpoint: [articles stored, RSS MB then, main-thread store-write ms per article since the previous checkpoint]: does memory or save time climb with the store? */
  progress: [number, number, number][];
  /** Main-thread time in `saveBatch` (store writes, near-duplicate links), ms per article. */
  saveMsPerArticle: number;
  /** Share of the run the main thread's event loop was busy (sources, messages, store). */
  mainThreadBusy: number;
  /** CPU time of the whole process (main thread + workers) per article, ms: what the rate would be on idle cores. */
  cpuMsPerArticle: number;
  /** The 1-minute load average when the run ended (the machine is shared: wall-clock rates depend on it). */
  loadAverage: number;
}

/** CPU ms per article of each part of ingest, measured one after the other in one thread (so other processes on the machine do not count). */
export interface PipelineCost {
  articles: number;
  /** The bare pipeline (no store). */
  pipelineMs: number;
  /** The worker's extra work: gzip of the record. */
  encodeMs: number;
  /** The MinHash signature (made by the main thread, see `WorkerSettings.minhash`). */
  minhashMs: number;
  /** The main thread's store writes (`saveBatch` in batches of 32: rows, event clusters, near-duplicate links). */
  saveMs: number;
}

/** Writes `count` generated articles as one JSONL file in `dir`; returns its path and the articles' count of wire copies. */
export async function writeBenchCorpus(dir: string, count: number): Promise<{ path: string; wireCopies: number }> {
  const { generateBenchArticles } = await import('./corpus.js');
  const path = join(dir, 'bench.jsonl');
  const out = createWriteStream(path);
  let wireCopies = 0;
  for await (const article of generateBenchArticles(count)) {
    if (article.copyOf) wireCopies++;
    const { copyOf: _copyOf, ...record } = article;
    if (!out.write(JSON.stringify(record) + '\n')) await new Promise((resolve) => out.once('drain', () => resolve(undefined)));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { path, wireCopies };
}

const storeSize = (location: string): number => statSync(location).size + (statSync(location + '-wal', { throwIfNoEntry: false })?.size ?? 0);

/** One ingest run in this process (the child's side). */
export async function benchIngest(workers: number, input: string, location: string, checkpoints: number, expected: number, heap: { heapGrowingPercent?: number; workerYoungGenerationMb?: number } = {}): Promise<IngestBenchRun> {
  const store = await openStore(location);
  let saveMs = 0;
  const timed: Store = Object.create(store) as Store;
  timed.saveBatch = async (entries) => {
    const started = performance.now();
    try {
      await store.saveBatch(entries);
    } finally {
      saveMs += performance.now() - started;
    }
  };
  const growth: [number, number][] = [];
  const progress: [number, number, number][] = [];
  let lastSave = { stored: 0, ms: 0 };
  const every = Math.max(1, Math.floor(expected / checkpoints));
  let nextCheckpoint = every;
  let loop = performance.eventLoopUtilization();
  let cpu: NodeJS.CpuUsage | undefined;
  let counted = 0;
  try {
    const summary = await ingest([input], {
      store: timed,
      workers,
      limits: { maxBytes: 10_000_000 },
      ...heap,
      onProgress: (state) => {
        // The first result starts the clocks: the workers' start-up (loading the pipeline) is left out.
        if (!cpu) {
          cpu = process.cpuUsage();
          loop = performance.eventLoopUtilization();
          counted = state.done;
        }
        if (state.stored >= nextCheckpoint) {
          growth.push([state.stored, storeSize(location)]);
          progress.push([state.stored, Math.round(process.memoryUsage.rss() / 1048576), Math.round(((saveMs - lastSave.ms) / Math.max(1, state.stored - lastSave.stored)) * 10) / 10]);
          lastSave = { stored: state.stored, ms: saveMs };
          nextCheckpoint += every;
        }
      },
    });
    const busy = performance.eventLoopUtilization(loop).utilization;
    const used = process.cpuUsage(cpu);
    const cpuMsPerArticle = (used.user + used.system) / 1000 / Math.max(1, summary.stored + summary.failed - counted);
    const near = (await store.listArticles({ limit: 0 })).filter((row) => row.nearDuplicateOf !== null).length;
    growth.push([summary.stored, storeSize(location)]);
    return {
      workers,
      articles: summary.stored,
      failed: summary.failed,
      nearDuplicates: near,
      seconds: summary.seconds,
      articlesPerSecond: summary.articlesPerSecond,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      storeBytes: storeSize(location),
      growth,
      progress,
      saveMsPerArticle: saveMs / Math.max(1, summary.stored),
      mainThreadBusy: busy,
      cpuMsPerArticle,
      loadAverage: loadavg()[0]!,
    };
  } finally {
    await store.close();
  }
}

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/**
 * CPU cost per article of the pipeline, the record's gzip, the MinHash and the store writes, on
 * `sample` articles, in this thread, after `warmUp` others (not timed): V8 compiles the pipeline's
 * code over its first few hundred articles on background threads, whose CPU `process.cpuUsage`
 * counts, so a cold sample costs ~1.5× the steady state.
 */
export async function measurePipeline(sample: number, dir: string, warmUp = 0): Promise<PipelineCost> {
  const [{ createPipeline }, { minhashSignature }, { encodeRecord }, { generateBenchArticles }] = await Promise.all([
    import('../src/pipeline/pipeline.js'),
    import('../src/store/near-duplicates.js'),
    import('../src/store/record-codec.js'),
    import('./corpus.js'),
  ]);
  const pipeline = createPipeline();
  const articles: GeneratedArticle[] = [];
  for await (const article of generateBenchArticles(warmUp + sample)) articles.push(article);
  for (const article of articles.splice(0, warmUp)) pipeline.extract(article.text, { published: article.published, source: { kind: 'jsonl', uri: article.url, outlet: article.outlet } });
  pipeline.extract(articles[0]!.text, { published: articles[0]!.published });
  let pipelineMs = 0;
  let encodeMs = 0;
  let minhashMs = 0;
  const entries: StoreEntry[] = [];
  for (const [i, article] of articles.entries()) {
    let started = process.cpuUsage();
    const record = pipeline.extract(article.text, { published: article.published, source: { kind: 'jsonl', uri: article.url, outlet: article.outlet } });
    pipelineMs += cpuMs(started);
    started = process.cpuUsage();
    const encodedRecord = encodeRecord(record);
    encodeMs += cpuMs(started);
    started = process.cpuUsage();
    const nearSignature = minhashSignature(record.text);
    minhashMs += cpuMs(started);
    entries.push({ kind: 'article', record: { ...record, sentences: [] }, meta: { document: { key: `bench:${i}`, uri: article.url, format: 'jsonl' }, encodedRecord, ...(nearSignature ? { nearSignature } : {}) } });
  }
  const store = await openStore(join(dir, 'save-cost.db'));
  const started = process.cpuUsage();
  for (let i = 0; i < entries.length; i += 32) await store.saveBatch(entries.slice(i, i + 32));
  const saveMs = cpuMs(started);
  await store.close();
  const n = articles.length;
  return { articles: n, pipelineMs: pipelineMs / n, encodeMs: encodeMs / n, minhashMs: minhashMs / n, saveMs: saveMs / n };
}

function runChild(args: string[]): Promise<IngestBenchRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as IngestBenchRun) : reject(new Error(`the ingest bench child exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string', default: '2000' },
      workers: { type: 'string', default: '1,2' },
      'pipeline-sample': { type: 'string', default: '100' },
      'pipeline-warm-up': { type: 'string', default: '300' },
      checkpoints: { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
      child: { type: 'boolean', default: false },
      input: { type: 'string' },
      store: { type: 'string' },
      'heap-growing-percent': { type: 'string' },
      'worker-young-mb': { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const count = Number(values.articles);
  const checkpoints = Number(values.checkpoints);
  if (values.child) {
    const growing = values['heap-growing-percent'];
    const young = values['worker-young-mb'];
    const heap = { ...(growing !== undefined ? { heapGrowingPercent: Number(growing) } : {}), ...(young !== undefined ? { workerYoungGenerationMb: Number(young) } : {}) };
    const run = await benchIngest(Number(values.workers), values.input!, values.store!, checkpoints, count, heap);
    process.stdout.write(JSON.stringify(run) + '\n');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'dateline-bench-ingest-'));
  try {
    const { path: input, wireCopies } = await writeBenchCorpus(dir, count);
    const sample = Number(values['pipeline-sample']);
    const warmUp = Number(values['pipeline-warm-up']);
    const cost = sample > 0 ? await measurePipeline(sample, dir, warmUp) : undefined;
    const runs: IngestBenchRun[] = [];
    for (const workers of values.workers.split(',').map(Number)) {
      const heap = [...(values['heap-growing-percent'] !== undefined ? ['--heap-growing-percent', values['heap-growing-percent']] : []), ...(values['worker-young-mb'] !== undefined ? ['--worker-young-mb', values['worker-young-mb']] : [])];
      runs.push(await runChild(['--workers', String(workers), '--input', input, '--store', join(dir, `bench-${workers}.db`), '--articles', String(count), '--checkpoints', String(checkpoints), ...heap]));
    }
    const base = runs.find((r) => r.workers === 1);
    if (values.json) {
      process.stdout.write(JSON.stringify({ articles: count, wireCopies, pipeline: cost, runs }) + '\n');
      return;
    }
    const lines: string[] = [`corpus: ${count} generated articles (${wireCopies} wire copies)`];
    if (cost) {
      const worker = cost.pipelineMs + cost.encodeMs + cost.minhashMs;
      lines.push(
        `CPU per article, one thread, ${cost.articles} articles after ${warmUp} untimed: pipeline ${cost.pipelineMs.toFixed(1)} ms; worker extra gzip ${cost.encodeMs.toFixed(1)} ms; main thread MinHash ${cost.minhashMs.toFixed(2)} ms + store writes ${cost.saveMs.toFixed(1)} ms`,
        `  → on 2 idle cores at most ${(2000 / (worker + cost.saveMs)).toFixed(0)} articles/s (2 × 1000 / ${(worker + cost.saveMs).toFixed(1)} ms); the pipeline alone ${(2000 / cost.pipelineMs).toFixed(0)} articles/s`,
      );
    }
    for (const run of runs) {
      const speedup = base && run !== base ? ` = ${(run.articlesPerSecond / base.articlesPerSecond).toFixed(2)}× one worker` : '';
      const split = cost ? ` (pipeline ${cost.pipelineMs.toFixed(1)}, ingest overhead ${(run.cpuMsPerArticle - cost.pipelineMs).toFixed(1)})` : '';
      lines.push(
        `${run.workers} worker(s): ${run.articles} articles (${run.failed} failed, ${run.nearDuplicates} linked as near-duplicates) in ${run.seconds.toFixed(1)} s = ${run.articlesPerSecond.toFixed(1)} articles/s${speedup} at load average ${run.loadAverage.toFixed(1)}`,
        `  CPU ${run.cpuMsPerArticle.toFixed(1)} ms/article, all threads${split}; main thread busy ${(run.mainThreadBusy * 100).toFixed(0)}% of the run, in store writes ${run.saveMsPerArticle.toFixed(1)} ms/article (wall); peak RSS ${run.peakRssMb.toFixed(0)} MB`,
        `  store: ${(run.storeBytes / 1e6).toFixed(1)} MB (${(run.storeBytes / Math.max(1, run.articles) / 1024).toFixed(1)} KB/article); growth per 1,000 articles between checkpoints: ${growthPerThousand(run.growth)}`,
        `  at each checkpoint, articles: RSS MB, store writes ms/article since the previous one: ${run.progress.map(([n, rss, save]) => `${n}: ${rss}, ${save}`).join('; ')}`,
      );
    }
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    if (values.keep) process.stderr.write(`bench:ingest: kept the corpus and stores in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** MB per 1,000 articles between successive checkpoints (flat numbers: linear growth). */
function growthPerThousand(growth: readonly [number, number][]): string {
  const steps: string[] = [];
  for (let i = 1; i < growth.length; i++) {
    const [articles, bytes] = growth[i]!;
    const [previousArticles, previousBytes] = growth[i - 1]!;
    if (articles > previousArticles) steps.push(((bytes - previousBytes) / 1e6 / ((articles - previousArticles) / 1000)).toFixed(1));
  }
  return steps.length > 0 ? steps.join(', ') + ' MB' : 'n/a';
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/.*\/dist\//, '/dist/'))) await main();
