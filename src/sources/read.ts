/**
 * The sources of an ingest: files, folders (recursive, by extension), and stdin (`-`), each turned
 * into documents or per-document errors. Nothing here extracts an article. A file over the size
 * limit is refused without being read; JSONL is streamed line by line (the limit is per record).
 * In a folder, feeds are read first so that pages saved beside them are taken as their items'
 * pages and not a second time on their own.
 */
import { createReadStream, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { looksLikeHtml } from '../stages/02-extract-html/extract-html.js';
import { makeDocument, makeError, type SourceItem } from './document.js';
import { looksLikeFeed, readFeed } from './feed.js';
import { readJsonl } from './jsonl.js';

export type FileKind = 'text' | 'html' | 'feed' | 'jsonl';

/** Extensions a folder walk takes, and what they hold. */
export const extensionKinds: Readonly<Record<string, FileKind>> = {
  '.txt': 'text',
  '.text': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.xml': 'feed',
  '.rss': 'feed',
  '.atom': 'feed',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

export interface SourceOptions {
  /** Largest document accepted, in bytes (a file, a JSONL record, a saved page). */
  maxBytes: number;
  /** Read for `-` (defaults to process.stdin). */
  stdin?: AsyncIterable<Uint8Array>;
}

/** How far a run has got through its files (feeds and JSONL files count as one each), for progress and ETA. */
export interface SourceProgress {
  filesTotal: number;
  filesDone: number;
  /** Files a folder walk left out (unknown extension). */
  filesSkipped: number;
  /** Bytes of the input files (stdin and missing files not counted): what the ETA of one large JSONL dump is reckoned from. */
  bytesTotal: number;
  /** Bytes read of them: a file's whole size once it is done, a JSONL file's as it is streamed. */
  bytesDone: number;
}

/** A new, empty `SourceProgress`. */
export const newSourceProgress = (): SourceProgress => ({ filesTotal: 0, filesDone: 0, filesSkipped: 0, bytesTotal: 0, bytesDone: 0 });

/** Sniffs what a file given by name (or stdin) holds, when its extension does not say. */
export function sniffKind(head: Uint8Array): FileKind {
  const start = Buffer.from(head.subarray(0, 1024)).toString('latin1').replace(/^(?:\u00EF\u00BB\u00BF|\s)+/, '');
  if (start.startsWith('{')) return 'jsonl';
  if (looksLikeFeed(head)) return 'feed';
  if (looksLikeHtml(head)) return 'html';
  return 'text';
}

function listFolder(dir: string, progress: SourceProgress, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFolder(path, progress, out);
    else if (entry.isFile()) {
      if (extensionKinds[extname(entry.name).toLowerCase()]) out.push(path);
      else progress.filesSkipped++;
    }
  }
}

/** The files behind the inputs, feeds first, with `-` kept as is. */
function expandInputs(inputs: readonly string[], progress: SourceProgress): { path: string; kind?: FileKind }[] {
  const files: { path: string; kind?: FileKind }[] = [];
  for (const input of inputs) {
    if (input === '-') {
      files.push({ path: '-' });
      continue;
    }
    let isFolder = false;
    try {
      isFolder = statSync(input).isDirectory();
    } catch {
      // A missing file is reported when it is read.
    }
    if (!isFolder) {
      const kind = extensionKinds[extname(input).toLowerCase()];
      files.push(kind ? { path: input, kind } : { path: input });
      continue;
    }
    const listed: string[] = [];
    listFolder(input, progress, listed);
    const withKind = listed.map((path) => ({ path, kind: extensionKinds[extname(path).toLowerCase()]! }));
    files.push(...withKind.filter((f) => f.kind === 'feed'), ...withKind.filter((f) => f.kind !== 'feed'));
  }
  return files;
}

async function* chunksOfFile(path: string, onRead: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 })) {
    onRead((chunk as Buffer).byteLength);
    yield chunk as Buffer;
  }
}

/** A file's size and time, or why it cannot be read (stated once, before the run, for the progress total too). */
type FileStat = { size: number; mtime: number } | { error: Error };

function statOf(path: string): FileStat {
  try {
    const stat = statSync(path);
    return { size: stat.size, mtime: stat.mtimeMs };
  } catch (error) {
    return { error: error as Error };
  }
}

/** Stdin: peeks at the first bytes to tell JSONL (streamed) from one document (read up to the limit). */
async function* readStdin(stream: AsyncIterable<Uint8Array>, options: SourceOptions): AsyncGenerator<SourceItem> {
  const iterator = stream[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < 1024 && !done) {
    const next = await iterator.next();
    if (next.done) done = true;
    else {
      head.push(next.value);
      headBytes += next.value.byteLength;
    }
  }
  const first = Buffer.concat(head);
  async function* rest(): AsyncGenerator<Uint8Array> {
    yield first;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const kind = sniffKind(first);
  if (kind === 'jsonl') {
    yield* readJsonl(rest(), 'stdin', options.maxBytes);
    return;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of rest()) {
    total += chunk.byteLength;
    if (total > options.maxBytes) {
      yield makeError('file', 'stdin', 'INPUT_TOO_LARGE', `stdin is over the limit of ${options.maxBytes} bytes (--max-bytes)`, `stdin:${total}`);
      return;
    }
    chunks.push(Buffer.from(chunk));
  }
  yield* fileDocuments(new Uint8Array(Buffer.concat(chunks)), 'stdin', kind, options, () => {});
}

function* fileDocuments(bytes: Uint8Array, uri: string, kind: FileKind, options: SourceOptions, onPageUsed: (path: string) => void): Generator<SourceItem> {
  if (kind === 'feed') {
    yield* readFeed(bytes, uri, { maxBytes: options.maxBytes, onPageUsed });
    return;
  }
  if (kind === 'jsonl') throw new Error('JSONL files are streamed');
  yield { kind: 'document', document: makeDocument(kind === 'html' ? 'html' : 'text', uri, kind === 'html' ? { html: true } : {}, { bytes }) };
}

/** The documents of one file of the inputs (`-`: stdin); `onRead` is told the bytes of a JSONL file as they stream. */
async function* readFile(file: { path: string; kind?: FileKind }, stat: FileStat | undefined, options: SourceOptions, usedPages: Set<string>, onRead: (bytes: number) => void): AsyncGenerator<SourceItem> {
  const { path, kind } = file;
  if (path === '-' || !stat) {
    yield* readStdin(options.stdin ?? (process.stdin as AsyncIterable<Uint8Array>), options);
    return;
  }
  // A page a feed already took as one of its items' pages.
  if (usedPages.has(path)) return;
  if ('error' in stat) {
    yield makeError('file', path, 'INPUT_NOT_FOUND', `cannot read ${path}: ${(stat.error as NodeJS.ErrnoException).code ?? stat.error.message}`, 'missing');
    return;
  }
  const { size, mtime } = stat;
  if (kind === 'jsonl') {
    yield* readJsonl(chunksOfFile(path, onRead), path, options.maxBytes);
    return;
  }
  if (size > options.maxBytes) {
    yield makeError('file', path, 'INPUT_TOO_LARGE', `${path} is ${size} bytes; the limit is ${options.maxBytes} bytes (--max-bytes)`, `${size}:${mtime}`);
    return;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (error) {
    yield makeError('file', path, 'INPUT_UNREADABLE', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, `${size}:${mtime}`);
    return;
  }
  const actual = kind ?? sniffKind(bytes);
  if (actual === 'jsonl') yield* readJsonl([bytes], path, options.maxBytes);
  else yield* fileDocuments(bytes, path, actual, options, (page) => usedPages.add(page));
}

/**
 * Every document of the inputs, in a stable order (folders sorted by name, feeds first).
 * `progress` is updated as files are read.
 */
export async function* readSources(inputs: readonly string[], options: SourceOptions, progress: SourceProgress = newSourceProgress()): AsyncGenerator<SourceItem> {
  const files = expandInputs(inputs, progress);
  progress.filesTotal = files.length;
  const stats = files.map((file) => (file.path === '-' ? undefined : statOf(file.path)));
  const sizeOf = (stat: FileStat | undefined): number => (stat && 'size' in stat ? stat.size : 0);
  progress.bytesTotal = stats.reduce((sum, stat) => sum + sizeOf(stat), 0);
  progress.bytesDone = 0;
  const usedPages = new Set<string>();
  for (const [index, file] of files.entries()) {
    let streamed = 0;
    yield* readFile(file, stats[index], options, usedPages, (bytes) => {
      streamed += bytes;
      progress.bytesDone += bytes;
    });
    // Once a file is done, all its bytes count as read (a JSONL file's were counted as they streamed).
    progress.bytesDone += Math.max(0, sizeOf(stats[index]) - streamed);
    progress.filesDone++;
  }
}
