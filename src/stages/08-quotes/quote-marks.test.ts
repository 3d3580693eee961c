import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { scanQuotations } from './quote-marks.js';

function paragraphsOf(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let start = 0;
  for (const match of text.matchAll(/\n\n/g)) {
    out.push({ start, end: match.index });
    start = match.index + 2;
  }
  out.push({ start, end: text.length });
  return out;
}

function quoted(text: string): string[] {
  return scanQuotations(text, paragraphsOf(text)).map((q) => text.slice(q.span.start, q.span.end));
}

test('curly and straight double quotes are found, apostrophes are not quotes', () => {
  assert.deepEqual(quoted('Russia’s envoy said “we are ready,” and added "soon."'), ['we are ready,', 'soon.']);
});

test('a quote inside a quote is nested under it', () => {
  const text = '“We are already saying, ‘well, after all, we are close to normal,’” he said.';
  const found = scanQuotations(text, paragraphsOf(text));
  assert.equal(found.length, 2);
  assert.equal(found[1]!.depth, 1);
  assert.equal(found[1]!.parent, 0);
  assert.equal(text.slice(found[1]!.span.start, found[1]!.span.end), 'well, after all, we are close to normal,');
});

test('a paragraph left open and reopened with a quote mark continues the quote', () => {
  const text = '“The people want peace.\n\n“That is why we are here,” Kurti said.';
  const found = scanQuotations(text, paragraphsOf(text));
  assert.equal(found.length, 1);
  assert.equal(found[0]!.paragraphs, 2);
  assert.equal(text.slice(found[0]!.span.start, found[0]!.span.end), 'The people want peace.\n\n“That is why we are here,');
});

test('a quote never closed ends with its paragraph', () => {
  const text = 'He said “this will be an American tanker.\n\nNext paragraph.';
  const found = scanQuotations(text, paragraphsOf(text));
  assert.equal(found[0]!.close, -1);
  assert.equal(text.slice(found[0]!.span.start, found[0]!.span.end), 'this will be an American tanker.');
});

test('quoted spans always lie inside the text and inside their marks (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('a', ' ', '“', '”', '"', '‘', '’', "'", '.', '\n\n', 'word'), { maxLength: 40 }), (parts) => {
      const text = parts.join('');
      for (const q of scanQuotations(text, paragraphsOf(text))) {
        assert.ok(q.span.start > q.open && q.span.start <= q.span.end && q.span.end <= text.length);
        if (q.close >= 0) assert.equal(q.span.end, q.close);
      }
    }),
  );
});
