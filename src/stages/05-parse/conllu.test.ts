import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readConllu, writeConllu } from './conllu.js';
import { readShared } from '../../test-support/shared.js';

const withRangesAndEmptyNodes = [
  '# sent_id = example-1',
  '# text = I don\'t know.',
  '1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t4:nsubj\t_',
  '2-3\tdon\'t\t_\t_\t_\t_\t_\t_\t_\t_',
  '2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t4:aux\t_',
  '3\tn\'t\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_',
  '4\tknow\tknow\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No',
  '4.1\tknow\tknow\tVERB\tVB\t_\t_\t_\t4:conj\t_',
  '5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_',
  '',
].join('\n') + '\n';

test('the reader keeps the syntactic words and skips multiword ranges and empty nodes', () => {
  const [sentence] = readConllu(withRangesAndEmptyNodes);
  assert.ok(sentence);
  assert.deepEqual(sentence.words.map((w) => w.form), ['I', 'do', "n't", 'know', '.']);
  assert.deepEqual(sentence.words.map((w) => w.head), [4, 4, 4, 0, 4]);
  assert.equal(sentence.extras.length, 2);
});

test('writing what was read gives back the same CoNLL-U, ranges and empty nodes included', () => {
  assert.equal(writeConllu(readConllu(withRangesAndEmptyNodes)), withRangesAndEmptyNodes);
});

test('the whole EWT dev file round-trips byte for byte', () => {
  const text = readShared('corpora', 'ud-english-ewt', 'en_ewt-ud-dev.conllu');
  const sentences = readConllu(text);
  assert.equal(sentences.length, 2001);
  assert.equal(writeConllu(sentences), text);
});

test('a head outside the sentence is an error that names the word', () => {
  assert.throws(() => readConllu('1\tHello\thello\tINTJ\tUH\t_\t7\troot\t_\t_\n'), /word 1 \(Hello\) has head 7/);
});

test('an empty document has no sentences', () => {
  assert.deepEqual(readConllu(''), []);
  assert.equal(writeConllu([]), '');
});
