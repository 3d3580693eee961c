/**
 * What the queue tests share: a scratch queue name, spawning `dateline worker` processes and
 * reading their stderr, waiting for a condition, removing a queue's keys. For tests only; the
 * library does not import it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { packageRoot } from '../pipeline/resources.js';
import { queueConnection } from './connection.js';

export const testRedisUrl = process.env['DATELINE_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** A queue name no other test (or engineer) uses. */
export function scratchQueueName(label: string): string {
  return `dateline-test-${label}-${process.pid}-${Date.now().toString(36)}`;
}

/** Polls `check` every 100 ms until it holds; fails after `timeoutMs` with `what`. */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/** Starts `node bin/dateline.js worker …args` and resolves once it says it is ready. */
export async function startWorkerProcess(args: string[], timeoutMs = 60_000): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'dateline.js'), 'worker', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const worker = { child, stderr: () => text, exited };
  let gone = false;
  void exited.then(() => (gone = true));
  await waitUntil(`worker ${child.pid} to be ready`, () => {
    if (gone) throw new Error(`the worker exited before it was ready:\n${text}`);
    return text.includes('worker ready');
  }, timeoutMs);
  return worker;
}

/** Stops a worker process if it still runs (SIGKILL: for `after`). */
export function killWorkerProcess(worker: WorkerProcess | undefined): void {
  if (worker && worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
}

/** Removes every key of a queue. */
export async function removeQueue(url: string, name: string): Promise<void> {
  const queue = new Queue(name, { connection: queueConnection(url) });
  queue.on('error', () => {});
  try {
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
  }
}
