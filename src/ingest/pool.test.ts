import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { packageRoot } from '../pipeline/resources.js';
import { makeDocument } from '../sources/document.js';
import { ExtractPool, PIPELINE_DEPTH } from './pool.js';

const sample = readFileSync(join(packageRoot(), 'samples', 'ankara-grain-talks.txt'), 'utf8');

/** The pool's worker threads (private: the test kills one as a native crash would). */
const workersOf = (pool: ExtractPool): Worker[] => (pool as unknown as { slots: Array<{ worker: Worker }> }).slots.map((slot) => slot.worker);

describe('extraction pool', () => {
  it(`keeps ${PIPELINE_DEPTH} documents in flight per worker; a dead worker fails only the one it was working on`, { timeout: 120_000 }, async () => {
    const pool = new ExtractPool(1, { gazetteers: [], limits: {} });
    try {
      await pool.ready();
      // A long first document: the worker is still on it when it dies; the second is queued in the same worker, the third waits in the pool.
      const long = Array.from({ length: 40 }, () => sample).join('\n\n');
      const results = [long, sample, sample].map((text, i) => pool.extract(makeDocument('text', `doc-${i}.txt`, {}, { text })));
      const [worker] = workersOf(pool);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await worker!.terminate();
      const [first, second, third] = await Promise.all(results);
      assert.equal(first!.ok, false);
      assert.equal(first!.ok ? '' : first!.code, 'WORKER_CRASHED');
      // The queued documents went to the new worker and were extracted there.
      assert.equal(second!.ok, true, JSON.stringify(second));
      assert.equal(third!.ok, true, JSON.stringify(third));
      assert.notEqual(workersOf(pool)[0], worker);
    } finally {
      await pool.close();
    }
  });

  it('answers every document of a burst, in any order of completion, with its own result', { timeout: 120_000 }, async () => {
    const pool = new ExtractPool(2, { gazetteers: [], limits: {} });
    try {
      await pool.ready();
      const texts = Array.from({ length: 7 }, (_, i) => `Officials in Ankara met on Monday for round ${i + 1} of the grain talks, the ministry said.`);
      const results = await Promise.all(texts.map((text, i) => pool.extract(makeDocument('text', `burst-${i}.txt`, {}, { text }))));
      assert.deepEqual(
        results.map((result) => (result.ok ? result.record.text : result.code)),
        texts,
      );
    } finally {
      await pool.close();
    }
  });
});
