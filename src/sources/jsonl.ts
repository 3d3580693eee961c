/**
 * JSONL records from crawlers: one JSON object a line, `{text|html, url?, title?, published?, outlet?}`,
 * validated with Zod. An invalid line becomes an error naming its line number and the fields at
 * fault; the lines around it go on. Lines are read as a stream, so a dump larger than memory works.
 */
import { z } from 'zod';
import { normaliseDate } from '../stages/02-extract-html/extract-html.js';
import { makeDocument, makeError, type DocumentMeta, type SourceItem } from './document.js';

export const JsonlRecordSchema = z
  .object({
    text: z.string().optional(),
    html: z.string().optional(),
    url: z.string().url().optional(),
    title: z.string().optional(),
    published: z
      .string()
      .refine((value) => normaliseDate(value) !== undefined, { message: 'not a date (expected ISO 8601 such as 2020-01-22, or an RFC 2822 date)' })
      .optional(),
    outlet: z.string().optional(),
  })
  .refine((record) => (record.text !== undefined && record.text.trim() !== '') || (record.html !== undefined && record.html.trim() !== ''), {
    message: 'a record needs a non-empty "text" or "html"',
  });
export type JsonlRecord = z.infer<typeof JsonlRecordSchema>;

/** Zod issues as `path: message`, one per issue. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(record)'}: ${issue.message}`).join('; ');
}

/** One JSONL line (1-based `line`) to a document or an error. */
export function parseJsonlLine(raw: string, uri: string, line: number): SourceItem | undefined {
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    return makeError('jsonl', uri, 'JSONL_INVALID_JSON', `line ${line}: not valid JSON (${(error as Error).message})`, trimmed, line);
  }
  const parsed = JsonlRecordSchema.safeParse(value);
  if (!parsed.success) return makeError('jsonl', uri, 'JSONL_INVALID_RECORD', `line ${line}: ${describeIssues(parsed.error)}`, trimmed, line);
  const record = parsed.data;
  const useHtml = record.html !== undefined && record.html.trim() !== '';
  const meta: DocumentMeta = { line };
  if (record.url) meta.url = record.url;
  if (record.title) meta.title = record.title;
  if (record.published) meta.published = normaliseDate(record.published)!;
  if (record.outlet) meta.outlet = record.outlet;
  if (useHtml) meta.html = true;
  return { kind: 'document', document: makeDocument('jsonl', `${uri}#L${line}`, meta, { text: useHtml ? record.html! : record.text! }) };
}

/**
 * Splits a byte stream into lines without holding more than one line; a line longer than
 * `maxBytes` is yielded as `null` (its bytes dropped) so the caller can record it.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, maxBytes: number): AsyncGenerator<string | null> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overflow = false;
  const decoder = new TextDecoder('utf-8');
  const take = (): string | null => {
    const line = overflow ? null : decoder.decode(Buffer.concat(pending));
    pending = [];
    pendingBytes = 0;
    overflow = false;
    return line;
  };
  for await (const chunk of chunks) {
    let buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let newline = buffer.indexOf(0x0a); newline >= 0; newline = buffer.indexOf(0x0a)) {
      if (pendingBytes + newline > maxBytes) overflow = true;
      if (!overflow) pending.push(buffer.subarray(0, newline));
      yield take();
      buffer = buffer.subarray(newline + 1);
    }
    if (buffer.length > 0 && !overflow) {
      pendingBytes += buffer.length;
      if (pendingBytes > maxBytes) {
        overflow = true;
        pending = [];
      } else pending.push(Buffer.from(buffer));
    }
  }
  if (pendingBytes > 0 || overflow) yield take();
}

/** Every record of a JSONL stream. */
export async function* readJsonl(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, uri: string, maxBytes: number): AsyncGenerator<SourceItem> {
  let line = 0;
  for await (const raw of splitLines(chunks, maxBytes)) {
    line++;
    if (raw === null) {
      yield makeError('jsonl', uri, 'INPUT_TOO_LARGE', `line ${line}: the record is over the limit of ${maxBytes} bytes (--max-bytes)`, `too-large:${line}`, line);
      continue;
    }
    const item = parseJsonlLine(line === 1 ? raw.replace(/^\uFEFF/, '') : raw, uri, line);
    if (item) yield item;
  }
}
