/**
 * TimeML harness: scores the times stage against `.tml` files (TimeBank, AQUAINT, TempEval-3 and
 * any folder in that format), using each document's creation time as the publication date.
 *
 * The TEXT element is stripped of its inline tags (TIMEX3, EVENT, SIGNAL, ...) and entities are
 * decoded; gold TIMEX3 spans are recorded in that plain text, then mapped onto the normalised
 * text the pipeline works on by aligning the two strings on their non-space characters.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { normaliseText } from '../src/stages/03-normalise/normalise.js';
import { createPipeline, type Pipeline } from '../src/pipeline/pipeline.js';
import { matchOverlapping, scoreTimes, valuesEqual, type GoldTime, type TimesScore } from './times-score.js';

export interface TimemlDocument {
  path: string;
  /** Document creation time (the TIMEX3 with functionInDocument="CREATION_TIME"), or null. */
  dct: string | null;
  /** Plain TEXT content, tags removed, entities decoded. */
  raw: string;
  /** Gold TIMEX3 in `raw` offsets (creation time excluded). */
  gold: GoldTime[];
}

export interface TimemlMistake {
  document: string;
  dct: string | null;
  text: string;
  gold?: { text: string; value: string; type: string };
  predicted?: { text: string; value: string; rule: string };
}

export interface TimemlResult {
  documents: number;
  times: TimesScore & {
    /** Per gold type: gold count, relaxed matches, correct values. */
    byType: Record<string, { gold: number; matched: number; correct: number }>;
  };
  /** Only with `details: true`: every miss, spurious prediction and wrong value. */
  mistakes?: TimemlMistake[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function attributes(source: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of source.matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1]!] = m[2] ?? m[3] ?? '';
  return out;
}

function decodeEntity(name: string): string {
  if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
  if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
  return ENTITIES[name] ?? `&${name};`;
}

/** Parses one `.tml` file's content. */
export function parseTimeml(content: string, path = ''): TimemlDocument {
  let dct: string | null = null;
  for (const m of content.matchAll(/<TIMEX3\b([^>]*)>/g)) {
    const a = attributes(m[1]!);
    if (a.functionInDocument === 'CREATION_TIME' && a.value) {
      dct = a.value;
      break;
    }
  }
  const open = /<TEXT\b[^>]*>/.exec(content);
  const close = content.lastIndexOf('</TEXT>');
  const body = open && close > open.index ? content.slice(open.index + open[0].length, close) : '';
  let raw = '';
  const gold: GoldTime[] = [];
  const stack: Array<{ start: number; attrs: Record<string, string> }> = [];
  const token = /<(\/?)([A-Za-z_][\w:.-]*)([^>]*?)(\/?)>|<!--[\s\S]*?-->|&(#x?[0-9a-fA-F]+|\w+);/g;
  let last = 0;
  for (const m of body.matchAll(token)) {
    raw += body.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[5] !== undefined) {
      raw += decodeEntity(m[5]);
      continue;
    }
    if (m[2] === undefined || m[2] !== 'TIMEX3') continue;
    if (m[4] === '/') continue;
    if (m[1] === '/') {
      const opened = stack.pop();
      if (opened && opened.attrs.functionInDocument !== 'CREATION_TIME') {
        gold.push({ span: { start: opened.start, end: raw.length }, value: opened.attrs.value ?? '', type: opened.attrs.type ?? 'DATE' });
      }
    } else {
      stack.push({ start: raw.length, attrs: attributes(m[3] ?? '') });
    }
  }
  raw += body.slice(last);
  gold.sort((a, b) => a.span.start - b.span.start);
  return { path, dct, raw, gold };
}

/**
 * Maps offsets of `from` to offsets of `to`, two strings with the same non-space characters
 * (white space collapsed, lines joined, invisible characters removed). `map[i]` is the offset in
 * `to` of the non-space character `from[i]` (or of the next one for white space).
 */
export function alignOffsets(from: string, to: string): Int32Array {
  const map = new Int32Array(from.length + 1);
  let j = 0;
  for (let i = 0; i < from.length; i++) {
    const c = from[i]!;
    if (/\s/.test(c)) {
      map[i] = j;
      continue;
    }
    while (j < to.length && /\s/.test(to[j]!)) j++;
    if (j < to.length && to[j] === c) {
      map[i] = j;
      j++;
    } else {
      // A character the normalisation removed or rewrote: look a little ahead for a resync.
      const ahead = to.indexOf(c, j);
      if (ahead >= 0 && ahead - j < 4) {
        map[i] = ahead;
        j = ahead + 1;
      } else map[i] = j;
    }
  }
  map[from.length] = to.length;
  return map;
}

/** A gold span in `raw` offsets, moved to `text` offsets through `map`. */
function mapSpan(raw: string, map: Int32Array, span: { start: number; end: number }): { start: number; end: number } | null {
  let start = span.start;
  let end = span.end;
  while (start < end && /\s/.test(raw[start]!)) start++;
  while (end > start && /\s/.test(raw[end - 1]!)) end--;
  if (end <= start) return null;
  return { start: map[start]!, end: map[end - 1]! + 1 };
}

function listTml(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.tml')) out.push(path);
    }
  };
  walk(dir);
  return out;
}

const ISO_PUBLISHED = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?$/;

/** Runs the pipeline over one parsed document; gold and predictions in the normalised text. */
export function runTimemlDocument(pipeline: Pipeline, document: TimemlDocument) {
  const text = normaliseText(document.raw).text;
  const map = alignOffsets(document.raw, text);
  const gold: GoldTime[] = [];
  for (const g of document.gold) {
    const span = mapSpan(document.raw, map, g.span);
    if (span) gold.push({ ...g, span });
  }
  const published = document.dct && ISO_PUBLISHED.test(document.dct) ? document.dct : null;
  const article = pipeline.extract(text, { published });
  let predicted = article.times;
  if (article.text !== text) {
    // The pipeline changed the text further: bring its spans back to `text`.
    const back = alignOffsets(article.text, text);
    predicted = predicted.map((t) => ({ ...t, span: { start: back[t.span.start]!, end: back[Math.max(t.span.start, t.span.end - 1)]! + 1 } }));
  }
  return { text, gold, predicted };
}

export interface TimemlOptions {
  /** Only the first `limit` files (sorted by path). */
  limit?: number;
  /** Also return every mistake (for error analysis). */
  details?: boolean;
  /** The pipeline to run; by default `createPipeline()`. */
  pipeline?: Pipeline;
}

export async function evaluateTimeml(dir: string, options: TimemlOptions = {}): Promise<TimemlResult> {
  const files = listTml(dir).slice(0, options.limit ?? Infinity);
  const pipeline = options.pipeline ?? createPipeline();
  const documents: Array<{ gold: GoldTime[]; predicted: Array<{ span: { start: number; end: number }; value: string }> }> = [];
  const byType: Record<string, { gold: number; matched: number; correct: number }> = {};
  const mistakes: TimemlMistake[] = [];
  for (const file of files) {
    const document = parseTimeml(readFileSync(file, 'utf8'), file);
    const { text, gold, predicted } = runTimemlDocument(pipeline, document);
    documents.push({ gold, predicted });
    const pairs = matchOverlapping(gold, predicted);
    const matchedGold = new Map(pairs.map(([g, p]) => [g, p]));
    const matchedPredicted = new Set(pairs.map(([, p]) => p));
    gold.forEach((g, gi) => {
      const stats = (byType[g.type] ??= { gold: 0, matched: 0, correct: 0 });
      stats.gold++;
      const pi = matchedGold.get(gi);
      const p = pi === undefined ? undefined : predicted[pi];
      if (p) {
        stats.matched++;
        if (valuesEqual(g.value, p.value)) stats.correct++;
      }
      if (options.details && (!p || !valuesEqual(g.value, p.value))) {
        mistakes.push({
          document: file,
          dct: document.dct,
          text: text.slice(Math.max(0, g.span.start - 60), g.span.end + 40).replace(/\s+/g, ' '),
          gold: { text: text.slice(g.span.start, g.span.end), value: g.value, type: g.type },
          ...(p ? { predicted: { text: p.text, value: p.value, rule: p.rule } } : {}),
        });
      }
    });
    if (options.details) {
      predicted.forEach((p, pi) => {
        if (matchedPredicted.has(pi)) return;
        mistakes.push({
          document: file,
          dct: document.dct,
          text: text.slice(Math.max(0, p.span.start - 60), p.span.end + 40).replace(/\s+/g, ' '),
          predicted: { text: p.text, value: p.value, rule: p.rule },
        });
      });
    }
  }
  return {
    documents: files.length,
    times: { ...scoreTimes(documents), byType },
    ...(options.details ? { mistakes } : {}),
  };
}

const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** A plain-text table of the scores, for the CLI. */
export function formatTimesTable(result: TimemlResult): string {
  const t = result.times;
  const rows: Array<[string, string]> = [
    ['documents', String(result.documents)],
    ['gold TIMEX3', String(t.gold)],
    ['predicted', String(t.predicted)],
    ['matched (overlap)', String(t.matched)],
    ['extent precision', percent(t.extentPrecision)],
    ['extent recall', percent(t.extentRecall)],
    ['extent F1 (relaxed)', percent(t.extentF1)],
    ['extent F1 (strict)', percent(t.strictExtentF1)],
    ['value accuracy', percent(t.valueAccuracy)],
    ['value F1', percent(t.valueF1)],
  ];
  for (const [type, s] of Object.entries(t.byType).sort()) {
    rows.push([`  ${type}: recall / value acc.`, `${percent(s.gold ? s.matched / s.gold : 0)} / ${percent(s.matched ? s.correct / s.matched : 0)} (${s.gold} gold)`]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}
