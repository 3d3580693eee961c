/**
 * `ingest --queue`: enumerates the documents of the inputs with the sources (`readSources`) and
 * adds one BullMQ job per document, its id the document key, its data a reference (`job.ts`). A
 * job id already in the queue (waiting, active, done or dead-lettered) is left as it is, so
 * enqueueing twice is harmless. Extracts nothing and opens no store. Stdin cannot be queued.
 */
import { performance } from 'node:perf_hooks';
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { DatelineError } from '../core/diagnostics.js';
import type { SourceError } from '../sources/document.js';
import { newSourceProgress, readSources, type SourceProgress } from '../sources/read.js';
import { jobOfDocument, lineOffsetsOf, type DocumentJob } from './job.js';

export interface EnqueueOptions {
  connection: ConnectionOptions;
  queueName: string;
  /** Attempts per job before it is dead-lettered (the first run included). */
  attempts: number;
  /** Delay before the first retry, in ms; doubled at each further retry. */
  backoffMs: number;
  maxBytes: number;
  onProgress?: (summary: EnqueueSummary) => void;
  /** How long to wait for Redis before giving up, in ms (default 10 s). */
  connectTimeoutMs?: number;
}

export interface EnqueueSummary {
  /** Documents found in the inputs. */
  documents: number;
  /** Jobs added by this run. */
  added: number;
  /** Documents whose job was in the queue already. */
  alreadyQueued: number;
  /** Inputs that gave no document (unreadable files, invalid JSONL lines, broken feeds): not queued. */
  failed: number;
  errors: SourceError[];
  seconds: number;
}

const BATCH = 200;
/** Finished jobs are kept a week (so enqueueing a done document again stays a no-op), then dropped to bound Redis memory. */
const KEEP_DONE_SECONDS = 7 * 24 * 3600;

/** The job options of a document job (exponential backoff; dead letters are kept). */
export function documentJobOptions(key: string, attempts: number, backoffMs: number): JobsOptions {
  return { jobId: key, attempts, backoff: { type: 'exponential', delay: backoffMs }, removeOnComplete: { age: KEEP_DONE_SECONDS }, removeOnFail: false };
}

/** Waits for the queue's connection, failing with `QUEUE_UNREACHABLE` after `timeoutMs`. */
export async function untilReady(queue: Queue, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatelineError('QUEUE_UNREACHABLE', `no answer from Redis for queue ${queue.name} within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([queue.waitUntilReady(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function enqueueDocuments(inputs: readonly string[], options: EnqueueOptions): Promise<EnqueueSummary> {
  if (inputs.includes('-')) {
    throw new DatelineError('QUEUE_STDIN', 'stdin (-) cannot be queued: a job carries a reference that a worker reads again; save the input to a file first, or ingest it without --queue');
  }
  const started = performance.now();
  const queue = new Queue<DocumentJob>(options.queueName, { connection: options.connection });
  queue.on('error', () => {
    // Failed commands reject the calls below; the event alone must not crash the process.
  });
  const summary: EnqueueSummary = { documents: 0, added: 0, alreadyQueued: 0, failed: 0, errors: [], seconds: 0 };
  const offsets = new Map<string, number[]>();
  const lineOffset = (path: string, line: number): number | undefined => {
    let list = offsets.get(path);
    if (!list) {
      list = lineOffsetsOf(path);
      offsets.set(path, list);
    }
    return list[line - 1];
  };
  let batch: DocumentJob[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const jobs = [...new Map(batch.map((job) => [job.key, job])).values()];
    summary.alreadyQueued += batch.length - jobs.length;
    batch = [];
    const states = await Promise.all(jobs.map((job) => queue.getJobState(job.key)));
    const fresh = jobs.filter((_, i) => states[i] === 'unknown');
    summary.alreadyQueued += jobs.length - fresh.length;
    if (fresh.length > 0) await queue.addBulk(fresh.map((job) => ({ name: job.format, data: job, opts: documentJobOptions(job.key, options.attempts, options.backoffMs) })));
    summary.added += fresh.length;
    options.onProgress?.(summary);
  };
  try {
    await untilReady(queue, options.connectTimeoutMs ?? 10_000);
    const progress: SourceProgress = newSourceProgress();
    for await (const item of readSources(inputs, { maxBytes: options.maxBytes }, progress)) {
      if (item.kind === 'error') {
        summary.failed++;
        summary.errors.push(item.error);
        continue;
      }
      summary.documents++;
      const job = jobOfDocument(item.document, lineOffset);
      if (!job) throw new DatelineError('QUEUE_STDIN', 'stdin cannot be queued');
      batch.push(job);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
  } finally {
    await queue.close();
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
