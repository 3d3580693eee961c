/**
 * The quotes stage: every quote with its speaker. Quoted stretches come from the quote marks
 * (`quote-marks.ts`); each gets a speech cue (`cues.ts`) and a speaker (`speakers.ts`), and is
 * classified:
 * - a short quoted noun phrase with no speech cue (the “peace” plan, Israel’s “capital”) is a
 *   scare quote: framing, not a quote (it goes to `framing` with rule `quotes:scare-quote`);
 * - `direct`: the quote is a whole utterance (it opens its sentence, or follows its cue after a
 *   comma or colon: X said: “…”);
 * - `partial`: quoted words inside the writer's sentence (X had “exchanged views …”);
 * - a quote with no cue that follows another quote within a sentence continues its speaker;
 * - `reported`: unquoted speech ("X said that …", "It also noted that …"), the complement clause
 *   of a speech verb, unless the clause holds a quote of the same cue (then that quote is partial).
 * Runs after coreference (speakers use pronoun and group mentions). Never reads files.
 */
import type { Article, FramingMarker, Quote, Span } from '../../core/record.js';
import type { Stage, StageContext } from '../../pipeline/stage.js';
import { createCueFinder, type Cue } from './cues.js';
import { scanQuotations, type Quotation } from './quote-marks.js';
import { createSpeakerResolver, type Attribution, type SpeakerHistory } from './speakers.js';
import type { QuoteKnowledge } from './speech-verbs.js';
import { isPunctuation, isQuoteMark, TextIndex } from './text-index.js';

export interface QuoteExtraction {
  quotes: Quote[];
  /** Scare quotes and quoted terms, for `framing`. */
  scareQuotes: FramingMarker[];
  /** Quotes never closed (they end with their paragraph). */
  unclosed: Span[];
}

/** Longest quoted stretch (in words) that can be a quoted term rather than a quote. */
const TERM_MAX_WORDS = 4;
const WORD = /[\p{L}\p{N}]+(?:['\u2019][\p{L}]+)*/gu;

function lastIndexWhere<T>(items: readonly T[], test: (item: T, index: number) => boolean): number {
  for (let k = items.length - 1; k >= 0; k--) if (test(items[k]!, k)) return k;
  return -1;
}

function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

interface Pending {
  span: Span;
  kind: Quote['kind'];
  cue?: Cue;
  /** Rule for quotes without a cue. */
  rule?: string;
  quotation?: Quotation;
  parentQuotation?: number;
  /** Sentence of the quote's start. */
  sentence: number;
}

export function extractQuotes(article: Article, knowledge: QuoteKnowledge): QuoteExtraction {
  const result: QuoteExtraction = { quotes: [], scareQuotes: [], unclosed: [] };
  if (article.sentences.length === 0) return result;
  const text = article.text;
  const index = new TextIndex(article);
  const quotations = scanQuotations(text, article.paragraphs);
  const extentOf = (q: Quotation): Span => ({ start: q.open, end: q.close >= 0 ? q.close + 1 : q.span.end });
  const quoted = (offset: number): boolean => quotations.some((q) => offset >= q.open && offset < extentOf(q).end);
  const cues = createCueFinder(index, knowledge, quoted);
  const history: SpeakerHistory = { speakers: [] };
  const speakers = createSpeakerResolver(index, knowledge, history);

  const tokensIn = (span: Span): Array<{ s: number; i: number }> => {
    const out: Array<{ s: number; i: number }> = [];
    for (let s = Math.max(0, index.sentenceAt(span.start)); s < article.sentences.length && article.sentences[s]!.span.start < span.end; s++) {
      index.tokens(s).forEach((t, i) => {
        if (t.span.start >= span.start && t.span.end <= span.end) out.push({ s, i });
      });
    }
    return out;
  };
  /** Nothing but punctuation before the opening mark in its sentence. */
  const opensSentence = (q: Quotation): boolean => {
    const s = index.sentenceAt(q.open);
    if (s < 0) return true;
    return index.tokens(s).every((t) => t.span.start >= q.open || isPunctuation(t));
  };
  /** Token just before the opening mark / just after the closing mark. */
  const neighbour = (offset: number, direction: -1 | 1): { pos: string; word: string } | undefined => {
    const s = index.sentenceAt(offset);
    if (s < 0) return undefined;
    const tokens = index.tokens(s);
    const k = direction < 0 ? lastIndexWhere(tokens, (t) => t.span.end <= offset) : tokens.findIndex((t) => t.span.start > offset);
    return k >= 0 ? { pos: tokens[k]!.pos, word: index.word(s, k) } : undefined;
  };

  const pending: Pending[] = [];
  const quotationPending = new Map<number, Pending>();
  quotations.forEach((q, qi) => {
    if (q.close < 0) result.unclosed.push(q.span);
    const content = text.slice(q.span.start, q.span.end);
    const words = countWords(content);
    if (words === 0) return;
    const inside = tokensIn(q.span);
    const hasVerb = inside.some(({ s, i }) => {
      const pos = index.tokens(s)[i]!.pos;
      return pos === 'VERB' || pos === 'AUX';
    });
    const term = words <= TERM_MAX_WORDS && !hasVerb && !/[.!?…,;:]['"\u2019\u201D]?\s*$/.test(content);
    const scare = (note: string): void => {
      result.scareQuotes.push({ span: q.span, kind: 'scare-quote', text: content, note, quoted: q.depth > 0, rule: 'quotes:scare-quote' });
    };
    const sentence = Math.max(0, index.sentenceAt(q.span.start));
    if (q.depth > 0) {
      if (term) scare('quoted term inside a quote');
      else {
        const p: Pending = { span: q.span, kind: 'direct', rule: 'quotes:nested', quotation: q, sentence, ...(q.parent !== undefined ? { parentQuotation: q.parent } : {}) };
        pending.push(p);
        quotationPending.set(qi, p);
      }
      return;
    }
    const opens = opensSentence(q);
    const cue = cues.accordingTo(q) ?? (opens ? cues.after(q) : (cues.before(q) ?? cues.after(q)));
    if (term) {
      const before = neighbour(q.open, -1);
      const after = neighbour(q.close >= 0 ? q.close : q.span.end, 1);
      const inNounPhrase =
        (before !== undefined && (before.pos === 'DET' || before.pos === 'ADJ' || before.pos === 'NUM' || /^['\u2019]s$/.test(before.word) || /^(?:its|their|his|her|our|so-called)$/i.test(before.word))) ||
        (after !== undefined && (after.pos === 'NOUN' || after.pos === 'PROPN'));
      if (!cue) return scare('quoted term with no speech cue');
      if (words <= 2 && inNounPhrase) return scare('quoted term inside a noun phrase');
    }
    let kind: Quote['kind'] = 'partial';
    if (cue) {
      if (opens) kind = 'direct';
      else if (cue.position === 'before') {
        const between = text.slice(cue.span.end, q.open);
        const betweenWords = countWords(between);
        if (/^[\s,:]*$/.test(between) || (!/\bthat\b/i.test(between) && betweenWords <= 6 && (/[,:]\s*$/.test(between) || /^\p{Lu}/u.test(content)))) kind = 'direct';
      } else if (/:\s*$/.test(text.slice(Math.max(0, q.open - 3), q.open))) kind = 'direct';
    } else kind = opens ? 'direct' : 'partial';
    const p: Pending = { span: q.span, kind, ...(cue ? { cue } : { rule: 'quotes:continuation' }), quotation: q, sentence };
    pending.push(p);
    quotationPending.set(qi, p);
  });

  // Reported speech: complements of speech verbs, unless a quote of the same cue is inside.
  const marked = [...quotationPending.values()];
  for (let s = 0; s < article.sentences.length; s++) {
    const tokens = index.tokens(s);
    for (let i = 0; i < tokens.length; i++) {
      const verb = cues.verbAt(s, i);
      if (!verb || !verb.reported || verb.afterQuoteOnly) continue;
      let complement = cues.complement(s, i) ?? precedingContent(s, i);
      if (!complement) continue;
      // The cue of a marked quote ("…," said X; X said “…”) introduces that quote, not reported speech.
      if (marked.some((p) => p.cue?.sentence === s && p.cue.first === i)) continue;
      // "it is interesting to note that …": no speaker.
      if (index.lower(s, i - 1) === 'to') continue;
      while (complement.start < complement.end && /[\s,;:\u2014\u2013-]/.test(text[complement.start]!)) complement = { start: complement.start + 1, end: complement.end };
      if (isQuoteMark(text[complement.start]!)) continue;
      // Stop before another quote or speech verb inside the clause, at the comma before it.
      const inner = tokens.findIndex((t, j) => j > i && t.span.start > complement!.start && t.span.start < complement!.end && ((isQuoteMark(index.word(s, j)) && quoted(t.span.start)) || cues.verbAt(s, j) !== undefined));
      if (inner >= 0) {
        const comma = lastIndexWhere(tokens, (t, j) => j < inner && t.span.start > complement!.start && /^[,;\u2014]$/.test(index.word(s, j)));
        if (comma >= 0) complement = { start: complement.start, end: tokens[comma - 1]!.span.end };
        else if (isQuoteMark(index.word(s, inner))) continue;
      }
      if (quotations.some((q) => q.depth === 0 && q.open >= complement!.start && q.open < complement!.end)) continue;
      if (countWords(text.slice(complement.start, complement.end)) < 2) continue;
      const last = verb.particle ? i + 1 : i;
      const cue: Cue = { sentence: s, first: i, last, span: index.spanOf(s, i, last), lemma: verb.lemma, class: verb.class, position: 'before', kind: 'verb' };
      pending.push({ span: complement, kind: 'reported', cue, sentence: s });
    }
  }

  /**
   * Reported speech before its cue: "Talks ended without a deal, officials said." — the sentence up
   * to the comma before a speaker and a speech verb that end the sentence.
   */
  function precedingContent(s: number, i: number): Span | undefined {
    const tokens = index.tokens(s);
    const rest = tokens.slice(i + 1);
    // "…, officials said." or "…, said the official."
    let speakerStart = i;
    while (speakerStart > 0 && !isPunctuation(tokens[speakerStart - 1]!)) speakerStart--;
    const inverted = speakerStart === i;
    if (inverted ? !rest.some((t) => !isPunctuation(t)) : rest.some((t) => !isPunctuation(t))) return undefined;
    if (inverted && rest.some((t) => isPunctuation(t) && /^[,;:]$/.test(text.slice(t.span.start, t.span.end)))) return undefined;
    const comma = speakerStart - 1;
    if (comma <= 0 || index.word(s, comma) !== ',') return undefined;
    let first = 0;
    const dateline = article.dateline?.span;
    while (first < comma && (isPunctuation(tokens[first]!) || (dateline !== undefined && tokens[first]!.span.end <= dateline.end))) first++;
    if (first >= comma || quoted(tokens[first]!.span.start)) return undefined;
    return index.spanOf(s, first, comma - 1);
  }

  // Speakers, in text order (pronouns look back at the speakers before them).
  pending.sort((a, b) => a.span.start - b.span.start);
  const byCue = new Map<string, Attribution>();
  const cueKey = (cue: Cue): string => `${cue.sentence}:${cue.first}`;
  const resolved: Array<{ pending: Pending; attribution: Attribution }> = [];
  let previousMarked: { pending: Pending; attribution: Attribution } | undefined;
  for (const p of pending) {
    let attribution: Attribution;
    if (p.cue) {
      const key = cueKey(p.cue);
      const known = byCue.get(key);
      if (known) attribution = known;
      else {
        attribution = speakers.resolve(p.cue);
        // "“…,” read the statement, adding, “…”": a participle under an earlier cue of the sentence speaks for it.
        if (p.cue.position === 'before' && attribution.rule !== 'quotes:subject-of-cue') {
          const tree = index.tree(p.cue.sentence);
          const earlier = resolved.filter((r) => r.pending.cue && r.pending.cue.sentence === p.cue!.sentence && r.pending.cue.first !== p.cue!.first && tree.dominates(r.pending.cue.first, p.cue!.first));
          const governing = earlier[earlier.length - 1];
          if (governing && tree.childrenBy(p.cue.first, 'nsubj').length === 0) attribution = { ...governing.attribution, rule: 'quotes:governing-cue' };
        }
        byCue.set(key, attribution);
        speakers.remember(p.cue, attribution, p.span.start);
      }
    } else if (p.rule === 'quotes:continuation') {
      // A quote with no cue right after another quote: the same speaker goes on.
      const prev = previousMarked;
      const gap = prev ? p.sentence - index.sentenceAt(prev.pending.quotation?.close ?? prev.pending.span.end) : Infinity;
      const cueBetween = prev ? hasCueBetween(Math.max(prev.pending.span.end, prev.pending.cue?.span.end ?? 0), p.span.start) : true;
      if (prev && gap <= 2 && !cueBetween && (prev.attribution.speaker || prev.attribution.speakers || prev.attribution.attribution === 'nominal' || prev.attribution.attribution === 'uncertain')) {
        const confidence = gap <= 1 ? 0.8 : 0.6;
        attribution = { ...prev.attribution, attribution: confidence >= 0.7 ? prev.attribution.attribution : 'uncertain', confidence: Math.min(prev.attribution.confidence, confidence), rule: 'quotes:continuation' };
      } else attribution = { attribution: 'unknown', confidence: 0.3, rule: 'quotes:unattributed' };
    } else attribution = { attribution: 'unknown', confidence: 0.3, rule: p.rule ?? 'quotes:unattributed' };
    const entry = { pending: p, attribution };
    resolved.push(entry);
    if (p.quotation && p.quotation.depth === 0) previousMarked = entry;
  }

  function hasCueBetween(from: number, to: number): boolean {
    for (let s = Math.max(0, index.sentenceAt(from)); s < article.sentences.length && article.sentences[s]!.span.start < to; s++) {
      const tokens = index.tokens(s);
      for (let i = 0; i < tokens.length; i++) {
        if (tokens[i]!.span.start < from || tokens[i]!.span.end > to) continue;
        if (cues.verbAt(s, i)) return true;
      }
    }
    return false;
  }

  const idOfQuotation = new Map<Quotation, string>();
  resolved.forEach(({ pending: p }, k) => {
    if (p.quotation) idOfQuotation.set(p.quotation, `q${k + 1}`);
  });
  result.quotes = resolved.map(({ pending: p, attribution: a }, k) => {
    const parentQuotation = p.parentQuotation !== undefined ? quotations[p.parentQuotation] : undefined;
    const parent = parentQuotation ? idOfQuotation.get(parentQuotation) : undefined;
    const confidence = Math.round((p.kind === 'reported' ? a.confidence * 0.95 : a.confidence) * 100) / 100;
    // The comma that hands over to the cue ("…,” said X) is not part of the quote.
    let span = p.span;
    while (span.end > span.start + 1 && /[\s,;:]/.test(text[span.end - 1]!)) span = { start: span.start, end: span.end - 1 };
    const quote: Quote = {
      id: `q${k + 1}`,
      span,
      kind: p.kind,
      ...(a.speaker ? { speaker: a.speaker } : {}),
      ...(a.speakers ? { speakers: a.speakers } : {}),
      ...(a.speakerText !== undefined ? { speakerText: a.speakerText } : {}),
      ...(a.speakerSpan ? { speakerSpan: a.speakerSpan } : {}),
      attribution: a.attribution,
      ...(p.cue ? { cue: p.cue.span, cueLemma: p.cue.lemma } : {}),
      ...(parent ? { parent } : {}),
      confidence,
      rule: p.kind === 'reported' ? `quotes:reported+${a.rule.replace(/^quotes:/, '')}` : a.rule,
    };
    return quote;
  });
  return result;
}

export const quotesStage: Stage = {
  name: 'quotes',
  run(article: Article, context: StageContext): void {
    const { quotes, scareQuotes, unclosed } = extractQuotes(article, context.resources.quotes);
    article.quotes = quotes;
    article.framing = [...article.framing.filter((f) => f.rule !== 'quotes:scare-quote'), ...scareQuotes].sort((a, b) => a.span.start - b.span.start);
    for (const span of unclosed) context.diagnostics.info('QUOTES_UNCLOSED', 'a quote mark is never closed: the quote is taken to end with its paragraph', span);
  },
};
