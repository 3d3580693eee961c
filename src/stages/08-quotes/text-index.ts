/**
 * Look-ups over one parsed article that the quote rules share: the sentence and token at an
 * offset, token words, dependency trees (built once per sentence), and actor mentions by place.
 * Read-only: it never changes the article.
 */
import type { Article, Entity, Mention, Span, Token } from '../../core/record.js';
import { buildTree, type Tree } from '../../core/tree.js';

export interface PlacedMention {
  entity: Entity;
  mention: Mention;
}

/** Entity types that can speak. */
const SPEAKER_TYPES = new Set(['PERSON', 'ORG', 'GPE', 'NORP']);

export class TextIndex {
  readonly article: Article;
  /** Actor mentions (every kind), sorted by start. */
  readonly mentions: readonly PlacedMention[];
  private readonly trees = new Map<number, Tree>();

  constructor(article: Article) {
    this.article = article;
    const mentions: PlacedMention[] = [];
    for (const entity of article.entities) {
      if (!SPEAKER_TYPES.has(entity.type)) continue;
      for (const mention of entity.mentions) mentions.push({ entity, mention });
    }
    this.mentions = mentions.sort((a, b) => a.mention.span.start - b.mention.span.start || b.mention.span.end - a.mention.span.end);
  }

  /** Index of the sentence holding `offset` (the last one starting at or before it); -1 before the first. */
  sentenceAt(offset: number): number {
    const sentences = this.article.sentences;
    let lo = 0;
    let hi = sentences.length - 1;
    if (hi < 0 || sentences[0]!.span.start > offset) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (sentences[mid]!.span.start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  tokens(sentence: number): readonly Token[] {
    return this.article.sentences[sentence]?.tokens ?? [];
  }

  tree(sentence: number): Tree {
    let tree = this.trees.get(sentence);
    if (!tree) this.trees.set(sentence, (tree = buildTree(this.article.sentences[sentence]!)));
    return tree;
  }

  word(sentence: number, token: number): string {
    const t = this.article.sentences[sentence]?.tokens[token];
    return t ? this.article.text.slice(t.span.start, t.span.end) : '';
  }

  lower(sentence: number, token: number): string {
    return this.word(sentence, token).toLowerCase();
  }

  /** Index of the token starting exactly at `offset` in `sentence`, or -1. */
  tokenStartingAt(sentence: number, offset: number): number {
    return this.tokens(sentence).findIndex((t) => t.span.start === offset);
  }

  /** Span from the start of token `first` to the end of token `last` of a sentence. */
  spanOf(sentence: number, first: number, last: number): Span {
    const tokens = this.tokens(sentence);
    return { start: tokens[first]!.span.start, end: tokens[last]!.span.end };
  }

  /** Actor mentions lying inside `span`, in order (a binary search: long articles have thousands). */
  mentionsWithin(span: Span): PlacedMention[] {
    const found: PlacedMention[] = [];
    for (let i = this.firstStartingAt(span.start); i < this.mentions.length; i++) {
      const m = this.mentions[i]!;
      if (m.mention.span.start >= span.end) break;
      if (m.mention.span.end <= span.end) found.push(m);
    }
    return found;
  }

  /** Actor mentions whose span is exactly `span` (several for a group: "the pair"). */
  mentionsAt(span: Span): PlacedMention[] {
    return this.mentionsWithin(span).filter((m) => m.mention.span.start === span.start && m.mention.span.end === span.end);
  }

  /** Index of the first mention starting at or after `offset`. */
  private firstStartingAt(offset: number): number {
    let lo = 0;
    let hi = this.mentions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.mentions[mid]!.mention.span.start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  text(span: Span): string {
    return this.article.text.slice(span.start, span.end);
  }
}

export function isPunctuation(token: Token): boolean {
  return token.pos === 'PUNCT' || token.pos === 'SYM';
}

const QUOTE_MARKS = new Set(['"', '\u201C', '\u201D', '\u2018', '\u2019', "'", '``', "''"]);

export function isQuoteMark(word: string): boolean {
  return QUOTE_MARKS.has(word);
}
