import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { packageRoot } from '../src/pipeline/resources.js';
import { alignSpans, b3, crossdocJson, evaluateCrossdoc, readCrossdocDocument } from './crossdoc.js';

const gm = join(packageRoot(), '..', 'shared', 'eval', 'meantime', 'dev-crossdoc', 'corpus_gm');
const skip = existsSync(gm) ? false : `MEANTIME dev-crossdoc not found at ${gm}`;

describe('eval crossdoc', () => {
  it('scores B³ over gold mentions, an unaligned gold mention being a singleton', () => {
    // Gold {a1, a2, a3}, {b1}; ours puts a1, a2 and b1 together and leaves a3 unaligned.
    const scores = b3([
      { gold: 'A', response: 'x' },
      { gold: 'A', response: 'x' },
      { gold: 'A', response: null },
      { gold: 'B', response: 'x' },
    ]);
    assert.equal(scores.b3Precision, (2 / 3 + 2 / 3 + 1 + 1 / 3) / 4);
    assert.equal(scores.b3Recall, (2 / 3 + 2 / 3 + 1 / 3 + 1) / 4);
    assert.equal(scores.aligned, 3);
    assert.deepEqual(b3([{ gold: 'A', response: 'x' }, { gold: 'A', response: 'x' }]).b3F1, 1);
  });

  it('aligns one-to-one by largest overlap, and nested gold mentions to the same mention only when asked', () => {
    const gold = [{ start: 0, end: 27 }, { start: 15, end: 27 }];
    const ours = [{ start: 15, end: 27 }];
    assert.deepEqual([...alignSpans(gold, ours)], [[1, 0]]);
    assert.deepEqual([...alignSpans(gold, ours, true)].sort(), [[0, 0], [1, 0]]);
  });

  it('reads the cross-document instance ids of event and entity mentions', { skip }, async () => {
    const path = join(gm, '125796_Chrysler_files_for_bankruptcy,_Fiat_Group_SpA_to_run_company.xml');
    const doc = readCrossdocDocument(await readFile(path, 'utf8'), 'corpus_gm/125796.xml');
    assert.equal(doc.topic, 'corpus_gm');
    const chrysler = doc.entities.filter((m) => m.text === 'Chrysler');
    assert.ok(chrysler.length >= 2 && chrysler.every((m) => m.cluster === chrysler[0]!.cluster && /^ORG\d+$/.test(m.cluster)));
    assert.ok(doc.events.some((m) => /^(?:OTH|SPE|GRA)\d+$/.test(m.cluster)));
  });

  it('runs the pipeline and the store on a slice and prints exactly the B³ keys', { skip }, async () => {
    const result = await evaluateCrossdoc(gm, { limit: 3 });
    assert.equal(result.documents, 3);
    for (const scores of [result.events, result.eventsAllGold, result.actors, result.actorsAllMentions]) {
      assert.ok(scores.mentions > 0 && scores.b3F1 > 0 && scores.b3F1 <= 1);
    }
    assert.ok(result.actors.b3F1 > 0.6, `actor B³ F1 ${result.actors.b3F1}`);
    const json = crossdocJson(result);
    assert.deepEqual(Object.keys(json), ['events', 'actors']);
    assert.deepEqual(Object.keys(json.events), ['b3Precision', 'b3Recall', 'b3F1']);
    assert.deepEqual(Object.keys(json.actors), ['b3Precision', 'b3Recall', 'b3F1']);
  });

  it('is the `dateline eval crossdoc <dir> --json` command, printing one JSON object', { skip }, () => {
    const out = execFileSync(process.execPath, [join(packageRoot(), 'bin', 'dateline.js'), 'eval', 'crossdoc', gm, '--limit', '2', '--json'], { encoding: 'utf8' });
    const json = JSON.parse(out) as Record<string, Record<string, number>>;
    assert.deepEqual(Object.keys(json), ['events', 'actors']);
    assert.ok(json['actors']!['b3F1']! > 0 && json['actors']!['b3F1']! <= 1);
  });
});
