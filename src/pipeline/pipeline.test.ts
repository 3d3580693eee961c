import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DatelineError } from '../core/diagnostics.js';
import { createPipeline } from './pipeline.js';
import { readSample } from '../test-support/shared.js';

const pipeline = createPipeline();
const codes = (input: string | Uint8Array, limits = {}) => pipeline.extract(input, { limits }).diagnostics.map((d) => d.code);

test('the same text always gets the same id, and different text a different one', () => {
  const text = readSample('ankara-grain-talks.txt');
  assert.equal(pipeline.extract(text).id, pipeline.extract(text).id);
  assert.equal(pipeline.extract(text).id, pipeline.extract(new TextEncoder().encode(text)).id);
  assert.notEqual(pipeline.extract(text).id, pipeline.extract(text + ' More.').id);
});

test('extracting is idempotent: the record of the normalised text equals the record of the original', () => {
  const text = readSample('nairobi-election-dispute.txt').replace(/\n/g, '\r\n');
  const first = pipeline.extract(text, { published: '2022-08-16' });
  const second = pipeline.extract(first.text, { published: '2022-08-16' });
  assert.deepEqual({ ...second, diagnostics: [] }, { ...first, diagnostics: [] });
});

test('a publication date that is not ISO 8601 is a configuration error', () => {
  assert.throws(() => pipeline.extract('Some text.', { published: 'last Tuesday' }), DatelineError);
  assert.throws(() => pipeline.extract('Some text.', { published: '2020-13-45' }), DatelineError);
});

test('empty and binary input give an error diagnostic and an empty record', () => {
  assert.deepEqual(codes(''), ['INPUT_EMPTY']);
  const record = pipeline.extract(new Uint8Array(1024).map((_, i) => i % 7));
  assert.equal(record.sentences.length, 0);
  assert.ok(record.diagnostics.some((d) => d.code === 'INPUT_BINARY'));
});

test('a 50 MB input is refused by the default size limit without being processed', () => {
  const big = new Uint8Array(50 * 1024 * 1024).fill(0x61);
  const started = Date.now();
  assert.deepEqual(codes(big), ['INPUT_TOO_LARGE']);
  assert.ok(Date.now() - started < 5000);
});

test('a line of 1 MB without spaces is skipped with a warning and the rest of the article is kept', () => {
  const text = 'Officials in Paris said on Monday that talks would resume.\n' + 'x'.repeat(1024 * 1024) + '\nThe talks resumed in Berlin.';
  const record = pipeline.extract(text, { published: '2021-05-05' });
  assert.ok(record.diagnostics.some((d) => d.code === 'SEGMENT_LONG_TOKEN'));
  assert.ok(record.entities.some((e) => e.name === 'Berlin'));
  assert.ok(record.entities.some((e) => e.name === 'Paris'));
});

test('a time budget that runs out stops the pipeline with a recorded error', () => {
  const record = pipeline.extract(readSample('ankara-grain-talks.txt'), { limits: { maxMillis: 0 } });
  assert.ok(record.diagnostics.some((d) => d.code === 'PIPELINE_TIMEOUT'));
});

test('hostile text is data: markup and bidi overrides never throw and offsets stay exact', () => {
  const text = 'Gaza:<script>alert(1)</script> Hamas said \u202Egnitset\u202C <img src=x onerror=alert(1)> on Monday.';
  const record = pipeline.extract(text, { published: '2020-01-22' });
  for (const s of record.sentences) for (const t of s.tokens) assert.ok(t.span.end <= record.text.length);
  assert.ok(!record.text.includes('\u202E'));
});

test('every token, mention and time span lies inside the text, on any input', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), fc.constantFrom('Moscow:', 'WASHINGTON, Jan. 5 — ', ''), (body, opening) => {
      const record = pipeline.extract(opening + body + ' Russia met Hamas on Tuesday.', { published: '2020-01-22' });
      const inside = (s: { start: number; end: number }) => 0 <= s.start && s.start <= s.end && s.end <= record.text.length;
      for (const sentence of record.sentences) for (const token of sentence.tokens) assert.ok(inside(token.span));
      for (const entity of record.entities) for (const m of entity.mentions) assert.equal(record.text.slice(m.span.start, m.span.end), m.text);
      for (const time of record.times) assert.equal(record.text.slice(time.span.start, time.span.end), time.text);
    }),
    { numRuns: 150 },
  );
});

test('a pipeline can run only some stages, and an unknown stage name is a configuration error', () => {
  const partial = createPipeline({ only: ['normalise', 'segment', 'entities'] });
  const record = partial.extract('Russia and Hamas met in Moscow on Tuesday.', { published: '2020-01-22' });
  assert.ok(record.entities.some((e) => e.name === 'Hamas'));
  assert.equal(record.times.length, 0);
  assert.ok(record.sentences[0]!.tokens.every((t) => t.head === null));
  assert.throws(() => createPipeline({ only: ['normalise', 'nonsense'] }), DatelineError);
});
