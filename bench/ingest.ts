/**
 * Ingest throughput: articles/s into a fresh SQLite store with 1 and with 2 worker threads, on the
 * MEANTIME dev texts (read from ../shared at run time, never copied) cycled to the wanted count,
 * each copy made distinct by a closing line so every article is new to the store. Times only
 * extraction and storing (the workers' start-up, which loads the pipeline, is left out) and
 * reports the process's peak RSS (workers included). Run: `node dist/bench/ingest.js [--articles N] [--workers 1,2] [--json]`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readMeantimeFolder } from '../eval/meantime.js';
import { ingest } from '../src/ingest/ingest.js';
import { openStore } from '../src/store/open.js';
import { defaultCorpusDir } from './corpus.js';

export interface IngestBenchRun {
  workers: number;
  articles: number;
  failed: number;
  seconds: number;
  articlesPerSecond: number;
  storeBytes: number;
}

/** Writes `count` articles cycled from the MEANTIME dev texts as one JSONL file in `dir`; returns its path. */
export async function writeBenchCorpus(dir: string, count: number, corpusDir = defaultCorpusDir()): Promise<string> {
  const documents = await readMeantimeFolder(corpusDir);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const document = documents[i % documents.length]!;
    const text = `${document.text}\n\n(Dateline benchmark copy ${i + 1}.)`;
    lines.push(JSON.stringify({ text, ...(document.published ? { published: document.published } : {}), url: `https://bench.example.org/${i + 1}` }));
  }
  const path = join(dir, 'bench.jsonl');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

export async function benchIngest(workers: number, input: string, dir: string): Promise<IngestBenchRun> {
  const location = join(dir, `bench-${workers}.db`);
  const store = await openStore(location);
  try {
    const summary = await ingest([input], { store, workers, limits: { maxBytes: 10_000_000 } });
    const { statSync } = await import('node:fs');
    const storeBytes = statSync(location).size + (statSync(location + '-wal', { throwIfNoEntry: false })?.size ?? 0);
    return { workers, articles: summary.stored, failed: summary.failed, seconds: summary.seconds, articlesPerSecond: summary.articlesPerSecond, storeBytes };
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { articles: { type: 'string', default: '120' }, workers: { type: 'string', default: '1,2' }, json: { type: 'boolean', default: false } } });
  const count = Number(values.articles);
  const dir = mkdtempSync(join(tmpdir(), 'dateline-bench-ingest-'));
  try {
    const input = await writeBenchCorpus(dir, count);
    const runs: IngestBenchRun[] = [];
    for (const workers of values.workers.split(',').map(Number)) runs.push(await benchIngest(workers, input, dir));
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const base = runs.find((r) => r.workers === 1);
    if (values.json) {
      process.stdout.write(JSON.stringify({ articles: count, runs, peakRssMb }) + '\n');
      return;
    }
    for (const run of runs) {
      const speedup = base && run !== base ? ` (${(run.articlesPerSecond / base.articlesPerSecond).toFixed(2)}× one worker)` : '';
      process.stdout.write(
        `${run.workers} worker(s): ${run.articles} articles (${run.failed} failed) in ${run.seconds.toFixed(1)} s = ${run.articlesPerSecond.toFixed(1)} articles/s${speedup}; store ${(run.storeBytes / 1e6).toFixed(1)} MB (${(run.storeBytes / Math.max(1, run.articles) / 1024).toFixed(1)} KB/article)\n`,
      );
    }
    process.stdout.write(`peak RSS (main thread + workers): ${peakRssMb.toFixed(0)} MB\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/.*\/dist\//, '/dist/'))) await main();
