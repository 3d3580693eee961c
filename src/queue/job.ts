/**
 * What a queue job carries: a reference to one source document (the file to read, its format, the
 * JSONL line and its byte offset, the feed item), never its body, and how a worker reads the
 * document back from it. The job id is the document key, so the same document enqueued twice is
 * one job. Reading back rebuilds the document with the same code the sources use (`makeDocument`,
 * `parseJsonlLine`, `readFeed`) and checks that its key is still the job's: a file changed since
 * it was enqueued is refused rather than stored under another document's name.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { UnrecoverableError } from 'bullmq';
import { makeDocument, type DocumentFormat, type DocumentMeta, type SourceDocument } from '../sources/document.js';
import { readFeed } from '../sources/feed.js';
import { parseJsonlLine } from '../sources/jsonl.js';

export interface DocumentJob {
  /** The document key (also the job id). */
  key: string;
  /** The document's URI as the sources name it (part of its key): a path as given, `path#L3`, `feed.xml#item-2`. */
  uri: string;
  format: DocumentFormat;
  /** Absolute path of the file to read: the document itself, the JSONL dump or the feed. */
  path: string;
  meta: DocumentMeta;
  /** Byte offset of a JSONL record's line in `path`. */
  offset?: number;
}

/** A job's failure: `code` is `AREA_WHAT`; the message BullMQ keeps is `CODE: message`. */
export function jobFailure(code: string, message: string, retry: boolean): Error {
  const text = `${code}: ${message}`;
  return retry ? new Error(text) : new UnrecoverableError(text);
}

/** The code of a failure message written by `jobFailure` (`QUEUE_JOB_FAILED` for anything else, such as a lost lock). */
export function failureCode(message: string): string {
  return /^([A-Z][A-Z0-9]*_[A-Z0-9_]+):/.exec(message)?.[1] ?? 'QUEUE_JOB_FAILED';
}

/** The file a document's URI names (`dump.jsonl#L3` → `dump.jsonl`), or undefined for stdin. */
function fileOf(document: SourceDocument): string | undefined {
  const uri = document.uri;
  const file = document.format === 'jsonl' ? uri.replace(/#L\d+$/, '') : document.format === 'feed-item' ? uri.replace(/#item-\d+$/, '') : uri;
  if (file === 'stdin') return undefined;
  return isAbsolute(file) ? file : resolve(file);
}

/**
 * The job for a document read by `readSources`; `lineOffset` gives a JSONL record's byte offset.
 * Undefined for a document read from stdin, which a worker could not read again.
 */
export function jobOfDocument(document: SourceDocument, lineOffset: (path: string, line: number) => number | undefined): DocumentJob | undefined {
  const path = fileOf(document);
  if (path === undefined) return undefined;
  const job: DocumentJob = { key: document.key, uri: document.uri, format: document.format, path, meta: document.meta };
  if (document.format === 'jsonl' && document.meta.line !== undefined) {
    const offset = lineOffset(path, document.meta.line);
    if (offset !== undefined) job.offset = offset;
  }
  return job;
}

/** Start offsets of the lines of a file (index 0 is line 1). */
export function lineOffsetsOf(path: string): number[] {
  const offsets = [0];
  const fd = openSync(path, 'r');
  const chunk = Buffer.alloc(1 << 16);
  let position = 0;
  try {
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, position);
      if (read === 0) break;
      for (let at = chunk.indexOf(0x0a); at >= 0 && at < read; at = chunk.indexOf(0x0a, at + 1)) offsets.push(position + at + 1);
      position += read;
    }
  } finally {
    closeSync(fd);
  }
  return offsets;
}

/** One line of a file from its byte offset, up to `maxBytes` (undefined when longer). */
function readLineAt(path: string, offset: number, maxBytes: number): string | undefined {
  const fd = openSync(path, 'r');
  const parts: Buffer[] = [];
  let length = 0;
  const chunk = Buffer.alloc(1 << 16);
  try {
    for (let position = offset; ; ) {
      const read = readSync(fd, chunk, 0, chunk.length, position);
      if (read === 0) break;
      const newline = chunk.subarray(0, read).indexOf(0x0a);
      const end = newline >= 0 ? newline : read;
      parts.push(Buffer.from(chunk.subarray(0, end)));
      length += end;
      if (length > maxBytes) return undefined;
      if (newline >= 0) break;
      position += read;
    }
  } finally {
    closeSync(fd);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(parts));
}

function readBytes(path: string, maxBytes: number): Uint8Array {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    // Perhaps a shared folder not mounted yet on this machine: worth another attempt.
    throw jobFailure('QUEUE_DOCUMENT_UNREADABLE', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, true);
  }
  if (size > maxBytes) throw jobFailure('INPUT_TOO_LARGE', `${path} is ${size} bytes; the limit is ${maxBytes} bytes (--max-bytes)`, false);
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    throw jobFailure('QUEUE_DOCUMENT_UNREADABLE', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, true);
  }
}

function unchanged(job: DocumentJob, document: SourceDocument | undefined): SourceDocument {
  if (!document || document.key !== job.key) {
    throw jobFailure('QUEUE_DOCUMENT_CHANGED', `${job.uri} is not the document that was enqueued (its file changed since); enqueue it again`, false);
  }
  return document;
}

/** Reads the document a job refers to; throws a `jobFailure` when it cannot. */
export function readJobDocument(job: DocumentJob, maxBytes: number): SourceDocument {
  if (job.format === 'jsonl') {
    const line = job.meta.line;
    if (line === undefined || job.offset === undefined) throw jobFailure('QUEUE_JOB_INVALID', `job ${job.key} names no JSONL line`, false);
    readBytesCheck(job.path);
    const raw = readLineAt(job.path, job.offset, maxBytes);
    if (raw === undefined) throw jobFailure('INPUT_TOO_LARGE', `line ${line} of ${job.path} is over the limit of ${maxBytes} bytes (--max-bytes)`, false);
    const item = parseJsonlLine(line === 1 ? raw.replace(/^\uFEFF/, '') : raw, job.uri.replace(/#L\d+$/, ''), line);
    return unchanged(job, item?.kind === 'document' ? item.document : undefined);
  }
  const bytes = readBytes(job.path, maxBytes);
  if (job.format === 'feed-item') {
    const feedUri = job.uri.replace(/#item-\d+$/, '');
    for (const item of readFeed(bytes, feedUri, { maxBytes })) {
      if (item.kind === 'document' && item.document.uri === job.uri) return unchanged(job, item.document);
    }
    return unchanged(job, undefined);
  }
  return unchanged(job, makeDocument(job.format, job.uri, job.meta, { bytes }));
}

/** Throws the retriable "cannot read" failure when the file is gone. */
function readBytesCheck(path: string): void {
  try {
    statSync(path);
  } catch (error) {
    throw jobFailure('QUEUE_DOCUMENT_UNREADABLE', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, true);
  }
}
