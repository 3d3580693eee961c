/**
 * PLOVER evaluation: scores the events Dateline codes from the sentences of PLOVER-format gold
 * records (`../shared/eval/plover-gsr/dev.json`: sentence, event type, source and target actor codes).
 *
 * For each record the sentence is extracted on its own (no publication date); the predicted event
 * compared with the gold one is the event whose trigger overlaps a gold `(EVT: ...)` span, else the
 * first event of the sentence that is not a STATEMENT. Scores, over records:
 * - typeAccuracy: predicted PLOVER type = gold type (older names mapped: DEMAND→REQUEST,
 *   DISAPPROVE→ACCUSE, FIGHT→ASSAULT, INVESTIGATE→ACCUSE);
 * - cameoRootAccuracy: over records that carry a `cameo` code, same two-digit root (null when none do);
 * - source/targetCountryAccuracy: the set of country parts (first three letters) of the predicted
 *   actors equals the gold set (an empty gold target must be predicted empty); a code that starts
 *   with a sector ("MIL", "REF": troops or refugees of no known country) has no country part;
 * - source/targetCodeAccuracy: the same with full codes (country + sector when the gold gives a
 *   sector other than "***"; gold without a sector is compared on the country part only);
 * - fullyCorrect: type, source code and target code all right.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Article, EventRecord } from '../src/index.js';

const GoldActorSchema = z.object({ actorText: z.string().optional(), code: z.string(), sector: z.string().optional() });
const GoldActorsSchema = z.union([z.array(GoldActorSchema), z.string(), z.null()]).optional();

export const PloverGoldSchema = z.object({
  id: z.string(),
  text: z.string(),
  event: z.string().optional(),
  cameo: z.string().optional(),
  mode: z.string().nullable().optional(),
  source: GoldActorsSchema,
  target: GoldActorsSchema,
  textInfo: z.object({ markup: z.string() }).optional(),
});
export type PloverGold = z.infer<typeof PloverGoldSchema>;

/** Older PLOVER (0.5b1) category names and the current ones. */
export const legacyTypeNames: Readonly<Record<string, string>> = { DEMAND: 'REQUEST', DISAPPROVE: 'ACCUSE', FIGHT: 'ASSAULT', INVESTIGATE: 'ACCUSE' };

export function currentType(type: string | undefined): string | undefined {
  return type === undefined ? undefined : (legacyTypeNames[type] ?? type);
}

export function readPloverGold(path: string): PloverGold[] {
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const records = Array.isArray(raw) ? raw : (raw as { records?: unknown }).records;
  if (!Array.isArray(records)) throw new Error(`${path}: expected a JSON array of PLOVER records`);
  return records.map((record, index) => {
    const parsed = PloverGoldSchema.safeParse(record);
    if (!parsed.success) throw new Error(`${path}: record ${index}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return parsed.data;
  });
}

/** The words inside `(EVT: ...)` in the markup, lowercased. */
export function goldTriggerWords(record: PloverGold): string[] {
  const markup = record.textInfo?.markup ?? '';
  const words: string[] = [];
  for (const match of markup.matchAll(/\(EVT: ([^()]*)\)/g)) words.push(...match[1]!.toLowerCase().split(/\s+/).filter(Boolean));
  return words;
}

function goldCodes(actors: PloverGold['source'], full: boolean): string[] {
  if (!Array.isArray(actors)) return [];
  return [
    ...new Set(actors.map((a) => (full && a.sector && a.sector !== '***' ? a.code + a.sector : a.code).toUpperCase())),
  ].sort();
}

/**
 * CAMEO role and sector codes: a predicted code that starts with one of them names an actor of no
 * known country. IGO, NGO, IMG and MNC stand where a country would, as in the gold.
 */
const SECTORS = new Set('COP GOV INS JUD MIL OPP PTY REB SEP SPY UAF AGR BUS CRM CVL DEV EDU ELI ENV HLH HRI LAB LEG MED REF REL MOD RAD JRN'.split(' '));

/** The country part of a code: its first three letters, unless they are a sector. */
export const countryPart = (code: string): string => (SECTORS.has(code.slice(0, 3)) ? '' : code.slice(0, 3));

function predictedCodes(article: Article, refs: EventRecord['source'], gold: PloverGold['source'], full: boolean): string[] {
  const goldHasSector = new Map((Array.isArray(gold) ? gold : []).map((a) => [a.code.toUpperCase(), Boolean(a.sector && a.sector !== '***')]));
  const codes = refs.map((ref) => {
    const entity = ref.entity ? article.entities.find((e) => e.id === ref.entity) : undefined;
    const code = (ref.code ?? entity?.code ?? entity?.country ?? '').toUpperCase();
    const country = countryPart(code);
    return full && goldHasSector.get(country) ? code : full && !country ? code : country;
  });
  return [...new Set(codes.filter(Boolean))].sort();
}

const sameSet = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** The predicted event compared with the gold record's event. */
export function pickEvent(article: Article, record: PloverGold): EventRecord | undefined {
  const words = new Set(goldTriggerWords(record));
  const candidates = article.events.filter((e) => e.type !== 'STATEMENT');
  const byTrigger = candidates.find((e) => {
    const trigger = article.text.slice(e.trigger.start, e.trigger.end).toLowerCase();
    return trigger.split(/\s+/).some((w) => words.has(w));
  });
  return byTrigger ?? candidates[0];
}

export interface PloverOutcome {
  id: string;
  text: string;
  goldType: string | undefined;
  predictedType: string | undefined;
  typeCorrect: boolean;
  cameoRootCorrect?: boolean;
  sourceCountryCorrect?: boolean;
  targetCountryCorrect: boolean;
  sourceCodeCorrect?: boolean;
  targetCodeCorrect: boolean;
  fullyCorrect: boolean;
  gold: { source: string[]; target: string[] };
  predicted: { source: string[]; target: string[]; trigger?: string; rule?: string };
}

export function scoreRecord(record: PloverGold, article: Article): PloverOutcome {
  const event = pickEvent(article, record);
  const goldType = currentType(record.event);
  const predictedType = event?.type;
  const hasSource = Array.isArray(record.source) && record.source.length > 0;
  const goldSource = { country: goldCodes(record.source, false), code: goldCodes(record.source, true) };
  const goldTarget = { country: goldCodes(record.target, false), code: goldCodes(record.target, true) };
  const source = { country: event ? predictedCodes(article, event.source, record.source, false) : [], code: event ? predictedCodes(article, event.source, record.source, true) : [] };
  const target = { country: event ? predictedCodes(article, event.target, record.target, false) : [], code: event ? predictedCodes(article, event.target, record.target, true) : [] };
  const typeCorrect = goldType !== undefined && predictedType === goldType;
  const sourceCodeCorrect = hasSource ? sameSet(source.code, goldSource.code) : undefined;
  const targetCodeCorrect = sameSet(target.code, goldTarget.code);
  return {
    id: record.id,
    text: record.text,
    goldType,
    predictedType,
    typeCorrect,
    ...(record.cameo ? { cameoRootCorrect: event !== undefined && event.cameo.slice(0, 2) === record.cameo.slice(0, 2) } : {}),
    ...(hasSource ? { sourceCountryCorrect: sameSet(source.country, goldSource.country) } : {}),
    targetCountryCorrect: sameSet(target.country, goldTarget.country),
    ...(hasSource ? { sourceCodeCorrect } : {}),
    targetCodeCorrect,
    fullyCorrect: typeCorrect && sourceCodeCorrect !== false && targetCodeCorrect,
    gold: { source: goldSource.code, target: goldTarget.code },
    predicted: {
      source: source.code,
      target: target.code,
      ...(event ? { trigger: article.text.slice(event.trigger.start, event.trigger.end), rule: event.rule } : {}),
    },
  };
}

export interface PloverResult {
  records: number;
  typeAccuracy: number;
  cameoRootAccuracy: number | null;
  sourceCountryAccuracy: number;
  targetCountryAccuracy: number;
  sourceCodeAccuracy: number;
  targetCodeAccuracy: number;
  fullyCorrect: number;
  /** Records whose sentence produced no event at all. */
  noEvent: number;
  outcomes: PloverOutcome[];
}

const share = (values: Array<boolean | undefined>): number => {
  const defined = values.filter((v): v is boolean => v !== undefined);
  return defined.length === 0 ? 0 : defined.filter(Boolean).length / defined.length;
};

export function evaluatePlover(path: string, extract: (text: string) => Article, options: { limit?: number } = {}): PloverResult {
  const records = readPloverGold(path).slice(0, options.limit ?? Infinity);
  const outcomes = records.map((record) => scoreRecord(record, extract(record.text)));
  const withCameo = outcomes.filter((o) => o.cameoRootCorrect !== undefined);
  return {
    records: outcomes.length,
    typeAccuracy: share(outcomes.map((o) => o.typeCorrect)),
    cameoRootAccuracy: withCameo.length === 0 ? null : share(withCameo.map((o) => o.cameoRootCorrect)),
    sourceCountryAccuracy: share(outcomes.map((o) => o.sourceCountryCorrect)),
    targetCountryAccuracy: share(outcomes.map((o) => o.targetCountryCorrect)),
    sourceCodeAccuracy: share(outcomes.map((o) => o.sourceCodeCorrect)),
    targetCodeAccuracy: share(outcomes.map((o) => o.targetCodeCorrect)),
    fullyCorrect: share(outcomes.map((o) => o.fullyCorrect)),
    noEvent: outcomes.filter((o) => o.predictedType === undefined).length,
    outcomes,
  };
}

export function formatPloverTable(result: PloverResult): string {
  const pct = (x: number | null): string => (x === null ? '   n/a' : (100 * x).toFixed(1).padStart(6));
  const lines = [
    `PLOVER: ${result.records} gold records (${result.noEvent} with no predicted event)`,
    '',
    `  event type accuracy         ${pct(result.typeAccuracy)}`,
    `  CAMEO root accuracy         ${pct(result.cameoRootAccuracy)}`,
    `  source country accuracy     ${pct(result.sourceCountryAccuracy)}`,
    `  target country accuracy     ${pct(result.targetCountryAccuracy)}`,
    `  source code accuracy        ${pct(result.sourceCodeAccuracy)}`,
    `  target code accuracy        ${pct(result.targetCodeAccuracy)}`,
    `  fully correct               ${pct(result.fullyCorrect)}`,
  ];
  const byType = new Map<string, { n: number; right: number }>();
  for (const o of result.outcomes) {
    const entry = byType.get(o.goldType ?? '?') ?? { n: 0, right: 0 };
    entry.n++;
    if (o.typeCorrect) entry.right++;
    byType.set(o.goldType ?? '?', entry);
  }
  lines.push('', '  type accuracy by gold type');
  for (const [type, { n, right }] of [...byType].sort()) lines.push(`    ${type.padEnd(12)} ${right}/${n}`);
  return lines.join('\n');
}

export function formatPloverErrors(result: PloverResult): string {
  const lines: string[] = [];
  for (const o of result.outcomes) {
    if (o.fullyCorrect) continue;
    const marks = [o.typeCorrect ? '' : 'type', o.sourceCodeCorrect === false ? 'source' : '', o.targetCodeCorrect ? '' : 'target'].filter(Boolean).join('+');
    lines.push(`${o.id} [${marks}] gold ${o.goldType} ${o.gold.source.join(',')} → ${o.gold.target.join(',')} | predicted ${o.predictedType ?? '-'} ${o.predicted.source.join(',')} → ${o.predicted.target.join(',')} (${o.predicted.trigger ?? ''} ${o.predicted.rule ?? ''})`);
    lines.push(`    ${o.text}`);
  }
  return lines.join('\n');
}
