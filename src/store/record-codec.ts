/** The stored form of a whole article record: gzipped JSON (records are mostly tokens; gzip shrinks them about tenfold). */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Article } from '../core/record.js';

export function encodeRecord(article: Article): Buffer {
  return gzipSync(JSON.stringify(article), { level: 6 });
}

export function decodeRecord(bytes: Uint8Array): Article {
  return JSON.parse(gunzipSync(bytes).toString('utf8')) as Article;
}

/** Bytes as a Node Buffer (what the database drivers bind), without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
