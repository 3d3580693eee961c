import assert from 'node:assert/strict';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, test } from 'node:test';
import { loadParserModel } from '../../pipeline/resources.js';
import { loadParser, saveParser } from './model-io.js';
import { DependencyParser } from './parser.js';
import { buildTagDictionary, PosTagger, TAG_DICTIONARY_MIN_COUNT, type TaggerTrainingSentence } from './tagger.js';

const classes = [
  { upos: 'DET', xpos: 'DT' },
  { upos: 'NOUN', xpos: 'NN' },
  { upos: 'VERB', xpos: 'VB' },
];

/** `count` one-word sentences of `word` tagged `upos` (with the XPOS of that class). */
function repeated(word: string, upos: string, count: number): TaggerTrainingSentence[] {
  const xpos = classes.find((c) => c.upos === upos)!.xpos;
  return Array.from({ length: count }, () => ({ words: [word], upos: [upos], xpos: [xpos] }));
}

describe('the tag dictionary', () => {
  test('takes the forms seen often enough with one class nearly always, as written, and nothing else', () => {
    const dictionary = buildTagDictionary(
      [
        ...repeated('the', 'DET', 40),
        ...repeated('The', 'DET', TAG_DICTIONARY_MIN_COUNT),
        ...repeated('rare', 'NOUN', TAG_DICTIONARY_MIN_COUNT - 1),
        ...repeated('run', 'VERB', 20),
        ...repeated('run', 'NOUN', 20),
        ...repeated('set', 'VERB', 99),
        ...repeated('set', 'NOUN', 1),
        ...repeated('cut', 'VERB', 98),
        ...repeated('cut', 'NOUN', 2),
      ],
      classes,
    );
    assert.deepEqual([...dictionary].sort(), [
      ['The', 0],
      ['set', 2],
      ['the', 0],
    ]);
  });

  test('the shipped tagger has one, and a word in it gets its class without being scored', () => {
    const parser = loadParserModel();
    const { tagger } = parser;
    assert.ok(tagger.tagDictionary.size > 500, `${tagger.tagDictionary.size} forms`);
    assert.equal(tagger.tagClasses[tagger.tagDictionary.get('the')!]!.xpos, 'DT');
    // A dictionary that (wrongly) makes "the" a noun shows the dictionary, not the model, decided.
    const noun = tagger.tagClasses.findIndex((c) => c.upos === 'NOUN' && c.xpos === 'NN');
    const twisted = new PosTagger(tagger.model, tagger.tagClasses, tagger.ambiguityClasses, new Map([['the', noun]]));
    assert.deepEqual(twisted.tag(['I', 'saw', 'the', 'dog']).xpos, ['PRP', 'VBD', 'NN', 'NN']);
    // Classes a caller allows (a known country name is a proper noun) come before the dictionary.
    const det = tagger.tagClasses.findIndex((c) => c.upos === 'DET' && c.xpos === 'DT');
    assert.equal(twisted.tag(['I', 'saw', 'the', 'dog'], [undefined, undefined, [det]]).xpos[2], 'DT');
  });

  test('is saved with the model and read back; a model file from before it loads with an empty one', () => {
    const parser = loadParserModel();
    const saved = saveParser(parser);
    assert.deepEqual([...loadParser(saved).parser.tagger.tagDictionary], [...parser.tagger.tagDictionary]);

    const raw = gunzipSync(saved);
    const magic = raw.indexOf('\n') + 1;
    const headerLength = raw.readUInt32LE(magic);
    const header = JSON.parse(raw.subarray(magic + 4, magic + 4 + headerLength).toString('utf8')) as Record<string, unknown>;
    const rewrite = (changed: Record<string, unknown>): Buffer => {
      const bytes = Buffer.from(JSON.stringify(changed), 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32LE(bytes.length);
      return gzipSync(Buffer.concat([raw.subarray(0, magic), length, bytes, raw.subarray(magic + 4 + headerLength)]));
    };
    const { tagDictionary: _dropped, ...older } = header;
    const old = loadParser(rewrite(older)).parser;
    assert.equal(old.tagger.tagDictionary.size, 0);
    assert.ok(old instanceof DependencyParser);
    assert.throws(() => loadParser(rewrite({ ...header, tagDictionary: [['the', 9999]] })), /tag dictionary holds an entry that is not \[word, tag class\]/);
  });
});
