import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { loadParserModel } from '../../pipeline/resources.js';
import { readParserData } from '../../pipeline/parser-model.js';
import { readShared } from '../../test-support/shared.js';
import { readConllu } from './conllu.js';
import { parserFromData, saveParser, type ParserData } from './model-io.js';
import type { DependencyParser } from './parser.js';

/** The first 400 sentences of UD English EWT dev (≈ 5,000 words), as word forms. */
const sentences = readConllu(readShared('corpora', 'ud-english-ewt', 'en_ewt-ud-dev.conllu'))
  .slice(0, 400)
  .map((sentence) => sentence.words.map((word) => word.form));

type Parses = Array<{ heads: number[]; deprels: string[]; xpos: string[] }>;

function parseAll(parser: DependencyParser): Parses {
  return sentences.map((words) => {
    const parsed = parser.parseWords(words);
    return { heads: Array.from(parsed.heads), deprels: parsed.deprels, xpos: parsed.xpos };
  });
}

const arrays = (data: ParserData): ArrayBufferView[] => data.models.flatMap((m) => [m.keys, m.rowStart, m.classOf, m.weights, m.inlineSlots, m.sparseSlots, m.pairs]);

describe('the parser model on SharedArrayBuffers (one copy for all ingest workers)', () => {
  const privateParses = parseAll(loadParserModel());
  const shared = readParserData(undefined, { shared: true });
  // What the ingest hands its workers: shared, and without the rows only saving needs.
  const scoring = readParserData(undefined, { shared: true, scoringOnly: true });

  test('every array of the shared model is on a SharedArrayBuffer, and the private model has none', () => {
    assert.ok(arrays(shared).every((array) => array.buffer instanceof SharedArrayBuffer));
    assert.ok(arrays(readParserData()).every((array) => array.buffer instanceof ArrayBuffer));
  });

  test('the shared model tags and parses exactly as the private one, with or without its rows', () => {
    assert.deepEqual(parseAll(parserFromData(shared)), privateParses);
    assert.deepEqual(parseAll(parserFromData(scoring)), privateParses);
  });

  test('a model without its rows keeps its counts but cannot be saved', () => {
    assert.deepEqual(
      scoring.models.map((m) => [m.rows, m.nonZero, m.keys.length]),
      shared.models.map((m) => [m.rows, m.nonZero, 0]),
    );
    assert.throws(() => saveParser(parserFromData(scoring)), /scoring only/);
    assert.ok(saveParser(parserFromData(shared)).length > 0);
  });

  test('a worker thread given the shared model parses exactly as the private one, over the same memory', async () => {
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      import(workerData.modelIo).then(({ parserFromData }) => {
        const parser = parserFromData(workerData.data);
        const parses = workerData.sentences.map((words) => {
          const parsed = parser.parseWords(words);
          return { heads: Array.from(parsed.heads), deprels: parsed.deprels, xpos: parsed.xpos };
        });
        const sharedMemory = workerData.data.models.every((m) => [m.inlineSlots, m.sparseSlots, m.pairs].every((a) => a.buffer instanceof SharedArrayBuffer));
        // A SharedArrayBuffer posted alongside the model: a write here must show in the main thread.
        const probe = workerData.probe;
        probe[0] = 42;
        parentPort.postMessage({ parses, sharedMemory });
      });`;
    const probe = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(code, { eval: true, workerData: { modelIo: new URL('./model-io.js', import.meta.url).href, data: scoring, sentences, probe } });
    const result = await new Promise<{ parses: Parses; sharedMemory: boolean }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    assert.equal(result.sharedMemory, true);
    assert.equal(probe[0], 42, 'posting shared arrays shares them (no copy)');
    assert.deepEqual(result.parses, privateParses);
  });
});
