/**
 * The ingest loop: sources → worker pool (extraction) → store. The main thread reads documents,
 * skips those already stored (by document key, so a re-run does nothing and an interrupted run
 * resumes where it stopped), hands the rest to the workers, and writes results in batches, each
 * batch one transaction. A document that fails is recorded as an error and the run goes on.
 */
import { performance } from 'node:perf_hooks';
import { DatelineError } from '../core/diagnostics.js';
import type { Limits } from '../pipeline/stage.js';
import { readSources, type SourceOptions, type SourceProgress } from '../sources/read.js';
import type { SourceDocument, SourceItem } from '../sources/document.js';
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
  const startPool = async (): Promise<ExtractPool> => {
    if (pool) return pool;
    const created = new ExtractPool(options.workers, { gazetteers: options.gazetteers ?? [], limits: options.limits });
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
  const progress: SourceProgress = { filesTotal: 0, filesDone: 0, filesSkipped: 0 };
  const state: ProgressState = { done: 0, stored: 0, skipped: 0, failed: 0, filesDone: 0, filesTotal: 0, elapsedMs: 0 };
  const report = (): void => {
    state.filesDone = progress.filesDone;
    state.filesTotal = progress.filesTotal;
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
  const push = async (entry: StoreEntry): Promise<void> => {
    pending.push(entry);
    if (entry.kind === 'article') state.stored++;
    else state.failed++;
    state.done++;
    report();
    if (pending.length >= batchSize || performance.now() - lastFlush > flushMs) await flush();
  };

  const inFlight = new Set<Promise<void>>();
  const maxInFlight = options.workers * 2;
  const submit = async (document: SourceDocument): Promise<void> => {
    const workers = await startPool();
    const task = workers.extract(document).then(async (result) => {
      const ref = { key: document.key, uri: document.uri, format: document.format, ...(document.meta.line !== undefined ? { line: document.meta.line } : {}) };
      if (result.ok) {
        await push({
          kind: 'article',
          record: result.record,
          meta: { document: ref, encodedRecord: result.encoded, ...(result.nearSignature ? { nearSignature: result.nearSignature } : {}), ...(result.canonicalUrl ? { canonicalUrl: result.canonicalUrl } : {}), ...(result.charsetRule ? { charsetRule: result.charsetRule } : {}) },
        });
      } else {
        await push({ kind: 'error', error: { document: ref, code: result.code, message: result.message, stage: result.stage } });
      }
    });
    const tracked = task.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
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
        await push({ kind: 'error', error: { document: { key, uri: error.uri, format: error.format, ...(error.line !== undefined ? { line: error.line } : {}) }, code: error.code, message: error.message, stage: 'source' } });
        continue;
      }
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
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
