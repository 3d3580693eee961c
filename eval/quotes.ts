/**
 * Quote evaluation: scores quote extent and speaker accuracy against gold quotes in JSONL (the
 * format is defined in `eval/gold/README.md`). Each gold line names its document — a MEANTIME file
 * (`meantime/<path under the MEANTIME folder>`, whose text is rebuilt with `readMeantimeDocument`,
 * exactly as `eval meantime` does) or a text file (a path relative to the package root) — and gives
 * the character span of the quote's words in the text Dateline builds from it.
 *
 * Every document in the gold is annotated in full (every quote), so precision is meaningful.
 * - extent match: a predicted and a gold quote match when, with white space and punctuation trimmed
 *   from both ends, their overlap is at least half of their union (Jaccard ≥ 0.5); pairs are matched
 *   one to one, largest overlap first. `extentF1` is the F1 of that match; `exactF1` requires equal
 *   trimmed spans.
 * - speaker accuracy: over matched pairs, the share whose predicted speaker is right. Right means:
 *   a predicted entity id (speaker, or any member of a group) is one of the gold `ids`, where a
 *   government and its country are the same (`gov:RUS` ≡ `country:RUS`: "Moscow has warned" is
 *   Russia speaking); or the predicted entity's name or an alias equals the gold name or an alias;
 *   or, for a speaker given only by its words (no entity), those words contain the gold name or an
 *   alias. A gold quote with `speaker: null` (no speaker in the text) is right when nothing is
 *   predicted. `speakerAccuracyAll` counts unmatched gold quotes as wrong.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { createPipeline, type Article, type Pipeline, type Quote } from '../src/index.js';
import { createDiagnosticSink } from '../src/core/diagnostics.js';
import { stages } from '../src/pipeline/pipeline.js';
import { packageRoot } from '../src/pipeline/resources.js';
import { defaultLimits, type StageContext } from '../src/pipeline/stage.js';
import { quotesStage } from '../src/stages/08-quotes/quotes.js';
import { readMeantimeDocument } from './meantime.js';

export const GoldQuoteSchema = z.object({
  /** `meantime/<path under the MEANTIME folder>` or a text file relative to the package root. */
  doc: z.string().min(1),
  /** Publication date for text files (MEANTIME documents carry their own). */
  published: z.string().optional(),
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
  kind: z.enum(['direct', 'partial', 'reported']),
  speaker: z
    .object({
      name: z.string().min(1),
      /** Entity ids that count as right (`gov:XXX` and `country:XXX` are interchangeable). */
      ids: z.array(z.string()).optional(),
      aliases: z.array(z.string()).optional(),
      /** Only a description ("a senior official"). */
      nominal: z.boolean().optional(),
    })
    .nullable(),
  /** First 8 hex digits of the SHA-1 of the quote's text: catches a text that changed under the spans. */
  hash: z.string().optional(),
  note: z.string().optional(),
});
export type GoldQuote = z.infer<typeof GoldQuoteSchema>;

export function defaultQuoteGoldPath(): string {
  return join(packageRoot(), 'eval', 'gold', 'quotes-dev.jsonl');
}

/** Reads a gold JSONL file; a bad line throws with its line number and the failing fields. */
export function readQuoteGold(path: string): GoldQuote[] {
  const out: GoldQuote[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, k) => {
      if (line.trim() === '' || line.trim().startsWith('//')) return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (cause) {
        throw new Error(`${path}:${k + 1}: not JSON: ${(cause as Error).message}`);
      }
      const parsed = GoldQuoteSchema.safeParse(raw);
      if (!parsed.success) throw new Error(`${path}:${k + 1}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
      out.push(parsed.data);
    });
  return out;
}

export function quoteHash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 8);
}

export interface QuoteDocumentRun {
  doc: string;
  article: Article;
  gold: GoldQuote[];
  predicted: Quote[];
  /** Pairs [gold index, predicted index] matched by extent. */
  matches: Array<[number, number]>;
}

/** Runs the pipeline over a text and makes sure quotes were extracted (the stage runs here when the pipeline does not have it yet). */
export function extractWithQuotes(pipeline: Pipeline, text: string, published: string | null): Article {
  const article = pipeline.extract(text, { published });
  if (!stages.some((stage) => stage.name === 'quotes')) {
    const context: StageContext = { published, resources: pipeline.resources, limits: defaultLimits, diagnostics: createDiagnosticSink(article.diagnostics, 'quotes'), now: () => performance.now() };
    quotesStage.run(article, context);
  }
  return article;
}

/** A span with white space and punctuation trimmed from both ends. */
function trimmed(text: string, start: number, end: number): { start: number; end: number } {
  const slice = text.slice(start, end);
  const lead = slice.length - slice.replace(/^[\s\p{P}]+/u, '').length;
  const tail = slice.length - slice.replace(/[\s\p{P}]+$/u, '').length;
  return lead + tail >= slice.length ? { start, end } : { start: start + lead, end: end - tail };
}

function jaccard(a: { start: number; end: number }, b: { start: number; end: number }): number {
  const overlap = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  if (overlap <= 0) return 0;
  return overlap / (Math.max(a.end, b.end) - Math.min(a.start, b.start));
}

export function matchQuotes(text: string, gold: readonly GoldQuote[], predicted: readonly Quote[]): Array<[number, number]> {
  const pairs: Array<[number, number, number]> = [];
  gold.forEach((g, gi) => {
    const gs = trimmed(text, g.start, g.end);
    predicted.forEach((p, pi) => {
      const score = jaccard(gs, trimmed(text, p.span.start, p.span.end));
      if (score >= 0.5) pairs.push([gi, pi, score]);
    });
  });
  pairs.sort((a, b) => b[2] - a[2]);
  const usedGold = new Set<number>();
  const usedPredicted = new Set<number>();
  const matches: Array<[number, number]> = [];
  for (const [gi, pi] of pairs) {
    if (usedGold.has(gi) || usedPredicted.has(pi)) continue;
    usedGold.add(gi);
    usedPredicted.add(pi);
    matches.push([gi, pi]);
  }
  return matches;
}

const canonicalId = (id: string): string => id.replace(/^gov:/, 'country:');
const canonicalName = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[\u201C\u201D"'\u2018\u2019]/g, '')
    .replace(/^(?:the|a|an)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Is the predicted speaker of `quote` the gold speaker? (See the module header for the rule.) */
export function speakerMatches(gold: GoldQuote['speaker'], quote: Quote, article: Article): boolean {
  const refs = quote.speakers ?? (quote.speaker ? [quote.speaker] : []);
  if (gold === null) return refs.length === 0 && !quote.speakerText;
  const ids = new Set((gold.ids ?? []).map(canonicalId));
  const names = [gold.name, ...(gold.aliases ?? [])].map(canonicalName);
  for (const ref of refs) {
    if (ids.has(canonicalId(ref.entity))) return true;
    const entity = article.entities.find((e) => e.id === ref.entity);
    if (entity && [entity.name, ...entity.aliases].some((n) => names.includes(canonicalName(n)))) return true;
  }
  if (refs.length === 0 && quote.speakerText) {
    const words = ` ${canonicalName(quote.speakerText)} `;
    return names.some((n) => n.length > 0 && words.includes(` ${n} `));
  }
  return false;
}

export interface QuoteScores {
  documents: number;
  /** Gold quotes. */
  quotes: number;
  predicted: number;
  matched: number;
  extentPrecision: number;
  extentRecall: number;
  extentF1: number;
  exactF1: number;
  speakerAccuracy: number;
  speakerAccuracyAll: number;
  byKind: Record<string, { gold: number; matched: number; speakerCorrect: number }>;
}

function f1(p: number, r: number): number {
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

export interface QuoteEvalOptions {
  gold?: string;
  pipeline?: Pipeline;
}

/** Groups the gold by document, rebuilds each text, runs the pipeline and matches quotes. */
export async function runQuoteEval(meantimeDir: string, options: QuoteEvalOptions = {}): Promise<QuoteDocumentRun[]> {
  const goldPath = options.gold ?? defaultQuoteGoldPath();
  const gold = readQuoteGold(goldPath);
  const pipeline = options.pipeline ?? createPipeline();
  const byDoc = new Map<string, GoldQuote[]>();
  for (const g of gold) byDoc.set(g.doc, [...(byDoc.get(g.doc) ?? []), g]);
  const runs: QuoteDocumentRun[] = [];
  for (const [doc, quotes] of byDoc) {
    let text: string;
    let published: string | null;
    if (doc.startsWith('meantime/')) {
      const path = join(meantimeDir, doc.slice('meantime/'.length));
      const document = readMeantimeDocument(await readFile(path, 'utf8'), path);
      text = document.text;
      published = document.published;
    } else {
      text = await readFile(resolve(packageRoot(), doc), 'utf8');
      published = quotes.find((q) => q.published)?.published ?? null;
    }
    const article = extractWithQuotes(pipeline, text, published);
    for (const g of quotes) {
      if (g.end > article.text.length) throw new Error(`${doc}: gold span ${g.start}-${g.end} lies past the end of the text (${article.text.length})`);
      if (g.hash && quoteHash(article.text.slice(g.start, g.end)) !== g.hash) throw new Error(`${doc}: the text under gold span ${g.start}-${g.end} changed (hash ${g.hash})`);
    }
    const sorted = [...quotes].sort((a, b) => a.start - b.start);
    runs.push({ doc, article, gold: sorted, predicted: article.quotes, matches: matchQuotes(article.text, sorted, article.quotes) });
  }
  return runs;
}

export function scoreQuoteRuns(runs: readonly QuoteDocumentRun[]): QuoteScores {
  let goldCount = 0;
  let predictedCount = 0;
  let matched = 0;
  let exact = 0;
  let speakerCorrect = 0;
  const byKind: QuoteScores['byKind'] = {};
  for (const run of runs) {
    goldCount += run.gold.length;
    predictedCount += run.predicted.length;
    for (const g of run.gold) (byKind[g.kind] ??= { gold: 0, matched: 0, speakerCorrect: 0 }).gold++;
    for (const [gi, pi] of run.matches) {
      const g = run.gold[gi]!;
      const p = run.predicted[pi]!;
      matched++;
      byKind[g.kind]!.matched++;
      const gs = trimmed(run.article.text, g.start, g.end);
      const ps = trimmed(run.article.text, p.span.start, p.span.end);
      if (gs.start === ps.start && gs.end === ps.end) exact++;
      if (speakerMatches(g.speaker, p, run.article)) {
        speakerCorrect++;
        byKind[g.kind]!.speakerCorrect++;
      }
    }
  }
  const precision = predictedCount > 0 ? matched / predictedCount : 0;
  const recall = goldCount > 0 ? matched / goldCount : 0;
  const exactP = predictedCount > 0 ? exact / predictedCount : 0;
  const exactR = goldCount > 0 ? exact / goldCount : 0;
  return {
    documents: runs.length,
    quotes: goldCount,
    predicted: predictedCount,
    matched,
    extentPrecision: precision,
    extentRecall: recall,
    extentF1: f1(precision, recall),
    exactF1: f1(exactP, exactR),
    speakerAccuracy: matched > 0 ? speakerCorrect / matched : 0,
    speakerAccuracyAll: goldCount > 0 ? speakerCorrect / goldCount : 0,
    byKind,
  };
}

export async function evaluateQuotes(meantimeDir: string, options: QuoteEvalOptions = {}): Promise<QuoteScores> {
  return scoreQuoteRuns(await runQuoteEval(meantimeDir, options));
}

function pct(value: number): string {
  return (value * 100).toFixed(1).padStart(6);
}

export function formatQuoteTable(scores: QuoteScores): string {
  const lines = [
    `quotes: ${scores.quotes} gold in ${scores.documents} documents, ${scores.predicted} predicted, ${scores.matched} matched`,
    `extent (Jaccard >= 0.5)  P ${pct(scores.extentPrecision)}  R ${pct(scores.extentRecall)}  F1 ${pct(scores.extentF1)}`,
    `extent exact             F1 ${pct(scores.exactF1)}`,
    `speaker accuracy         ${pct(scores.speakerAccuracy)} of matched   ${pct(scores.speakerAccuracyAll)} of all gold`,
    '',
    'kind       gold  matched  speaker right',
  ];
  for (const [kind, k] of Object.entries(scores.byKind)) lines.push(`${kind.padEnd(9)} ${String(k.gold).padStart(5)} ${String(k.matched).padStart(8)} ${String(k.speakerCorrect).padStart(14)}`);
  return lines.join('\n');
}

/** Every gold quote missed or with a wrong speaker, and every predicted quote with no gold. */
export function formatQuoteErrors(runs: readonly QuoteDocumentRun[]): string {
  const lines: string[] = [];
  const speakerOf = (q: Quote): string => {
    const refs = q.speakers ?? (q.speaker ? [q.speaker] : []);
    return refs.length > 0 ? refs.map((r) => r.entity).join('+') : q.speakerText ? `"${q.speakerText}"` : '—';
  };
  const excerpt = (text: string, start: number, end: number): string => JSON.stringify(text.slice(start, end).slice(0, 70));
  for (const run of runs) {
    const text = run.article.text;
    const goldMatched = new Map(run.matches.map(([g, p]) => [g, p]));
    const predictedMatched = new Set(run.matches.map(([, p]) => p));
    const out: string[] = [];
    run.gold.forEach((g, gi) => {
      const pi = goldMatched.get(gi);
      if (pi === undefined) out.push(`  missed     ${g.kind.padEnd(8)} ${g.start}-${g.end} ${excerpt(text, g.start, g.end)} (${g.speaker?.name ?? 'no speaker'})`);
      else if (!speakerMatches(g.speaker, run.predicted[pi]!, run.article)) {
        const p = run.predicted[pi]!;
        out.push(`  speaker    ${g.kind.padEnd(8)} ${g.start}-${g.end} ${excerpt(text, g.start, g.end)} gold ${g.speaker?.name ?? 'no speaker'}, got ${speakerOf(p)} [${p.rule}]`);
      }
    });
    run.predicted.forEach((p, pi) => {
      if (!predictedMatched.has(pi)) out.push(`  spurious   ${p.kind.padEnd(8)} ${p.span.start}-${p.span.end} ${excerpt(text, p.span.start, p.span.end)} ${speakerOf(p)} [${p.rule}]`);
    });
    if (out.length > 0) lines.push(run.doc, ...out);
  }
  return lines.join('\n');
}
