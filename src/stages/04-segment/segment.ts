/**
 * Segment: sentences, tokens, POS tags and lemmas for each paragraph (sentences never cross
 * paragraphs). Runs of non-space characters longer than `limits.maxTokenChars` (base64 blobs,
 * minified code, a 1 MB line) are left out of the NLP with a warning, so they cannot stall it;
 * sentences longer than `limits.maxSentenceTokens` are cut into pieces with a warning.
 */
import type { Article, Sentence } from '../../core/record.js';
import type { Stage, StageContext } from '../../pipeline/stage.js';

export const segmentStage: Stage = {
  name: 'segment',
  run(article: Article, context: StageContext): void {
    const { maxTokenChars, maxSentenceTokens } = context.limits;
    const longRun = longRunPattern(maxTokenChars);
    const sentences: Sentence[] = [];
    article.paragraphs.forEach((paragraph, paragraphIndex) => {
      const paragraphText = article.text.slice(paragraph.start, paragraph.end);
      // Pieces of the paragraph between over-long runs.
      const pieces: Array<{ start: number; end: number }> = [];
      let cursor = 0;
      for (const match of paragraphText.matchAll(longRun)) {
        const at = match.index ?? 0;
        pieces.push({ start: cursor, end: at });
        cursor = at + match[0].length;
        context.diagnostics.warn(
          'SEGMENT_LONG_TOKEN',
          `skipped a run of ${match[0].length} characters without spaces (limit ${maxTokenChars}, option limits.maxTokenChars)`,
          { start: paragraph.start + at, end: paragraph.start + cursor },
        );
      }
      pieces.push({ start: cursor, end: paragraphText.length });
      for (const piece of pieces) {
        const pieceText = paragraphText.slice(piece.start, piece.end);
        if (pieceText.trim() === '') continue;
        const base = paragraph.start + piece.start;
        for (const tagged of context.resources.tagger.tag(pieceText)) {
          for (let from = 0; from < tagged.tokens.length; from += maxSentenceTokens) {
            const slice = tagged.tokens.slice(from, from + maxSentenceTokens);
            if (from === maxSentenceTokens) {
              context.diagnostics.warn(
                'SEGMENT_LONG_SENTENCE',
                `a sentence of ${tagged.tokens.length} tokens was cut into pieces of ${maxSentenceTokens} (option limits.maxSentenceTokens)`,
                { start: base + tagged.start, end: base + tagged.end },
              );
            }
            sentences.push({
              span: { start: base + slice[0]!.start, end: base + slice[slice.length - 1]!.end },
              paragraph: paragraphIndex,
              tokens: slice.map((token) => ({
                span: { start: base + token.start, end: base + token.end },
                pos: token.pos,
                lemma: token.lemma,
                head: null,
                deprel: null,
              })),
            });
          }
        }
      }
    });
    article.sentences = sentences;
  },
};

const longRunPatterns = new Map<number, RegExp>();

/** Runs of more than `maxTokenChars` non-space characters (compiled once per limit). */
function longRunPattern(maxTokenChars: number): RegExp {
  let pattern = longRunPatterns.get(maxTokenChars);
  if (!pattern) {
    pattern = new RegExp(`\\S{${maxTokenChars + 1},}`, 'g');
    longRunPatterns.set(maxTokenChars, pattern);
  }
  return pattern;
}
