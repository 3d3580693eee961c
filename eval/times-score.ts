/**
 * Scoring of time expressions against TIMEX3 gold, TempEval-3 style, shared by the TimeML and
 * MEANTIME harnesses. Pure: documents in, numbers out.
 *
 * - Extent, relaxed (`extentF1`): a predicted and a gold expression match when their spans overlap;
 *   matching is one-to-one (greedy, largest overlap first).
 * - Extent, strict (`strictExtentF1`): exact span equality.
 * - `valueAccuracy`: share of the relaxed matches whose values are equal (TempEval-3 "value
 *   accuracy"); `valueF1` = relaxed extent F1 × value accuracy (TempEval-3 attribute F1).
 *
 * Values are compared case-insensitively after removing trivial spelling differences only: a
 * decade written `196X` (TIMEX2) equals `196` (TIMEX3), and a week number written without its
 * leading zero (`2000-W6`) equals `2000-W06`. `2020-01-21T00:00` is not `2020-01-21`.
 * Gold creation times (functionInDocument="CREATION_TIME") are left out by the callers.
 */

export interface GoldTime {
  span: { start: number; end: number };
  value: string;
  type: string;
}

export interface PredictedTime {
  span: { start: number; end: number };
  value: string;
}

export interface TimesScore {
  gold: number;
  predicted: number;
  extentPrecision: number;
  extentRecall: number;
  extentF1: number;
  strictExtentF1: number;
  valueAccuracy: number;
  valueF1: number;
  matched: number;
}

/** The canonical spelling of a TIMEX3 value for comparison. */
export function normaliseValue(value: string): string {
  let v = value.trim().toUpperCase();
  // Decade: "196X" (TIMEX2 style) → "196"; century "19XX" → "19"
  if (/^\d{3}X$/.test(v)) v = v.slice(0, 3);
  if (/^\d{2}XX$/.test(v)) v = v.slice(0, 2);
  // Week without leading zero: "2000-W6" → "2000-W06"
  v = v.replace(/-W(\d)(?!\d)/, '-W0$1');
  return v;
}

export function valuesEqual(a: string, b: string): boolean {
  return normaliseValue(a) === normaliseValue(b);
}

function f1(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** One-to-one relaxed matches of one document: pairs of indices (gold, predicted). */
export function matchOverlapping(gold: readonly GoldTime[], predicted: readonly PredictedTime[]): Array<[number, number]> {
  const pairs: Array<{ g: number; p: number; overlap: number }> = [];
  gold.forEach((g, gi) => {
    predicted.forEach((p, pi) => {
      const overlap = Math.min(g.span.end, p.span.end) - Math.max(g.span.start, p.span.start);
      if (overlap > 0) pairs.push({ g: gi, p: pi, overlap });
    });
  });
  pairs.sort((a, b) => b.overlap - a.overlap || a.g - b.g || a.p - b.p);
  const usedGold = new Set<number>();
  const usedPredicted = new Set<number>();
  const out: Array<[number, number]> = [];
  for (const pair of pairs) {
    if (usedGold.has(pair.g) || usedPredicted.has(pair.p)) continue;
    usedGold.add(pair.g);
    usedPredicted.add(pair.p);
    out.push([pair.g, pair.p]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

export function scoreTimes(documents: Array<{ gold: GoldTime[]; predicted: PredictedTime[] }>): TimesScore {
  let gold = 0;
  let predicted = 0;
  let matched = 0;
  let strict = 0;
  let correct = 0;
  for (const document of documents) {
    gold += document.gold.length;
    predicted += document.predicted.length;
    const pairs = matchOverlapping(document.gold, document.predicted);
    matched += pairs.length;
    for (const [g, p] of pairs) {
      if (valuesEqual(document.gold[g]!.value, document.predicted[p]!.value)) correct++;
    }
    const exact = new Set(document.predicted.map((p) => `${p.span.start}:${p.span.end}`));
    const seen = new Set<string>();
    for (const g of document.gold) {
      const key = `${g.span.start}:${g.span.end}`;
      if (exact.has(key) && !seen.has(key)) {
        strict++;
        seen.add(key);
      }
    }
  }
  const extentPrecision = ratio(matched, predicted);
  const extentRecall = ratio(matched, gold);
  const extentF1 = f1(extentPrecision, extentRecall);
  const strictExtentF1 = f1(ratio(strict, predicted), ratio(strict, gold));
  const valueAccuracy = ratio(correct, matched);
  return {
    gold,
    predicted,
    extentPrecision,
    extentRecall,
    extentF1,
    strictExtentF1,
    valueAccuracy,
    valueF1: extentF1 * valueAccuracy,
    matched,
  };
}
