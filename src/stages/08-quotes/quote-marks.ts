/**
 * Quote-mark scanning: finds every quoted stretch of the text from its marks alone — curly and
 * straight, double and single, nested, across sentences, and across paragraphs (a paragraph that
 * opens with a quote mark while the previous paragraph's quote is still open continues it, the
 * newspaper convention). Apostrophes (Russia’s, workers’) are told from closing single quotes by
 * what follows them. Pure: knows nothing of speakers or cues.
 */
import type { Span } from '../../core/record.js';

export interface Quotation {
  /** The quoted words, inside the marks (from the first opening to the last closing mark). */
  span: Span;
  /** Offset of the opening mark. */
  open: number;
  /** Offset of the closing mark, or -1 when the quote is never closed (it then ends with its paragraph). */
  close: number;
  mark: 'double' | 'single';
  /** 0 for a quote in the writer's text, 1 for a quote inside a quote, ... */
  depth: number;
  /** Index (in the returned list) of the quotation this one is nested in. */
  parent?: number;
  /** Paragraphs the quote runs over (2 or more for a multi-paragraph quote). */
  paragraphs: number;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const OPENING_CONTEXT = /[\s([{\u2014\u2013\-/:;,\u201C\u2018"]/;

interface Open {
  offset: number;
  /** Characters of the opening mark (2 for a doubled straight single quote: '' ). */
  width: number;
  mark: 'double' | 'single';
  paragraphs: number;
  index: number;
}

/**
 * Scans `text` paragraph by paragraph (`paragraphs` are the record's paragraph spans, in order) and
 * returns the quotations in order of their opening marks.
 */
export function scanQuotations(text: string, paragraphs: readonly Span[]): Quotation[] {
  const found: Array<Quotation | undefined> = [];
  // A double quote left open at the end of a paragraph, waiting for the next paragraph to reopen it.
  let carried: Open | undefined;
  const closeUnclosed = (open: Open, paragraphEnd: number): void => {
    let contentEnd = paragraphEnd;
    while (contentEnd > open.offset + open.width && /\s/.test(text[contentEnd - 1]!)) contentEnd--;
    found[open.index] = { span: { start: open.offset + open.width, end: contentEnd }, open: open.offset, close: -1, mark: open.mark, depth: 0, paragraphs: open.paragraphs };
  };
  for (let p = 0; p < paragraphs.length; p++) {
    const { start, end } = paragraphs[p]!;
    const stack: Open[] = [];
    let i = start;
    while (i < end && /\s/.test(text[i]!)) i++;
    if (carried) {
      const first = text[i];
      if (first === '\u201C' || first === '"') {
        carried.paragraphs++;
        stack.push(carried);
        i++;
      } else {
        closeUnclosed(carried, paragraphs[p - 1]!.end);
      }
      carried = undefined;
    }
    const openAt = (offset: number, mark: 'double' | 'single', width = 1): void => {
      const index = found.length;
      found.push(undefined);
      stack.push({ offset, width, mark, paragraphs: 1, index });
    };
    const innermost = (mark: 'double' | 'single'): number => {
      for (let k = stack.length - 1; k >= 0; k--) if (stack[k]!.mark === mark) return k;
      return -1;
    };
    const closeAt = (k: number, offset: number): void => {
      // Single quotes still open inside a closing double quote were apostrophes or typos: dropped.
      while (stack.length > k + 1) stack.pop();
      const open = stack.pop()!;
      record(open, offset, open.offset + open.width, offset, stack.length);
    };
    const record = (open: Open, close: number, contentStart: number, contentEnd: number, depth: number): void => {
      const parent = depth > 0 ? stack[depth - 1]?.index : undefined;
      found[open.index] = {
        span: { start: contentStart, end: contentEnd },
        open: open.offset,
        close,
        mark: open.mark,
        depth,
        ...(parent !== undefined ? { parent } : {}),
        paragraphs: open.paragraphs,
      };
    };

    for (; i < end; i++) {
      const c = text[i]!;
      const previous = i > start ? text[i - 1]! : ' ';
      const next = i + 1 < end ? text[i + 1]! : ' ';
      if (c === '\u201C') openAt(i, 'double');
      else if (c === '\u201D') {
        const k = innermost('double');
        if (k >= 0) closeAt(k, i);
        // “”” used as an opening mark (text rebuilt from PTB tokens: ”I' m more convinced ...").
        else if (LETTER_OR_DIGIT.test(next) || text.startsWith('...', i + 1)) openAt(i, 'double');
      } else if (c === '"' || (c === "'" && next === "'")) {
        // '' is a double quote written with two straight single quotes (text rebuilt from PTB tokens).
        const width = c === '"' ? 1 : 2;
        const k = innermost('double');
        const after = i + width < end ? text[i + width]! : ' ';
        if (k >= 0) closeAt(k, i);
        else if (!/\s/.test(after) || i + width >= end) openAt(i, 'double', width);
        i += width - 1;
      } else if (c === '\u2018') {
        // ‘90s is an elision, not a quote.
        if (!(/\d/.test(next) && !LETTER_OR_DIGIT.test(previous))) openAt(i, 'single');
      } else if (c === '\u2019' || c === "'") {
        const k = innermost('single');
        const closes = k >= 0 && !LETTER_OR_DIGIT.test(next) && !/\s/.test(previous);
        if (closes) closeAt(k, i);
        else if (c === "'" && OPENING_CONTEXT.test(previous) && LETTER_OR_DIGIT.test(next) && innermost('double') >= 0) openAt(i, 'single');
      }
    }
    // Unclosed marks at the end of the paragraph.
    while (stack.length > 0) {
      const open = stack.pop()!;
      if (open.mark !== 'double') continue;
      if (stack.length === 0 && p + 1 < paragraphs.length) carried = open;
      else closeUnclosed(open, end);
    }
  }
  if (carried) closeUnclosed(carried, paragraphs[paragraphs.length - 1]!.end);
  const quotations: Quotation[] = [];
  const renumber = new Map<number, number>();
  found.forEach((q, index) => {
    if (!q || q.span.end <= q.span.start) return;
    renumber.set(index, quotations.length);
    quotations.push(q);
  });
  for (const q of quotations) {
    if (q.parent === undefined) continue;
    const parent = renumber.get(q.parent);
    if (parent === undefined) delete q.parent;
    else q.parent = parent;
  }
  return quotations;
}
