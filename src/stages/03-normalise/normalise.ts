/**
 * Normalise: Unicode NFC, line endings, white space, invisible and bidi-control characters;
 * paragraphs kept. After this stage `article.text` is fixed and every offset refers to it.
 * Quote marks, dashes and apostrophes are kept as written (later stages recognise both kinds).
 */
import type { Article } from '../../core/record.js';
import type { Stage, StageContext } from '../../pipeline/stage.js';

/** Zero-width and bidi-control characters: invisible, and a way to make hostile text render misleadingly. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u202A-\u202E\u2066-\u2069\u00AD]/g;
/** Other control characters (tab and newline are handled separately). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const HORIZONTAL_SPACE = /[ \t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;

export interface NormalisedText {
  text: string;
  paragraphs: Array<{ start: number; end: number }>;
  removedInvisible: number;
}

/**
 * Paragraphs are separated by blank lines when the text has any (single newlines inside them are
 * hard wraps and become spaces); otherwise every line is a paragraph. The output joins paragraphs
 * with one blank line.
 */
export function normaliseText(raw: string): NormalisedText {
  let text = raw.normalize('NFC').replace(/\r\n?|\u2028|\u2029/g, '\n');
  const before = text.length;
  text = text.replace(INVISIBLE, '').replace(CONTROL, ' ');
  const removedInvisible = before - text.length;
  const lines = text.split('\n').map((line) => line.replace(HORIZONTAL_SPACE, ' ').trim());
  const hasBlankLines = /\n[ \t]*\n/.test(text.trim());
  const paragraphTexts: string[] = [];
  if (hasBlankLines) {
    let current: string[] = [];
    for (const line of lines) {
      if (line === '') {
        if (current.length > 0) paragraphTexts.push(current.join(' '));
        current = [];
      } else current.push(line);
    }
    if (current.length > 0) paragraphTexts.push(current.join(' '));
  } else {
    for (const line of lines) if (line !== '') paragraphTexts.push(line);
  }
  const paragraphs: Array<{ start: number; end: number }> = [];
  let offset = 0;
  for (const paragraph of paragraphTexts) {
    paragraphs.push({ start: offset, end: offset + paragraph.length });
    offset += paragraph.length + 2;
  }
  return { text: paragraphTexts.join('\n\n'), paragraphs, removedInvisible };
}

export const normaliseStage: Stage = {
  name: 'normalise',
  run(article: Article, context: StageContext): void {
    const result = normaliseText(article.text);
    if (result.removedInvisible > 0) {
      context.diagnostics.info('NORMALISE_INVISIBLE_REMOVED', `removed ${result.removedInvisible} invisible or bidi-control characters`);
    }
    article.text = result.text;
    article.paragraphs = result.paragraphs;
  },
};
