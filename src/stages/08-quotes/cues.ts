/**
 * Speech cues: the verb or phrase that introduces a quote ("said", "warned that", "read the
 * statement", "according to"). Finds the cue of a quoted stretch — after it ("…," said X / "…,"
 * X said) or before it (X said “…” / X had “…”) — and the complement clause of reported speech
 * ("X said that …"). Cues inside other quotes are the quoted speaker's words and never count.
 */
import type { Span } from '../../core/record.js';
import type { Quotation } from './quote-marks.js';
import type { QuoteKnowledge, SpeechClass, SpeechVerb } from './speech-verbs.js';
import { isPunctuation, isQuoteMark, type TextIndex } from './text-index.js';

export interface Cue {
  sentence: number;
  /** First and last token of the cue (two tokens for "according to", "pointed out"). */
  first: number;
  last: number;
  span: Span;
  lemma: string;
  class: SpeechClass;
  /** Where the cue stands relative to its quote. */
  position: 'before' | 'after';
  kind: 'verb' | 'phrase';
}

/** Tokens a speaker phrase between a quote and its cue may hold ("”, the senior official also said"). */
const SPEAKER_POS = new Set(['DET', 'PROPN', 'NOUN', 'PRON', 'ADJ', 'NUM', 'ADP', 'PART', 'ADV', 'AUX', 'CCONJ']);
const PASSIVE_AUX = new Set(['is', 'was', 'were', 'are', 'be', 'been', 'being']);

export interface CueFinder {
  /** The speech verb at token `i`, if it is one (and is not inside a quote or glued by a hyphen). */
  verbAt(sentence: number, i: number): SpeechVerb | undefined;
  after(quotation: Quotation): Cue | undefined;
  before(quotation: Quotation): Cue | undefined;
  /** "according to X" in the sentences of the quotation. */
  accordingTo(quotation: Quotation): Cue | undefined;
  /** The complement clause of reported speech introduced by the verb at token `i`. */
  complement(sentence: number, i: number): Span | undefined;
}

export function createCueFinder(index: TextIndex, knowledge: QuoteKnowledge, quoted: (offset: number) => boolean): CueFinder {
  const text = index.article.text;

  const verbAt = (s: number, i: number): SpeechVerb | undefined => {
    const token = index.tokens(s)[i];
    if (!token) return undefined;
    const lower = index.lower(s, i);
    const verb = knowledge.verbs.get(lower) ?? knowledge.verbs.get(token.lemma.toLowerCase());
    if (!verb) return undefined;
    if (token.pos !== 'VERB' && (token.pos === 'NOUN' || token.pos === 'PROPN' || token.pos === 'ADJ')) {
      // Taggers miss speech verbs next to quotes (", adding, “…"): an inflected form counts unless a determiner makes it a noun ("his comments").
      const previous = index.tokens(s)[i - 1];
      const previousWord = index.lower(s, i - 1);
      const next = index.word(s, i + 1);
      const besideQuote = /^[,:]$/.test(previousWord) || isQuoteMark(previousWord) || /^[,:]$/.test(next) || isQuoteMark(next);
      if (lower === verb.lemma || !previous || !besideQuote || previous.pos === 'DET' || previous.pos === 'ADJ' || previous.pos === 'NUM' || /^(?:his|her|its|their|our|my|your)$/.test(previousWord)) return undefined;
    }
    // "so-called", "state-run": a hyphenated word is not a speech verb.
    if (text[token.span.start - 1] === '-' || text[token.span.end] === '-') return undefined;
    if (verb.particle && index.lower(s, i + 1) !== verb.particle) return undefined;
    if (quoted(token.span.start)) return undefined;
    return verb;
  };

  const cueOf = (s: number, i: number, verb: SpeechVerb, position: Cue['position']): Cue => {
    const last = verb.particle ? i + 1 : i;
    return { sentence: s, first: i, last, span: index.spanOf(s, i, last), lemma: verb.lemma, class: verb.class, position, kind: 'verb' };
  };

  const isPassive = (s: number, i: number): boolean => {
    const tree = index.tree(s);
    if (tree.childrenBy(i, 'aux:pass').length > 0) return true;
    for (let k = i - 1; k >= 0 && k >= i - 2; k--) {
      const w = index.lower(s, k);
      if (PASSIVE_AUX.has(w)) return true;
      if (index.tokens(s)[k]!.pos !== 'ADV') break;
    }
    return false;
  };

  const afterIn = (s: number, from: number): Cue | undefined => {
    const tokens = index.tokens(s);
    let j = from;
    while (j < tokens.length && isPunctuation(tokens[j]!) && !isQuoteMark(index.word(s, j)) && /^[,\u2014\u2013-]$/.test(index.word(s, j))) j++;
    for (let steps = 0; j < tokens.length && steps < 9; j++, steps++) {
      const verb = verbAt(s, j);
      if (verb && !isPassive(s, j)) return cueOf(s, j, verb, 'after');
      const token = tokens[j]!;
      if (isPunctuation(token) || !SPEAKER_POS.has(token.pos)) return undefined;
      if (index.lower(s, j) === 'that' || index.lower(s, j) === 'which') return undefined;
    }
    return undefined;
  };

  const after = (q: Quotation): Cue | undefined => {
    if (q.close < 0) return undefined;
    const s = index.sentenceAt(q.close);
    if (s < 0) return undefined;
    const tokens = index.tokens(s);
    const from = tokens.findIndex((t) => t.span.start > q.close);
    if (from >= 0) {
      const found = afterIn(s, from);
      if (found) return found;
      // The quote ends its sentence only if nothing but punctuation follows it.
      if (tokens.slice(from).some((t) => !isPunctuation(t))) return undefined;
    }
    // “… basis.” he said — the segmenter may have cut after the closing mark.
    const next = s + 1;
    const first = index.tokens(next)[0];
    if (first && index.article.sentences[next]!.paragraph === index.article.sentences[s]!.paragraph && /^\p{Ll}/u.test(index.word(next, 0))) return afterIn(next, 0);
    return undefined;
  };

  const before = (q: Quotation): Cue | undefined => {
    const s = index.sentenceAt(q.open);
    if (s < 0) return undefined;
    const tokens = index.tokens(s);
    for (let i = tokens.length - 1; i >= 0; i--) {
      if (tokens[i]!.span.end > q.open) continue;
      const verb = verbAt(s, i);
      if (verb && !verb.afterQuoteOnly && !isPassive(s, i)) return cueOf(s, i, verb, 'before');
    }
    return undefined;
  };

  const accordingTo = (q: Quotation): Cue | undefined => {
    const first = index.sentenceAt(q.open);
    const last = q.close >= 0 ? index.sentenceAt(q.close) : first;
    for (let s = Math.max(first, 0); s <= last && s >= 0; s++) {
      const tokens = index.tokens(s);
      for (const phrase of knowledge.phrases) {
        for (let i = 0; i + phrase.words.length <= tokens.length; i++) {
          if (quoted(tokens[i]!.span.start)) continue;
          if (!phrase.words.every((w, k) => index.lower(s, i + k) === w)) continue;
          const lastToken = i + phrase.words.length - 1;
          const position = tokens[i]!.span.start < q.open ? 'before' : 'after';
          return { sentence: s, first: i, last: lastToken, span: index.spanOf(s, i, lastToken), lemma: phrase.text, class: phrase.class, position, kind: 'phrase' };
        }
      }
    }
    return undefined;
  };

  const complement = (s: number, i: number): Span | undefined => {
    const tokens = index.tokens(s);
    const tree = index.tree(s);
    let start = -1;
    // "said that", "told reporters that", "said in a statement on Tuesday that".
    for (let j = i + 1; j < tokens.length && j <= i + 8; j++) {
      const lower = index.lower(s, j);
      if (lower === 'that' && tokens[j]!.pos !== 'DET') {
        start = j + 1;
        break;
      }
      if (isPunctuation(tokens[j]!) && lower !== ',') break;
      if (tokens[j]!.pos === 'VERB' || tokens[j]!.pos === 'AUX') break;
    }
    let end = -1;
    const clausal = tree.childrenBy(i, 'ccomp').filter((c) => c > i);
    if (start < 0) {
      // "Washington says its deal would not adhere ...": a clausal complement without "that".
      const c = clausal[0];
      if (c === undefined) return undefined;
      const { first, last } = tree.extent(c);
      if (first <= i) return undefined;
      start = first;
      if (index.lower(s, start) === 'that') start++;
      end = last;
    } else {
      const c = clausal[0];
      end = c !== undefined && tree.extent(c).first >= start - 1 ? tree.extent(c).last : tokens.length - 1;
      // A parse that stops early would cut the clause: take the sentence when the clause ends before a comma-free remainder.
      if (end < tokens.length - 1 && !tokens.slice(end + 1).some((t) => isPunctuation(t) && /^[,;:\u2014]$/.test(text.slice(t.span.start, t.span.end)))) end = tokens.length - 1;
    }
    while (end >= start && (isPunctuation(tokens[end]!) || isQuoteMark(index.word(s, end)))) end--;
    if (start < 0 || end < start) return undefined;
    return index.spanOf(s, start, end);
  };

  return { verbAt, after, before, accordingTo, complement };
}
