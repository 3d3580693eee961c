import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadParser } from '../src/stages/05-parse/model-io.js';
import { sharedPath } from '../src/test-support/shared.js';

const script = join(fileURLToPath(new URL('.', import.meta.url)), 'train-parser.js');

test('training still runs end to end on a slice of EWT train and writes a model that loads and parses', { skip: !existsSync(sharedPath('corpora', 'ud-english-ewt')) && 'no ../shared corpora' }, () => {
  const out = mkdtempSync(join(tmpdir(), 'dateline-train-'));
  try {
    const run = spawnSync(process.execPath, [script, '--train-limit', '300', '--dev-limit', '50', '--epochs', '2', '--tagger-epochs', '2', '--folds', '2', '--no-test', '--out', out], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const scores = JSON.parse(readFileSync(join(out, 'scores.json'), 'utf8')) as { dev: { uas: number; las: number }; trainSentences: number };
    assert.equal(scores.trainSentences, 300);
    assert.ok(scores.dev.uas > 0.4, `dev UAS ${scores.dev.uas} after a tiny run`);
    const { parser, metadata } = loadParser(readFileSync(join(out, 'en_ewt.parser.gz')));
    assert.equal(metadata.licence, 'CC BY-SA 4.0 (the treebank)');
    assert.equal(parser.parseWords(['Hamas', 'met', 'Bogdanov', '.']).heads.length, 4);
    assert.ok(parser.tagger.tagDictionary.size > 0, 'the tagger has a tag dictionary built from the training slice');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
