/** Output helpers shared by the `eval` subcommands: scores are printed rounded to 4 decimals. */

export function roundScore(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/** Rounds every non-integer number in a JSON-able value (scores), leaving counts alone. */
export function roundScores<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? roundScore(v) : v))) as T;
}
