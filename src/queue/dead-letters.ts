/**
 * The dead-letter list: jobs that failed their last attempt stay in BullMQ's failed set with their
 * error (`removeOnFail: false`); this reads them as rows for `dateline errors --queue`. Read-only:
 * it never retries or removes a job.
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import { failureCode, type DocumentJob } from './job.js';
import { untilReady } from './enqueue.js';

export interface DeadLetterRow {
  /** The job id: the document key. */
  key: string;
  uri: string | null;
  /** 1-based line of a JSONL record. */
  line: number | null;
  /** `AREA_WHAT`, from the error. */
  code: string;
  /** The last attempt's error (its first line). */
  message: string;
  attempts: number;
  /** ISO datetime of the last failure. */
  failedAt: string | null;
}

/** Dead-lettered jobs, newest first; `limit` 0 lists all. */
export async function listDeadLetters(connection: ConnectionOptions, queueName: string, limit = 0): Promise<DeadLetterRow[]> {
  const queue = new Queue<DocumentJob>(queueName, { connection });
  queue.on('error', () => {
    // Failed commands reject the calls below.
  });
  try {
    await untilReady(queue, 10_000);
    const jobs = await queue.getFailed(0, limit > 0 ? limit - 1 : -1);
    return jobs.map((job) => {
      const message = (job.failedReason ?? '').split('\n')[0] ?? '';
      return {
        key: job.id ?? '',
        uri: job.data?.uri ?? null,
        line: job.data?.meta?.line ?? null,
        code: failureCode(message),
        message: message.replace(/^[A-Z][A-Z0-9]*_[A-Z0-9_]+: /, ''),
        attempts: job.attemptsMade,
        failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      };
    });
  } finally {
    await queue.close();
  }
}
