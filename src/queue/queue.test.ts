import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import { DatelineError } from '../core/diagnostics.js';
import { packageRoot } from '../pipeline/resources.js';
import { readSources } from '../sources/read.js';
import { openStore } from '../store/open.js';
import { readSample } from '../test-support/shared.js';
import { queueConnection } from './connection.js';
import { listDeadLetters } from './dead-letters.js';
import { enqueueDocuments } from './enqueue.js';
import { removeQueue, scratchQueueName, testRedisUrl, waitUntil } from './testing.js';
import { QueueWorker } from './worker.js';

const dir = mkdtempSync(join(tmpdir(), 'dateline-queue-'));
const connection = queueConnection(testRedisUrl);
const queues: string[] = [];
const samples = join(packageRoot(), 'samples');
after(async () => {
  for (const name of queues) await removeQueue(testRedisUrl, name);
  rmSync(dir, { recursive: true, force: true });
});

function scratch(label: string): string {
  const name = scratchQueueName(label);
  queues.push(name);
  return name;
}

async function documentKeys(inputs: string[]): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of readSources(inputs, { maxBytes: 1_000_000 })) if (item.kind === 'document') keys.push(item.document.key);
  return keys.sort();
}

async function jobCounts(name: string): Promise<Record<string, number>> {
  const queue = new Queue(name, { connection });
  try {
    return await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
  } finally {
    await queue.close();
  }
}

const options = { connection, attempts: 2, backoffMs: 100, maxBytes: 1_000_000 };

describe('queue', () => {
  it('enqueueing the samples twice gives one job per document, its id the document key', async () => {
    const queueName = scratch('twice');
    const first = await enqueueDocuments([samples], { ...options, queueName });
    const second = await enqueueDocuments([samples], { ...options, queueName });
    const keys = await documentKeys([samples]);
    assert.equal(keys.length, 9);
    assert.deepEqual({ documents: first.documents, added: first.added, alreadyQueued: first.alreadyQueued }, { documents: 9, added: 9, alreadyQueued: 0 });
    assert.deepEqual({ documents: second.documents, added: second.added, alreadyQueued: second.alreadyQueued }, { documents: 9, added: 0, alreadyQueued: 9 });
    const queue = new Queue(queueName, { connection });
    try {
      const jobs = await queue.getWaiting();
      assert.deepEqual(jobs.map((job) => job.id).sort(), keys);
      // References, not bodies: no job holds the text of its document.
      for (const job of jobs) assert.ok(JSON.stringify(job.data).length < 600, `job ${job.id} is small`);
    } finally {
      await queue.close();
    }
  });

  it('refuses to queue stdin, which no worker could read again', async () => {
    await assert.rejects(enqueueDocuments(['-'], { ...options, queueName: scratch('stdin') }), (error: unknown) => error instanceof DatelineError && error.code === 'QUEUE_STDIN');
  });

  it('a worker reads back every kind of reference (file, page, feed item, JSONL line) and stores each document once; doing the jobs again changes nothing', async () => {
    const queueName = scratch('every-kind');
    const store = await openStore(join(dir, 'every-kind.db'));
    const worker = await QueueWorker.start({ connection, queueName, store, concurrency: 2, lockMs: 5000, limits: { maxBytes: 1_000_000 } });
    try {
      await enqueueDocuments([samples], { ...options, queueName });
      await waitUntil('9 completed jobs', async () => (await jobCounts(queueName))['completed'] === 9);
      const stored = await store.counts();
      assert.equal(stored.documents, 9);
      assert.equal(stored.articles, 9);
      assert.equal(worker.counts.stored, 9);
      assert.equal((await store.knownDocuments(await documentKeys([samples]))).size, 9);
      // Jobs done a second time (their finished records dropped, then enqueued again) find their documents stored.
      const queue = new Queue(queueName, { connection });
      await queue.clean(0, 100, 'completed');
      await queue.close();
      await enqueueDocuments([samples], { ...options, queueName });
      await waitUntil('9 completed jobs again', async () => (await jobCounts(queueName))['completed'] === 9);
      assert.equal(worker.counts.alreadyStored, 9);
      assert.deepEqual(await store.counts(), stored);
    } finally {
      await worker.close();
      await store.close();
    }
  });

  it('a poison document ends in the dead-letter list after its retries while the rest complete, and `errors --queue` lists it', async () => {
    const queueName = scratch('poison');
    const folder = mkdtempSync(join(dir, 'poison-'));
    writeFileSync(join(folder, 'ankara.txt'), readSample('ankara-grain-talks.txt'));
    writeFileSync(join(folder, 'geneva.txt'), readSample('geneva-climate-fund.txt'));
    writeFileSync(join(folder, 'gone.txt'), readSample('nairobi-election-dispute.txt'));
    writeFileSync(join(folder, 'changed.txt'), readSample('nairobi-election-dispute.txt'));
    await enqueueDocuments([folder], { ...options, queueName, attempts: 3 });
    // After enqueueing, one file disappears (retried, then dead-lettered) and one is rewritten (dead-lettered at once).
    unlinkSync(join(folder, 'gone.txt'));
    writeFileSync(join(folder, 'changed.txt'), 'Another text altogether.');
    const store = await openStore(join(dir, 'poison.db'));
    const worker = await QueueWorker.start({ connection, queueName, store, concurrency: 1, lockMs: 5000, limits: { maxBytes: 1_000_000 } });
    try {
      await waitUntil('2 completed and 2 failed jobs', async () => {
        const counts = await jobCounts(queueName);
        return counts['completed'] === 2 && counts['failed'] === 2;
      });
      assert.equal((await store.counts()).articles, 2);
      const dead = await listDeadLetters(connection, queueName);
      const byFile = Object.fromEntries(dead.map((row) => [row.uri?.replace(/.*\//, ''), row]));
      assert.equal(byFile['gone.txt']?.code, 'QUEUE_DOCUMENT_UNREADABLE');
      assert.equal(byFile['gone.txt']?.attempts, 3);
      assert.match(byFile['gone.txt']?.message ?? '', /ENOENT/);
      assert.equal(byFile['changed.txt']?.code, 'QUEUE_DOCUMENT_CHANGED');
      assert.equal(byFile['changed.txt']?.attempts, 1);
      assert.equal(worker.counts.deadLettered, 2);
    } finally {
      await worker.close();
      await store.close();
    }
    const { stdout } = await promisify(execFile)(process.execPath, [join(packageRoot(), 'bin', 'dateline.js'), 'errors', '--queue', testRedisUrl, '--queue-name', queueName, '--format', 'json']);
    const rows = JSON.parse(stdout) as { uri: string; code: string; attempts: number }[];
    assert.deepEqual(rows.map((row) => row.code).sort(), ['QUEUE_DOCUMENT_CHANGED', 'QUEUE_DOCUMENT_UNREADABLE']);
  });
});
