/**
 * `dateline worker`: a BullMQ Worker that takes document jobs, reads each referenced document
 * again (`job.ts`), runs the pipeline on the ingest worker threads (`ExtractPool`: concurrency N
 * is N pipeline threads, so the main thread stays free to renew job locks) and saves the result in
 * the store (entries finished while a save runs are committed together). Saving is idempotent (by document key and article id), so a job
 * done twice, after a stall or a lost acknowledgement, changes nothing; a document already stored
 * is not extracted again. Pipeline crashes are thrown so BullMQ retries them with backoff; after
 * the last attempt the job stays in the queue's failed set, the dead-letter list. A document that
 * simply holds no article (empty, binary, no text in the page) is recorded as a document error in
 * the store, as a local ingest does, and its job completes. Never decides what to enqueue.
 */
import { performance } from 'node:perf_hooks';
import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import { DatelineError } from '../core/diagnostics.js';
import { ExtractPool } from '../ingest/pool.js';
import type { Limits } from '../pipeline/stage.js';
import type { Store, StoreEntry } from '../store/store.js';
import { jobFailure, readJobDocument, type DocumentJob } from './job.js';

/** Jobs in hand per pipeline thread: one running, the others read, waiting or being saved. */
const JOBS_PER_THREAD = 4;

/** Pipeline failures worth another attempt (a crash may be the machine's, not the document's). */
const RETRIED_CODES = new Set(['PIPELINE_CRASHED', 'WORKER_CRASHED']);

export interface QueueWorkerOptions {
  connection: ConnectionOptions;
  queueName: string;
  store: Store;
  /** Pipeline threads; four jobs per thread are in hand (one running, the others read, waiting or being saved). */
  concurrency: number;
  /**
   * How long a job's lock lasts without renewal, in ms; also how often stalled jobs (whose worker
   * died) are looked for and put back in the queue.
   */
  lockMs: number;
  limits: Partial<Limits> & { maxBytes: number };
  gazetteers?: string[];
  /** Log lines (the CLI writes them to stderr). */
  log?: (message: string) => void;
}

/** What a job returns (kept by BullMQ with the finished job): what happened and where the time went. */
export interface JobOutcome {
  outcome: 'stored' | 'document-error' | 'already-stored';
  articleId?: string;
  /** The document error's code when `outcome` is `document-error`. */
  code?: string;
  /** Reading the document again and asking the store whether it is known. */
  readMs: number;
  /** The pipeline on its thread (message passing included; waiting for a free thread left out). */
  extractMs: number;
  saveMs: number;
  totalMs: number;
}

export interface WorkerCounts {
  stored: number;
  documentErrors: number;
  alreadyStored: number;
  /** Attempts that failed (retried or dead-lettered). */
  failedAttempts: number;
  deadLettered: number;
}

export class QueueWorker {
  private closing: Promise<void> | undefined;
  private lastError = { message: '', at: 0 };

  private constructor(
    readonly counts: WorkerCounts,
    private readonly worker: Worker<DocumentJob, JobOutcome>,
    private readonly pool: ExtractPool,
    private readonly log: (message: string) => void,
  ) {}

  /** Builds the pipeline threads, then starts taking jobs. */
  static async start(options: QueueWorkerOptions): Promise<QueueWorker> {
    const log = options.log ?? (() => {});
    const pool = new ExtractPool(options.concurrency, { gazetteers: options.gazetteers ?? [], limits: options.limits });
    try {
      await pool.ready();
    } catch (error) {
      await pool.close();
      throw new DatelineError('QUEUE_WORKER_START', `the pipeline threads could not start: ${(error as Error).message.replace(/^dateline: /, '')}`, { cause: error });
    }
    const { store } = options;
    const maxBytes = options.limits.maxBytes;
    const threads = new Slots(options.concurrency);
    const saver = new GroupSaver(store);
    const counts: WorkerCounts = { stored: 0, documentErrors: 0, alreadyStored: 0, failedAttempts: 0, deadLettered: 0 };
    const processJob = async (job: Job<DocumentJob, JobOutcome>): Promise<JobOutcome> => {
      const started = performance.now();
      const document = readJobDocument(job.data, maxBytes);
      const known = await store.knownDocuments([document.key]);
      const read = performance.now();
      if (known.has(document.key)) {
        counts.alreadyStored++;
        return { outcome: 'already-stored', readMs: read - started, extractMs: 0, saveMs: 0, totalMs: read - started };
      }
      // Waiting for a free thread is not the pipeline's time: take a thread slot first, then time the extraction.
      await threads.acquire();
      const extracting = performance.now();
      const result = await pool.extract(document).finally(() => threads.release());
      const extracted = performance.now();
      if (!result.ok && RETRIED_CODES.has(result.code)) throw jobFailure(result.code, result.message, true);
      const ref = { key: document.key, uri: document.uri, format: document.format, ...(document.meta.line !== undefined ? { line: document.meta.line } : {}) };
      const entry: StoreEntry = result.ok
        ? {
            kind: 'article',
            record: result.record,
            meta: { document: ref, encodedRecord: result.encoded, ...(result.canonicalUrl ? { canonicalUrl: result.canonicalUrl } : {}), ...(result.charsetRule ? { charsetRule: result.charsetRule } : {}) },
          }
        : { kind: 'error', error: { document: ref, code: result.code, message: result.message, stage: result.stage } };
      await saver.save(entry);
      const saved = performance.now();
      const timing = { readMs: read - started, extractMs: extracted - extracting, saveMs: saved - extracted, totalMs: saved - started };
      if (result.ok) {
        counts.stored++;
        log(`stored ${document.uri} as article ${result.record.id.slice(0, 12)} (job ${job.id}, pipeline ${timing.extractMs.toFixed(0)} ms, job ${timing.totalMs.toFixed(0)} ms)`);
        return { outcome: 'stored', articleId: result.record.id, ...timing };
      }
      counts.documentErrors++;
      log(`${document.uri}: ${result.code}: ${result.message} (recorded in the store; job ${job.id})`);
      return { outcome: 'document-error', code: result.code, ...timing };
    };
    const worker = new Worker<DocumentJob, JobOutcome>(options.queueName, processJob, {
      connection: options.connection,
      // Jobs wait behind each one on a pipeline thread, so fetching, reading and saving overlap extraction instead of idling the
      // thread, and a store slower than the pipeline gets several entries per transaction (4 measured better than 2 on PostgreSQL).
      concurrency: options.concurrency * JOBS_PER_THREAD,
      autorun: false,
      lockDuration: options.lockMs,
      stalledInterval: options.lockMs,
      // A job whose worker died twice in a row is dead-lettered rather than taking a third machine down.
      maxStalledCount: 2,
    });
    const self = new QueueWorker(counts, worker, pool, log);
    self.listen();
    void worker.run().catch((error: unknown) => self.logError(error as Error));
    await worker.waitUntilReady();
    return self;
  }

  /**
   * Stops taking jobs and waits for the ones in hand; with `force`, leaves them (their locks
   * expire and another worker's stalled check puts them back in the queue).
   */
  close(force = false): Promise<void> {
    if (this.closing && !force) return this.closing;
    this.closing = (async () => {
      await this.worker.close(force);
      await this.pool.close();
    })();
    return this.closing;
  }

  private listen(): void {
    this.worker.on('failed', (job, error) => {
      this.counts.failedAttempts++;
      if (!job) return;
      const attempts = job.opts.attempts ?? 1;
      const final = job.attemptsMade >= attempts || error.name === 'UnrecoverableError' || job.finishedOn !== undefined;
      if (final) this.counts.deadLettered++;
      this.log(`job ${job.id} (${job.data.uri}) failed, attempt ${job.attemptsMade} of ${attempts}: ${error.message.split('\n')[0]}${final ? ' — dead-lettered (dateline errors --queue …)' : ' — will retry'}`);
    });
    this.worker.on('stalled', (jobId) => this.log(`job ${jobId} stalled (its worker stopped answering): put back in the queue`));
    this.worker.on('error', (error) => this.logError(error));
  }

  /** Connection errors repeat while Redis is away: one line per distinct message every 10 s. */
  private logError(error: Error): void {
    const now = performance.now();
    if (error.message === this.lastError.message && now - this.lastError.at < 10_000) return;
    this.lastError = { message: error.message, at: now };
    this.log(`queue error: ${error.message}`);
  }
}

/** A counting semaphore: at most `size` holders at once, the others wait in order. */
class Slots {
  private readonly waiting: (() => void)[] = [];
  constructor(private free: number) {}

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/**
 * Group commit: entries saved while a save is running wait and go together in the next
 * transaction, so a store slower than the pipeline takes fewer, larger transactions. Each caller
 * resolves once its own entry is committed (only then is its job acknowledged).
 */
class GroupSaver {
  private pending: { entry: StoreEntry; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private running = false;

  constructor(private readonly store: Store) {}

  save(entry: StoreEntry): Promise<void> {
    const saved = new Promise<void>((resolve, reject) => this.pending.push({ entry, resolve, reject }));
    if (!this.running) void this.drain();
    return saved;
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.store.saveBatch(batch.map((item) => item.entry));
        for (const item of batch) item.resolve();
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        // One bad entry must not fail its neighbours' jobs: each is saved again on its own.
        else for (const item of batch) await this.store.saveBatch([item.entry]).then(item.resolve, item.reject);
      }
    }
    this.running = false;
  }
}
