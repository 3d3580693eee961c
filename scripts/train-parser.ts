/**
 * Trains the tagger and the dependency parser on UD English EWT and writes the model
 * (`npm run train:parser`; flags below for a tiny run). Steps:
 *   1. the tagger on all of train (this is the shipped tagger);
 *   2. jackknifed tags for train: train is cut into `--folds` parts and each part is tagged by a
 *      tagger trained on the others, so the parser learns from tags as wrong as they will be at run time;
 *   3. the parser on train with those tags; after each epoch it is scored on dev (predicted tags)
 *      and the best epoch is kept (dev is for model selection only);
 *   4. dev and test scores, written beside the model as `scores.json`.
 * Single process, seeded: the same command gives the same model.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { scoreUd, type UdResult } from '../eval/ud.js';
import { modelCard } from './parser-model-card.js';
import { packageRoot } from '../src/pipeline/resources.js';
import { readConllu, type ConlluSentence } from '../src/stages/05-parse/conllu.js';
import { loadParser, saveParser } from '../src/stages/05-parse/model-io.js';
import { trainParser, type DependencyParser, type ParserTrainingSentence } from '../src/stages/05-parse/parser.js';
import { collectTagClasses, trainTagger, type PosTagger, type TaggerTrainingSentence } from '../src/stages/05-parse/tagger.js';

export const MODEL_FILE = 'en_ewt.parser.gz';

const { values: flags } = parseArgs({
  options: {
    corpus: { type: 'string' },
    out: { type: 'string' },
    'train-limit': { type: 'string' },
    'dev-limit': { type: 'string' },
    epochs: { type: 'string', default: '15' },
    'tagger-epochs': { type: 'string', default: '8' },
    folds: { type: 'string', default: '5' },
    seed: { type: 'string', default: '20240607' },
    explore: { type: 'string', default: '0.9' },
    prune: { type: 'string', default: '0.75' },
    'no-test': { type: 'boolean', default: false },
  },
});

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`train-parser: --${name} expects a whole number, got ${JSON.stringify(value)}`);
  return parsed;
}

function log(message: string): void {
  process.stderr.write(`[train-parser ${((performance.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
}

const started = performance.now();
const root = packageRoot();
const corpus = resolve(flags.corpus ?? join(root, '..', 'shared', 'corpora', 'ud-english-ewt'));
const out = resolve(flags.out ?? join(root, 'models', 'parser'));
const seed = integer('seed', flags.seed)!;
const epochs = integer('epochs', flags.epochs)!;
const taggerEpochs = integer('tagger-epochs', flags['tagger-epochs'])!;
const folds = integer('folds', flags.folds)!;
const explore = Number(flags.explore);
const prune = Number(flags.prune);

function read(split: string, limit?: number): ConlluSentence[] {
  const sentences = readConllu(readFileSync(join(corpus, `en_ewt-ud-${split}.conllu`), 'utf8')).filter((s) => s.words.length > 0);
  return limit === undefined ? sentences : sentences.slice(0, limit);
}

const train = read('train', integer('train-limit', flags['train-limit']));
const dev = read('dev', integer('dev-limit', flags['dev-limit']));
log(`read ${train.length} train and ${dev.length} dev sentences from ${corpus}`);

const taggerSentences: TaggerTrainingSentence[] = train.map((s) => ({
  words: s.words.map((w) => w.form),
  upos: s.words.map((w) => w.upos),
  xpos: s.words.map((w) => w.xpos),
}));
const tagClasses = collectTagClasses(taggerSentences);

// 1. The shipped tagger.
const tagger = trainTagger(taggerSentences, tagClasses, {
  epochs: taggerEpochs,
  seed,
  pruneBelow: prune,
  onEpoch: (epoch, accuracy) => log(`tagger epoch ${epoch}: train accuracy ${(accuracy * 100).toFixed(2)}%`),
});

// 2. Jackknifed tags for train.
const predictedTags: Int32Array[] = new Array<Int32Array>(train.length);
if (folds >= 2) {
  for (let fold = 0; fold < folds; fold++) {
    const held = (i: number): boolean => i % folds === fold;
    const foldTagger = trainTagger(
      taggerSentences.filter((_, i) => !held(i)),
      tagClasses,
      // Without a tag dictionary: the fold's model tags every word. The dictionary would only take
      // over words the model tags right 99% of the time, and the parser's training tags stay those
      // it was trained on before the dictionary existed.
      { epochs: taggerEpochs, seed: seed + fold + 1, tagDictionary: false },
    );
    let right = 0;
    let total = 0;
    taggerSentences.forEach((s, i) => {
      if (!held(i)) return;
      const tagged = foldTagger.tag(s.words);
      predictedTags[i] = tagged.classes;
      tagged.upos.forEach((upos, j) => {
        total++;
        if (upos === s.upos[j]) right++;
      });
    });
    log(`jackknife fold ${fold + 1}/${folds}: held-out UPOS ${((right / Math.max(1, total)) * 100).toFixed(2)}%`);
  }
} else {
  taggerSentences.forEach((s, i) => (predictedTags[i] = tagger.tag(s.words).classes));
  log('no jackknifing (--folds < 2): train tagged by the final tagger');
}

// 3. The parser.
const labels = [...new Set(train.flatMap((s) => s.words.map((w) => w.deprel)))].sort();
const parserSentences: ParserTrainingSentence[] = train.map((s, i) => ({
  words: s.words.map((w) => w.form),
  tags: predictedTags[i]!,
  heads: Int32Array.from(s.words, (w) => (w.head ?? 0) - 1),
  deprels: s.words.map((w) => w.deprel),
}));
let best: { epoch: number; result: UdResult; bytes: Buffer } | undefined;
const parserStarted = performance.now();
trainParser(parserSentences, tagger, {
  epochs,
  seed,
  explore,
  labels,
  pruneBelow: prune,
  onEpoch: (epoch, stats, snapshot) => {
    const parser = snapshot();
    const result = scoreUd(dev, parser);
    log(
      `parser epoch ${epoch}: train moves ${(stats.actionAccuracy * 100).toFixed(2)}%, labels ${(stats.labelAccuracy * 100).toFixed(2)}%, ` +
        `rows ${stats.transitionRows}/${stats.labelRows}; dev UAS ${(result.uas * 100).toFixed(2)} LAS ${(result.las * 100).toFixed(2)}`,
    );
    if (!best || result.las > best.result.las) best = { epoch, result, bytes: saveParser(parser) };
  },
});
const trainingSeconds = (performance.now() - started) / 1000;
const parserSeconds = (performance.now() - parserStarted) / 1000;
if (!best) throw new Error('train-parser: no epoch was trained (--epochs 0?)');
log(`best dev LAS at epoch ${best.epoch}`);

// 4. Scores of the kept model, as it loads from disk.
const loadStarted = performance.now();
const chosen: DependencyParser = loadParser(best.bytes).parser;
const loadMs = performance.now() - loadStarted;
const devScores = scoreUd(dev, chosen);
const testScores = flags['no-test'] ? undefined : scoreUd(read('test'), chosen);
const command = `node dist/scripts/train-parser.js ${process.argv.slice(2).join(' ')}`.trim();
const metadata = {
  corpus: 'UD English EWT (en_ewt-ud-train.conllu; dev for model selection)',
  licence: 'CC BY-SA 4.0 (the treebank)',
  trainSentences: train.length,
  epochs,
  bestEpoch: best.epoch,
  taggerEpochs,
  folds,
  seed,
  explore,
  prune,
  trainingSeconds: Math.round(trainingSeconds),
  command,
};
const bytes = saveParser(chosen, metadata);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, MODEL_FILE), bytes);
const taggerOnly: PosTagger = chosen.tagger;
const report = {
  ...metadata,
  parserTrainingSeconds: Math.round(parserSeconds),
  modelBytes: bytes.length,
  loadMs: Math.round(loadMs),
  tagClasses: taggerOnly.tagClasses.length,
  labels: labels.length,
  weights: { tagger: chosen.tagger.model.nonZero, transitions: chosen.transitions.nonZero, labels: chosen.labeller.nonZero },
  tagDictionary: chosen.tagger.tagDictionary.size,
  dev: devScores,
  ...(testScores ? { test: testScores } : {}),
};
writeFileSync(join(out, 'scores.json'), JSON.stringify(report, null, 2) + '\n');
writeFileSync(join(out, 'MODEL_CARD.md'), modelCard(report));
log(`wrote ${join(out, MODEL_FILE)} (${(bytes.length / 1e6).toFixed(1)} MB) and scores.json`);
process.stdout.write(JSON.stringify({ dev: devScores, test: testScores, modelBytes: bytes.length, trainingSeconds: Math.round(trainingSeconds) }) + '\n');
