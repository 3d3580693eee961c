/**
 * UD harness: tags and parses the gold words of a CoNLL-U file (gold tokenisation, predicted tags)
 * and scores heads and relations against the gold trees: UAS, LAS and label accuracy, with
 * punctuation (gold UPOS `PUNCT`) excluded and included, the tagger's UPOS/XPOS accuracy, and the
 * speed of tagger and parser (each timed on its own, single thread, after a short warm-up).
 * Relations are compared in full (`nsubj:pass` ≠ `nsubj`), stricter than the CoNLL 2018 script,
 * which drops subtypes; `universalLas` gives that figure too.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { readConllu, type ConlluSentence } from '../src/stages/05-parse/conllu.js';
import type { DependencyParser } from '../src/stages/05-parse/parser.js';

export interface AttachmentScores {
  uas: number;
  las: number;
  labelAccuracy: number;
  /** LAS with relation subtypes dropped (`obl:tmod` → `obl`), as CoNLL 2018 scores it. */
  universalLas: number;
}

export interface UdResult extends AttachmentScores {
  sentences: number;
  words: number;
  /** Punctuation included. */
  withPunctuation: AttachmentScores;
  /** Tagger accuracy on the gold words. */
  upos: number;
  xpos: number;
  /** Tagger and parser together, words per second. */
  tokensPerSecond: number;
  taggerTokensPerSecond: number;
  parserTokensPerSecond: number;
}

interface Tally {
  words: number;
  heads: number;
  labelled: number;
  labels: number;
  universal: number;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function scores(tally: Tally): AttachmentScores {
  return {
    uas: ratio(tally.heads, tally.words),
    las: ratio(tally.labelled, tally.words),
    labelAccuracy: ratio(tally.labels, tally.words),
    universalLas: ratio(tally.universal, tally.words),
  };
}

const universal = (deprel: string): string => deprel.split(':')[0]!;

/** Tags and parses every sentence of `gold` and scores the result. */
export function scoreUd(gold: readonly ConlluSentence[], parser: DependencyParser): UdResult {
  const sentences = gold.filter((s) => s.words.length > 0);
  const forms = sentences.map((s) => s.words.map((w) => w.form));
  // Warm-up, so the figures are for a parser that has been running (as in the pipeline).
  for (const words of forms.slice(0, 200)) parser.parseWords(words);
  let taggerMs = 0;
  let parserMs = 0;
  const noPunct: Tally = { words: 0, heads: 0, labelled: 0, labels: 0, universal: 0 };
  const all: Tally = { words: 0, heads: 0, labelled: 0, labels: 0, universal: 0 };
  let uposRight = 0;
  let xposRight = 0;
  let words = 0;
  for (let s = 0; s < sentences.length; s++) {
    const sentence = sentences[s]!;
    const t0 = performance.now();
    const tagged = parser.tagger.tag(forms[s]!);
    const t1 = performance.now();
    const parsed = parser.parse({ words: forms[s]!, tags: tagged.classes, wordHashes: tagged.wordHashes });
    const t2 = performance.now();
    taggerMs += t1 - t0;
    parserMs += t2 - t1;
    sentence.words.forEach((word, i) => {
      words++;
      if (tagged.upos[i] === word.upos) uposRight++;
      if (tagged.xpos[i] === word.xpos) xposRight++;
      const goldHead = word.head === null ? null : word.head - 1;
      const headRight = goldHead !== null && parsed.heads[i] === goldHead;
      const labelRight = parsed.deprels[i] === word.deprel;
      const universalRight = universal(parsed.deprels[i]!) === universal(word.deprel);
      for (const tally of word.upos === 'PUNCT' ? [all] : [all, noPunct]) {
        tally.words++;
        if (headRight) tally.heads++;
        if (labelRight) tally.labels++;
        if (headRight && labelRight) tally.labelled++;
        if (headRight && universalRight) tally.universal++;
      }
    });
  }
  return {
    sentences: sentences.length,
    words,
    ...scores(noPunct),
    withPunctuation: scores(all),
    upos: ratio(uposRight, words),
    xpos: ratio(xposRight, words),
    tokensPerSecond: ratio(words * 1000, taggerMs + parserMs),
    taggerTokensPerSecond: ratio(words * 1000, taggerMs),
    parserTokensPerSecond: ratio(words * 1000, parserMs),
  };
}

/** Reads a CoNLL-U file and scores `parser` on it. */
export function evaluateUdFile(path: string, parser: DependencyParser, options: { limit?: number } = {}): UdResult & { file: string } {
  let gold = readConllu(readFileSync(path, 'utf8'));
  if (options.limit !== undefined) gold = gold.slice(0, options.limit);
  return { file: path, ...scoreUd(gold, parser) };
}

const percent = (value: number): string => (value * 100).toFixed(2).padStart(6);

export function formatUdTable(result: UdResult & { file?: string }): string {
  const lines = [
    `UD evaluation${result.file ? ` of ${result.file}` : ''}: ${result.sentences} sentences, ${result.words} words (gold tokens, predicted tags)`,
    '',
    '                        UAS     LAS   label  LAS (no subtypes)',
    `punctuation excluded  ${percent(result.uas)}  ${percent(result.las)}  ${percent(result.labelAccuracy)}  ${percent(result.universalLas)}`,
    `punctuation included  ${percent(result.withPunctuation.uas)}  ${percent(result.withPunctuation.las)}  ${percent(result.withPunctuation.labelAccuracy)}  ${percent(result.withPunctuation.universalLas)}`,
    '',
    `tagger: UPOS ${percent(result.upos)}  XPOS ${percent(result.xpos)}`,
    `speed: ${Math.round(result.tokensPerSecond)} tokens/s tagger+parser (tagger ${Math.round(result.taggerTokensPerSecond)}, parser ${Math.round(result.parserTokensPerSecond)}), one thread`,
  ];
  return lines.join('\n');
}

/**
 * UPOS accuracy of the segmenter's tagger (wink-nlp) on the gold words: each sentence's words are
 * joined by single spaces and tagged by wink; a gold word takes the tag of the wink token that
 * starts where it starts (else the first token overlapping it). Where wink splits a word more
 * finely ("e-mail" → e, -, mail) the word is judged by its first piece.
 */
export function scoreWinkTags(gold: readonly ConlluSentence[], tagger: { tag(text: string): Array<{ tokens: Array<{ start: number; end: number; pos: string }> }> }): { words: number; upos: number; aligned: number } {
  let words = 0;
  let right = 0;
  let aligned = 0;
  for (const sentence of gold) {
    if (sentence.words.length === 0) continue;
    const starts: number[] = [];
    let text = '';
    for (const word of sentence.words) {
      if (text.length > 0) text += ' ';
      starts.push(text.length);
      text += word.form;
    }
    const tokens = tagger.tag(text).flatMap((s) => s.tokens);
    let t = 0;
    sentence.words.forEach((word, i) => {
      words++;
      const start = starts[i]!;
      const end = start + word.form.length;
      while (t < tokens.length && tokens[t]!.end <= start) t++;
      const token = tokens[t];
      if (!token || token.start >= end) return;
      if (token.start === start && token.end === end) aligned++;
      if (token.pos === word.upos) right++;
    });
  }
  return { words, upos: ratio(right, words), aligned: ratio(aligned, words) };
}
