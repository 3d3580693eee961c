import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actorKeys, compareActors, nameTokens, type ActorName } from './actor-names.js';

const person = (id: string, name: string, country: string | null = null): ActorName => ({ id, name, type: 'PERSON', country });
const org = (id: string, name: string, country: string | null = null): ActorName => ({ id, name, type: 'ORG', country });

describe('cross-article actor names', () => {
  it('folds case, diacritics and transliteration variants of one name to the same words', () => {
    assert.deepEqual(nameTokens('Abu Marzook'), nameTokens('Abu Marzouk'));
    assert.deepEqual(nameTokens('Mousa Abu Marzook'), nameTokens('MUSA ABU MARZUK'));
    assert.deepEqual(nameTokens('Recep Tayyip Erdoğan'), nameTokens('Recep Tayip Erdogan'));
    assert.deepEqual(nameTokens('Yousef Haddad'), nameTokens('Yusef Hadad'));
  });

  it('merges spelling variants of one person and a shorter form of the name', () => {
    assert.equal(compareActors(person('a', 'Abu Marzook'), person('b', 'Abu Marzouk')).same, true);
    assert.equal(compareActors(person('a', 'Mousa Abu Marzook'), person('b', 'Abu Marzook')).same, true);
    assert.equal(compareActors(person('a', 'Barack Obama', 'USA'), person('b', 'Obama')).same, true);
  });

  it('keeps apart different people with the same surname, in different countries or with other first names', () => {
    assert.equal(compareActors(person('a', 'Ahmed Khan', 'PAK'), person('b', 'Ahmed Khan', 'IND')).same, false);
    assert.equal(compareActors(person('a', 'George Bush'), person('b', 'Jeb Bush')).same, false);
    assert.equal(compareActors(person('a', 'Abu Marzook'), person('b', 'Abu Marzook')).same, true, 'the same name, no country known');
  });

  it('never merges actors of different types', () => {
    assert.equal(compareActors(person('a', 'Jordan'), { id: 'country:JOR', name: 'Jordan', type: 'GPE', country: 'JOR' }).same, false);
  });

  it('matches companies without their legal form, and an acronym with its full name', () => {
    assert.equal(actorKeys({ name: 'Fiat Group SpA', type: 'ORG' }).matchKey, 'fiat');
    assert.equal(compareActors(org('a', 'Chrysler LLC'), org('b', 'Chrysler')).same, true);
    assert.equal(compareActors(org('a', 'GM'), org('b', 'General Motors')).same, true);
    assert.equal(compareActors(org('a', 'Apple Corps'), org('b', 'Apple Computer')).same, false);
  });
});
