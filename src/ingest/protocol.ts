/** Messages between the ingest loop and its worker threads. */
import type { Article } from '../core/record.js';
import type { Limits } from '../pipeline/stage.js';
import type { SourceDocument } from '../sources/document.js';

export interface WorkerSettings {
  gazetteers: string[];
  limits: Partial<Limits>;
}

export interface WorkerRequest {
  id: number;
  document: SourceDocument;
}

export type WorkerResult =
  | { id: number; ok: true; record: Article; encoded: Uint8Array; nearSignature?: Uint32Array; canonicalUrl?: string; charsetRule?: string }
  | { id: number; ok: false; code: string; message: string; stage: string };
