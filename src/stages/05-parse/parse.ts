/**
 * Parse: tags every sentence with Dateline's own tagger (UPOS into `pos`, Penn Treebank tag into
 * `tag`; it scores better on UD English than the segmenter's tags, see models/parser/MODEL_CARD.md)
 * and fills `head` and `deprel` from the dependency parser. Every token gets a head: sentences
 * longer than `limits.maxSentenceTokens` are parsed in pieces, and a dateline glued to the first
 * sentence ("Moscow:A delegation ... has met") is parsed apart from the clause; these pieces'
 * roots hang from the main root as `parataxis` (long pieces with a warning). It must not change
 * spans, lemmas or sentences.
 */
import type { Article, Sentence } from '../../core/record.js';
import type { Stage, StageContext } from '../../pipeline/stage.js';
import type { Knowledge } from '../06-entities/knowledge.js';
import type { TaggedWords } from './tagger.js';

/** The forms the tagger and parser were trained on: UD English writes straight quotes. */
function wordForm(text: string): string {
  return text.replace(/[‘’‚‛]/g, "'").replace(/[“”„‟]/g, '"');
}

/**
 * One-word country names as written ("Italy", "Britain", "PRC"): the tagger may only call them
 * proper nouns. Its context features alone tag a sentence-initial "Italy" as an adverb or "Britain"
 * as a verb, and the entities and events read off those tags would lose the country.
 */
const countryWordsCache = new WeakMap<Knowledge, ReadonlySet<string>>();
function countryWords(knowledge: Knowledge): ReadonlySet<string> {
  let words = countryWordsCache.get(knowledge);
  if (!words) {
    const set = new Set<string>();
    for (const [id, entry] of knowledge.entries) {
      if (!id.startsWith('country:')) continue;
      for (const name of [entry.name, ...(entry.aliases ?? [])]) if (/^\p{Lu}[\p{L}.]+$/u.test(name) && name.length >= 3) set.add(name);
    }
    words = set;
    countryWordsCache.set(knowledge, words);
  }
  return words;
}

/** A run of a sentence's tokens parsed as one tree. */
interface Piece {
  sentence: Sentence;
  from: number;
  words: string[];
  tagged?: TaggedWords;
  /** Sentence index of the piece's root once parsed. */
  root: number;
  /** The piece whose root this piece's root hangs from (as parataxis), if any. */
  attachTo?: Piece;
}

export const parseStage: Stage = {
  name: 'parse',
  run(article: Article, context: StageContext): void {
    if (article.sentences.length === 0) return;
    const parser = context.resources.parser;
    const limit = context.limits.maxSentenceTokens;
    const datelineEnd = article.dateline?.span.end ?? -1;
    const pieces: Piece[] = [];
    for (const sentence of article.sentences) {
      const count = sentence.tokens.length;
      if (count === 0) continue;
      const words = sentence.tokens.map((token) => wordForm(article.text.slice(token.span.start, token.span.end)));
      // A dateline ("MOSCOW (Reuters) -", "Moscow:") glued to the first sentence is not part of its clause.
      let start = 0;
      while (start < count && sentence.tokens[start]!.span.end <= datelineEnd) start++;
      if (start === count) start = 0;
      if (count - start > limit) {
        context.diagnostics.warn(
          'PARSE_LONG_SENTENCE',
          `a sentence of ${count - start} tokens was parsed in pieces of ${limit} (option limits.maxSentenceTokens); the pieces are joined as parataxis`,
          sentence.span,
        );
      }
      // The first piece after the dateline holds the sentence's root; the other pieces hang from it.
      let main: Piece | undefined;
      const add = (from: number, to: number): void => {
        const piece: Piece = { sentence, from, words: words.slice(from, to), root: -1, ...(main ? { attachTo: main } : {}) };
        main ??= piece;
        pieces.push(piece);
      };
      for (let from = start; from < count; from += limit) add(from, Math.min(count, from + limit));
      if (start > 0) add(0, start);
    }
    // All tagging first, then all parsing: each model's tables stay in cache through its pass.
    const countries = countryWords(context.resources.knowledge);
    const tagClasses = parser.tagger.tagClasses;
    const properNouns = tagClasses.flatMap((c, i) => (c.upos === 'PROPN' ? [i] : []));
    for (const piece of pieces) {
      const allowed = piece.words.map((w) => (countries.has(w) ? properNouns : undefined));
      piece.tagged = parser.tagger.tag(piece.words, allowed.some(Boolean) ? allowed : undefined);
    }
    for (const piece of pieces) {
      const tagged = piece.tagged!;
      const parsed = parser.parse({ words: piece.words, tags: tagged.classes, wordHashes: tagged.wordHashes });
      for (let i = 0; i < piece.words.length; i++) {
        const token = piece.sentence.tokens[piece.from + i]!;
        token.pos = tagged.upos[i]!;
        token.tag = tagged.xpos[i]!;
        const head = parsed.heads[i]!;
        token.head = head < 0 ? -1 : piece.from + head;
        token.deprel = parsed.deprels[i]!;
        if (head < 0) piece.root = piece.from + i;
      }
    }
    for (const piece of pieces) {
      if (!piece.attachTo) continue;
      const token = piece.sentence.tokens[piece.root]!;
      token.head = piece.attachTo.root;
      token.deprel = 'parataxis';
    }
  },
};
