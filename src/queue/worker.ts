/**
 * `dateline worker`: a BullMQ Worker that takes document jobs, reads each referenced document
 * again (`job.ts`), runs the pipeline on the ingest worker threads (`ExtractPool`: concurrency N
 * is N pipeline threads, so the main thread stays free to renew job locks) and saves the result in
 * the store (group commit: up to eight entries per thread per transaction). Saving is idempotent (by document key and article id), so a job
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

/** Jobs in hand per pipeline thread: one running, the others read, waiting or being saved (more than a save group, so the thread never waits for one to fill). */
const JOBS_PER_THREAD = 12;
/**
 * Group commit: a save waits for this many entries per pipeline thread, for the oldest to have
 * waited `SAVE_WAIT_MS`, or for every job in hand to be waiting for it (nothing more can come
 * soon: the queue is empty or the jobs are still being fetched). A store's cost per article falls
 * by about 40% from one entry per transaction to four, and by 15–20% more to eight (fewer
 * statements, commits and lock round trips; measured on SQLite and PostgreSQL), and the save is
 * the worker's main cost besides the pipeline.
 */
const SAVE_GROUP_PER_THREAD = 8;
/**
 * Documents at each pipeline thread (one running, the others queued in the thread): a group save on
 * SQLite blocks the main thread for about as long as one or two documents take (better-sqlite3 is
 * synchronous), and with one document at a time the thread waited for every save to end.
 */
const WORKER_PIPELINE_DEPTH = 3;
const SAVE_WAIT_MS = 500;

/** Pipeline failures worth another attempt (a crash may be the machine's, not the document's). */
const RETRIED_CODES = new Set(['PIPELINE_CRASHED', 'WORKER_CRASHED']);

export interface QueueWorkerOptions {
  connection: ConnectionOptions;
  queueName: string;
  store: Store;
  /** Pipeline threads; twelve jobs per thread are in hand (one running, the others read, waiting or being saved). */
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
  /** The pipeline on its thread, as the thread timed it (waiting in the thread's queue and message passing left out). */
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
    const pool = new ExtractPool(options.concurrency, { gazetteers: options.gazetteers ?? [], limits: options.limits }, undefined, WORKER_PIPELINE_DEPTH);
    try {
      await pool.ready();
    } catch (error) {
      await pool.close();
      throw new DatelineError('QUEUE_WORKER_START', `the pipeline threads could not start: ${(error as Error).message.replace(/^dateline: /, '')}`, { cause: error });
    }
    const { store } = options;
    const maxBytes = options.limits.maxBytes;
    let inHand = 0;
    const saver = new GroupSaver(store, SAVE_GROUP_PER_THREAD * options.concurrency, SAVE_WAIT_MS, () => inHand);
    const counts: WorkerCounts = { stored: 0, documentErrors: 0, alreadyStored: 0, failedAttempts: 0, deadLettered: 0 };
    const processJob = async (job: Job<DocumentJob, JobOutcome>): Promise<JobOutcome> => {
      inHand++;
      try {
        return await handleJob(job);
      } finally {
        inHand--;
        // A job that leaves without saving may leave every other job in hand waiting for the group.
        saver.kick();
      }
    };
    const handleJob = async (job: Job<DocumentJob, JobOutcome>): Promise<JobOutcome> => {
      const started = performance.now();
      const document = readJobDocument(job.data, maxBytes);
      const known = await store.knownDocuments([document.key]);
      const read = performance.now();
      if (known.has(document.key)) {
        counts.alreadyStored++;
        return { outcome: 'already-stored', readMs: read - started, extractMs: 0, saveMs: 0, totalMs: read - started };
      }
      // The pool keeps WORKER_PIPELINE_DEPTH documents at each thread and the rest wait in hand; the thread times its own work.
      const sent = performance.now();
      const result = await pool.extract(document);
      const extracted = performance.now();
      if (!result.ok && RETRIED_CODES.has(result.code)) throw jobFailure(result.code, result.message, true);
      const ref = { key: document.key, uri: document.uri, format: document.format, ...(document.meta.line !== undefined ? { line: document.meta.line } : {}) };
      const entry: StoreEntry = result.ok
        ? {
            kind: 'article',
            record: result.record,
            meta: { document: ref, encodedRecord: result.encoded, ...(result.nearSignature ? { nearSignature: result.nearSignature } : {}), ...(result.canonicalUrl ? { canonicalUrl: result.canonicalUrl } : {}), ...(result.charsetRule ? { charsetRule: result.charsetRule } : {}) },
          }
        : { kind: 'error', error: { document: ref, code: result.code, message: result.message, stage: result.stage } };
      await saver.save(entry);
      const saved = performance.now();
      const timing = { readMs: read - started, extractMs: result.extractMs ?? extracted - sent, saveMs: saved - extracted, totalMs: saved - started };
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
      // thread, and saved jobs wait for their group (`GroupSaver`) without holding the thread up.
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

/**
 * Group commit: entries wait until `size` of them are pending, the oldest has waited `waitMs` or
 * every job in hand (`inHand`) is waiting here (and while a save runs), then go together in one
 * transaction, so the store takes fewer, larger transactions. Each caller resolves once its own entry is committed (only then is its job
 * acknowledged).
 */
class GroupSaver {
  private pending: { entry: StoreEntry; at: number; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private running = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly size: number,
    private readonly waitMs: number,
    private readonly inHand: () => number,
  ) {}

  save(entry: StoreEntry): Promise<void> {
    const saved = new Promise<void>((resolve, reject) => this.pending.push({ entry, at: performance.now(), resolve, reject }));
    this.kick();
    return saved;
  }

  /** Starts a save when a group is full, its oldest entry has waited long enough or nothing else is in hand; else sets a timer for that moment. */
  kick(): void {
    if (this.running || this.pending.length === 0) return;
    const waited = performance.now() - this.pending[0]!.at;
    if (this.pending.length >= this.size || waited >= this.waitMs || this.pending.length >= this.inHand()) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.drain();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.kick();
      }, this.waitMs - waited);
    }
  }

  private async drain(): Promise<void> {
    this.running = true;
    const batch = this.pending;
    this.pending = [];
    try {
      await this.store.saveBatch(batch.map((item) => item.entry));
      for (const item of batch) item.resolve();
    } catch (error) {
      if (batch.length === 1) batch[0]!.reject(error);
      // One bad entry must not fail its neighbours' jobs: each is saved again on its own.
      else for (const item of batch) await this.store.saveBatch([item.entry]).then(item.resolve, item.reject);
    } finally {
      this.running = false;
      this.kick();
    }
  }
}
