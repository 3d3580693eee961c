import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDiagnosticSink } from '../../core/diagnostics.js';
import type { Article, Diagnostic } from '../../core/record.js';
import { loadResources } from '../../pipeline/resources.js';
import { defaultLimits, type StageContext } from '../../pipeline/stage.js';
import { parseStage } from './parse.js';

function articleOf(words: string[]): Article {
  const text = words.join(' ');
  let at = 0;
  const tokens = words.map((w) => {
    const span = { start: at, end: at + w.length };
    at += w.length + 1;
    return { span, pos: 'X', lemma: w.toLowerCase(), head: null, deprel: null };
  });
  return {
    id: '',
    schemaVersion: 1,
    source: { kind: 'text' },
    language: 'en',
    published: null,
    text,
    paragraphs: [{ start: 0, end: text.length }],
    sentences: tokens.length > 0 ? [{ span: { start: 0, end: text.length }, paragraph: 0, tokens }] : [],
    entities: [],
    times: [],
    quotes: [],
    events: [],
    framing: [],
    diagnostics: [],
  };
}

function run(article: Article, maxSentenceTokens: number): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const context: StageContext = {
    published: null,
    resources: loadResources(),
    limits: { ...defaultLimits, maxSentenceTokens },
    diagnostics: createDiagnosticSink(diagnostics, 'parse'),
    now: () => 0,
  };
  parseStage.run(article, context);
  return diagnostics;
}

test('a sentence over the length limit is parsed in pieces joined into one tree, with a warning', () => {
  const words = 'The minister said on Tuesday that the talks in Moscow had gone well and that both sides would meet again in March .'.split(' ');
  const article = articleOf(words);
  const diagnostics = run(article, 8);
  assert.deepEqual(diagnostics.map((d) => d.code), ['PARSE_LONG_SENTENCE']);
  const tokens = article.sentences[0]!.tokens;
  assert.equal(tokens.filter((t) => t.head === -1).length, 1);
  assert.ok(tokens.every((t) => t.head !== null && t.deprel !== null));
  assert.equal(tokens.filter((t) => t.deprel === 'parataxis' && t.head !== null && t.head >= 0).length >= 2, true);
});

test('an article without sentences is left as it is', () => {
  const article = articleOf([]);
  assert.deepEqual(run(article, 250), []);
  assert.deepEqual(article.sentences, []);
});

test('curly quotes reach the parser as straight quotes and keep their spans', () => {
  const article = articleOf(['“', 'Peace', '”', ',', 'he', 'said', '.']);
  run(article, 250);
  const tokens = article.sentences[0]!.tokens;
  assert.equal(tokens[0]!.pos, 'PUNCT');
  assert.deepEqual(tokens[0]!.span, { start: 0, end: 1 });
  assert.equal(tokens[5]!.head, -1);
});
