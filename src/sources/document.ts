/**
 * What sources yield: input documents (a text file, an HTML page, a JSONL record, a feed item), or a
 * per-document error when one could not be read. Documents carry bytes or text, never a parsed
 * article: extraction happens later, in the ingest workers.
 */
import { createHash } from 'node:crypto';

export type DocumentFormat = 'text' | 'html' | 'jsonl' | 'feed-item';

export interface DocumentMeta {
  /** The article's URL (JSONL `url`, a feed item's link). */
  url?: string;
  title?: string;
  /** ISO 8601 date or datetime. */
  published?: string;
  outlet?: string;
  /** 1-based line of a JSONL record. */
  line?: number;
  /** The content is HTML (a page, a JSONL `html` field, a feed item's content). */
  html?: boolean;
  /** How a feed's charset was decided, for its items. */
  charsetRule?: string;
}

export interface SourceDocument {
  /** Hash of format, URI, metadata and content: the same document always has the same key. */
  key: string;
  uri: string;
  format: DocumentFormat;
  /** The raw bytes (files, saved pages): the pipeline decides their charset. */
  bytes?: Uint8Array;
  /** Content already decoded (JSONL fields, feed items). */
  text?: string;
  meta: DocumentMeta;
}

export interface SourceError {
  key: string;
  uri: string;
  format: DocumentFormat | 'feed' | 'file';
  line?: number;
  /** Stable code, `AREA_WHAT`. */
  code: string;
  message: string;
}

export type SourceItem = { kind: 'document'; document: SourceDocument } | { kind: 'error'; error: SourceError };

/** The key of a document: what it is and where it came from (so exact copies in two files are two documents of one article). */
export function documentKey(format: string, uri: string, meta: DocumentMeta, content: string | Uint8Array): string {
  const hash = createHash('sha256');
  hash.update(format + '\u0000' + uri + '\u0000' + JSON.stringify(meta, Object.keys(meta).sort()) + '\u0000');
  hash.update(content);
  return hash.digest('hex').slice(0, 32);
}

export function makeDocument(format: DocumentFormat, uri: string, meta: DocumentMeta, content: { bytes: Uint8Array } | { text: string }): SourceDocument {
  const key = documentKey(format, uri, meta, 'bytes' in content ? content.bytes : content.text);
  return { key, uri, format, meta, ...content };
}

/** A per-document error; `identity` (size and time of a file, the raw line) makes its key change when the input does. */
export function makeError(format: SourceError['format'], uri: string, code: string, message: string, identity: string, line?: number): SourceItem {
  const key = documentKey('error:' + format, uri, line === undefined ? {} : { line }, identity);
  return { kind: 'error', error: { key, uri, format, code, message, ...(line === undefined ? {} : { line }) } };
}
