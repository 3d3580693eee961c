import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as dateline from './index.js';

test('the public API exports exactly these names', () => {
  assert.deepEqual(Object.keys(dateline).sort(), [
    'ArticleSchema',
    'DatelineError',
    'createPipeline',
    'defaultLimits',
    'extract',
    'formatArticleText',
    'loadResources',
    'stages',
  ]);
});

test('the stages run in the documented order', () => {
  assert.deepEqual(
    dateline.stages.map((s) => s.name),
    ['normalise', 'dateline', 'segment', 'parse', 'entities', 'coreference', 'times', 'quotes', 'events', 'quote-links', 'framing'],
  );
});
