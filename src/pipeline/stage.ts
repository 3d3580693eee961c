/**
 * The stage contract. A stage is small and pure: it reads and enriches the article it is given,
 * and everything else (publication date, loaded lexicons, limits, clock, diagnostics) comes in
 * through the context. No stage opens a file, a socket or the database.
 */
import type { DiagnosticSink } from '../core/diagnostics.js';
import type { Article } from '../core/record.js';
import type { Resources } from './resources.js';

export interface Limits {
  /** Largest input accepted, in bytes (UTF-8). Larger input is refused with `INPUT_TOO_LARGE`. */
  maxBytes: number;
  /** Wall-clock budget for one article, in ms; stages past it are skipped with `PIPELINE_TIMEOUT`. */
  maxMillis: number;
  /** Longest run of non-space characters kept as one token; longer runs are flagged and skipped by NLP stages. */
  maxTokenChars: number;
  /** Longest sentence (tokens) handed to per-sentence stages; longer ones are split and flagged. */
  maxSentenceTokens: number;
}

export const defaultLimits: Limits = {
  maxBytes: 10 * 1024 * 1024,
  maxMillis: 30_000,
  maxTokenChars: 256,
  maxSentenceTokens: 250,
};

export interface StageContext {
  /** Publication date (ISO date or datetime) or null when unknown: relative dates then stay unresolved. */
  readonly published: string | null;
  readonly resources: Resources;
  readonly limits: Limits;
  readonly diagnostics: DiagnosticSink;
  /** Monotonic clock in ms; used for budgets and timings, never for resolving dates. */
  now(): number;
}

export interface Stage {
  /** Folder name without its number, e.g. `normalise`; used in diagnostics and timings. */
  readonly name: string;
  run(article: Article, context: StageContext): void;
}
