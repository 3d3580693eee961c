/** Helpers shared by the `eval` subcommands: missing gold data is a clear error (exit 1), scores are printed rounded to 4 decimals. */
import { logError } from './io.js';

export function roundScore(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/** Rounds every non-integer number in a JSON-able value (scores), leaving counts alone. */
export function roundScores<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? roundScore(v) : v))) as T;
}

/** Runs an evaluation; a missing folder or file of gold data is reported as `EVAL_NO_DATA` with exit code 1. */
export async function guarded(setExitCode: (code: number) => void, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      logError(`EVAL_NO_DATA: ${(error as Error).message}`);
      setExitCode(1);
      return;
    }
    if (error instanceof Error && /^no (?:\*\.\w+ files|page folders) under/.test(error.message)) {
      logError(`EVAL_NO_DATA: ${error.message}`);
      setExitCode(1);
      return;
    }
    throw error;
  }
}
