import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseEvent, compareMentions, type MentionFeatures } from './event-similarity.js';

const meeting = (overrides: Partial<MentionFeatures>): MentionFeatures => ({
  articleId: 'a',
  localId: 'e1',
  sentence: 0,
  type: 'CONSULT',
  cameo: '040',
  source: 'person:sergei-lavrov',
  target: 'person:mousa-abu-marzook',
  reciprocal: true,
  place: 'city:moscow',
  date: '2024-05-09',
  dated: true,
  negated: false,
  modality: 'asserted',
  ...overrides,
});

describe('event mention similarity', () => {
  it('matches two reports of one meeting on the same day, and says why', () => {
    const comparison = compareMentions(meeting({}), meeting({ articleId: 'b', source: 'person:mousa-abu-marzook', target: 'person:sergei-lavrov', place: null }));
    assert.equal(comparison.compatible, true);
    assert.equal(comparison.actorMatches, 2);
    assert.deepEqual(comparison.verdicts.map((v) => v.feature), ['type', 'actors', 'date']);
  });

  it('refuses a meeting a month later, other actors, another city or a negated report', () => {
    assert.equal(compareMentions(meeting({}), meeting({ articleId: 'b', date: '2024-06-11' })).compatible, false);
    assert.equal(compareMentions(meeting({}), meeting({ articleId: 'b', target: 'person:ismail-haniyeh' })).compatible, false);
    assert.equal(compareMentions(meeting({}), meeting({ articleId: 'b', place: 'city:doha' })).compatible, false);
    assert.equal(compareMentions(meeting({}), meeting({ articleId: 'b', negated: true })).compatible, false);
  });

  it('lets an undated report published the next day join, but not one published a month later', () => {
    assert.equal(compareMentions(meeting({}), meeting({ articleId: 'b', date: '2024-05-10', dated: false })).compatible, true);
    assert.equal(compareMentions(meeting({}), meeting({ articleId: 'b', date: '2024-06-10', dated: false })).compatible, false);
    assert.equal(compareMentions(meeting({}), meeting({ articleId: 'b', date: '2024-05' })).compatible, true, 'a month contains the day');
  });

  it('needs an actor known on both sides to join, and keeps two events of one sentence apart', () => {
    const anonymous = meeting({ articleId: 'b', source: null, target: null });
    assert.equal(chooseEvent(anonymous, [{ id: 'ev:1', mentions: [meeting({})] }]).event, null);
    assert.equal(compareMentions(meeting({}), meeting({ localId: 'e2', cameo: '043' })).compatible, false);
  });

  it('joins the best-scoring compatible event, and refuses one that any of its mentions contradicts', () => {
    const sameDay = { id: 'ev:b', mentions: [meeting({ articleId: 'x' })] };
    const nextDay = { id: 'ev:a', mentions: [meeting({ articleId: 'y', date: '2024-05-10', dated: false })] };
    const contradicted = { id: 'ev:0', mentions: [meeting({ articleId: 'z' }), meeting({ articleId: 'w', place: 'city:doha' })] };
    const decision = chooseEvent(meeting({ articleId: 'c' }), [nextDay, sameDay, contradicted]);
    assert.equal(decision.event, 'ev:b');
    assert.ok(decision.refused.some((r) => r.startsWith('ev:0: places differ')));
  });
});
