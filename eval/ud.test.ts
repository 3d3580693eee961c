import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import { readConllu } from '../src/stages/05-parse/conllu.js';
import { loadParserModel } from '../src/pipeline/resources.js';
import { registerEvalUd } from '../src/cli/commands/eval-ud.js';
import { readShared, sharedPath } from '../src/test-support/shared.js';
import { scoreUd } from './ud.js';

const dev = readConllu(readShared('corpora', 'ud-english-ewt', 'en_ewt-ud-dev.conllu')).slice(0, 400);

test('the shipped model loads and scores above the floor on a slice of EWT dev (predicted tags, punctuation excluded)', () => {
  const result = scoreUd(dev, loadParserModel());
  assert.ok(result.uas >= 0.8, `UAS ${result.uas}`);
  assert.ok(result.las >= 0.75, `LAS ${result.las}`);
  assert.ok(result.upos >= 0.92, `UPOS ${result.upos}`);
  assert.ok(result.withPunctuation.uas > 0 && result.withPunctuation.las <= result.withPunctuation.uas);
  assert.ok(result.tokensPerSecond > 0);
});

test('`dateline eval ud --json` prints uas, las, labelAccuracy and tokensPerSecond between 0 and 1 (speed aside)', async () => {
  const program = new Command('dateline').exitOverride();
  const evalCommand = program.command('eval');
  let exitCode = 0;
  registerEvalUd(evalCommand, (code) => (exitCode = Math.max(exitCode, code)));
  const written: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stdout.write;
  try {
    await program.parseAsync(['eval', 'ud', sharedPath('corpora', 'ud-english-ewt', 'en_ewt-ud-dev.conllu'), '--json', '--limit', '100', '--min-las', '0.5'], { from: 'user' });
  } finally {
    process.stdout.write = write;
  }
  const result = JSON.parse(written.join('')) as Record<string, number>;
  assert.deepEqual(Object.keys(result).slice(0, 4), ['uas', 'las', 'labelAccuracy', 'tokensPerSecond']);
  for (const key of ['uas', 'las', 'labelAccuracy']) assert.ok(result[key]! > 0.5 && result[key]! <= 1, `${key} ${result[key]}`);
  assert.equal(exitCode, 0);
});
