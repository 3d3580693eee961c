/**
 * A pool of extraction workers (`worker.ts`), one document in flight per worker. A worker that
 * dies (out of memory, a native crash) fails only its own document, and is replaced.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { SourceDocument } from '../sources/document.js';
import type { WorkerRequest, WorkerResult, WorkerSettings } from './protocol.js';

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  current?: { id: number; resolve: (result: WorkerResult) => void };
}

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
  private readonly idle: Slot[] = [];
  private readonly waiting: { request: WorkerRequest; resolve: (result: WorkerResult) => void }[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    readonly size: number,
    private readonly settings: WorkerSettings,
    /** V8 heap limits of each worker (`resourceLimits` of `node:worker_threads`); V8's defaults when absent. */
    private readonly resourceLimits?: ResourceLimits,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** Resolves when every worker has built its pipeline (so timing can leave start-up out). */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.ready));
  }

  /** Extracts one document on the next free worker. */
  extract(document: SourceDocument): Promise<WorkerResult> {
    return new Promise((resolve) => {
      const request = { id: this.nextId++, document };
      const slot = this.idle.pop();
      if (slot) this.send(slot, request, resolve);
      else this.waiting.push({ request, resolve });
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
    let started = false;
    let dead = false;
    const slot: Slot = {
      worker,
      ready: new Promise<void>((resolve, reject) => {
        markReady = resolve;
        markFailed = reject;
      }),
    };
    worker.on('message', (message: WorkerResult | { ready: true }) => {
      if ('ready' in message) {
        started = true;
        markReady();
        this.release(slot);
        return;
      }
      const current = slot.current;
      slot.current = undefined;
      current?.resolve(message);
      this.release(slot);
    });
    const fail = (reason: string, error?: Error): void => {
      if (dead) return;
      dead = true;
      if (!started) {
        // It died building its pipeline: a configuration error (a bad gazetteer file), not a document's fault.
        markFailed(error ?? new Error(reason));
        return;
      }
      const current = slot.current;
      slot.current = undefined;
      current?.resolve({ id: current.id, ok: false, code: 'WORKER_CRASHED', message: `the worker thread died on this document: ${reason}`, stage: 'ingest' });
      if (this.closed) return;
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1, this.spawn());
    };
    worker.on('error', (error) => fail(error.message, error));
    worker.on('exit', (code) => {
      if (!this.closed && code !== 0) fail(`exit code ${code}`);
    });
    return slot;
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) this.send(slot, next.request, next.resolve);
    else this.idle.push(slot);
  }

  private send(slot: Slot, request: WorkerRequest, resolve: (result: WorkerResult) => void): void {
    slot.current = { id: request.id, resolve };
    const bytes = request.document.bytes;
    // Only a buffer the document owns whole is moved (a slice of a shared buffer is copied).
    const transfer = bytes && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer as ArrayBuffer] : [];
    slot.worker.postMessage(request, transfer);
  }
}
