import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { packageRoot } from '../src/pipeline/resources.js';
import { normaliseText } from '../src/stages/03-normalise/normalise.js';
import type { Article, TimeExpression } from '../src/index.js';
import {
  evaluateMeantime,
  formatTimeErrors,
  matchSpans,
  meantimeErrors,
  readMeantimeDocument,
  readMeantimeFolder,
  runMeantime,
  scoreMentions,
  timeDocument,
  timeErrors,
  type DocumentRun,
} from './meantime.js';
import { scoreTimes } from './times-score.js';

const dev = join(packageRoot(), '..', 'shared', 'eval', 'meantime', 'dev');
const skip = existsSync(dev) ? false : `MEANTIME dev not found at ${dev}`;

function xml(tokens: Array<[number, string]>, markables = '', relations = ''): string {
  const body = tokens.map(([sentence, text], i) => `<token number="${i}" sentence="${sentence}" t_id="${i + 1}">${text}</token>`).join('\n');
  return `<?xml version="1.0" ?><Document doc_id="1" doc_name="test" lang="en">\n${body}\n<Markables>${markables}</Markables><Relations>${relations}</Relations></Document>`;
}

describe('readMeantimeDocument', () => {
  it('detokenises, and makes title and date line paragraphs of their own', () => {
    const words: Array<[number, string]> = [
      [0, 'Boeing'],
      [0, 'wins'],
      [1, 'March'],
      [1, '1'],
      [1, ','],
      [1, '2008'],
      ...["He", "said", "``", "it", "&apos;s", "not", "is", "n&apos;t", "$", "5", "(", "yes", ")", "&quot;", "ok", "&quot;", ",", "''", ".", "The", "Beatles", "'", "label", ":", "fine", "!"]
        .map((t): [number, string] => [2, t]),
    ];
    const markables =
      '<ENTITY_MENTION m_id="10" syntactic_type="NAM"><token_anchor t_id="1"/></ENTITY_MENTION>' +
      '<ENTITY m_id="11" ent_type="ORG"/>' +
      '<TIMEX3 m_id="20" functionInDocument="CREATION_TIME" type="DATE" value="2008-03-01"><token_anchor t_id="3"/><token_anchor t_id="4"/><token_anchor t_id="5"/><token_anchor t_id="6"/></TIMEX3>' +
      '<TIMEX3 m_id="21" functionInDocument="NONE" type="DATE" value="2008-03-01"><token_anchor t_id="3"/><token_anchor t_id="4"/></TIMEX3>' +
      '<TIMEX3 m_id="22" functionInDocument="NONE" type="DATE" value="XXXX"></TIMEX3>';
    const relations = '<REFERS_TO r_id="1"><source m_id="10"/><target m_id="11"/></REFERS_TO>';
    const document = readMeantimeDocument(xml(words, markables, relations), 'test.xml');
    assert.equal(document.text, 'Boeing wins\n\nMarch 1, 2008\n\nHe said \u201Cit\'s not isn\'t $5 (yes) "ok",\u201D. The Beatles\' label: fine!');
    assert.equal(normaliseText(document.text).text, document.text);
    assert.equal(document.published, '2008-03-01');
    assert.deepEqual(document.creationSpan, { start: 13, end: 26 });
    assert.deepEqual(
      document.mentions.map((m) => [m.text, m.syntacticType, m.entityType]),
      [['Boeing', 'NAM', 'ORG']],
    );
    // The creation time and the TIMEX3 without tokens are skipped.
    assert.deepEqual(
      document.times.map((t) => [t.text, t.value]),
      [['March 1', '2008-03-01']],
    );
  });
});

describe('scoreMentions', () => {
  const gold = [
    { span: { start: 0, end: 5 }, cls: 'PER' },
    { span: { start: 10, end: 20 }, cls: 'ORG' },
    { span: { start: 30, end: 35 }, cls: 'LOC' },
  ];
  const predicted = [
    { span: { start: 0, end: 3 }, cls: 'PER' }, // overlap hit, not exact
    { span: { start: 10, end: 20 }, cls: 'ORG' }, // exact hit
    { span: { start: 30, end: 35 }, cls: 'PER' }, // wrong class
    { span: { start: 40, end: 45 }, cls: 'LOC' }, // nothing there
  ];

  it('scores overlap and exact matches, micro and per class', () => {
    const overlap = scoreMentions([{ gold, predicted }], 'overlap');
    assert.equal(overlap.matched, 2);
    assert.equal(overlap.precision, 2 / 4);
    assert.equal(overlap.recall, 2 / 3);
    assert.ok(Math.abs(overlap.f1 - (2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3)) < 1e-12);
    assert.deepEqual(overlap.byType.PER, { precision: 0.5, recall: 1, f1: 2 / 3, gold: 1, predicted: 2, matched: 1 });
    assert.deepEqual(overlap.byType.LOC, { precision: 0, recall: 0, f1: 0, gold: 1, predicted: 1, matched: 0 });
    const exact = scoreMentions([{ gold, predicted }], 'exact');
    assert.equal(exact.matched, 1);
    assert.equal(exact.byType.ORG.f1, 1);
    assert.equal(exact.byType.PER.matched, 0);
  });

  it('matches one-to-one, largest overlap first', () => {
    const pairs = matchSpans(
      [{ span: { start: 0, end: 10 }, cls: 'ORG' }],
      [
        { span: { start: 0, end: 2 }, cls: 'ORG' },
        { span: { start: 2, end: 10 }, cls: 'ORG' },
      ],
      'overlap',
    );
    assert.deepEqual(pairs, [[0, 1]]);
    assert.deepEqual(matchSpans([{ span: { start: 0, end: 4 }, cls: 'ORG' }], [{ span: { start: 0, end: 4 }, cls: 'LOC' }], 'overlap', false), [[0, 0]]);
  });
});

describe('timeErrors', () => {
  // "Boeing wins" / "March 1, 2008" / "Sales rose in February from the same period last year on Tuesday ."
  const words: Array<[number, string]> = [
    [0, 'Boeing'], [0, 'wins'], [1, 'March'], [1, '1'], [1, ','], [1, '2008'],
    ...['Sales', 'rose', 'in', 'February', 'from', 'the', 'same', 'period', 'last', 'year', 'on', 'Tuesday', '.'].map((t): [number, string] => [2, t]),
  ];
  const timex = (id: number, value: string, type: string, tokens: number[], fn = 'NONE'): string =>
    `<TIMEX3 m_id="${id}" functionInDocument="${fn}" type="${type}" value="${value}">${tokens.map((t) => `<token_anchor t_id="${t}"/>`).join('')}</TIMEX3>`;
  const markables =
    timex(20, '2008-03-01', 'DATE', [3, 4, 5, 6], 'CREATION_TIME') +
    timex(21, '2008-02', 'DATE', [10]) + // February: right
    timex(22, '2007-02', 'DATE', [12, 13, 14, 15, 16]) + // the same period last year: wrong value
    timex(23, 'P1Y', 'DURATION', [9]); // "in": nobody finds it
  const document = readMeantimeDocument(xml(words, markables), 'doc.xml');
  const at = (text: string): { start: number; end: number } => {
    const start = document.text.indexOf(text);
    return { start, end: start + text.length };
  };
  const time = (text: string, value: string, rule: string): TimeExpression =>
    ({ id: text, span: at(text), text, type: 'DATE', value, precision: 'day', anchor: 'published', resolved: true, rule }) as TimeExpression;
  const article = {
    times: [
      time('March 1, 2008', '2008-03-01', 'times:chrono'), // on the date line: not scored
      time('February', '2008-02', 'times:month'),
      time('last year', '2007', 'times:relative-unit'),
      time('Tuesday', '2008-02-26', 'times:weekday'), // no gold
    ],
  } as unknown as Article;
  const run = { document, article } as unknown as DocumentRun;

  it('lists missed gold, spurious predictions and wrong values, as scoreTimes counts them', () => {
    const [errors] = timeErrors([run]);
    assert.ok(errors);
    assert.equal(errors.path, 'doc.xml');
    assert.equal(errors.published, '2008-03-01');
    assert.deepEqual(
      errors.errors.map((e) => [e.kind, e.gold?.text ?? null, e.gold?.value ?? null, e.predicted?.text ?? null, e.predicted?.value ?? null, e.predicted?.rule ?? null]),
      [
        ['missed', 'in', 'P1Y', null, null, null],
        ['value', 'the same period last year', '2007-02', 'last year', '2007', 'times:relative-unit'],
        ['spurious', null, null, 'Tuesday', '2008-02-26', 'times:weekday'],
      ],
    );
    assert.equal(errors.errors[1]!.sentence, 'Sales rose in February from [the same period last year] on Tuesday.');
    const score = scoreTimes([timeDocument(run)]);
    assert.equal(score.gold - score.matched, 1);
    assert.equal(score.predicted - score.matched, 1);
    assert.equal(Math.round(score.matched * (1 - score.valueAccuracy)), 1);
    const text = formatTimeErrors([errors]);
    assert.match(text, /== doc\.xml \(published 2008-03-01\)/);
    assert.match(text, /VALUE +gold "the same period last year" DATE 2007-02 — we "last year" DATE 2007 \(times:relative-unit\)/);
    assert.match(text, /Time errors: 1 wrong values, 1 missed, 1 spurious/);
  });
});

describe('MEANTIME dev (a few documents)', { skip }, () => {
  it('rebuilds the text so that gold spans point at the tokens', async () => {
    const documents = await readMeantimeFolder(dev, { limit: 3 });
    assert.equal(documents.length, 3);
    const first = documents[0]!;
    assert.match(first.path, /100911_Northrop_Grumman/);
    assert.ok(first.text.startsWith('Northrop Grumman and Airbus parent EADS defeat Boeing for $40 billion US airtanker contract\n\nMarch 01, 2008\n\nNorthrop Grumman'));
    assert.equal(first.published, '2008-03-01');
    for (const document of documents) {
      assert.equal(normaliseText(document.text).text, document.text);
      for (const token of document.tokens) assert.equal(document.text.slice(token.span.start, token.span.end), token.text);
      for (const mention of document.mentions) assert.equal(document.text.slice(mention.span.start, mention.span.end), mention.text);
    }
    const names = first.mentions.filter((m) => m.syntacticType === 'NAM');
    assert.equal(names[0]!.text, 'Northrop Grumman');
    assert.equal(names[0]!.entityType, 'ORG');
    assert.ok(first.mentions.some((m) => m.text === 'EADS' && m.syntacticType === 'NAM' && m.entityType === 'ORG'));
    assert.ok(first.times.every((t) => t.value !== '' && t.text !== ''));
    // MEANTIME annotates the first sentences only (title = 0, date line = 1, ..., 5).
    assert.equal(first.annotated.end, first.sentences[5]!.end);
    assert.ok(first.mentions.every((m) => m.span.end <= first.annotated.end));
  });

  it('scores in 0..1 and lists errors', async () => {
    const result = await evaluateMeantime(dev, { limit: 3 });
    assert.equal(result.documents, 3);
    const scores = [result.entities.precision, result.entities.recall, result.entities.f1, result.entities.exact.f1, result.entities.untypedRecall];
    for (const c of ['PER', 'ORG', 'LOC'] as const) scores.push(result.entities.byType[c].precision, result.entities.byType[c].recall, result.entities.byType[c].f1);
    scores.push(result.times.extentF1, result.times.valueAccuracy);
    for (const score of scores) assert.ok(score >= 0 && score <= 1, `score ${score} out of 0..1`);
    assert.ok(result.entities.gold > 0);
    assert.ok(result.entities.exact.matched <= result.entities.matched);

    const runs = await runMeantime(dev, { limit: 1 });
    const errors = [...meantimeErrors(runs)];
    assert.equal(errors.length, 1);
    for (const error of errors[0]!.errors) assert.match(error.sentence, /\[.+\]/);
  });

  it('lists as many time errors as the time scores imply', async () => {
    const runs = await runMeantime(dev, { limit: 8 });
    const score = scoreTimes(runs.map((run) => timeDocument(run)));
    const errors = timeErrors(runs).flatMap((d) => d.errors);
    const count = (kind: string): number => errors.filter((e) => e.kind === kind).length;
    assert.equal(count('missed'), score.gold - score.matched);
    assert.equal(count('spurious'), score.predicted - score.matched);
    assert.equal(count('value'), Math.round(score.matched * (1 - score.valueAccuracy)));
    for (const error of errors) assert.match(error.sentence, /\[.+\]/);
  });
});
