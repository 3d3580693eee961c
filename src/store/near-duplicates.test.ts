import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { ingest } from '../ingest/ingest.js';
import { packageRoot } from '../pipeline/resources.js';
import { bandKeys, decodeSignature, encodeSignature, estimateSimilarity, minhashSignature, NEAR_DUPLICATE_BANDS, shingleHashes } from './near-duplicates.js';
import { openStore } from './open.js';

const dir = mkdtempSync(join(tmpdir(), 'dateline-near-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const sample = readFileSync(join(packageRoot(), '..', 'shared', 'samples', 'hamas-moscow.txt'), 'utf8');
const paragraphs = sample.split('\n').filter((p) => p.trim() !== '');
/** A wire copy of the sample: a byline and its own dateline in front, the fourth paragraph dropped. */
const wireCopy = ['By Jane Doe, Wire Service', paragraphs[0]!.replace(/^Moscow:/, 'MOSCOW (Wire Service) — '), ...paragraphs.slice(1, 3), ...paragraphs.slice(4)].join('\n\n');

function exactJaccard(a: string, b: string): number {
  const left = new Set(shingleHashes(a));
  const right = new Set(shingleHashes(b));
  let shared = 0;
  for (const value of left) if (right.has(value)) shared++;
  return shared / (left.size + right.size - shared);
}

describe('near-duplicate signatures', () => {
  it('gives the same text the same signature and similarity 1, and ignores case and punctuation', () => {
    const signature = minhashSignature(sample)!;
    assert.deepEqual(minhashSignature(sample), signature);
    assert.equal(estimateSimilarity(signature, minhashSignature(sample.toUpperCase().replace(/[,.“”]/g, ''))!), 1);
    assert.deepEqual(decodeSignature(encodeSignature(signature)), signature);
  });

  it('estimates the wire copy near its exact shingle Jaccard and above the 0.8 threshold; an unrelated article far below', () => {
    const exact = exactJaccard(sample, wireCopy);
    const estimate = estimateSimilarity(minhashSignature(sample)!, minhashSignature(wireCopy)!);
    assert.ok(exact > 0.8, `exact ${exact}`);
    assert.ok(Math.abs(estimate - exact) < 0.1 && estimate >= 0.8, `estimate ${estimate}, exact ${exact}`);
    const unrelated = readFileSync(join(packageRoot(), 'samples', 'ankara-grain-talks.txt'), 'utf8');
    assert.ok(estimateSimilarity(minhashSignature(sample)!, minhashSignature(unrelated)!) < 0.1);
  });

  it('gives texts under 12 words no signature', () => {
    assert.equal(minhashSignature('Reuters photo of the day.'), undefined);
    assert.equal(minhashSignature(''), undefined);
  });

  it('keeps band keys one per band and below 2^31 (a plain integer column in every database)', () => {
    const keys = bandKeys(minhashSignature(sample)!);
    assert.equal(keys.length, NEAR_DUPLICATE_BANDS);
    keys.forEach((key, band) => assert.ok(key >= band * 2 ** 26 && key < (band + 1) * 2 ** 26 && key < 2 ** 31));
  });

  it('estimates Jaccard within 0.15 of the exact value on random edits of a text (property)', () => {
    const words = sample.split(/\s+/);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: words.length - 20 }), fc.integer({ min: 0, max: 40 }), (start, dropped) => {
        const edited = [...words.slice(0, start), ...words.slice(start + dropped)].join(' ');
        const estimate = estimateSimilarity(minhashSignature(sample)!, minhashSignature(edited)!);
        return Math.abs(estimate - exactJaccard(sample, edited)) < 0.15;
      }),
      { numRuns: 60 },
    );
  });
});

describe('near-duplicates through ingest', () => {
  it('links a wire copy ingested in a later run (signature made by the worker) to the original of an earlier run', { timeout: 60_000 }, async () => {
    const path = join(dir, 'runs.db');
    writeFileSync(join(dir, 'original.jsonl'), JSON.stringify({ text: sample, published: '2020-01-22', url: 'https://example.org/original' }) + '\n');
    writeFileSync(join(dir, 'copy.jsonl'), JSON.stringify({ text: wireCopy, published: '2020-01-22', url: 'https://example.org/copy' }) + '\n');
    const limits = { maxBytes: 1_000_000 };
    let store = await openStore(path);
    await ingest([join(dir, 'original.jsonl')], { store, workers: 1, limits });
    await store.close();
    store = await openStore(path);
    try {
      await ingest([join(dir, 'copy.jsonl'), join(dir, 'original.jsonl')], { store, workers: 1, limits });
      const rows = await store.listArticles();
      const original = rows.find((r) => r.uri === 'https://example.org/original')!;
      const copy = rows.find((r) => r.uri === 'https://example.org/copy')!;
      assert.equal(original.nearDuplicateOf, null);
      assert.equal(copy.nearDuplicateOf, original.id, 'same day: the first stored is the original');
      assert.ok(copy.nearSimilarity! >= 0.8 && copy.nearSimilarity! < 1);
    } finally {
      await store.close();
    }
  });
});
