/**
 * The events stage on the sample article (../shared/samples/hamas-moscow.txt, published 2020-01-22):
 * the targets of issue 4, and a floor under the PLOVER dev scores.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { createPipeline } from '../../index.js';
import type { Article, EventRecord } from '../../core/record.js';
import { formatArticleText } from '../../core/format-text.js';
import { readShared, sharedPath } from '../../test-support/shared.js';
import { evaluatePlover } from '../../../eval/plover.js';

const pipeline = createPipeline();

function triggerOf(article: Article, event: EventRecord): string {
  return article.text.slice(event.trigger.start, event.trigger.end).toLowerCase();
}

function codes(article: Article, actors: EventRecord['source']): string[] {
  return actors.map((a) => a.code ?? article.entities.find((e) => e.id === a.entity)?.code ?? '');
}

function entityIds(event: EventRecord): string[] {
  return [...event.source, ...event.target].map((a) => a.entity ?? '');
}

describe('the sample article (Hamas delegation in Moscow)', () => {
  let article: Article;
  const find = (words: string[], type?: string): EventRecord | undefined =>
    article.events.find((e) => words.some((w) => triggerOf(article, e).split(/\s+/).includes(w)) && (type === undefined || e.type === type));

  before(() => {
    article = pipeline.extract(readShared('samples', 'hamas-moscow.txt'), { published: '2020-01-22' });
  });

  test('the meeting: CONSULT between Hamas and the Russian side, in Moscow, on 2020-01-21', () => {
    const meeting = find(['met'], 'CONSULT');
    assert.ok(meeting, 'a CONSULT event triggered by "met"');
    const all = [...codes(article, meeting.source), ...codes(article, meeting.target)];
    assert.ok(all.includes('PSEREB'), `Hamas (PSEREB) among the actors: ${all.join(', ')}`);
    assert.ok(all.some((c) => c.startsWith('RUS')), `the Russian side (Bogdanov RUSGOV or Russia) among the actors: ${all.join(', ')}`);
    assert.ok(meeting.reciprocal, 'a meeting goes both ways');
    assert.equal(meeting.place?.entity, 'city:moscow');
    assert.equal(meeting.time?.value, '2020-01-21');
    assert.equal(meeting.background, false);
  });

  test('the meeting is the main event, and the text format opens with it', () => {
    const main = article.events.filter((e) => e.main);
    assert.equal(main.length, 1);
    assert.equal(main[0]!.type, 'CONSULT');
    assert.equal(triggerOf(article, main[0]!), 'met');
    assert.ok(article.mainEvent, 'mainEvent is filled');
    assert.match(article.mainEvent.who, /Hamas/);
    assert.match(article.mainEvent.when ?? '', /2020-01-21/);
    assert.equal(article.mainEvent.where, 'Moscow');
    assert.ok(formatArticleText(article).startsWith('Main event'));
  });

  test('the visit: the delegation travelled on Monday (2020-01-20)', () => {
    const visit = find(['travelled', 'traveled']);
    assert.ok(visit, 'an event triggered by "travelled"');
    assert.equal(visit.type, 'CONSULT');
    assert.ok(codes(article, visit.source).includes('PSEREB'));
    assert.equal(visit.time?.value, '2020-01-20');
  });

  test("Russia's intent to aid the Palestinians is AGREE (an intention), Russia → Palestinians", () => {
    const intent = find(['reaffirmed', 'readiness'], 'AGREE');
    assert.ok(intent, 'an AGREE event for the readiness to provide assistance');
    assert.ok(intent.cameo.startsWith('03'), `an expressed intent (CAMEO 03x), got ${intent.cameo}`);
    assert.ok(codes(article, intent.source).some((c) => c.startsWith('RUS')));
    assert.ok(codes(article, intent.target).some((c) => c.startsWith('PSE')));
  });

  test('the siege of Gaza by Israel since 2007 is background', () => {
    const siege = find(['siege']);
    assert.ok(siege, 'an event triggered by "siege"');
    assert.equal(siege.type, 'COERCE');
    assert.ok(codes(article, siege.source).includes('ISR'));
    assert.ok(siege.time?.value.startsWith('2007'), `time ${siege.time?.value}`);
    assert.equal(siege.background, true);
  });

  test('all Palestinian factions, Hamas and the Palestinian Authority among them, rejected the plan (the US plan)', () => {
    const reject = find(['rejected'], 'REJECT');
    assert.ok(reject);
    assert.deepEqual(codes(article, reject.source).sort(), ['PSEGOV', 'PSEREB']);
    // "That plan" is the plan "the US is preparing to unveil", seven sentences before.
    assert.deepEqual(codes(article, reject.target), ['USA']);
  });

  test('Moscow warned Washington: ACCUSE or THREATEN, Russian government → US government', () => {
    const warning = find(['warned']);
    assert.ok(warning);
    assert.ok(['ACCUSE', 'THREATEN'].includes(warning.type), warning.type);
    assert.deepEqual(codes(article, warning.source), ['RUSGOV']);
    assert.deepEqual(codes(article, warning.target), ['USAGOV']);
  });

  test('the Palestinians ending US mediation in 2017 is background', () => {
    const ending = find(['recognizing', 'stopped']);
    assert.ok(ending);
    assert.ok(ending.negated || ['REJECT', 'SANCTION'].includes(ending.type), 'recognition that stopped');
    assert.ok(codes(article, ending.source).includes('PSE'));
    assert.equal(ending.time?.value, '2017');
    assert.equal(ending.background, true);
  });

  test("Trump's recognition of Jerusalem as Israel's capital (2017) is background", () => {
    const recognition = find(['recognized']);
    assert.ok(recognition);
    assert.equal(recognition.type, 'SUPPORT');
    assert.ok(codes(article, recognition.source).includes('USAGOV'));
    assert.ok(entityIds(recognition).includes('person:donald-trump') || recognition.source.some((s) => s.text.includes('Trump')));
    assert.equal(recognition.time?.value, '2017');
    assert.equal(recognition.background, true);
  });

  test('"recognized occupied Jerusalem": the participle describes the city, it is not an occupation by Trump', () => {
    const at = article.text.indexOf('recognized occupied');
    assert.ok(at > 0);
    const occupied = article.events.find((e) => e.trigger.start === at + 'recognized '.length);
    assert.equal(occupied, undefined, `an event at "occupied": ${occupied?.type}`);
    assert.ok(find(['occupied'], 'COERCE'), 'the 1967 occupation is still an event');
  });

  test('no events from "said" or from "read the statement"', () => {
    const triggers = article.events.map((e) => triggerOf(article, e));
    for (const word of ['said', 'says', 'read', 'noted', 'adding']) assert.ok(!triggers.includes(word), `an event triggered by "${word}": ${triggers.join(', ')}`);
  });

  test('an event with no time in its text has no time (the publication date is not assumed)', () => {
    for (const event of article.events) if (event.time) assert.ok(article.times.some((t) => t.id === event.time!.time), `${event.id} links a time expression`);
    const talks = find(['talks']);
    assert.ok(talks);
    assert.equal(talks.time, undefined);
  });
});

describe('PLOVER dev scores do not fall (eval/plover.ts on ../shared/eval/plover-gsr/dev.json)', () => {
  test('type, source country and target country accuracy stay above their floors', () => {
    const result = evaluatePlover(sharedPath('eval', 'plover-gsr', 'dev.json'), (text) => pipeline.extract(text));
    // With the shipped parser model: type 0.854, source country 0.804, target country 0.805, fully correct 0.402
    // (issue targets 0.85 / 0.80 / 0.80). Floors ~2 points below what is reached, to catch regressions.
    assert.ok(result.typeAccuracy >= 0.83, `type accuracy ${result.typeAccuracy}`);
    assert.ok(result.sourceCountryAccuracy >= 0.78, `source country accuracy ${result.sourceCountryAccuracy}`);
    assert.ok(result.targetCountryAccuracy >= 0.78, `target country accuracy ${result.targetCountryAccuracy}`);
    assert.ok(result.fullyCorrect >= 0.38, `fully correct ${result.fullyCorrect}`);
  });
});
