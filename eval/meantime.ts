/**
 * MEANTIME evaluation: reads MEANTIME-format (NAF-style) XML — any folder, searched recursively
 * for `*.xml` — rebuilds each document's text from its tokens, runs the pipeline over it with the
 * document's CREATION_TIME as the publication date, and scores entity mentions and time
 * expressions against the gold annotation.
 *
 * Text. Tokens are joined with single spaces except where English punctuation attaches (no space
 * before `, . ; : ) ] ? ! %`, `'s`, `n't`, closing quotes; none after `( [ $ US$ #`, opening
 * quotes); PTB quotes (``, '') become “ ”. The title (sentence 0) and the date line (sentence 1,
 * when the CREATION_TIME lies in it) are paragraphs of their own; the body is one paragraph. The
 * text is built so that `normaliseText(text).text === text` (asserted), so gold spans, computed on
 * the rebuilt text, are valid offsets into the record.
 *
 * Only the annotated part counts: MEANTIME annotates the title, the date line and the first few
 * sentences (0–5) of each article, so predictions after the last sentence any markable touches are
 * dropped (the pipeline still runs over the whole text).
 *
 * Entity mentions — what is scored:
 * - gold: ENTITY_MENTIONs with syntactic_type NAM (named mentions) that REFERS_TO an ENTITY of
 *   ent_type PER, ORG or LOC. Nominal (NOM), pronoun (PRO), premodifier (PRE.NAM, PRE.NOM),
 *   apposition, conjunction and untyped mentions are not gold: Dateline's NER finds names; the
 *   other mentions belong to the coreference task. Entities of type PRO (products), FIN and MIX
 *   are not scored.
 * - predicted: record mentions of kind `name` or `metonym`, typed PERSON→PER, ORG→ORG,
 *   GPE/LOC→LOC. NORP and MISC mentions are not scored (MEANTIME has no such classes for names).
 * - ignored: a predicted mention that overlaps no scored gold mention but an unscored gold name of
 *   its class is neither a hit nor a false positive: a premodifier name (PRE.NAM, "US" in "US
 *   airtanker"), a capitalised mention MEANTIME left without syntactic_type ("Canada"), or a
 *   NAM/PRE.NAM mention that refers to no entity (any class).
 * - flat names: a gold name containing another gold name of its class ("Airbus parent EADS" around
 *   "Airbus" and "EADS") is dropped in favour of the inner ones, as a flat NER tags them.
 * - overlap match: a predicted and a gold mention overlap by at least one character and have the
 *   same class; pairs are matched one-to-one, greedily by largest overlap. Exact match: same span
 *   and class. Micro precision/recall/F1 overall and per class.
 * - untyped recall (tuning aid): the share of gold mentions overlapped by any predicted mention of
 *   any type and kind name/metonym, for the scored gold and for all NAM mentions of any ent_type.
 *
 * Times: gold = TIMEX3 with tokens, except the CREATION_TIME (the date line); predicted = the
 * record's times in the annotated part, minus those overlapping the date line (it is the
 * publication date, not scored).
 * Scored by `scoreTimes` (extent F1, value accuracy).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { createPipeline, type Article, type EntityType, type Pipeline, type Span } from '../src/index.js';
import { normaliseText } from '../src/stages/03-normalise/normalise.js';
import { matchOverlapping, scoreTimes, valuesEqual, type GoldTime } from './times-score.js';

// ---------------------------------------------------------------------------------------------
// Reading

export interface MeantimeToken {
  id: string;
  sentence: number;
  text: string;
  /** Where the token is in the rebuilt text (empty when the token rendered to nothing). */
  span: Span;
}

export interface GoldMention {
  id: string;
  span: Span;
  text: string;
  sentence: number;
  /** NAM, NOM, PRO, PRE.NAM, ... or '' when not given. */
  syntacticType: string;
  /** ent_type of the ENTITY it refers to (PER, ORG, LOC, PRO, FIN, MIX), null when it refers to none. */
  entityType: string | null;
  entity: string | null;
}

export interface GoldTimex extends GoldTime {
  id: string;
  text: string;
  sentence: number;
}

export interface MeantimeDocument {
  id: string;
  name: string;
  /** The file, relative to the folder read. */
  path: string;
  text: string;
  tokens: MeantimeToken[];
  /** Span of every sentence (index = MEANTIME sentence number). */
  sentences: Span[];
  /** CREATION_TIME value as an ISO date (YYYY-MM-DD), or null. */
  published: string | null;
  /** Span of the CREATION_TIME tokens (the date line), when it has tokens. */
  creationSpan: Span | null;
  /**
   * The annotated part of the text: from the start to the end of the last sentence any markable
   * touches. MEANTIME annotates only the title, the date line and the first sentences (0–5).
   */
  annotated: Span;
  mentions: GoldMention[];
  times: GoldTimex[];
}

type XmlNode = Record<string, unknown>;

/** A parser for MEANTIME's CAT XML: attributes as plain keys, values as strings, `arrayTags` always lists. */
export function createMeantimeXmlParser(arrayTags: readonly string[]): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    isArray: (name) => arrayTags.includes(name),
  });
}

const parser = createMeantimeXmlParser(['token', 'token_anchor', 'ENTITY_MENTION', 'ENTITY', 'TIMEX3', 'REFERS_TO', 'source', 'target']);

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u202A-\u202E\u2066-\u2069\u00AD]/g;
// eslint-disable-next-line no-control-regex -- control characters are what it removes
const CONTROL_OR_SPACE = /[\u0000-\u001F\u007F-\u009F\s\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\u2028\u2029]+/g;

/** A token as it will appear in the text: normalised the way the pipeline would, PTB quotes made typographic. */
function renderToken(raw: string): string {
  const text = raw.normalize('NFC').replace(INVISIBLE, '').replace(CONTROL_OR_SPACE, ' ').trim();
  if (text === '``') return '\u201C';
  if (text === "''") return '\u201D';
  if (text === '`') return '\u2018';
  return text;
}

const NO_SPACE_BEFORE = /^(?:[,.;:)\]}?!%\u201D\u2019]|\.\.\.|'(?:s|S|re|ve|ll|d|m|t)|n't|N'T|\u2019(?:s|re|ve|ll|d|m|t))$/;
const NO_SPACE_AFTER = /^(?:[([{#\u201C\u2018]|[A-Z]{0,3}\$)$/;
const CONTRACTION_REST = /^(?:s|re|ve|ll|d|m|t)$/i;

interface Glue {
  /** Straight-quote state within the paragraph. */
  doubleOpen: boolean;
  singleOpen: boolean;
}

/** Whether `token` is written directly after `previous` (no space). Updates the quote state. */
function attaches(previous: string, token: string, next: string | undefined, glue: Glue): { before: boolean; openQuote: boolean } {
  if (token === '"') {
    glue.doubleOpen = !glue.doubleOpen;
    return glue.doubleOpen ? { before: false, openQuote: true } : { before: true, openQuote: false };
  }
  if (token === "'") {
    // Possessive of a plural ("Beatles ' label") unless a single quote is open.
    if (!glue.singleOpen && /[sS]$/.test(previous) && next !== undefined && /^[\p{L}\p{N}]/u.test(next)) return { before: true, openQuote: false };
    glue.singleOpen = !glue.singleOpen;
    return glue.singleOpen ? { before: false, openQuote: true } : { before: true, openQuote: false };
  }
  if (token === '\u2018') glue.singleOpen = true;
  if (token === '\u2019') glue.singleOpen = false;
  if (NO_SPACE_BEFORE.test(token)) return { before: true, openQuote: false };
  // "I'" + "ll", "Wayne" + "’" + "s", "O'" + "Leary"
  if (/^[A-Za-z]*['\u2019]$/.test(previous) && CONTRACTION_REST.test(token)) return { before: true, openQuote: false };
  if (/^[A-Z]'$/.test(previous) && /^[A-Z]/.test(token)) return { before: true, openQuote: false };
  return { before: false, openQuote: false };
}

function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function str(node: XmlNode, key: string): string {
  const value = node[key];
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

function anchors(node: XmlNode): string[] {
  return asArray(node.token_anchor as XmlNode[] | undefined).map((a) => str(a, 't_id'));
}

/** Parses one MEANTIME XML document. `path` is only used for messages and the result. */
export function readMeantimeDocument(xml: string, path = ''): MeantimeDocument {
  const root = parser.parse(xml) as XmlNode;
  const doc = root.Document as XmlNode | undefined;
  if (!doc) throw new Error(`${path}: not a MEANTIME document (no <Document>)`);
  const markables = (doc.Markables ?? {}) as XmlNode;
  const relations = (doc.Relations ?? {}) as XmlNode;

  // The creation time decides whether sentence 1 is a date line.
  const timexNodes = asArray(markables.TIMEX3 as XmlNode[] | undefined);
  const creation = timexNodes.find((t) => str(t, 'functionInDocument') === 'CREATION_TIME');

  const rawTokens = asArray(doc.token as XmlNode[] | undefined).map((t) => ({
    id: str(t, 't_id'),
    sentence: Number(str(t, 'sentence')),
    number: Number(str(t, 'number')),
    text: renderToken(str(t, '#text')),
  }));
  rawTokens.sort((a, b) => a.number - b.number);
  const sentenceOfToken = new Map(rawTokens.map((t) => [t.id, t.sentence]));
  const creationSentences = new Set(creation ? anchors(creation).map((id) => sentenceOfToken.get(id)) : []);
  const firstSentence = rawTokens[0]?.sentence ?? 0;
  const dateLineSentence = creationSentences.size === 1 && creationSentences.has(firstSentence + 1) ? firstSentence + 1 : null;
  const paragraphOf = (sentence: number): number => (sentence === firstSentence ? 0 : sentence === dateLineSentence ? 1 : 2);

  // Rebuild the text.
  let text = '';
  const tokens: MeantimeToken[] = [];
  const sentences: Span[] = [];
  let glue: Glue = { doubleOpen: false, singleOpen: false };
  let previous = '';
  let previousParagraph = -1;
  let noSpaceAfterPrevious = false;
  for (let i = 0; i < rawTokens.length; i++) {
    const token = rawTokens[i]!;
    const paragraph = paragraphOf(token.sentence);
    if (token.text === '') {
      tokens.push({ id: token.id, sentence: token.sentence, text: '', span: { start: text.length, end: text.length } });
      continue;
    }
    let next: string | undefined;
    for (let j = i + 1; j < rawTokens.length && next === undefined; j++) if (rawTokens[j]!.text !== '') next = rawTokens[j]!.text;
    const newParagraph = text !== '' && paragraph !== previousParagraph;
    if (newParagraph) {
      glue = { doubleOpen: false, singleOpen: false };
      noSpaceAfterPrevious = false;
    }
    const { before, openQuote } = attaches(text === '' || newParagraph ? '' : previous, token.text, next, glue);
    if (newParagraph) text += '\n\n';
    else if (text !== '' && !before && !noSpaceAfterPrevious) text += ' ';
    const start = text.length;
    text += token.text;
    tokens.push({ id: token.id, sentence: token.sentence, text: token.text, span: { start, end: text.length } });
    const sentence = sentences[token.sentence];
    if (sentence) sentence.end = text.length;
    else sentences[token.sentence] = { start, end: text.length };
    noSpaceAfterPrevious = NO_SPACE_AFTER.test(token.text) || openQuote;
    previous = token.text;
    previousParagraph = paragraph;
  }
  for (let i = 0; i < sentences.length; i++) sentences[i] ??= { start: 0, end: 0 };
  const normalised = normaliseText(text).text;
  if (normalised !== text) {
    const at = [...text].findIndex((c, i) => normalised[i] !== c);
    throw new Error(`${path}: the rebuilt text changes under normaliseText (first difference at ${at}); gold offsets would be wrong`);
  }

  const tokenById = new Map(tokens.map((t) => [t.id, t]));
  const markablesXml = /<Markables>([\s\S]*?)<\/Markables>/.exec(xml)?.[1] ?? '';
  let lastAnnotated = -1;
  for (const m of markablesXml.matchAll(/<token_anchor\s+t_id="([^"]+)"/g)) lastAnnotated = Math.max(lastAnnotated, tokenById.get(m[1]!)?.sentence ?? -1);
  const annotated = { start: 0, end: lastAnnotated >= 0 ? (sentences[lastAnnotated]?.end ?? text.length) : 0 };
  const spanOf = (ids: string[]): { span: Span; sentence: number } | null => {
    const found = ids.map((id) => tokenById.get(id)).filter((t): t is MeantimeToken => t !== undefined && t.text !== '');
    if (found.length === 0) return null;
    return {
      span: { start: Math.min(...found.map((t) => t.span.start)), end: Math.max(...found.map((t) => t.span.end)) },
      sentence: Math.min(...found.map((t) => t.sentence)),
    };
  };

  // Entities: mention → entity via REFERS_TO.
  const entityType = new Map<string, string>();
  for (const entity of asArray(markables.ENTITY as XmlNode[] | undefined)) entityType.set(str(entity, 'm_id'), str(entity, 'ent_type'));
  const refersTo = new Map<string, string>();
  for (const relation of asArray(relations.REFERS_TO as XmlNode[] | undefined)) {
    const target = asArray(relation.target as XmlNode[] | undefined)[0];
    if (!target) continue;
    for (const source of asArray(relation.source as XmlNode[] | undefined)) refersTo.set(str(source, 'm_id'), str(target, 'm_id'));
  }
  const mentions: GoldMention[] = [];
  for (const node of asArray(markables.ENTITY_MENTION as XmlNode[] | undefined)) {
    const located = spanOf(anchors(node));
    if (!located) continue;
    const id = str(node, 'm_id');
    const entity = refersTo.get(id) ?? null;
    mentions.push({
      id,
      span: located.span,
      text: text.slice(located.span.start, located.span.end),
      sentence: located.sentence,
      syntacticType: str(node, 'syntactic_type'),
      entityType: entity === null ? null : (entityType.get(entity) ?? null),
      entity,
    });
  }
  mentions.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);

  // Times.
  const times: GoldTimex[] = [];
  let creationSpan: Span | null = null;
  for (const node of timexNodes) {
    const located = spanOf(anchors(node));
    if (str(node, 'functionInDocument') === 'CREATION_TIME') {
      if (located) creationSpan = located.span;
      continue;
    }
    if (!located) continue;
    times.push({
      id: str(node, 'm_id'),
      span: located.span,
      text: text.slice(located.span.start, located.span.end),
      sentence: located.sentence,
      value: str(node, 'value'),
      type: str(node, 'type'),
    });
  }
  times.sort((a, b) => a.span.start - b.span.start);
  const creationValue = creation ? str(creation, 'value') : '';
  const published = /^\d{4}-\d{2}-\d{2}/.test(creationValue) && !Number.isNaN(Date.parse(creationValue.slice(0, 10))) ? creationValue.slice(0, 10) : null;

  return {
    id: str(doc, 'doc_id'),
    name: str(doc, 'doc_name'),
    path,
    text,
    tokens,
    sentences,
    published,
    creationSpan,
    annotated,
    mentions,
    times,
  };
}

/** All `*.xml` files under `dir`, recursively, sorted. */
export async function listXmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.xml'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Reads every MEANTIME document under `dir` (recursive), in path order; `limit` keeps the first N. */
export async function readMeantimeFolder(dir: string, options: { limit?: number } = {}): Promise<MeantimeDocument[]> {
  let files = await listXmlFiles(dir);
  if (files.length === 0) throw new Error(`no *.xml files under ${dir}`);
  if (options.limit !== undefined) files = files.slice(0, options.limit);
  return Promise.all(files.map(async (file) => readMeantimeDocument(await readFile(file, 'utf8'), relative(dir, file) || file)));
}

// ---------------------------------------------------------------------------------------------
// Scoring entity mentions

export const scoredClasses = ['PER', 'ORG', 'LOC'] as const;
export type ScoredClass = (typeof scoredClasses)[number];

export interface ClassedSpan {
  span: Span;
  cls: string;
}

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
  gold: number;
  predicted: number;
  matched: number;
}

const goldClass: Record<string, ScoredClass | undefined> = { PER: 'PER', ORG: 'ORG', LOC: 'LOC' };
const predictedClass: Record<EntityType, ScoredClass | null> = { PERSON: 'PER', ORG: 'ORG', GPE: 'LOC', LOC: 'LOC', NORP: null, MISC: null };

function overlap(a: Span, b: Span): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/**
 * One-to-one matching of predicted to gold spans. `exact`: same span; `overlap`: at least one
 * character in common, pairs taken greedily by largest overlap (ties: earliest gold). When `typed`,
 * the classes must be equal. Returns [goldIndex, predictedIndex] pairs.
 */
export function matchSpans(gold: ClassedSpan[], predicted: ClassedSpan[], mode: 'exact' | 'overlap', typed = true): Array<[number, number]> {
  const candidates: Array<{ g: number; p: number; size: number }> = [];
  for (let g = 0; g < gold.length; g++) {
    for (let p = 0; p < predicted.length; p++) {
      const a = gold[g]!;
      const b = predicted[p]!;
      if (typed && a.cls !== b.cls) continue;
      const size = overlap(a.span, b.span);
      if (mode === 'exact' ? a.span.start === b.span.start && a.span.end === b.span.end : size > 0) candidates.push({ g, p, size });
    }
  }
  candidates.sort((x, y) => y.size - x.size || x.g - y.g || x.p - y.p);
  const usedGold = new Set<number>();
  const usedPredicted = new Set<number>();
  const pairs: Array<[number, number]> = [];
  for (const { g, p } of candidates) {
    if (usedGold.has(g) || usedPredicted.has(p)) continue;
    usedGold.add(g);
    usedPredicted.add(p);
    pairs.push([g, p]);
  }
  return pairs.sort((x, y) => x[0] - y[0]);
}

function prf(gold: number, predicted: number, matched: number): PRF {
  const precision = predicted === 0 ? (gold === 0 ? 1 : 0) : matched / predicted;
  const recall = gold === 0 ? (predicted === 0 ? 1 : 0) : matched / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, gold, predicted, matched };
}

export interface MentionScores extends PRF {
  byType: Record<ScoredClass, PRF>;
}

export interface MentionDocument {
  gold: ClassedSpan[];
  predicted: ClassedSpan[];
}

/** Micro-averaged P/R/F1 overall and per class (PER, ORG, LOC) over documents. */
export function scoreMentions(documents: MentionDocument[], mode: 'exact' | 'overlap'): MentionScores {
  const counts = Object.fromEntries(scoredClasses.map((c) => [c, { gold: 0, predicted: 0, matched: 0 }])) as Record<ScoredClass, { gold: number; predicted: number; matched: number }>;
  for (const document of documents) {
    for (const g of document.gold) if (g.cls in counts) counts[g.cls as ScoredClass].gold++;
    for (const p of document.predicted) if (p.cls in counts) counts[p.cls as ScoredClass].predicted++;
    for (const [g] of matchSpans(document.gold, document.predicted, mode)) {
      const cls = document.gold[g]!.cls;
      if (cls in counts) counts[cls as ScoredClass].matched++;
    }
  }
  const byType = Object.fromEntries(scoredClasses.map((c) => [c, prf(counts[c].gold, counts[c].predicted, counts[c].matched)])) as Record<ScoredClass, PRF>;
  const total = scoredClasses.reduce((sum, c) => ({ gold: sum.gold + counts[c].gold, predicted: sum.predicted + counts[c].predicted, matched: sum.matched + counts[c].matched }), {
    gold: 0,
    predicted: 0,
    matched: 0,
  });
  return { ...prf(total.gold, total.predicted, total.matched), byType };
}

// ---------------------------------------------------------------------------------------------
// Running the pipeline over the documents

export interface PredictedMention extends ClassedSpan {
  text: string;
  /** Record entity type (PERSON, GPE, ...). */
  type: EntityType;
  kind: string;
  rule: string;
  entity: string;
}

export interface DocumentRun {
  document: MeantimeDocument;
  article: Article;
  /** Scored gold: NAM mentions of PER/ORG/LOC entities. */
  gold: Array<GoldMention & ClassedSpan>;
  /** Scored predictions: name/metonym mentions typed PER/ORG/LOC, minus those ignored (on an unscored gold name, see isDontCare). */
  predicted: PredictedMention[];
  /** Name/metonym mentions of every type (NORP and MISC included), for untyped recall and error notes. */
  allPredicted: PredictedMention[];
  /** Predictions set aside because they overlap an unscored gold name (see isDontCare). */
  ignored: PredictedMention[];
  /** Gold names dropped because they contain another gold name of their class. */
  nestedDropped: number;
}

export interface MeantimeOptions {
  /** Read only the first N documents (path order). */
  limit?: number;
  /** Pipeline to use (defaults to a new one with the shipped data). */
  pipeline?: Pipeline;
}

function predictedMentions(article: Article): PredictedMention[] {
  const out: PredictedMention[] = [];
  const seen = new Set<string>();
  for (const entity of article.entities) {
    for (const mention of entity.mentions) {
      if (mention.kind !== 'name' && mention.kind !== 'metonym') continue;
      const cls = predictedClass[entity.type] ?? entity.type;
      const key = `${mention.span.start}:${mention.span.end}:${cls}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ span: mention.span, cls, text: mention.text, type: entity.type, kind: mention.kind, rule: mention.rule, entity: entity.id });
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/**
 * Gold mentions that are names but not scored, where a prediction of the same class counts neither
 * way: premodifier names (PRE.NAM: "US" in "US airtanker"), mentions without a syntactic type whose
 * text is capitalised (MEANTIME leaves some names untyped: "Canada", "Canadian or US governments"),
 * and NAM/PRE.NAM mentions that refer to no entity (any class).
 */
function isDontCare(m: GoldMention): boolean {
  if (m.entityType === null) return m.syntacticType === 'NAM' || m.syntacticType === 'PRE.NAM';
  if (goldClass[m.entityType] === undefined) return false;
  return m.syntacticType === 'PRE.NAM' || (m.syntacticType === '' && /^\p{Lu}/u.test(m.text) && !/^(?:We|It|They|Their|Our|Its|He|She|His|Her|Which)\b/.test(m.text));
}

/** Runs the pipeline over every document and sorts gold and predicted mentions into scored sets. */
export async function runMeantime(dir: string, options: MeantimeOptions = {}): Promise<DocumentRun[]> {
  const documents = await readMeantimeFolder(dir, options.limit !== undefined ? { limit: options.limit } : {});
  const pipeline = options.pipeline ?? createPipeline();
  return documents.map((document) => {
    const article = pipeline.extract(document.text, { published: document.published });
    if (article.text !== document.text) throw new Error(`${document.path}: the pipeline changed the text; gold offsets would be wrong`);
    const named = document.mentions
      .filter((m) => m.syntacticType === 'NAM' && m.entityType !== null && goldClass[m.entityType] !== undefined)
      .map((m) => ({ ...m, cls: goldClass[m.entityType!]! }));
    // Flat names: a gold name that contains another gold name of its class ("Airbus parent EADS"
    // around "Airbus" and "EADS") is dropped in favour of the inner ones.
    const gold = named.filter(
      (m) => !named.some((n) => n !== m && n.cls === m.cls && n.span.start >= m.span.start && n.span.end <= m.span.end && (n.span.end - n.span.start < m.span.end - m.span.start)),
    );
    const dontCare = document.mentions.filter(isDontCare);
    const allPredicted = predictedMentions(article).filter((p) => p.span.start < document.annotated.end);
    const scored = allPredicted.filter((p) => (scoredClasses as readonly string[]).includes(p.cls));
    // Set aside predictions on an unscored name (see isDontCare) that no scored gold mention overlaps.
    const ignored: PredictedMention[] = [];
    const predicted: PredictedMention[] = [];
    for (const p of scored) {
      const onDontCare = dontCare.some((m) => (m.entityType === null || goldClass[m.entityType] === p.cls) && overlap(m.span, p.span) > 0);
      const onGold = gold.some((g) => overlap(g.span, p.span) > 0);
      (onDontCare && !onGold ? ignored : predicted).push(p);
    }
    return { document, article, gold, predicted, allPredicted, ignored, nestedDropped: named.length - gold.length };
  });
}

// ---------------------------------------------------------------------------------------------
// The evaluation

export interface MeantimeResult {
  dir: string;
  documents: number;
  entities: MentionScores & {
    /** Which mentions are scored, in words. */
    definition: string;
    exact: MentionScores;
    /** Share of scored gold mentions overlapped by a predicted name of any type. */
    untypedRecall: number;
    /** Share of all NAM gold mentions (any ent_type, PRO/FIN/MIX too) overlapped by a predicted name of any type. */
    allNamedRecall: number;
    allNamedGold: number;
    /** Predictions set aside as overlapping an unscored gold name (PRE.NAM, untyped, entity-less). */
    ignored: number;
    /** Gold NAM mentions dropped because they contain another gold name of their class. */
    nestedDropped: number;
  };
  times: ReturnType<typeof scoreTimes>;
  /** Milliseconds spent in the pipeline. */
  pipelineMs: number;
}

/** What is scored, in words (printed with the table, joined by "; " in the JSON). */
export const entityDefinition: readonly string[] = [
  'only the annotated part is scored: MEANTIME annotates the title, date line and first sentences; predictions after the last annotated sentence are dropped',
  'gold = NAM mentions of PER/ORG/LOC entities',
  'predicted = name/metonym mentions, PERSON→PER, ORG→ORG, GPE/LOC→LOC (NORP, MISC not scored)',
  'ignored = predictions on an unscored gold name of their class: PRE.NAM ("US" in "US airtanker"), capitalised mentions without syntactic_type, names of no entity',
  'gold names containing a gold name of their class are dropped for the inner ones ("Airbus parent EADS")',
  'overlap = same class and ≥1 character in common, one-to-one greedy; exact = same span and class',
];

function untypedRecall(runs: DocumentRun[], pick: (run: DocumentRun) => GoldMention[]): { recall: number; gold: number } {
  let gold = 0;
  let matched = 0;
  for (const run of runs) {
    const g = pick(run).map((m) => ({ span: m.span, cls: '' }));
    gold += g.length;
    matched += matchSpans(g, run.allPredicted, 'overlap', false).length;
  }
  return { recall: gold === 0 ? 1 : matched / gold, gold };
}

/** Scores entity mentions and time expressions over the MEANTIME documents under `dir`. */
export async function evaluateMeantime(dir: string, options: MeantimeOptions = {}): Promise<MeantimeResult> {
  const started = performance.now();
  const runs = await runMeantime(dir, options);
  const pipelineMs = performance.now() - started;
  const mentionDocuments = runs.map((run) => ({ gold: run.gold, predicted: run.predicted }));
  const overlapScores = scoreMentions(mentionDocuments, 'overlap');
  const exactScores = scoreMentions(mentionDocuments, 'exact');
  const untyped = untypedRecall(runs, (run) => run.gold);
  const allNamed = untypedRecall(runs, (run) => run.document.mentions.filter((m) => m.syntacticType === 'NAM'));
  const times = scoreTimes(runs.map((run) => timeDocument(run)));
  return {
    dir,
    documents: runs.length,
    entities: {
      ...overlapScores,
      definition: entityDefinition.join('; '),
      exact: exactScores,
      untypedRecall: untyped.recall,
      allNamedRecall: allNamed.recall,
      allNamedGold: allNamed.gold,
      ignored: runs.reduce((sum, run) => sum + run.ignored.length, 0),
      nestedDropped: runs.reduce((sum, run) => sum + run.nestedDropped, 0),
    },
    times,
    pipelineMs,
  };
}

/** Gold and predicted times of one document; predictions on the date line (the CREATION_TIME) or past the annotated part are dropped. */
export function timeDocument(run: DocumentRun): { gold: GoldTime[]; predicted: Array<{ span: Span; value: string }> } {
  const creation = run.document.creationSpan;
  return {
    gold: run.document.times.map((t) => ({ span: t.span, value: t.value, type: t.type })),
    predicted: run.article.times
      .filter((t) => t.span.start < run.document.annotated.end && (!creation || overlap(creation, t.span) === 0))
      .map((t) => ({ span: t.span, value: t.value })),
  };
}

const pct = (x: number): string => (x * 100).toFixed(1).padStart(5);

/** The human-readable report of `evaluateMeantime`. */
export function formatMeantimeTable(result: MeantimeResult): string {
  const e = result.entities;
  const lines = [
    `MEANTIME ${result.dir}: ${result.documents} documents (${(result.pipelineMs / Math.max(1, result.documents)).toFixed(1)} ms/article)`,
    '',
    'Entity mentions',
    ...entityDefinition.map((part) => `  - ${part}`),
    '',
    '  class   gold  pred | overlap  P      R      F1  | exact  P      R      F1',
  ];
  const row = (label: string, o: PRF, x: PRF): string =>
    `  ${label.padEnd(5)} ${String(o.gold).padStart(5)} ${String(o.predicted).padStart(5)} |        ${pct(o.precision)}  ${pct(o.recall)}  ${pct(o.f1)} |      ${pct(x.precision)}  ${pct(x.recall)}  ${pct(x.f1)}`;
  for (const c of scoredClasses) lines.push(row(c, e.byType[c], e.exact.byType[c]));
  lines.push(row('all', e, e.exact));
  lines.push(
    '',
    `  untyped recall (any predicted name overlapping): ${pct(e.untypedRecall)}% of the ${e.gold} scored gold mentions; ${pct(e.allNamedRecall)}% of all ${e.allNamedGold} NAM mentions (PRO/FIN/MIX too)`,
    `  predictions ignored (on an unscored gold name: PRE.NAM, untyped, of no entity): ${e.ignored}; nested gold names dropped for the inner ones: ${e.nestedDropped}`,
    '',
    'Time expressions (gold: TIMEX3 except the CREATION_TIME date line; predictions on the date line or past the annotated sentences dropped)',
  );
  const t = result.times;
  lines.push(
    `  gold ${t.gold}  predicted ${t.predicted}  matched ${t.matched}`,
    `  extent  P ${pct(t.extentPrecision)}  R ${pct(t.extentRecall)}  F1 ${pct(t.extentF1)}  (strict F1 ${pct(t.strictExtentF1)})`,
    `  value   accuracy ${pct(t.valueAccuracy)}  F1 ${pct(t.valueF1)}`,
  );
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Errors, for tuning

export interface MentionError {
  kind: 'false-positive' | 'false-negative';
  text: string;
  span: Span;
  /** Gold class (false negative) or predicted class (false positive). */
  cls: string;
  /** The sentence, with the mention in [brackets]. */
  sentence: string;
  /** What else is there: the predicted mention overlapping a missed gold one, or the gold mention under a false positive. */
  note: string;
}

export interface DocumentErrors {
  path: string;
  errors: MentionError[];
}

function sentenceAround(run: DocumentRun, span: Span): string {
  const sentence = run.document.sentences.find((s) => s.start <= span.start && span.start < Math.max(s.end, s.start + 1)) ?? { start: span.start, end: span.end };
  const text = run.document.text;
  return `${text.slice(sentence.start, span.start)}[${text.slice(span.start, span.end)}]${text.slice(span.end, Math.max(sentence.end, span.end))}`;
}

/** Per-document false positives and false negatives (overlap match), with a note on what overlaps them. */
export function* meantimeErrors(runs: DocumentRun[]): Generator<DocumentErrors> {
  for (const run of runs) {
    const pairs = matchSpans(run.gold, run.predicted, 'overlap');
    const matchedGold = new Set(pairs.map(([g]) => g));
    const matchedPredicted = new Set(pairs.map(([, p]) => p));
    const errors: MentionError[] = [];
    run.gold.forEach((g, i) => {
      if (matchedGold.has(i)) return;
      const other = run.allPredicted.filter((p) => overlap(p.span, g.span) > 0);
      const note =
        other.length > 0
          ? 'we have ' + other.map((p) => `"${p.text}" ${p.type}/${p.kind} (${p.rule})`).join(', ')
          : 'no predicted name here';
      errors.push({ kind: 'false-negative', text: g.text, span: g.span, cls: g.cls, sentence: sentenceAround(run, g.span), note });
    });
    run.predicted.forEach((p, i) => {
      if (matchedPredicted.has(i)) return;
      const other = run.document.mentions.filter((m) => overlap(m.span, p.span) > 0);
      const note =
        other.length > 0
          ? 'gold has ' + other.map((m) => `"${m.text}" ${m.entityType ?? 'no-entity'}/${m.syntacticType || '-'}`).join(', ')
          : 'no gold mention here';
      errors.push({ kind: 'false-positive', text: p.text, span: p.span, cls: `${p.cls} (${p.type}/${p.kind}, ${p.rule})`, sentence: sentenceAround(run, p.span), note });
    });
    errors.sort((a, b) => a.span.start - b.span.start);
    yield { path: run.document.path, errors };
  }
}

/** Readable listing of the errors, followed by the most frequent false-positive and false-negative texts. */
export function formatMeantimeErrors(documents: Iterable<DocumentErrors>, top = 30): string {
  const lines: string[] = [];
  const counts = { 'false-positive': new Map<string, number>(), 'false-negative': new Map<string, number>() };
  for (const document of documents) {
    if (document.errors.length === 0) continue;
    lines.push(`== ${document.path}`);
    for (const error of document.errors) {
      lines.push(`  ${error.kind === 'false-positive' ? 'FP' : 'FN'} ${error.cls} "${error.text}" — ${error.note}`, `     ${error.sentence}`);
      const key = `${error.text}\t${error.kind === 'false-positive' ? error.cls.split(' ')[0] : error.cls}`;
      counts[error.kind].set(key, (counts[error.kind].get(key) ?? 0) + 1);
    }
  }
  for (const kind of ['false-positive', 'false-negative'] as const) {
    lines.push('', `Most frequent ${kind}s:`);
    const sorted = [...counts[kind].entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, top);
    for (const [key, n] of sorted) {
      const [text, cls] = key.split('\t');
      lines.push(`  ${String(n).padStart(3)}  ${cls}  ${text}`);
    }
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Time errors, for tuning

export interface TimeError {
  /** `missed`: gold with no overlapping prediction; `spurious`: prediction matching no gold; `value`: matched pair, values differ. */
  kind: 'missed' | 'spurious' | 'value';
  span: Span;
  gold: { text: string; value: string; type: string } | null;
  predicted: { text: string; value: string; type: string; rule: string } | null;
  /** The sentence, with the expression (gold span, or the prediction's) in [brackets]. */
  sentence: string;
}

export interface DocumentTimeErrors {
  path: string;
  /** The publication date the document was run with (its CREATION_TIME), or null. */
  published: string | null;
  errors: TimeError[];
}

/**
 * Per-document time mistakes, scored as `scoreTimes` does (the same gold and predictions as
 * `timeDocument`, the same one-to-one relaxed matching and value comparison): every gold TIMEX3
 * that was missed, every prediction that matched no gold, and every matched pair whose values differ.
 */
export function timeErrors(runs: DocumentRun[]): DocumentTimeErrors[] {
  const out: DocumentTimeErrors[] = [];
  for (const run of runs) {
    const creation = run.document.creationSpan;
    const gold = run.document.times;
    const predicted = run.article.times.filter((t) => t.span.start < run.document.annotated.end && (!creation || overlap(creation, t.span) === 0));
    const pairs = matchOverlapping(gold, predicted);
    const matchedGold = new Set(pairs.map(([g]) => g));
    const matchedPredicted = new Set(pairs.map(([, p]) => p));
    const goldOf = (g: GoldTimex): TimeError['gold'] => ({ text: g.text, value: g.value, type: g.type });
    const predictedOf = (p: (typeof predicted)[number]): TimeError['predicted'] => ({ text: p.text, value: p.value, type: p.type, rule: p.rule });
    const errors: TimeError[] = [];
    gold.forEach((g, i) => {
      if (!matchedGold.has(i)) errors.push({ kind: 'missed', span: g.span, gold: goldOf(g), predicted: null, sentence: sentenceAround(run, g.span) });
    });
    predicted.forEach((p, i) => {
      if (!matchedPredicted.has(i)) errors.push({ kind: 'spurious', span: p.span, gold: null, predicted: predictedOf(p), sentence: sentenceAround(run, p.span) });
    });
    for (const [g, p] of pairs) {
      const a = gold[g]!;
      const b = predicted[p]!;
      if (!valuesEqual(a.value, b.value)) errors.push({ kind: 'value', span: a.span, gold: goldOf(a), predicted: predictedOf(b), sentence: sentenceAround(run, a.span) });
    }
    errors.sort((a, b) => a.span.start - b.span.start || a.kind.localeCompare(b.kind));
    out.push({ path: run.document.path, published: run.document.published, errors });
  }
  return out;
}

/** Readable listing of `timeErrors`, with counts per kind. */
export function formatTimeErrors(documents: Iterable<DocumentTimeErrors>): string {
  const lines: string[] = ['', 'Time expression errors (gold TIMEX3 vs prediction)'];
  const counts = { missed: 0, spurious: 0, value: 0 };
  const label = { missed: 'MISSED  ', spurious: 'SPURIOUS', value: 'VALUE   ' } as const;
  for (const document of documents) {
    if (document.errors.length === 0) continue;
    lines.push(`== ${document.path} (published ${document.published ?? 'unknown'})`);
    for (const error of document.errors) {
      counts[error.kind]++;
      const gold = error.gold ? `gold "${error.gold.text}" ${error.gold.type} ${error.gold.value}` : 'no gold';
      const predicted = error.predicted ? `we "${error.predicted.text}" ${error.predicted.type} ${error.predicted.value} (${error.predicted.rule})` : 'no prediction';
      lines.push(`  ${label[error.kind]} ${gold} — ${predicted}`, `     ${error.sentence}`);
    }
  }
  lines.push('', `Time errors: ${counts.value} wrong values, ${counts.missed} missed, ${counts.spurious} spurious`);
  return lines.join('\n');
}
