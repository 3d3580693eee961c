/**
 * Cross-article actor names: folds the spellings of one name together (case, diacritics,
 * transliteration variants such as ou/u, ee/i and doubled letters, legal suffixes of companies) and
 * decides whether two stored entities are the same actor. Pure: no database, no record; the store
 * side lives in `cluster-store.ts`. It must never merge actors of different types or of different
 * known countries.
 */

/** What the resolver knows of an entity. */
export interface ActorName {
  id: string;
  name: string;
  /** PERSON, ORG, GPE, LOC, NORP, MISC. */
  type: string;
  country: string | null;
}

/** The keys an entity is stored and looked up by. */
export interface ActorKeys {
  /** The normalised name, tokens joined by spaces. */
  nameKey: string;
  /** Persons: the surname key; others: the name key without legal suffixes. */
  matchKey: string;
  /** Initials of a name of two words or more (`gm` for General Motors), else null. */
  acronym: string | null;
}

/** A decision that two entities are (or are not) one actor, and why. */
export interface ActorMatch {
  same: boolean;
  /** A short explanation: the rule and the keys compared. */
  reason: string;
}

/** Folds one lower-case, diacritic-free word's transliteration variants to one spelling. */
function foldWord(word: string): string {
  return word
    .replace(/ou|oo/g, 'u')
    .replace(/ee/g, 'i')
    .replace(/ph/g, 'f')
    .replace(/([a-z])\1+/g, '$1')
    .replace(/([^aeiou])y$/, '$1i');
}

/** Words that name a company's legal form, not the company (folded like names are). */
const LEGAL_SUFFIXES = new Set(['inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'llc', 'ltd', 'limited', 'plc', 'spa', 'ag', 'sa', 'nv', 'bv', 'gmbh', 'group', 'holdings', 'the'].map(foldWord));

/** The words of a name, normalised: lower case, no diacritics, no punctuation, transliteration variants folded. */
export function nameTokens(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['\u2019`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '')
    .map(foldWord);
}

/** The keys of an entity's name (see `ActorKeys`). */
export function actorKeys(actor: Pick<ActorName, 'name' | 'type'>): ActorKeys {
  const tokens = nameTokens(actor.name);
  const nameKey = tokens.join(' ');
  if (actor.type === 'PERSON') return { nameKey, matchKey: tokens.at(-1) ?? '', acronym: null };
  const core = tokens.filter((word, i) => i === 0 || !LEGAL_SUFFIXES.has(word));
  const trimmed = core.length > 1 && LEGAL_SUFFIXES.has(core[0]!) ? core.slice(1) : core;
  const matchKey = trimmed.join(' ');
  const acronym = trimmed.length >= 2 ? trimmed.map((word) => word[0]).join('') : null;
  return { nameKey, matchKey, acronym };
}

const countriesCompatible = (a: string | null, b: string | null): boolean => a === null || b === null || a === b;

/**
 * Whether two entities are the same actor. Persons: the same surname key and one name's words
 * contain the other's ("Abu Marzook" in "Mousa Abu Marzook"). Others: the same name key without
 * legal suffixes ("Chrysler LLC" = "Chrysler"), or one is the other's acronym ("GM" = "General
 * Motors"). Always: the same type and no two different known countries.
 */
export function compareActors(a: ActorName, b: ActorName): ActorMatch {
  if (a.id === b.id) return { same: true, reason: 'same entity id' };
  // MISC is a name the entity stage could not type: it may be the same actor as an ORG of that name.
  const typesCompatible = a.type === b.type || (a.type === 'MISC' && b.type === 'ORG') || (a.type === 'ORG' && b.type === 'MISC');
  if (!typesCompatible) return { same: false, reason: `types differ (${a.type}, ${b.type})` };
  if (!countriesCompatible(a.country, b.country)) return { same: false, reason: `countries differ (${a.country}, ${b.country})` };
  const keysA = actorKeys(a);
  const keysB = actorKeys(b);
  if (keysA.nameKey === '' || keysB.nameKey === '') return { same: false, reason: 'empty name' };
  if (a.type === 'PERSON') {
    if (keysA.matchKey !== keysB.matchKey) return { same: false, reason: `surnames differ ("${keysA.matchKey}", "${keysB.matchKey}")` };
    const wordsA = new Set(keysA.nameKey.split(' '));
    const wordsB = new Set(keysB.nameKey.split(' '));
    const [small, large] = wordsA.size <= wordsB.size ? [wordsA, wordsB] : [wordsB, wordsA];
    if ([...small].every((word) => large.has(word))) return { same: true, reason: `person name words contained ("${[...small].join(' ')}" in "${[...large].join(' ')}")` };
    return { same: false, reason: `same surname "${keysA.matchKey}", other words differ` };
  }
  if (keysA.matchKey === keysB.matchKey) return { same: true, reason: `same name key "${keysA.matchKey}"` };
  const compactA = keysA.matchKey.replace(/ /g, '');
  const compactB = keysB.matchKey.replace(/ /g, '');
  if (keysB.acronym !== null && compactA === keysB.acronym && compactA.length >= 2) return { same: true, reason: `"${a.name}" is the acronym of "${b.name}"` };
  if (keysA.acronym !== null && compactB === keysA.acronym && compactB.length >= 2) return { same: true, reason: `"${b.name}" is the acronym of "${a.name}"` };
  return { same: false, reason: `names differ ("${keysA.matchKey}", "${keysB.matchKey}")` };
}
