/**
 * Diagnostics: problems are data. A stage that cannot do its part records a diagnostic on the
 * article and moves on; exceptions are for bugs and configuration errors only.
 */
import type { Diagnostic, Span } from './record.js';

/** Where stages report problems; the pipeline binds one sink per stage so `stage` is always set. */
export interface DiagnosticSink {
  info(code: string, message: string, span?: Span): void;
  warn(code: string, message: string, span?: Span): void;
  error(code: string, message: string, span?: Span): void;
}

/** A sink that appends to `list`, tagging every entry with `stage`. */
export function createDiagnosticSink(list: Diagnostic[], stage: string): DiagnosticSink {
  const push = (severity: Diagnostic['severity'], code: string, message: string, span?: Span): void => {
    list.push(span ? { severity, code, message, span, stage } : { severity, code, message, stage });
  };
  return {
    info: (code, message, span) => push('info', code, message, span),
    warn: (code, message, span) => push('warning', code, message, span),
    error: (code, message, span) => push('error', code, message, span),
  };
}

/** Thrown for configuration errors and bad API use (never for bad article text). */
export class DatelineError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(`dateline: ${message}`, options);
    this.name = 'DatelineError';
    this.code = code;
  }
}
