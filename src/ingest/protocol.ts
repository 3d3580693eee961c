/** Messages between the ingest loop and its worker threads. */
import type { Article } from '../core/record.js';
import type { Limits } from '../pipeline/stage.js';
import type { ParserData } from '../stages/05-parse/model-io.js';
import type { SourceDocument } from '../sources/document.js';

export interface WorkerSettings {
  gazetteers: string[];
  limits: Partial<Limits>;
  /** The shipped parser model, read once by the main thread on SharedArrayBuffers: every worker scores with this one copy. */
  parser?: ParserData;
  /**
   * Who makes the near-duplicate MinHash of an article: the worker (default; the result carries
   * `nearSignature`) or the caller (`'caller'`: the worker then never loads the store's code, ≈ 9 MB
   * a thread, and the caller runs `minhashSignature` on the record's text, under 1 ms an article).
   */
  minhash?: 'worker' | 'caller';
}

export interface WorkerRequest {
  id: number;
  document: SourceDocument;
}

/** A worker's answer; `extractMs` is the time the worker spent on the document (not waiting in its queue). */
export type WorkerResult = { id: number; extractMs?: number } & (
  | { ok: true; record: Article; encoded: Uint8Array; nearSignature?: Uint32Array; canonicalUrl?: string; charsetRule?: string }
  | { ok: false; code: string; message: string; stage: string }
);
