/** Span helpers. One span type for the whole project: `Span` from the record. */
import type { Span } from './record.js';

export function span(start: number, end: number): Span {
  return { start, end };
}

export function spanText(text: string, s: Span): string {
  return text.slice(s.start, s.end);
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

export function contains(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

export function spanLength(s: Span): number {
  return s.end - s.start;
}

/** Sorts by start, longer first on ties. */
export function compareSpans(a: Span, b: Span): number {
  return a.start - b.start || b.end - a.end;
}
