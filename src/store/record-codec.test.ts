import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createPipeline } from '../pipeline/pipeline.js';
import { readShared } from '../test-support/shared.js';
import type { Article } from '../core/record.js';
import { decodeRecord, encodeRecord } from './record-codec.js';

describe('the stored record', () => {
  const article = createPipeline().extract(readShared('samples', 'hamas-moscow.txt'), { published: '2018-01-23' });

  test('decodes to the record it was made from, keys in the same order (what `dateline show` prints)', () => {
    assert.ok(article.sentences.length > 5);
    assert.equal(JSON.stringify(decodeRecord(encodeRecord(article))), JSON.stringify(article));
  });

  test('holds each sentence’s tokens as columns, not one object per token', () => {
    const json = gunzipSync(encodeRecord(article)).toString('utf8');
    assert.match(json, /"tokens":\{"start":\[\d+,\d+/);
    assert.doesNotMatch(json, /"tokens":\[/);
    assert.ok(json.length < JSON.stringify(article).length * 0.75, `${json.length} against ${JSON.stringify(article).length} characters`);
  });

  test('keeps tokens without a Penn tag or a head as they were (a record from before the parse stage)', () => {
    const bare: Article = {
      ...article,
      sentences: [
        {
          span: { start: 0, end: 9 },
          paragraph: 0,
          tokens: [
            { span: { start: 0, end: 5 }, pos: 'PROPN', lemma: 'hamas', head: null, deprel: null },
            { span: { start: 6, end: 9 }, pos: 'VERB', lemma: 'meet', head: -1, deprel: 'root', tag: 'VBD' },
          ],
        },
        { span: { start: 10, end: 11 }, paragraph: 1, tokens: [{ span: { start: 10, end: 11 }, pos: 'PUNCT', lemma: '.', head: null, deprel: null }] },
      ],
    };
    const decoded = decodeRecord(encodeRecord(bare));
    assert.equal(JSON.stringify(decoded), JSON.stringify(bare));
    assert.equal('tag' in decoded.sentences[0]!.tokens[0]!, false);
  });

  test('a record stored with one object per token (before the columns) decodes as it was', () => {
    const old = gzipSync(JSON.stringify(article), { level: 6 });
    assert.deepEqual(decodeRecord(old), article);
  });
});
