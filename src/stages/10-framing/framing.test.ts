import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createDiagnosticSink } from '../../core/diagnostics.js';
import { createPipeline } from '../../pipeline/pipeline.js';
import { defaultLimits, type StageContext } from '../../pipeline/stage.js';
import { quotesStage } from '../08-quotes/quotes.js';
import { buildFramingKnowledge } from './framing-lexicon.js';
import { framingStage } from './framing.js';

const pipeline = createPipeline();
const SAMPLE = new URL('../../../../../shared/samples/hamas-moscow.txt', import.meta.url);
const context = (article: { diagnostics: never[] } | { diagnostics: unknown[] }, name: string): StageContext => ({
  published: null,
  resources: pipeline.resources,
  limits: defaultLimits,
  diagnostics: createDiagnosticSink(article.diagnostics as never, name),
  now: () => 0,
});

test('the sample: labels, evaluative words, legitimacy vocabulary, metonyms and scare quotes, each with its category', () => {
  const a = pipeline.extract(readFileSync(SAMPLE, 'utf8'), { published: '2020-01-22' });
  quotesStage.run(a, context(a, 'quotes'));
  framingStage.run(a, context(a, 'framing'));
  const kinds = (kind: string): string[] => a.framing.filter((f) => f.kind === kind).map((f) => f.text!.toLowerCase());
  assert.ok(kinds('label').includes('resistance movement'));
  assert.ok(kinds('label').includes('so-called'));
  assert.ok(kinds('label').includes('regime'));
  assert.ok(kinds('evaluative').includes('crippling') && kinds('evaluative').includes('deadly') && kinds('evaluative').includes('contentious'));
  assert.ok(kinds('legitimacy').includes('occupation') && kinds('legitimacy').includes('occupied'));
  assert.deepEqual(kinds('scare-quote'), ['peace', 'capital']);
  assert.ok(a.framing.some((f) => f.kind === 'metonym' && f.entity === 'gov:RUS'));
  const summary = a.summary!;
  assert.equal(summary.quotes.bySpeaker[0]!.entity, 'org:russian-embassy-in-tel-aviv');
  assert.equal(summary.quotes.bySpeaker[0]!.count, 4);
  assert.ok(summary.quotes.quotedShare > 0 && summary.quotes.quotedShare < 0.5);
  assert.ok(summary.framing.per1000Words > 0);
  assert.ok(summary.tone.score < 0, 'the sample reads negative');
});

test('a user lexicon adds terms with their category', () => {
  const base = JSON.parse(readFileSync(new URL('../../../../data/lexicon/framing.json', import.meta.url), 'utf8'));
  const knowledge = buildFramingKnowledge([base, { version: 1, description: 'ours', licence: 'internal', markers: [{ category: 'loaded-term', note: 'ours', terms: ['Zionist entity'] }] }]);
  const a = pipeline.extract('Officials condemned the Zionist entity on Monday.');
  framingStage.run(a, { ...context(a, 'framing'), resources: { ...pipeline.resources, framing: knowledge } });
  assert.deepEqual(a.framing.map((f) => [f.text, f.kind]), [['Zionist entity', 'loaded-term']]);
});

test('a word inside a longer term is one marker, the longer one', () => {
  const a = pipeline.extract('Settlers expanded illegal settlements near the town.');
  framingStage.run(a, context(a, 'framing'));
  assert.deepEqual(a.framing.filter((f) => f.kind === 'legitimacy').map((f) => f.text), ['Settlers', 'illegal settlements']);
});
