import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import pg from 'pg';
import { openStore } from '../store/open.js';
import { readSample } from '../test-support/shared.js';
import { queueConnection } from './connection.js';
import { enqueueDocuments } from './enqueue.js';
import { killWorkerProcess, removeQueue, scratchQueueName, startWorkerProcess, testRedisUrl, waitUntil, type WorkerProcess } from './testing.js';

const dir = mkdtempSync(join(tmpdir(), 'dateline-workers-'));
const queues: string[] = [];
const workers: WorkerProcess[] = [];
const servers: ChildProcess[] = [];
const schemas: string[] = [];

// The store: PostgreSQL when it answers (a scratch schema per test), else one SQLite file (WAL) shared by the processes.
const postgresUrl = process.env['DATELINE_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const withSchema = (schema: string): string => `${postgresUrl}${postgresUrl.includes('?') ? '&' : '?'}schema=${schema}`;
const storeKind = await (async () => {
  const schema = `dateline_queue_probe_${process.pid}`;
  schemas.push(schema);
  try {
    await (await openStore(withSchema(schema))).close();
    return 'PostgreSQL';
  } catch {
    return 'SQLite';
  }
})();

/** A fresh store, created and migrated here so that the worker processes do not race to migrate it. */
async function storeFor(label: string): Promise<string> {
  let location = join(dir, `${label}.db`);
  if (storeKind === 'PostgreSQL') {
    const schema = `dateline_queue_${label}_${process.pid}`;
    schemas.push(schema);
    location = withSchema(schema);
  }
  await (await openStore(location)).close();
  return location;
}

after(async () => {
  for (const worker of workers) killWorkerProcess(worker);
  for (const server of servers) if (server.exitCode === null) server.kill('SIGKILL');
  for (const name of queues) await removeQueue(testRedisUrl, name);
  rmSync(dir, { recursive: true, force: true });
  const client = new pg.Client(postgresUrl);
  try {
    await client.connect();
    for (const schema of schemas) await client.query(`drop schema if exists ${schema} cascade`);
  } catch {
    // No PostgreSQL: the tests used SQLite.
  } finally {
    await client.end().catch(() => {});
  }
});

/** `count` articles of a few thousand characters each, made of the sample articles, each one distinct. */
function writeCorpus(name: string, count: number): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  const texts = ['ankara-grain-talks.txt', 'geneva-climate-fund.txt', 'nairobi-election-dispute.txt'].map(readSample);
  for (let i = 0; i < count; i++) {
    const body = [0, 1, 2].map((n) => texts[(i + n) % texts.length]!.trim()).join('\n\n');
    writeFileSync(join(folder, `article-${String(i + 1).padStart(2, '0')}.txt`), `${body}\n\n(Copy ${i + 1} of the queue test corpus.)\n`);
  }
  return folder;
}

async function jobCounts(url: string, name: string): Promise<Record<string, number>> {
  const queue = new Queue(name, { connection: queueConnection(url) });
  queue.on('error', () => {});
  try {
    return await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized');
  } finally {
    await queue.close();
  }
}

async function storeCounts(path: string): Promise<{ documents: number; articles: number; errors: number }> {
  const store = await openStore(path, { readonly: true });
  try {
    const counts = await store.counts();
    return { documents: counts.documents, articles: counts.articles, errors: (await store.listErrors()).length };
  } finally {
    await store.close();
  }
}

async function start(args: string[]): Promise<WorkerProcess> {
  const worker = await startWorkerProcess(args);
  workers.push(worker);
  return worker;
}

const storedLines = (worker: WorkerProcess): number => worker.stderr().split('\n').filter((line) => line.includes(': stored ')).length;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function startRedis(port: number): ChildProcess {
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  servers.push(server);
  return server;
}

describe(`queue workers (separate processes, real Redis, one ${storeKind} store)`, () => {
  it('two worker processes share a queue, every document is stored exactly once, and SIGTERM finishes the job in hand and exits 0', async () => {
    const queueName = scratchQueueName('two');
    queues.push(queueName);
    const storePath = await storeFor('two');
    // More documents than one worker holds at once (12 jobs per pipeline thread), so both get some.
    const corpus = writeCorpus('two', 30);
    const args = ['--queue', testRedisUrl, '--queue-name', queueName, '--store', storePath, '--concurrency', '1', '--lock-ms', '2000'];
    const [first, second] = await Promise.all([start(args), start(args)]);
    await enqueueDocuments([corpus], { connection: queueConnection(testRedisUrl), queueName, attempts: 3, backoffMs: 200, maxBytes: 1_000_000 });
    await waitUntil('both workers to store a document', () => storedLines(first!) > 0 && storedLines(second!) > 0);
    first!.child.kill('SIGTERM');
    assert.equal(await first!.exited, 0);
    await waitUntil('30 completed jobs', async () => (await jobCounts(testRedisUrl, queueName))['completed'] === 30);
    const counts = await jobCounts(testRedisUrl, queueName);
    assert.equal(counts['failed'], 0, `${first!.stderr()}\n${second!.stderr()}`);
    assert.equal(counts['active'], 0);
    assert.equal(storedLines(first!) + storedLines(second!), 30, `each document was extracted once, by one worker:\n${first!.stderr()}\n${second!.stderr()}`);
    assert.deepEqual(await storeCounts(storePath), { documents: 30, articles: 30, errors: 0 });
    second!.child.kill('SIGTERM');
    assert.equal(await second!.exited, 0);
    assert.match(second!.stderr(), /worker stopped: \d+ stored/);
  });

  it('a worker killed with SIGKILL mid-job loses nothing: its job goes back to the queue and is done once by another worker', async () => {
    const queueName = scratchQueueName('kill');
    queues.push(queueName);
    const storePath = await storeFor('kill');
    // More documents than one group commit (8), so the victim still holds jobs when its first ones are stored.
    const corpus = writeCorpus('kill', 24);
    const args = ['--queue', testRedisUrl, '--queue-name', queueName, '--store', storePath, '--concurrency', '1', '--lock-ms', '1500'];
    const victim = await start(args);
    await enqueueDocuments([corpus], { connection: queueConnection(testRedisUrl), queueName, attempts: 3, backoffMs: 200, maxBytes: 1_000_000 });
    await waitUntil('the first stored document', () => storedLines(victim) > 0);
    victim.child.kill('SIGKILL');
    assert.equal(await victim.exited, 'SIGKILL');
    assert.ok(((await jobCounts(testRedisUrl, queueName))['active'] ?? 0) >= 1, `the killed worker held jobs:\n${victim.stderr()}`);
    const rescuer = await start(args);
    await waitUntil('24 completed jobs', async () => (await jobCounts(testRedisUrl, queueName))['completed'] === 24);
    assert.match(rescuer.stderr(), /stalled/, `victim:\n${victim.stderr()}`);
    assert.equal((await jobCounts(testRedisUrl, queueName))['failed'], 0);
    assert.deepEqual(await storeCounts(storePath), { documents: 24, articles: 24, errors: 0 });
    rescuer.child.kill('SIGTERM');
    assert.equal(await rescuer.exited, 0);
  });

  it('workers ride out a Redis restart; the lost queue is enqueued again, which skips what is stored and completes the set', async () => {
    // A Redis of this test's own (a restart of the shared one would break other runs): no persistence, so a restart empties it.
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    startRedis(port);
    await waitUntil('the scratch Redis', () => spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG', 5000);
    const queueName = scratchQueueName('restart');
    const storePath = await storeFor('restart');
    const corpus = writeCorpus('restart', 8);
    const args = ['--queue', url, '--queue-name', queueName, '--store', storePath, '--concurrency', '1', '--lock-ms', '2000'];
    const [first, second] = await Promise.all([start(args), start(args)]);
    const enqueue = (): ReturnType<typeof enqueueDocuments> => enqueueDocuments([corpus], { connection: queueConnection(url), queueName, attempts: 3, backoffMs: 200, maxBytes: 1_000_000 });
    await enqueue();
    await waitUntil('three stored documents', () => storedLines(first!) + storedLines(second!) >= 3);
    spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    startRedis(port);
    await waitUntil('the restarted Redis', () => spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG', 5000);
    const again = await enqueue();
    assert.equal(again.added, 8, 'the restarted Redis had lost every job');
    await waitUntil('8 completed jobs after the restart', async () => (await jobCounts(url, queueName))['completed'] === 8);
    assert.equal(first!.child.exitCode, null, 'the first worker survived the restart');
    assert.equal(second!.child.exitCode, null, 'the second worker survived the restart');
    assert.deepEqual(await storeCounts(storePath), { documents: 8, articles: 8, errors: 0 });
    first!.child.kill('SIGTERM');
    second!.child.kill('SIGTERM');
    assert.deepEqual(await Promise.all([first!.exited, second!.exited]), [0, 0]);
  });
});
