/**
 * The ingest loop: sources → worker pool (extraction) → store. The main thread reads documents,
 * skips those already stored (by document key, so a re-run does nothing and an interrupted run
 * resumes where it stopped), hands the rest to the workers, and writes results in batches, each
 * batch one transaction. A document that fails is recorded as an error and the run goes on.
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DatelineError } from '../core/diagnostics.js';
import { readParserData } from '../pipeline/parser-model.js';
import type { Limits } from '../pipeline/stage.js';
import { newSourceProgress, readSources, type SourceOptions, type SourceProgress } from '../sources/read.js';
import type { SourceDocument, SourceItem } from '../sources/document.js';
import { minhashSignature } from '../store/near-duplicates.js';
import type { Store, StoreEntry } from '../store/store.js';
import { ExtractPool } from './pool.js';
import type { ProgressState } from './progress.js';

export interface IngestOptions {
  store: Store;
  /** Worker threads (default: the machine's available parallelism). */
  workers: number;
  limits: Partial<Limits> & { maxBytes: number };
  gazetteers?: string[];
  /** Results written per transaction. */
  batchSize?: number;
  /** Longest a finished result waits before it is written, in ms. */
  flushMs?: number;
  stdin?: SourceOptions['stdin'];
  onProgress?: (state: ProgressState) => void;
  /** Checked between documents: when it returns true the run stops reading, finishes what is in flight and writes it. */
  shouldStop?: () => boolean;
  /** V8's heap growing percent while the run lasts (default `INGEST_HEAP_GROWING_PERCENT`; 0 leaves V8's own). */
  heapGrowingPercent?: number;
  /** Young-generation size of each worker thread, MB (default `WORKER_YOUNG_GENERATION_MB`; 0 leaves V8's own). */
  workerYoungGenerationMb?: number;
  /** Bytes of documents in flight at most (default `INGEST_IN_FLIGHT_BYTES`; one document always goes). */
  inFlightBytes?: number;
}

/**
 * Young-generation size of an ingest worker, MB: 24 MB holds 8 MB semi-spaces where V8 would grow
 * them to 16 MB (48 MB). The pipeline's garbage is short-lived enough that the smaller nursery
 * costs no measurable CPU, and each worker holds ≈ 20 MB less (2 workers, 1,000 bench articles:
 * peak RSS 531 → 492 MB).
 */
export const WORKER_YOUNG_GENERATION_MB = 24;

/**
 * V8's heap growing factor while an ingest runs, as a percent (1.5×). Each thread's live heap is
 * small (the main thread ≈ 45 MB, a worker ≈ 55 MB, the parser model aside) but the run allocates
 * fast, and V8 lets a heap grow up to 4× its live size between full collections on a machine with
 * this much memory: over a run each of the three heaps climbed past 150–200 MB. At 1.5× they stay
 * near 70–100 MB (2 workers, 1,000 bench articles: peak RSS 677 → 531 MB) for a CPU cost within
 * what the ingest bench can tell apart on this shared machine (README, ingest memory). A V8 flag is process-wide: it is
 * set when the workers start (so they get it too) and put back when the run ends.
 */
export const INGEST_HEAP_GROWING_PERCENT = 50;

/**
 * Documents in flight per worker thread during an ingest. A batch write blocks the main thread
 * (better-sqlite3 is synchronous) for about as long as a worker takes for 5–7 documents (32
 * articles, 3–4 ms each, against 15–20 ms a document), and nothing can be sent to a worker
 * meanwhile: with 2 in flight, the workers ran out and waited for each write to end.
 */
export const INGEST_PIPELINE_DEPTH = 8;

/**
 * Bytes of the documents in flight at most (one document is always let through, whatever its
 * size): eight pages of up to `--max-bytes` each per worker would otherwise pile up in memory.
 */
export const INGEST_IN_FLIGHT_BYTES = 64 * 1024 * 1024;

/** Memory a document holds until its worker is done with it: its bytes, or its text (UTF-16). */
const documentBytes = (document: SourceDocument): number => document.bytes?.byteLength ?? (document.text?.length ?? 0) * 2;

/**
 * Sets V8's heap growing percent for the process; returns what puts the previous one back. A heap
 * takes the new factor at its next full collection: workers started afterwards have it from the
 * start, but the main thread's next one could be 150 MB away, so one is run now (with `gc`
 * exposed for a moment to a new context when the process was not started with `--expose-gc`).
 */
function setHeapGrowingPercent(percent: number): () => void {
  if (percent <= 0) return () => {};
  // Only a command-line flag can have set it before (the API reads none back): else V8's default, 0.
  const own = [...process.execArgv].reverse().find((flag) => flag.startsWith('--heap-growing-percent='));
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  const exposed = process.execArgv.includes('--expose-gc');
  if (!exposed) v8.setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  if (!exposed) v8.setFlagsFromString('--no-expose-gc');
  collect();
  return () => v8.setFlagsFromString(own ?? '--heap-growing-percent=0');
}

export interface IngestSummary {
  /** Documents seen (articles, errors, skipped). */
  documents: number;
  stored: number;
  /** Already in the store from an earlier run. */
  skipped: number;
  failed: number;
  filesSkipped: number;
  seconds: number;
  articlesPerSecond: number;
  /** True when the run was stopped early (`shouldStop`). */
  interrupted: boolean;
}

const LOOKUP_BATCH = 64;

export async function ingest(inputs: readonly string[], options: IngestOptions): Promise<IngestSummary> {
  const { store } = options;
  const batchSize = options.batchSize ?? 32;
  const flushMs = options.flushMs ?? 1000;
  let started = performance.now();
  // The workers start (each loads the pipeline, seconds) only once there is something to extract: a re-run over a stored folder is quick.
  let pool: ExtractPool | undefined;
  let restoreHeapGrowing = (): void => {};
  const startPool = async (): Promise<ExtractPool> => {
    if (pool) return pool;
    // The parser model is read once here, on SharedArrayBuffers, and every worker scores with that copy.
    let parser;
    try {
      parser = readParserData(undefined, { shared: true, scoringOnly: true });
    } catch (error) {
      throw new DatelineError('INGEST_WORKER_START', `the extraction workers could not start: ${(error as Error).message.replace(/^dateline: /, '')}`, { cause: error });
    }
    restoreHeapGrowing = setHeapGrowingPercent(options.heapGrowingPercent ?? INGEST_HEAP_GROWING_PERCENT);
    const young = options.workerYoungGenerationMb ?? WORKER_YOUNG_GENERATION_MB;
    const created = new ExtractPool(options.workers, { gazetteers: options.gazetteers ?? [], limits: options.limits, parser, minhash: 'caller' }, young > 0 ? { maxYoungGenerationSizeMb: young } : undefined, INGEST_PIPELINE_DEPTH);
    pool = created;
    try {
      await created.ready();
    } catch (error) {
      throw new DatelineError('INGEST_WORKER_START', `the extraction workers could not start: ${(error as Error).message.replace(/^dateline: /, '')}`, { cause: error });
    }
    // Rates are of extraction, not of loading the pipeline.
    started = performance.now();
    return created;
  };
  const progress: SourceProgress = newSourceProgress();
  const state: ProgressState = { done: 0, stored: 0, skipped: 0, failed: 0, filesDone: 0, filesTotal: 0, elapsedMs: 0 };
  const report = (): void => {
    state.filesDone = progress.filesDone;
    state.filesTotal = progress.filesTotal;
    state.bytesDone = progress.bytesDone;
    state.bytesTotal = progress.bytesTotal;
    state.elapsedMs = performance.now() - started;
    options.onProgress?.(state);
  };

  let pending: StoreEntry[] = [];
  let lastFlush = performance.now();
  let writing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    if (pending.length === 0) return writing;
    const entries = pending;
    pending = [];
    lastFlush = performance.now();
    writing = writing.then(() => store.saveBatch(entries));
    return writing;
  };
  /** Batches handed to `flush` and not written yet (the writes run one after the other). */
  let unwritten = 0;
  /** The first failed write: the run stops sending documents (every later write would fail behind it). */
  let writeFailure: { error: unknown } | undefined;
  const push = (entry: StoreEntry): void => {
    pending.push(entry);
    if (entry.kind === 'article') state.stored++;
    else state.failed++;
    state.done++;
    report();
    if (pending.length >= batchSize || performance.now() - lastFlush > flushMs) {
      unwritten++;
      flush().then(
        () => void unwritten--,
        (error: unknown) => {
          unwritten--;
          writeFailure ??= { error };
        },
      );
    }
  };

  // In flight: documents sent to the workers and not answered yet. A finished one leaves at once,
  // whether or not its batch is written, so the workers always have the next documents in hand
  // (`INGEST_PIPELINE_DEPTH`); memory is bounded by waiting, before sending more, while more than
  // one batch is waiting for its write.
  const inFlight = new Set<Promise<void>>();
  const maxInFlight = options.workers * INGEST_PIPELINE_DEPTH;
  let inFlightBytes = 0;
  const byteBudget = options.inFlightBytes ?? INGEST_IN_FLIGHT_BYTES;
  const submit = async (document: SourceDocument): Promise<void> => {
    const workers = await startPool();
    const size = documentBytes(document);
    inFlightBytes += size;
    const task = workers.extract(document).then((result) => {
      const ref = { key: document.key, uri: document.uri, format: document.format, ...(document.meta.line !== undefined ? { line: document.meta.line } : {}) };
      if (result.ok) {
        // Made here rather than in the worker (see WorkerSettings.minhash).
        const nearSignature = result.nearSignature ?? minhashSignature(result.record.text);
        push({
          kind: 'article',
          record: result.record,
          meta: { document: ref, encodedRecord: result.encoded, ...(nearSignature ? { nearSignature } : {}), ...(result.canonicalUrl ? { canonicalUrl: result.canonicalUrl } : {}), ...(result.charsetRule ? { charsetRule: result.charsetRule } : {}) },
        });
      } else {
        push({ kind: 'error', error: { document: ref, code: result.code, message: result.message, stage: result.stage } });
      }
    });
    const tracked = task.finally(() => {
      inFlight.delete(tracked);
      inFlightBytes -= size;
    });
    inFlight.add(tracked);
  };
  /** Waits until `document` may be sent: a worker has room, the bytes in flight allow it, and at most one batch waits for its write. */
  const room = async (document: SourceDocument): Promise<void> => {
    const size = documentBytes(document);
    for (;;) {
      if (writeFailure) throw writeFailure.error;
      if (unwritten > 1) await writing;
      else if (inFlight.size >= maxInFlight || (inFlight.size > 0 && inFlightBytes + size > byteBudget)) await Promise.race(inFlight);
      else return;
    }
  };

  const dispatch = async (items: SourceItem[]): Promise<void> => {
    const known = await store.knownDocuments(items.map((item) => (item.kind === 'document' ? item.document.key : item.error.key)));
    for (const item of items) {
      const key = item.kind === 'document' ? item.document.key : item.error.key;
      if (known.has(key)) {
        state.skipped++;
        state.done++;
        continue;
      }
      if (item.kind === 'error') {
        const { error } = item;
        push({ kind: 'error', error: { document: { key, uri: error.uri, format: error.format, ...(error.line !== undefined ? { line: error.line } : {}) }, code: error.code, message: error.message, stage: 'source' } });
        continue;
      }
      await room(item.document);
      await submit(item.document);
    }
    report();
  };

  let interrupted = false;
  try {
    let batch: SourceItem[] = [];
    for await (const item of readSources(inputs, { maxBytes: options.limits.maxBytes, ...(options.stdin ? { stdin: options.stdin } : {}) }, progress)) {
      if (options.shouldStop?.()) {
        interrupted = true;
        break;
      }
      batch.push(item);
      if (batch.length >= LOOKUP_BATCH) {
        await dispatch(batch);
        batch = [];
      }
    }
    if (!interrupted) await dispatch(batch);
    await Promise.all(inFlight);
    await flush();
    await writing;
  } finally {
    await pool?.close();
    restoreHeapGrowing();
  }
  const seconds = (performance.now() - started) / 1000;
  report();
  return {
    documents: state.done,
    stored: state.stored,
    skipped: state.skipped,
    failed: state.failed,
    filesSkipped: progress.filesSkipped,
    seconds,
    articlesPerSecond: (state.stored + state.failed) / seconds,
    interrupted,
  };
}
