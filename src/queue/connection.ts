/**
 * The Redis behind a queue, from what a user typed (`redis://[user:password@]host[:port][/db]`), as
 * BullMQ connection options, and the queue settings shared by the enqueuer and the workers. Opens
 * no connection itself.
 */
import type { ConnectionOptions } from 'bullmq';
import { DatelineError } from '../core/diagnostics.js';

/** The queue name used when `--queue-name` is not given. */
export const DEFAULT_QUEUE_NAME = 'dateline';

/** BullMQ connection options for a `redis://` or `rediss://` URL. */
export function queueConnection(url: string): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatelineError('QUEUE_URL', `--queue expects a Redis URL such as redis://127.0.0.1:6379, got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new DatelineError('QUEUE_URL', `--queue expects a redis:// URL, got ${JSON.stringify(url)}`);
  }
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw new DatelineError('QUEUE_URL', `the database in ${JSON.stringify(url)} must be a number (redis://host:port/0)`);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db !== '' ? { db: Number(db) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** The URL with its password hidden, for messages. */
export function describeQueueUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:…@');
}

/** A queue name BullMQ accepts (it builds Redis keys from it). */
export function checkQueueName(name: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new DatelineError('QUEUE_NAME', `--queue-name may hold letters, digits, '.', '_' and '-' only, got ${JSON.stringify(name)}`);
  return name;
}
