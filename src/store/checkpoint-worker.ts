/**
 * The checkpointing thread of a SQLite store (see `checkpointer.ts`): its own connection, a PASSIVE
 * checkpoint every `intervalMs`, a RESTART one when the WAL has grown past `restartFrames`.
 */
import { readlinkSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import type { CheckpointerMessage, CheckpointerSettings } from './checkpointer.js';

const settings = workerData as CheckpointerSettings;
const port = parentPort!;
const send = (message: CheckpointerMessage): void => port.postMessage(message);

let database: BetterSqlite3.Database;
try {
  database = new BetterSqlite3(settings.path, { fileMustExist: true });
  // A RESTART checkpoint waits this long for the writer's transaction to end.
  database.pragma('busy_timeout = 5000');
  // Checkpoints copy pages from the WAL to the file; nothing is worth keeping in a page cache.
  database.pragma('cache_size = -256');
} catch (error) {
  send({ kind: 'failed', message: (error as Error).message });
  process.exit(0);
}

/** This thread's id in the operating system (Linux: /proc/thread-self is `<pid>/task/<tid>`), for benchmarks that split CPU by thread. */
function osThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/** Frames of the WAL copied into the database file as of the last checkpoint (reported only when it moves). */
let copied = 0;

function checkpoint(mode: 'passive' | 'restart'): void {
  // busy, frames in the WAL, frames of it copied into the database file.
  const [result] = database.pragma(`wal_checkpoint(${mode.toUpperCase()})`) as Array<{ busy: number; log: number; checkpointed: number }>;
  if (!result || result.log <= 0) return;
  if (result.checkpointed !== copied || mode === 'restart') send({ kind: 'checkpoint', mode, frames: result.log, copied: result.checkpointed });
  copied = result.checkpointed;
  if (mode === 'passive' && result.log >= settings.restartFrames) checkpoint('restart');
}

const timer = setInterval(() => {
  try {
    checkpoint('passive');
  } catch (error) {
    // SQLITE_BUSY: another connection is checkpointing (a second process on the same file); the next turn will do.
    if (!(error as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
      clearInterval(timer);
      send({ kind: 'failed', message: (error as Error).message });
      database.close();
      port.close();
    }
  }
}, settings.intervalMs);

port.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  database.close();
  port.close();
});

const tid = osThreadId();
send({ kind: 'ready', ...(tid !== undefined ? { tid } : {}) });
