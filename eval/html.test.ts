import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { evaluateHtml, expectedText, formatHtmlErrors, formatHtmlTable, htmlErrors, runHtmlPages, scoreWords, wordTokens } from './html.js';

const PAGES = join(process.cwd(), '../shared/eval/html/readability-pages');

describe('scoreWords', () => {
  it('counts a repeated word only as often as it occurs on both sides', () => {
    const score = scoreWords(wordTokens('the talks, the talks resumed'), wordTokens('The talks resumed today'));
    assert.equal(score.overlap, 3);
    assert.equal(score.precision, 3 / 4);
    assert.equal(score.recall, 3 / 5);
  });
  it('scores two empty texts as agreeing and one empty side as zero', () => {
    assert.equal(scoreWords([], []).f1, 1);
    assert.equal(scoreWords(['a'], []).f1, 0);
  });
  it('keeps words of adjacent blocks apart but inline elements together', () => {
    assert.deepEqual(wordTokens(expectedText('<ul><li>one</li><li>two</li></ul><p>in<b>line</b></p>')), ['one', 'two', 'inline']);
  });
  it('tokenises letters of any script, digits and accents', () => {
    assert.deepEqual(wordTokens('Ankara’da 3 görüşme — Переговоры'), ['ankara', 'da', '3', 'görüşme', 'переговоры']);
  });
});

describe('evaluateHtml on the Readability test pages', () => {
  it('reaches word F1 0.95 and high metadata accuracy on the first 40 pages', () => {
    const result = evaluateHtml(PAGES, { limit: 40 });
    assert.equal(result.pages, 40);
    assert.ok(result.wordF1 >= 0.95, `macro word F1 ${result.wordF1}`);
    assert.ok(result.wordF1Micro >= 0.95, `micro word F1 ${result.wordF1Micro}`);
    assert.ok(result.titleAccuracy >= 0.9, `title accuracy ${result.titleAccuracy}`);
    assert.ok(result.bylineAccuracy >= 0.85, `byline accuracy ${result.bylineAccuracy}`);
    assert.ok(result.dateAccuracy >= 0.9, `date accuracy ${result.dateAccuracy}`);
    assert.match(formatHtmlTable(result), /main text, macro/);
  });
  it('lists the worst pages and the metadata mismatches', () => {
    const errors = htmlErrors(runHtmlPages(PAGES, { limit: 5 }), { worst: 3 });
    assert.equal(errors.worstPages.length, 3);
    assert.ok(errors.worstPages[0]!.words.f1 <= errors.worstPages[2]!.words.f1);
    assert.match(formatHtmlErrors(errors), /Lowest word F1/);
  });
});
