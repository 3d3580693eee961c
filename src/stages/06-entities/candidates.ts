/**
 * Mention candidates in one sentence, from the gazetteers and from the name rules. Each candidate
 * names the rule that found it. Order of passes: gazetteer names (longest first), demonym phrases
 * ("the Russian side", "the Russian embassy in Tel Aviv"), titles before names ("Deputy Foreign
 * Minister Mikhail Bogdanov"), then capitalised sequences the gazetteers do not hold.
 */
import type { EntityType, MentionKind, Sentence } from '../../core/record.js';
import { surfaceKey, type Knowledge } from './knowledge.js';
import type { GazetteerEntry } from './gazetteer-schema.js';

export interface Candidate {
  start: number;
  end: number;
  sentence: number;
  firstToken: number;
  lastToken: number;
  kind: MentionKind;
  type: EntityType;
  /** Gazetteer entry id, for names the gazetteers hold. */
  entryId?: string;
  /** Country entry id a demonym phrase stands for ("the Russian side" → country:RUS). */
  countryId?: string;
  /** For rule-found names: the name as written (without "the"). */
  name?: string;
  sector?: string;
  role?: { title: string; sector?: string; ofCandidate?: Candidate; start: number; end: number };
  /** Organisation named by a possessive or demonym before it ("Russia's Foreign Ministry"). */
  ownerCandidate?: Candidate;
  rule: string;
}

const UPPER_START = /^\p{Lu}/u;
const HAS_LOWER = /\p{Ll}/u;
const POSSESSIVE = /^['\u2019]s?$/;
const CONNECTORS = new Set(['of', 'for', 'on', 'and', '&', 'de', 'du', 'des', 'the']);
const MONTH_SURNAMES = new Set(['may', 'june', 'april', 'august']);
const OPENING_PUNCTUATION = /^["\u201C\u2018'([\u00AB:\u2014\u2013-]$/;

export interface SentenceView {
  text: string;
  sentence: Sentence;
  index: number;
  /** Character ranges excluded from matching (the dateline). */
  excluded?: { start: number; end: number };
}

/** Whether `a` and `b` differ by at most one edit (insertion, deletion, substitution or swap of neighbours). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Known people by the lower-cased last word of their name and aliases. */
const surnameIndexes = new WeakMap<Knowledge, Map<string, GazetteerEntry[]>>();
function surnameIndex(knowledge: Knowledge): Map<string, GazetteerEntry[]> {
  let index = surnameIndexes.get(knowledge);
  if (!index) {
    index = new Map();
    for (const entry of knowledge.entries.values()) {
      if (entry.type !== 'PERSON') continue;
      for (const name of new Set([entry.name, ...entry.aliases].map((n) => n.split(/\s+/).pop()!.toLowerCase()))) {
        if (name.length < 6) continue;
        const list = index.get(name) ?? [];
        list.push(entry);
        index.set(name, list);
      }
    }
    surnameIndexes.set(knowledge, index);
  }
  return index;
}

/**
 * The one person the gazetteer knows whose surname (six letters or more) is at most one edit from
 * the last of `words` (six letters or more, or five with a given name; same first letter) and whose
 * other names, if `words` gives any, include its first word exactly: a misspelt leader after a
 * title. Undefined when none or several match.
 */
function nearKnownPerson(words: readonly string[], knowledge: Knowledge): GazetteerEntry | undefined {
  const last = words[words.length - 1]!.toLowerCase();
  // A five-letter surname only with a given name that matches too ("Laurent Gbago").
  if (last.length < (words.length > 1 ? 5 : 6)) return undefined;
  const found = new Set<GazetteerEntry>();
  for (const [surname, entries] of surnameIndex(knowledge)) {
    if (surname[0] !== last[0] || surname === last || !withinOneEdit(surname, last)) continue;
    for (const entry of entries) {
      const given = words.length > 1 ? words[0]!.toLowerCase() : undefined;
      if (given && ![entry.name, ...entry.aliases].some((n) => n.toLowerCase().split(/\s+/).includes(given))) continue;
      found.add(entry);
    }
  }
  return found.size === 1 ? [...found][0] : undefined;
}

export function findCandidates(view: SentenceView, knowledge: Knowledge): Candidate[] {
  const { text, sentence, index } = view;
  const tokens = sentence.tokens;
  const words = tokens.map((token) => text.slice(token.span.start, token.span.end));
  const taken = new Array<boolean>(tokens.length).fill(false);
  if (view.excluded) {
    tokens.forEach((token, i) => {
      if (token.span.start < view.excluded!.end && view.excluded!.start < token.span.end) taken[i] = true;
    });
  }
  const candidates: Candidate[] = [];
  const make = (first: number, last: number, fields: Omit<Candidate, 'start' | 'end' | 'sentence' | 'firstToken' | 'lastToken'>): Candidate => ({
    start: tokens[first]!.span.start,
    end: tokens[last]!.span.end,
    sentence: index,
    firstToken: first,
    lastToken: last,
    ...fields,
  });
  const keyOf = (first: number, last: number): string => surfaceKey(text.slice(tokens[first]!.span.start, tokens[last]!.span.end));
  // Per-token facts computed once: this function runs for every sentence of every article.
  const lowerWords = words.map((w) => w.toLowerCase());
  const upperStart = words.map((w) => UPPER_START.test(w));
  const lower = (i: number): string => lowerWords[i] ?? '';
  const isSentenceStart = (i: number): boolean => i === 0 || OPENING_PUNCTUATION.test(words[i - 1] ?? '');

  const headOf = (first: number, last: number): { type: EntityType; sector?: string; rule: string } | undefined => {
    const word = words[last] ?? '';
    if (last <= first) return undefined;
    if (knowledge.list('facilityHeads').has(word.toLowerCase())) return { type: 'LOC', rule: 'entities:facility-head' };
    if (knowledge.list('workHeads').has(word.toLowerCase())) return { type: 'MISC', rule: 'entities:work-head' };
    if (knowledge.organisationHeads.has(word.toLowerCase())) {
      const sector = knowledge.organisationHeads.get(word.toLowerCase());
      return { type: 'ORG', rule: 'entities:organisation-head', ...(sector ? { sector } : {}) };
    }
    return undefined;
  };
  const titleWords = knowledge.titleFirstWords;
  /**
   * A known name followed by more capitalised words is part of a longer name: "Apple Computer",
   * "Chrysler Group", "Moscow State University", "Airbus A380" (a product), "United States Government".
   * Titles ("US President"), possessives and other known names end the extension.
   */
  const extendName = (first: number, last: number, type: EntityType): Candidate | undefined => {
    let end = last;
    const modelNumber = /^\p{Lu}*\d+[\p{L}\d-]*$/u;
    while (end + 1 < tokens.length && !taken[end + 1]) {
      const word = words[end + 1] ?? '';
      const key = surfaceKey(word);
      const nameWord = UPPER_START.test(word) && !knowledge.list('notNames').has(word.toLowerCase()) && !titleWords.has(key) && !knowledge.demonyms.has(key) && !knowledge.names.has(key);
      if (!nameWord && !(modelNumber.test(word) && /\d/.test(word))) break;
      end++;
    }
    if (end === last) return undefined;
    const name = text.slice(tokens[first]!.span.start, tokens[end]!.span.end);
    const tail = words.slice(last + 1, end + 1);
    const entryId = knowledge.names.get(keyOf(first, last))?.[0];
    if (tail.some((w) => /\d/.test(w)) && type === 'ORG') return make(first, end, { kind: 'name', type: 'MISC', name, rule: 'entities:product-model' });
    const tailKey = tail.join(' ').toLowerCase();
    if (type === 'GPE' && entryId?.startsWith('country:') && knowledge.list('governanceNouns').has(tailKey)) {
      return make(first, end, { kind: 'name', type: 'ORG', entryId, countryId: entryId, rule: 'entities:country-government' });
    }
    const head = headOf(first, end);
    if (head) {
      const countryId = type === 'GPE' && entryId?.startsWith('country:') ? entryId : undefined;
      return make(first, end, { kind: 'name', type: head.type, name, rule: head.rule, ...(head.sector ? { sector: head.sector } : {}), ...(countryId ? { countryId } : {}) });
    }
    if (type === 'ORG') return make(first, end, { kind: 'name', type: 'ORG', name, rule: 'entities:organisation-extended' });
    return undefined;
  };

  // 1. Gazetteer names, longest first.
  for (let i = 0; i < tokens.length; i++) {
    if (taken[i]) continue;
    const word = words[i] ?? '';
    // Most tokens are lowercase words; few names start with one ("al-Quds").
    if (!upperStart[i] && !knowledge.lowercaseNameStarts.has(word) && !/^\d/.test(word)) continue;
    let startWords = knowledge.nameStarts.get(word) ?? 0;
    if (startWords === 0 && (word.includes('-') || word.includes('.') || word.includes('\u2019'))) {
      const keyed = surfaceKey(word);
      startWords = Math.max(knowledge.nameStarts.get(keyed) ?? 0, knowledge.nameStarts.get(keyed.replace(/[^\p{L}\d].*$/u, '')) ?? 0);
    }
    // Tokens can be finer than words ("U.S." may be "U.S" + "."), so allow a few more tokens than words.
    const maxTokens = startWords === 0 ? 0 : startWords + 3;
    // The longest span worth looking up: stop at the first word boundary whose text begins no name.
    let viable = 0;
    for (let length = 1; length <= Math.min(maxTokens, tokens.length - i); length++) {
      const end = i + length - 1;
      if (taken[end]) break;
      const atBoundary = end + 1 >= tokens.length || tokens[end + 1]!.span.start > tokens[end]!.span.end;
      if (atBoundary && length > 1) {
        const key = keyOf(i, end);
        if (!knowledge.namePrefixes.has(key) && !knowledge.names.has(key)) break;
      }
      viable = length;
    }
    for (let length = viable; length >= 1; length--) {
      let last = i + length - 1;
      if (taken[last]) continue;
      const ids = knowledge.names.get(keyOf(i, last));
      if (!ids || ids.length === 0) continue;
      const entry = knowledge.entries.get(ids[0]!)!;
      // A sentence-initial common word that happens to be a place name ("Nice", "Split") is not one;
      // organisations keep their names there even when tagged otherwise ("Boeing unveils ...").
      const isPlace = entry.type === 'GPE' || entry.type === 'LOC';
      if (length === 1 && isPlace && isSentenceStart(i) && tokens[i]!.pos !== 'PROPN' && !knowledge.names.has(lower(i))) {
        if (HAS_LOWER.test(words[i]!) && tokens[i]!.pos !== 'NOUN') break;
      }
      const longer = extendName(i, last, entry.type);
      if (longer) {
        candidates.push(longer);
        last = longer.lastToken;
      } else candidates.push(make(i, last, { kind: 'name', type: entry.type, entryId: entry.id, rule: 'entities:gazetteer' }));
      for (let j = i; j <= last; j++) taken[j] = true;
      i = last;
      break;
    }
    // "Ramallah-based", "US-led": a place name glued to a lowercase suffix.
    if (!taken[i] && (words[i] ?? '').includes('-')) {
      const cut = words[i]!.lastIndexOf('-');
      const suffix = words[i]!.slice(cut + 1).toLowerCase();
      const ids = knowledge.names.get(surfaceKey(words[i]!.slice(0, cut)));
      if (ids && knowledge.list('hyphenSuffixes').has(suffix)) {
        const entry = knowledge.entries.get(ids[0]!)!;
        const start = tokens[i]!.span.start;
        candidates.push({ ...make(i, i, { kind: 'name', type: entry.type, entryId: entry.id, rule: 'entities:gazetteer-hyphenated' }), end: start + cut });
        taken[i] = true;
      }
    }
  }
  const endingAt = (tokenIndex: number): Candidate | undefined => candidates.find((c) => c.lastToken === tokenIndex && c.sentence === index);

  // 2. Demonym phrases.
  for (let i = 0; i < tokens.length; i++) {
    if (taken[i]) continue;
    if (!upperStart[i]) continue;
    // Two-word demonyms first ("South Korean", "New Zealander", "Saudi Arabian").
    const twoWord = i + 1 < tokens.length && !taken[i + 1] ? knowledge.demonyms.get(`${words[i]} ${words[i + 1]}`) : undefined;
    if (twoWord) {
      candidates.push(make(i, i + 1, { kind: 'name', type: 'NORP', countryId: twoWord, rule: 'entities:demonym-adjective' }));
      taken[i] = taken[i + 1] = true;
      i++;
      continue;
    }
    const countryId = knowledge.demonyms.get(words[i] ?? '');
    if (!countryId) continue;
    const country = knowledge.entries.get(countryId)!;
    // "the Russian side", "the Israeli government"
    const next = i + 1 < tokens.length ? lower(i + 1) : '';
    const previous = i > 0 ? lower(i - 1) : '';
    if (next && !taken[i + 1] && knowledge.list('governanceNouns').has(next)) {
      // "the Russian government", "Australian government announces": the government of that country.
      const first = previous === 'the' ? i - 1 : i;
      candidates.push(make(first, i + 1, { kind: 'nominal', type: 'ORG', countryId, rule: 'entities:demonym-government' }));
      taken[i] = taken[i + 1] = true;
      continue;
    }
    if (previous === 'the' && knowledge.list('collectiveNouns').has(next) && !taken[i + 1]) {
      candidates.push(make(i - 1, i + 1, { kind: 'nominal', type: country.type, entryId: countryId, countryId, rule: 'entities:demonym-collective' }));
      taken[i] = taken[i + 1] = true;
      continue;
    }
    // "Russian embassy", "Russian Foreign Ministry", optionally "in Tel Aviv"
    let headAt = -1;
    for (let j = i + 1; j < Math.min(tokens.length, i + 5) && !taken[j]; j++) {
      const capitalised = UPPER_START.test(words[j] ?? '');
      // Capitalised heads ("Foreign Ministry") always; lowercase ones only for state institutions ("embassy", not "company").
      if (knowledge.organisationHeads.has(lower(j)) && (capitalised || knowledge.list('institutionHeads').has(lower(j)))) headAt = j;
      else if (knowledge.list('institutionHeads').has(lower(j))) headAt = j;
      else if (!capitalised) break;
    }
    if (headAt > 0) {
      let last = headAt;
      if (lower(headAt + 1) === 'in') {
        const place = candidates.find((c) => c.firstToken === headAt + 2 && c.entryId && (c.type === 'GPE' || c.type === 'LOC'));
        if (place) last = place.lastToken;
      }
      const name = text.slice(tokens[i]!.span.start, tokens[last]!.span.end);
      const sector = knowledge.organisationHeads.get(lower(headAt)) || undefined;
      candidates.push(make(i, last, { kind: 'name', type: 'ORG', name, countryId, ...(sector ? { sector } : {}), rule: 'entities:demonym-organisation' }));
      for (let j = i; j <= headAt; j++) taken[j] = true;
      continue;
    }
    const plural = (words[i] ?? '').endsWith('s') && tokens[i]!.pos !== 'ADJ';
    candidates.push(make(i, i, { kind: 'name', type: 'NORP', countryId, rule: plural ? 'entities:demonym-people' : 'entities:demonym-adjective' }));
    taken[i] = true;
  }

  // 3. Titles before names.
  const titleEnds = new Map<number, { title: string; sector?: string; start: number; end: number; ofCandidate?: Candidate }>();
  for (let i = 0; i < tokens.length; i++) {
    if (taken[i]) continue;
    let j = i;
    while (j < tokens.length && !taken[j] && knowledge.titleModifiers.has(words[j] ?? '')) j++;
    if (!titleWords.has(words[j] ?? '')) continue;
    for (let length = Math.min(knowledge.maxTitleWords + 2, tokens.length - j); length >= 1; length--) {
      const last = j + length - 1;
      if (last + 1 >= tokens.length || taken[last]) continue;
      const info = knowledge.titles.get(keyOf(j, last));
      if (!info) continue;
      // A title counts only before a capitalised name.
      // A person the gazetteer knows ("US President Donald Trump") takes the title as a role.
      const knownPerson = taken[last + 1] ? candidates.find((c) => c.firstToken === last + 1 && c.type === 'PERSON' && c.entryId) : undefined;
      if (!UPPER_START.test(words[last + 1] ?? '') || (taken[last + 1] && !knownPerson)) break;
      let ofCandidate = endingAt(i - 1);
      if (!ofCandidate && POSSESSIVE.test(words[i - 1] ?? '')) ofCandidate = endingAt(i - 2);
      const title = text.slice(tokens[i]!.span.start, tokens[last]!.span.end);
      const role = {
        title,
        ...(info.sector ? { sector: info.sector } : {}),
        start: tokens[i]!.span.start,
        end: tokens[last]!.span.end,
        ...(ofCandidate ? { ofCandidate } : {}),
      };
      if (knownPerson) knownPerson.role = role;
      else titleEnds.set(last, role);
      for (let k = i; k <= last; k++) taken[k] = true;
      i = last;
      break;
    }
  }

  // 4. Capitalised sequences.
  const particles = knowledge.list('nameParticles');
  const notNames = knowledge.list('notNames');
  const isNameWord = (i: number): boolean => {
    const word = words[i] ?? '';
    if (taken[i] || !upperStart[i] || notNames.has(lower(i))) return false;
    if (isSentenceStart(i) && tokens[i]!.pos !== 'PROPN' && tokens[i]!.pos !== 'NOUN') return false;
    return /^\p{Lu}[\p{L}\p{M}'’.\-&]*$/u.test(word);
  };
  // "Theresa May", "Brian June": a month name after a given name is a surname, unless a day number follows.
  const isMonthSurname = (i: number): boolean =>
    !taken[i] &&
    MONTH_SURNAMES.has(lower(i)) &&
    isNameWord(i - 1) &&
    (knowledge.list('givenNames').has(lower(i - 1)) || titleEnds.has(i - 2)) &&
    !/^\d/.test(words[i + 1] ?? '');
  const isParticle = (i: number): boolean => !taken[i] && (particles.has(lower(i)) || /^(al|el|ad|as|an|ash|at|az|ar)-\p{Lu}/u.test(words[i] ?? ''));
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isNameWord(i) && !(isParticle(i) && /^\p{Lu}/u.test(words[i]!) && isNameWord(i + 1))) continue;
    let last = i;
    while (last + 1 < tokens.length && (isNameWord(last + 1) || isMonthSurname(last + 1) || (isParticle(last + 1) && (isNameWord(last + 2) || /-\p{Lu}/u.test(words[last + 1]!))))) last++;
    runs.push([i, last]);
    i = last;
  }
  // Join "Ministry of Foreign Affairs", "Bank of England", "Organisation for ... and Development".
  const isHead = (i: number): boolean => knowledge.organisationHeads.has(lower(i));
  for (let r = 0; r + 1 < runs.length; r++) {
    const [aStart, aEnd] = runs[r]!;
    const [bStart, bEnd] = runs[r + 1]!;
    const gap = words.slice(aEnd + 1, bStart).map((w) => w.toLowerCase());
    if (gap.length === 0 || gap.length > 2 || !gap.every((w) => CONNECTORS.has(w))) continue;
    const headInside = Array.from({ length: bEnd - aStart + 1 }, (_, k) => aStart + k).some(isHead);
    if (!headInside) continue;
    runs.splice(r, 2, [aStart, bEnd]);
    r--;
  }
  const givenNames = knowledge.list('givenNames');
  const commonAcronyms = knowledge.list('commonAcronyms');
  const personVerbs = knowledge.list('personVerbs');
  for (const [first, last] of runs) {
    const name = text.slice(tokens[first]!.span.start, tokens[last]!.span.end);
    const title = titleEnds.get(first - 1);
    const runWords = words.slice(first, last + 1);
    let type: EntityType;
    let rule: string;
    let sector: string | undefined;
    const head = headOf(first, last);
    // A title alone, modifiers and all ("Vice Foreign Minister", "Deputy Prime Minister"), names no one.
    let bare = first;
    while (bare < last && knowledge.titleModifiers.has(words[bare] ?? '')) bare++;
    const titleOnly = knowledge.titles.has(surfaceKey(name)) || (bare > first && knowledge.titles.has(keyOf(bare, last)));
    if (!title && (titleOnly || (runWords.length === 1 && /^\p{Lu}{2,6}$/u.test(runWords[0]!) && commonAcronyms.has(runWords[0]!.toLowerCase())))) continue;
    if (title) {
      type = 'PERSON';
      rule = 'entities:title-name';
    } else if (runWords.length === 2 && givenNames.has(runWords[0]!.toLowerCase()) && !head?.rule.includes('facility')) {
      type = 'PERSON';
      rule = 'entities:given-name';
    } else if (head) {
      type = head.type;
      rule = head.rule;
      sector = head.sector;
    } else if (runWords.slice(0, -1).some((w) => particles.has(w.toLowerCase()) || /^(al|el)-/i.test(w)) && runWords.length >= 2) {
      type = 'PERSON';
      rule = 'entities:name-particle';
    } else if (givenNames.has(runWords[0]!.toLowerCase()) && runWords.length >= 2) {
      type = 'PERSON';
      rule = 'entities:given-name';
    } else if (runWords.length === 1 && /^\p{Lu}{2,6}$/u.test(runWords[0]!)) {
      type = 'ORG';
      rule = 'entities:acronym';
    } else if (runWords.length >= 2 && runWords.length <= 3 && runWords.every((w) => HAS_LOWER.test(w)) && tokens.slice(first, last + 1).every((t) => t.pos === 'PROPN') && !runWords.some((w) => isHead(first + runWords.indexOf(w)))) {
      type = 'PERSON';
      rule = 'entities:proper-name-sequence';
    } else if (personVerbs.has(lower(last + 1)) && runWords.length <= 3) {
      type = 'PERSON';
      rule = 'entities:speaker-name';
    } else {
      type = 'MISC';
      rule = 'entities:capitalised-name';
    }
    // "President Abdelaziz Bouteflicka": a titled name one letter away from a person the gazetteer knows is that person.
    const known = title ? nearKnownPerson(runWords, knowledge) : undefined;
    if (known) {
      const candidate = make(first, last, { kind: 'name', type: 'PERSON', entryId: known.id, rule: 'entities:title-name-near-gazetteer' });
      candidate.role = title!;
      candidates.push(candidate);
      continue;
    }
    // "Russia's Foreign Ministry": the possessive owner gives the country.
    let ownerCandidate: Candidate | undefined;
    if (type === 'ORG' && POSSESSIVE.test(words[first - 1] ?? '')) ownerCandidate = endingAt(first - 2);
    const candidate = make(first, last, { kind: 'name', type, name, rule, ...(sector ? { sector } : {}), ...(ownerCandidate ? { ownerCandidate } : {}) });
    if (title) candidate.role = title;
    candidates.push(candidate);
  }
  return candidates.sort((a, b) => a.start - b.start || b.end - a.end);
}
