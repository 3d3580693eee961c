/**
 * A pool of extraction workers (`worker.ts`), up to `depth` documents in flight per worker (default
 * `PIPELINE_DEPTH`): a worker extracts them one after the other, so when it finishes one the next is
 * already in its message queue, and it does not wait for the main thread, which may be busy in a
 * store write (a commit with a WAL checkpoint takes ~0.1 s; a batch of 32 articles, about as long).
 * The main thread cannot send anything while a write runs (better-sqlite3 is synchronous), so a
 * caller whose writes take longer than a document or two passes a larger depth. A worker that dies
 * (out of memory, a native crash) fails only the document it was working on, the first in flight;
 * the others go to a new worker.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { SourceDocument } from '../sources/document.js';
import type { WorkerRequest, WorkerResult, WorkerSettings } from './protocol.js';

interface Pending {
  request: WorkerRequest;
  resolve: (result: WorkerResult) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  started: boolean;
  /** Sent and not answered, in the order sent (the worker answers in that order). */
  inFlight: Pending[];
}

/** Default documents in flight per worker: 2 keeps a worker busy while the main thread is blocked in a short save. */
export const PIPELINE_DEPTH = 2;

/**
 * The node flags a worker keeps: the debugging and profiling ones. `--input-type`, `--eval` and the
 * like would break it, and V8 flags (`--max-old-space-size`, `--max-semi-space-size`, `--expose-gc`,
 * `--stack-size`) are refused in a worker's `execArgv` (ERR_WORKER_INVALID_EXEC_ARGV): they are
 * process-wide and reach the workers anyway.
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  return execArgv.filter((flag) => /^--(?:enable-source-maps|inspect|cpu-prof|heap-prof)/.test(flag));
}

export class ExtractPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Pending[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    readonly size: number,
    private readonly settings: WorkerSettings,
    /** V8 heap limits of each worker (`resourceLimits` of `node:worker_threads`); V8's defaults when absent. */
    private readonly resourceLimits?: ResourceLimits,
    /** Documents in flight per worker (see the module comment). */
    readonly depth = PIPELINE_DEPTH,
  ) {
    if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`ExtractPool: depth must be a positive integer (got ${depth})`);
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** Resolves when every worker has built its pipeline (so timing can leave start-up out). */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.ready));
  }

  /** Extracts one document on the next free worker. */
  extract(document: SourceDocument): Promise<WorkerResult> {
    return new Promise((resolve) => {
      const pending = { request: { id: this.nextId++, document }, resolve };
      // The least busy started worker with room, so one document each goes out before a second does.
      let slot: Slot | undefined;
      for (const candidate of this.slots) if (candidate.started && candidate.inFlight.length < this.depth && (!slot || candidate.inFlight.length < slot.inFlight.length)) slot = candidate;
      if (slot) this.send(slot, pending);
      else this.waiting.push(pending);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: this.settings, execArgv: workerExecArgv(), ...(this.resourceLimits ? { resourceLimits: this.resourceLimits } : {}) });
    let markReady!: () => void;
    let markFailed!: (error: Error) => void;
    let dead = false;
    const slot: Slot = {
      worker,
      ready: new Promise<void>((resolve, reject) => {
        markReady = resolve;
        markFailed = reject;
      }),
      started: false,
      inFlight: [],
    };
    worker.on('message', (message: WorkerResult | { ready: true }) => {
      if ('ready' in message) {
        slot.started = true;
        markReady();
        this.fill(slot);
        return;
      }
      const index = slot.inFlight.findIndex((pending) => pending.request.id === message.id);
      const [answered] = index >= 0 ? slot.inFlight.splice(index, 1) : [];
      answered?.resolve(message);
      this.fill(slot);
    });
    const fail = (reason: string, error?: Error): void => {
      if (dead) return;
      dead = true;
      if (!slot.started) {
        // It died building its pipeline: a configuration error (a bad gazetteer file), not a document's fault.
        markFailed(error ?? new Error(reason));
        return;
      }
      // The first in flight is the one it was working on; the others were only queued: they go first to the next free worker.
      const [current, ...queued] = slot.inFlight.splice(0);
      current?.resolve({ id: current.request.id, ok: false, code: 'WORKER_CRASHED', message: `the worker thread died on this document: ${reason}`, stage: 'ingest' });
      this.waiting.unshift(...queued);
      if (this.closed) return;
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1, this.spawn());
      for (const other of this.slots) if (other.started) this.fill(other);
    };
    worker.on('error', (error) => fail(error.message, error));
    worker.on('exit', (code) => {
      if (!this.closed && code !== 0) fail(`exit code ${code}`);
    });
    return slot;
  }

  /** Sends waiting documents to the worker until it has `depth` in flight. */
  private fill(slot: Slot): void {
    while (slot.inFlight.length < this.depth && this.waiting.length > 0) this.send(slot, this.waiting.shift()!);
  }

  private send(slot: Slot, pending: Pending): void {
    slot.inFlight.push(pending);
    const { request } = pending;
    const bytes = request.document.bytes;
    // Only a buffer the document owns whole is moved (a slice of a shared buffer is copied).
    const transfer = bytes && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer as ArrayBuffer] : [];
    slot.worker.postMessage(request, transfer);
  }
}
