import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { normaliseText } from './normalise.js';

test('text is put in Unicode NFC', () => {
  assert.equal(normaliseText('Cafe\u0301 talks').text, 'Café talks');
});

test('each line is a paragraph when the text has no blank lines', () => {
  const result = normaliseText('First  para.\r\nSecond\tpara.\n');
  assert.equal(result.text, 'First para.\n\nSecond para.');
  assert.deepEqual(result.paragraphs, [
    { start: 0, end: 11 },
    { start: 13, end: 25 },
  ]);
});

test('with blank lines, single newlines are hard wraps inside a paragraph', () => {
  const result = normaliseText('A wrapped\nline.\n\nNext one.');
  assert.equal(result.text, 'A wrapped line.\n\nNext one.');
  assert.equal(result.paragraphs.length, 2);
});

test('curly quotes and dashes are kept as written', () => {
  assert.equal(normaliseText('a “peace” plan — it’s').text, 'a “peace” plan — it’s');
});

test('bidi overrides and zero-width characters are removed and counted', () => {
  const result = normaliseText('evil\u202Etxt.exe and zero\u200Bwidth');
  assert.equal(result.text, 'eviltxt.exe and zerowidth');
  assert.equal(result.removedInvisible, 2);
});

test('normalising is idempotent and paragraph spans point into the text', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (raw) => {
      const once = normaliseText(raw);
      const twice = normaliseText(once.text);
      assert.equal(twice.text, once.text);
      for (const p of once.paragraphs) {
        const paragraph = once.text.slice(p.start, p.end);
        assert.equal(paragraph, paragraph.trim());
        assert.ok(!paragraph.includes('\n'));
      }
    }),
  );
});
