import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createPipeline } from '../../pipeline/pipeline.js';
import { loadParserModel } from '../../pipeline/resources.js';
import { readShared } from '../../test-support/shared.js';
import type { Article, Sentence } from '../../core/record.js';

const parser = loadParserModel();

/** What is wrong with a head array as a tree (-1 = root): nothing when it has one root and no cycle. */
function treeProblems(heads: ArrayLike<number>): string[] {
  const problems: string[] = [];
  const n = heads.length;
  const roots = Array.from(heads).filter((h) => h === -1).length;
  if (n > 0 && roots !== 1) problems.push(`${roots} roots`);
  for (let i = 0; i < n; i++) {
    if (heads[i]! < -1 || heads[i]! >= n || heads[i] === i) problems.push(`word ${i} has head ${heads[i]}`);
    let at = i;
    for (let steps = 0; at !== -1; steps++) {
      if (steps > n) {
        problems.push(`word ${i} is on a cycle`);
        break;
      }
      at = heads[at]!;
    }
  }
  return problems;
}

describe('the parser on the sample article (../shared/samples/hamas-moscow.txt)', () => {
  const article: Article = createPipeline().extract(readShared('samples', 'hamas-moscow.txt'), { published: '2020-01-22' });
  const word = (sentence: Sentence, i: number): string => article.text.slice(sentence.tokens[i]!.span.start, sentence.tokens[i]!.span.end);
  const sentenceWith = (text: string): Sentence => {
    const sentence = article.sentences.find((s) => article.text.slice(s.span.start, s.span.end).includes(text));
    assert.ok(sentence, `a sentence containing ${text}`);
    return sentence;
  };
  /**
   * Checks `dependent ← deprel ← head`. A word inside a multiword name stands for the name, as a
   * linguist draws it: UD heads "Mikhail Bogdanov" on "Mikhail" (Bogdanov ← flat ← Mikhail), so
   * "Bogdanov ← obl ← met" is read off the name's head word.
   */
  const arc = (sentence: Sentence, dependent: string, deprel: string, head: string): void => {
    let i = sentence.tokens.findIndex((_, k) => word(sentence, k) === dependent);
    assert.ok(i >= 0, `token ${dependent}`);
    while (sentence.tokens[i]!.deprel === 'flat' && sentence.tokens[i]!.head! >= 0) i = sentence.tokens[i]!.head!;
    const token = sentence.tokens[i]!;
    const actualHead = token.head === -1 || token.head === null ? '(root)' : word(sentence, token.head);
    assert.equal(`${dependent} ← ${token.deprel} ← ${actualHead}`, `${dependent} ← ${deprel} ← ${head}`);
  };

  test('every token of every sentence has a head and a relation, and each sentence is one tree', () => {
    for (const sentence of article.sentences) {
      for (const token of sentence.tokens) {
        assert.notEqual(token.head, null);
        assert.ok(token.deprel);
      }
      assert.deepEqual(treeProblems(sentence.tokens.map((t) => t.head!)), []);
    }
  });

  test('"A delegation ... has met with ... Bogdanov": delegation ← nsubj ← met, Bogdanov ← obl ← met, with ← case ← Bogdanov', () => {
    const sentence = sentenceWith('has met with');
    arc(sentence, 'delegation', 'nsubj', 'met');
    arc(sentence, 'Bogdanov', 'obl', 'met');
    arc(sentence, 'with', 'case', 'Bogdanov');
    arc(sentence, 'has', 'aux', 'met');
  });

  test('"The Hamas delegation travelled to Moscow on Monday": delegation ← nsubj ← travelled, Moscow ← obl ← travelled', () => {
    const sentence = sentenceWith('travelled to Moscow');
    arc(sentence, 'delegation', 'nsubj', 'travelled');
    arc(sentence, 'Moscow', 'obl', 'travelled');
  });

  // Known failures, kept in the table until a better parser fixes them.
  test('"travelled to Moscow on Monday": Monday ← obl ← travelled', { todo: 'known failure: the greedy parser attaches "on Monday" to Moscow (nmod)' }, () => {
    arc(sentenceWith('travelled to Moscow'), 'Monday', 'obl', 'travelled');
  });

  test('"... unity," read the statement: statement ← nsubj ← read (the quote speaker is read off this arc)', { todo: 'known failure: quotative inversion is rare in EWT; the parser makes statement the object' }, () => {
    const sentence = sentenceWith('read the statement');
    arc(sentence, 'statement', 'nsubj', 'read');
  });

  test('"Hamas runs the Gaza Strip": Hamas ← nsubj ← runs, Strip ← obj ← runs', () => {
    const sentence = sentenceWith('Hamas runs the Gaza Strip');
    arc(sentence, 'Hamas', 'nsubj', 'runs');
    arc(sentence, 'Strip', 'obj', 'runs');
  });

  test('the parse stage records UPOS in pos and the Penn Treebank tag in tag', () => {
    const sentence = sentenceWith('has met with');
    const met = sentence.tokens.findIndex((_, k) => word(sentence, k) === 'met');
    assert.equal(sentence.tokens[met]!.pos, 'VERB');
    assert.equal(sentence.tokens[met]!.tag, 'VBN');
  });
});

describe('sentence lengths', () => {
  test('an empty sentence gives an empty parse', () => {
    const parsed = parser.parseWords([]);
    assert.equal(parsed.heads.length, 0);
    assert.deepEqual(parsed.deprels, []);
  });

  test('a one-word sentence is its own root', () => {
    const parsed = parser.parseWords(['Hello']);
    assert.deepEqual(Array.from(parsed.heads), [-1]);
    assert.deepEqual(parsed.deprels, ['root']);
  });

  test('a 300-word sentence is parsed whole into one tree', () => {
    const clause = 'the delegation met the minister in Moscow on Tuesday and'.split(' ');
    const words = Array.from({ length: 300 }, (_, i) => clause[i % clause.length]!);
    const parsed = parser.parseWords(words);
    assert.equal(parsed.heads.length, 300);
    assert.deepEqual(treeProblems(parsed.heads), []);
  });

  test('any sequence of words gets a well-formed tree with one root (property)', () => {
    const vocabulary = ['the', 'minister', 'said', ',', 'Hamas', 'met', 'with', 'in', '"', 'Moscow', '.', 'and', 'to', '2020', 'of', 'was', '-', 'it', '(', ')', 'US', "n't"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...vocabulary), { maxLength: 60 }), (words) => {
        const parsed = parser.parseWords(words);
        assert.equal(parsed.heads.length, words.length);
        assert.deepEqual(treeProblems(parsed.heads), []);
        assert.ok(parsed.deprels.every((d) => typeof d === 'string' && d.length > 0));
      }),
      { numRuns: 200 },
    );
  });
});
