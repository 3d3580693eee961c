/**
 * WAL checkpoints of a SQLite store, off the writing thread. SQLite checkpoints by default at the
 * commit that takes the WAL past 1,000 pages, inside that commit: it copies the WAL's pages into the
 * database file and syncs it while the writer waits. better-sqlite3 is synchronous, so that thread
 * (an ingest's main thread, which also feeds the extraction workers) was blocked for it: saving 300
 * articles into a 50,000-article store took 6.5–6.6 ms an article of wall time, 5.2–5.3 with the
 * checkpoints on this thread, for 6.1–6.3 ms of CPU either way (README, "Ingest memory"); more
 * when the disk is busy, as the checkpoint's sync waits for it.
 *
 * Once a store writes, `startCheckpointer` runs a worker thread with a connection of its own that
 * checkpoints every `intervalMs` (PASSIVE: it copies what no reader needs and never blocks the
 * writer), and turns the writer's automatic checkpoints off once that thread is ready. SQLite
 * starts the WAL over when a write begins after everything was copied; should the writer never
 * pause for that, the thread runs a RESTART checkpoint once the WAL holds `restartFrames` frames
 * (it waits for the current write and holds the next one until it is done; the store's writer
 * retries a busy lock). If the thread fails, the writer's own checkpoints come back.
 */
import { Worker } from 'node:worker_threads';

export interface CheckpointerOptions {
  /** How often the thread checkpoints, ms. */
  intervalMs?: number;
  /** WAL frames (pages) past which the thread forces the WAL to start over (RESTART). */
  restartFrames?: number;
}

export interface CheckpointerSettings extends Required<CheckpointerOptions> {
  path: string;
}

/** What the thread reports: ready (its connection is open), each checkpoint, or why it stopped. */
export type CheckpointerMessage =
  | { kind: 'ready'; tid?: number }
  | { kind: 'checkpoint'; mode: 'passive' | 'restart'; frames: number; copied: number }
  | { kind: 'failed'; message: string };

export const CHECKPOINT_INTERVAL_MS = 500;
/** 16 MB of 4 KB pages: the passive checkpoints have copied most of them, so the RESTART is short. */
export const CHECKPOINT_RESTART_FRAMES = 4096;

export interface Checkpointer {
  /** Checkpoints that copied something so far, PASSIVE and RESTART (for tests and logs). */
  readonly checkpoints: { passive: number; restart: number };
  /** True while the thread checkpoints and the writer's own checkpoints are off. */
  readonly running: boolean;
  /** The thread's id in the operating system once it is ready (Linux), to tell its CPU time apart. */
  readonly osThreadId: number | undefined;
  /** Resolves when the thread has its connection open and the writer's own checkpoints are off. */
  readonly ready: Promise<void>;
  /** Stops the thread (after the checkpoint in hand) and closes its connection. */
  stop(): Promise<void>;
}

/**
 * Starts checkpointing the store at `path` from a thread; `setAutoCheckpoint(pages)` sets the
 * writer's `wal_autocheckpoint` (0 once the thread is ready, SQLite's 1,000 again if it fails).
 */
export function startCheckpointer(path: string, setAutoCheckpoint: (pages: number) => void, options: CheckpointerOptions = {}): Checkpointer {
  const settings: CheckpointerSettings = { path, intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS, restartFrames: options.restartFrames ?? CHECKPOINT_RESTART_FRAMES };
  // A small heap: the thread holds a connection and a timer (an ingest counts its peak memory).
  const worker = new Worker(new URL('./checkpoint-worker.js', import.meta.url), { workerData: settings, resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 } });
  // A store left open must not keep the process alive for its checkpoints.
  worker.unref();
  const checkpoints = { passive: 0, restart: 0 };
  let osThreadId: number | undefined;
  let running = false;
  let stopping = false;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const fallBack = (): void => {
    // When stopping, the writer may be closed already (and a closing connection checkpoints anyway).
    if (running && !stopping) setAutoCheckpoint(1000);
    running = false;
    markReady();
  };
  worker.on('message', (message: CheckpointerMessage) => {
    if (message.kind === 'ready') {
      // A store closed before the thread was ready has nothing left to hand over.
      if (!stopping) {
        setAutoCheckpoint(0);
        running = true;
      }
      osThreadId = message.tid;
      markReady();
    } else if (message.kind === 'checkpoint') checkpoints[message.mode]++;
    else fallBack();
  });
  worker.on('error', fallBack);
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      fallBack();
      resolve();
    }),
  );
  return {
    get checkpoints() {
      return { ...checkpoints };
    },
    get running() {
      return running;
    },
    get osThreadId() {
      return osThreadId;
    },
    ready,
    async stop() {
      stopping = true;
      running = false;
      // Kept alive until it has closed its connection.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
