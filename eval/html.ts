/**
 * HTML harness: scores extract-html against pages in the Readability test-page format — one folder
 * per page holding `source.html`, `expected.html` (the main content) and `expected-metadata.json`
 * (`title`, `byline`, `publishedTime`, `lang`, ...).
 *
 * Main text: bag-of-words precision, recall and F1 per page (words are lower-cased runs of letters
 * and digits; the overlap counts each word as often as it occurs on both sides), reported as the
 * mean over pages (macro) and over all words pooled (micro). The expected side is expected.html's
 * text content, with a space at every non-inline element boundary so that words in adjacent blocks
 * stay apart; it does not use extract-html's own text conversion, so that conversion's losses count.
 * Metadata: accuracy over the pages whose expected value is not null, comparing with white space
 * collapsed and case ignored; dates compare their calendar day (YYYY-MM-DD).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseHTML } from 'linkedom';
import { extractHtml, type TextRule } from '../src/stages/02-extract-html/extract-html.js';

export interface WordScore {
  expected: number;
  extracted: number;
  overlap: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface FieldComparison {
  expected: string;
  extracted: string | null;
  match: boolean;
  rule?: string;
}

export interface HtmlPageResult {
  page: string;
  words: WordScore;
  title?: FieldComparison;
  byline?: FieldComparison;
  date?: FieldComparison;
  language?: FieldComparison;
  textRule: TextRule;
  problems: string[];
  millis: number;
}

export interface HtmlEvalResult {
  dir: string;
  pages: number;
  /** Mean of the per-page word F1 (macro). */
  wordF1: number;
  wordPrecision: number;
  wordRecall: number;
  /** Word F1 with all pages' counts pooled (micro). */
  wordF1Micro: number;
  wordPrecisionMicro: number;
  wordRecallMicro: number;
  titleAccuracy: number;
  titlePages: number;
  bylineAccuracy: number;
  bylinePages: number;
  dateAccuracy: number;
  datePages: number;
  languageAccuracy: number;
  languagePages: number;
  /** Mean extraction time per page (parse, metadata, Readability, text), in ms. */
  millisPerPage: number;
  /** Pages by the rule that found their text. */
  textRules: Record<string, number>;
  definition: string;
}

export const HTML_EVAL_DEFINITION =
  'wordF1 = mean over pages of bag-of-words F1 (lower-cased letter/digit runs, multiset overlap) between the extracted text and expected.html; ' +
  'wordF1Micro pools the counts of all pages; title/byline/date/language accuracy over pages whose expected value is not null ' +
  '(white space collapsed, case ignored; dates by calendar day)';

/** Lower-cased words: maximal runs of letters, marks and digits. */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

/** Bag-of-words precision, recall and F1 of `extracted` against `expected`. Two empty texts agree fully. */
export function scoreWords(expected: readonly string[], extracted: readonly string[]): WordScore {
  const counts = new Map<string, number>();
  for (const word of expected) counts.set(word, (counts.get(word) ?? 0) + 1);
  let overlap = 0;
  for (const word of extracted) {
    const count = counts.get(word);
    if (count) {
      overlap++;
      counts.set(word, count - 1);
    }
  }
  if (expected.length === 0 && extracted.length === 0) return { expected: 0, extracted: 0, overlap: 0, precision: 1, recall: 1, f1: 1 };
  const precision = extracted.length ? overlap / extracted.length : 0;
  const recall = expected.length ? overlap / expected.length : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { expected: expected.length, extracted: extracted.length, overlap, precision, recall, f1 };
}

const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'img', 'ins', 'kbd', 'mark', 'q', 's', 'samp',
  'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr',
]);
const NOT_TEXT = new Set(['script', 'style', 'noscript', 'template']);

/** The text content of an expected.html fragment, with a space at each non-inline element boundary. */
export function expectedText(html: string): string {
  const { document } = parseHTML(`<!DOCTYPE html><html><head></head><body>${html}</body></html>`);
  const parts: string[] = [];
  const walk = (node: Node): void => {
    if (node.nodeType === 3 || node.nodeType === 4) {
      parts.push((node as CharacterData).data);
      return;
    }
    if (node.nodeType !== 1) return;
    const name = (node as Element).localName.toLowerCase();
    if (NOT_TEXT.has(name)) return;
    const inline = INLINE.has(name);
    if (!inline) parts.push(' ');
    for (const child of Array.from(node.childNodes)) walk(child);
    if (!inline) parts.push(' ');
  };
  walk(document.body);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

function normaliseValue(value: string): string {
  return value.replace(/\s+/g, ' ').trim().toLowerCase();
}

function calendarDay(value: string): string {
  return /^\d{4}-\d{2}-\d{2}/.exec(value.trim())?.[0] ?? value.trim();
}

function compare(expected: unknown, extracted: string | undefined, rule: string | undefined, key: (value: string) => string): FieldComparison | undefined {
  if (expected === null || expected === undefined || typeof expected !== 'string') return undefined;
  const got = extracted ?? null;
  const match = key(expected) === key(got ?? '');
  return { expected, extracted: got, match, ...(rule ? { rule } : {}) };
}

/** The page folders under `dir` (those holding a source.html), sorted by name. */
export function listHtmlPages(dir: string): string[] {
  const pages = readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory() && existsSync(join(dir, name, 'source.html')))
    .sort();
  if (pages.length === 0) throw new Error(`no page folders (with source.html) under ${dir}`);
  return pages;
}

/** Runs extract-html over each page and scores it; `limit` keeps the first N pages. */
export function runHtmlPages(dir: string, options: { limit?: number } = {}): HtmlPageResult[] {
  const pages = listHtmlPages(dir).slice(0, options.limit ?? Infinity);
  return pages.map((page) => {
    const folder = join(dir, page);
    const source = readFileSync(join(folder, 'source.html'), 'utf8');
    const expectedHtml = existsSync(join(folder, 'expected.html')) ? readFileSync(join(folder, 'expected.html'), 'utf8') : '';
    const metadataPath = join(folder, 'expected-metadata.json');
    const metadata = existsSync(metadataPath) ? (JSON.parse(readFileSync(metadataPath, 'utf8')) as Record<string, unknown>) : {};
    const started = performance.now();
    const extraction = extractHtml(source, { url: 'http://fakehost/test/page.html' });
    const millis = performance.now() - started;
    const words = scoreWords(wordTokens(expectedText(expectedHtml)), wordTokens(extraction.text));
    const result: HtmlPageResult = { page, words, textRule: extraction.rules.text, problems: extraction.problems.map((p) => p.code), millis };
    const title = compare(metadata.title, extraction.title, extraction.rules.title, normaliseValue);
    const byline = compare(metadata.byline, extraction.byline, extraction.rules.byline, normaliseValue);
    const date = compare(metadata.publishedTime, extraction.published, extraction.rules.published, calendarDay);
    const language = compare(metadata.lang, extraction.language, extraction.rules.language, normaliseValue);
    if (title) result.title = title;
    if (byline) result.byline = byline;
    if (date) result.date = date;
    if (language) result.language = language;
    return result;
  });
}

function accuracy(results: HtmlPageResult[], field: 'title' | 'byline' | 'date' | 'language'): { accuracy: number; pages: number } {
  const scored = results.filter((r) => r[field] !== undefined);
  const correct = scored.filter((r) => r[field]!.match).length;
  return { accuracy: scored.length ? correct / scored.length : 0, pages: scored.length };
}

/** Scores of a run (see `runHtmlPages`). */
export function summariseHtml(dir: string, results: HtmlPageResult[]): HtmlEvalResult {
  const n = results.length || 1;
  const mean = (pick: (r: HtmlPageResult) => number): number => results.reduce((sum, r) => sum + pick(r), 0) / n;
  const pooled = results.reduce((sum, r) => ({ expected: sum.expected + r.words.expected, extracted: sum.extracted + r.words.extracted, overlap: sum.overlap + r.words.overlap }), {
    expected: 0,
    extracted: 0,
    overlap: 0,
  });
  const precisionMicro = pooled.extracted ? pooled.overlap / pooled.extracted : 0;
  const recallMicro = pooled.expected ? pooled.overlap / pooled.expected : 0;
  const textRules: Record<string, number> = {};
  for (const r of results) textRules[r.textRule] = (textRules[r.textRule] ?? 0) + 1;
  const title = accuracy(results, 'title');
  const byline = accuracy(results, 'byline');
  const date = accuracy(results, 'date');
  const language = accuracy(results, 'language');
  return {
    dir,
    pages: results.length,
    wordF1: mean((r) => r.words.f1),
    wordPrecision: mean((r) => r.words.precision),
    wordRecall: mean((r) => r.words.recall),
    wordF1Micro: precisionMicro + recallMicro > 0 ? (2 * precisionMicro * recallMicro) / (precisionMicro + recallMicro) : 0,
    wordPrecisionMicro: precisionMicro,
    wordRecallMicro: recallMicro,
    titleAccuracy: title.accuracy,
    titlePages: title.pages,
    bylineAccuracy: byline.accuracy,
    bylinePages: byline.pages,
    dateAccuracy: date.accuracy,
    datePages: date.pages,
    languageAccuracy: language.accuracy,
    languagePages: language.pages,
    millisPerPage: mean((r) => r.millis),
    textRules,
    definition: HTML_EVAL_DEFINITION,
  };
}

/** Runs and scores the pages under `dir`. */
export function evaluateHtml(dir: string, options: { limit?: number } = {}): HtmlEvalResult {
  return summariseHtml(dir, runHtmlPages(dir, options));
}

function percent(value: number): string {
  return (value * 100).toFixed(1).padStart(6);
}

/** A readable table of the scores. */
export function formatHtmlTable(result: HtmlEvalResult): string {
  const rules = Object.entries(result.textRules).map(([rule, count]) => `${rule} ${count}`).join(', ');
  return [
    `HTML extraction — ${result.pages} pages (${result.dir})`,
    '',
    '                     precision  recall      F1',
    `main text, macro       ${percent(result.wordPrecision)}  ${percent(result.wordRecall)}  ${percent(result.wordF1)}`,
    `main text, micro       ${percent(result.wordPrecisionMicro)}  ${percent(result.wordRecallMicro)}  ${percent(result.wordF1Micro)}`,
    '',
    '                     accuracy   pages',
    `title                  ${percent(result.titleAccuracy)}  ${String(result.titlePages).padStart(6)}`,
    `byline                 ${percent(result.bylineAccuracy)}  ${String(result.bylinePages).padStart(6)}`,
    `published date         ${percent(result.dateAccuracy)}  ${String(result.datePages).padStart(6)}`,
    `language               ${percent(result.languageAccuracy)}  ${String(result.languagePages).padStart(6)}`,
    '',
    `text found by: ${rules}`,
    `time per page: ${result.millisPerPage.toFixed(1)} ms`,
    '',
    result.definition,
  ].join('\n');
}

export interface HtmlErrors {
  /** The pages with the lowest word F1, worst first. */
  worstPages: Array<{ page: string; words: WordScore; textRule: TextRule; problems: string[] }>;
  /** Every metadata field that did not match. */
  mismatches: Array<{ page: string; field: 'title' | 'byline' | 'date' | 'language' } & FieldComparison>;
}

/** The worst pages by word F1 and every metadata mismatch. */
export function htmlErrors(results: HtmlPageResult[], options: { worst?: number } = {}): HtmlErrors {
  const worstPages = [...results]
    .sort((a, b) => a.words.f1 - b.words.f1)
    .slice(0, options.worst ?? 15)
    .map(({ page, words, textRule, problems }) => ({ page, words, textRule, problems }));
  const mismatches: HtmlErrors['mismatches'] = [];
  for (const r of results) {
    for (const field of ['title', 'byline', 'date', 'language'] as const) {
      const comparison = r[field];
      if (comparison && !comparison.match) mismatches.push({ page: r.page, field, ...comparison });
    }
  }
  return { worstPages, mismatches };
}

export function formatHtmlErrors(errors: HtmlErrors): string {
  const lines = ['Lowest word F1:', '      F1    prec  recall  words exp/got  rule  page  problems'];
  for (const p of errors.worstPages) {
    lines.push(
      `  ${percent(p.words.f1)}  ${percent(p.words.precision)}  ${percent(p.words.recall)}  ${String(p.words.expected).padStart(6)}/${String(p.words.extracted).padEnd(6)}  ${p.textRule}  ${p.page}  ${p.problems.join(' ')}`,
    );
  }
  lines.push('', `Metadata mismatches (${errors.mismatches.length}):`);
  for (const m of errors.mismatches) {
    lines.push(`  ${m.page}  ${m.field}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.extracted)}${m.rule ? ` (${m.rule})` : ''}`);
  }
  return lines.join('\n');
}
