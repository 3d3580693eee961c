/**
 * Checks the shipped event knowledge files (data/events/cameo.json and dictionary.json) against
 * their schemas and against each other, and measures how many gold PLOVER records (the CAMEO
 * manual examples in ../shared/eval/plover-gsr/dev.json) have a trigger word in the dictionary.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { join } from 'node:path';
import { packageRoot, readKnowledgeFile } from '../../pipeline/resources.js';
import { readShared } from '../../test-support/shared.js';
import {
  CameoFileSchema,
  DictionaryFileSchema,
  type CameoEntry,
  type DictionaryEntry,
  type EventType,
} from './dictionary-schema.js';

const cameo = readKnowledgeFile(join(packageRoot(), 'data', 'events', 'cameo.json'), CameoFileSchema);
const dictionary = readKnowledgeFile(join(packageRoot(), 'data', 'events', 'dictionary.json'), DictionaryFileSchema);
const codes = new Map<string, CameoEntry>(cameo.codes.map((c) => [c.code, c]));

/** GDELT's QuadClass rule by CAMEO root: 01-05 → 1, 06-08 → 2, 09-13 → 3, 14-20 → 4. */
function quadClassOf(code: string): number {
  const root = Number(code.slice(0, 2));
  return root <= 5 ? 1 : root <= 8 ? 2 : root <= 13 ? 3 : 4;
}

function describeEntry(e: DictionaryEntry): string {
  const pattern = [e.particle, e.preposition, e.object?.join('|'), e.complement && `to ${e.complement.join('|')}`].filter(Boolean).join(' ');
  return `${e.lemma}/${e.pos}${pattern ? ` (${pattern})` : ''} → ${e.type} ${e.cameo}`;
}

describe('the CAMEO codebook table (data/events/cameo.json)', () => {
  test('has every root and about 300 codes, each code once', () => {
    const seen = new Set<string>();
    for (const c of cameo.codes) {
      assert.ok(!seen.has(c.code), `duplicate CAMEO code ${c.code}`);
      seen.add(c.code);
    }
    for (let root = 1; root <= 20; root++) assert.ok(seen.has(String(root).padStart(2, '0')), `root ${root} missing`);
    assert.ok(cameo.codes.length >= 290, `only ${cameo.codes.length} codes`);
  });

  test('every sub-code has its parent code', () => {
    for (const c of cameo.codes) {
      if (c.code.length === 2) continue;
      const parent = c.code.length === 4 ? c.code.slice(0, 3) : c.code.slice(0, 2);
      // 4-digit codes hang off a 3-digit code of the same root.
      assert.ok(codes.has(parent), `${c.code} has no parent ${parent}`);
    }
  });

  test('QuadClass follows the root rule and Goldstein lies within -10..+10', () => {
    for (const c of cameo.codes) {
      assert.equal(c.quadClass, quadClassOf(c.code), `QuadClass of ${c.code}`);
      assert.ok(c.goldstein >= -10 && c.goldstein <= 10, `Goldstein of ${c.code}: ${c.goldstein}`);
    }
  });

  test('Goldstein is positive for cooperation and negative for conflict, with the known exceptions', () => {
    // CAMEO's own scale has negative values for a few verbal cooperation codes (pessimistic comment,
    // deny responsibility, appeals for reform or yielding) and for decline comment.
    for (const c of cameo.codes) {
      if (c.quadClass >= 3) assert.ok(c.goldstein < 0, `${c.code} is conflict but scores ${c.goldstein}`);
      if (c.quadClass === 2) assert.ok(c.goldstein > 0, `${c.code} is material cooperation but scores ${c.goldstein}`);
    }
  });

  test('CAMEO 01 maps to STATEMENT, 02 and 10 to REQUEST, 03 to AGREE', () => {
    for (const c of cameo.codes) {
      if (c.code.startsWith('01')) assert.equal(c.plover.type, 'STATEMENT', c.code);
      if (c.code.startsWith('02') || c.code.startsWith('10')) assert.equal(c.plover.type, 'REQUEST', c.code);
      if (c.code.startsWith('03')) assert.equal(c.plover.type, 'AGREE', c.code);
    }
  });
});

describe('the event dictionary (data/events/dictionary.json)', () => {
  test('every entry names a CAMEO code of the codebook', () => {
    for (const e of dictionary.entries) assert.ok(codes.has(e.cameo), `unknown CAMEO code in ${describeEntry(e)}`);
  });

  test("every entry's type is its CAMEO code's PLOVER type, unless its note begins with 'Override:'", () => {
    for (const e of dictionary.entries) {
      const code = codes.get(e.cameo);
      if (!code || code.plover.type === e.type) continue;
      assert.ok(e.note?.startsWith('Override:'), `${describeEntry(e)} but ${e.cameo} is ${code.plover.type}, and no 'Override:' note says why`);
    }
  });

  test('no two entries with the same pattern disagree', () => {
    const seen = new Map<string, DictionaryEntry>();
    for (const e of dictionary.entries) {
      for (const object of e.object ?? ['']) {
        for (const complement of e.complement ?? ['']) {
          const key = [e.lemma, e.pos, e.particle ?? '', e.preposition ?? '', object, complement].join('|');
          const other = seen.get(key);
          assert.ok(!other, `${describeEntry(e)} repeats the pattern of ${other && describeEntry(other)}`);
          seen.set(key, e);
        }
      }
    }
  });

  test('every PLOVER type has at least one trigger', () => {
    const types = new Set(dictionary.entries.map((e) => e.type));
    const expected: EventType[] = [
      'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE',
      'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT', 'STATEMENT',
    ];
    for (const type of expected) assert.ok(types.has(type), `no trigger for ${type}`);
  });

  test('pure speech verbs are not events', () => {
    const speech = new Set(['say', 'tell', 'add', 'note', 'state', 'stress', 'explain', 'report', 'write', 'quote']);
    for (const e of dictionary.entries) assert.ok(!speech.has(e.lemma), `speech verb in the dictionary: ${describeEntry(e)}`);
  });

  test('"call" alone is not an event, but "call for" and "call off" are', () => {
    const calls = dictionary.entries.filter((e) => e.lemma === 'call' && e.pos === 'VERB');
    assert.ok(calls.every((e) => e.particle || e.preposition || e.object || e.complement), 'a bare "call" entry');
    assert.ok(calls.some((e) => e.preposition === 'for' && !e.object && e.type === 'REQUEST'));
    assert.ok(calls.some((e) => e.particle === 'off' && !e.object));
  });

  test('the triggers of a diplomacy news article are present', () => {
    const has = (lemma: string, type: EventType, pos: 'VERB' | 'NOUN' = 'VERB'): void =>
      assert.ok(
        dictionary.entries.some((e) => e.lemma === lemma && e.pos === pos && e.type === type),
        `expected ${lemma}/${pos} → ${type}`,
      );
    has('meet', 'CONSULT');
    has('visit', 'CONSULT');
    has('host', 'CONSULT');
    has('talk', 'CONSULT', 'NOUN');
    has('reject', 'REJECT');
    has('urge', 'REQUEST');
    has('accuse', 'ACCUSE');
    has('condemn', 'ACCUSE');
    has('recognize', 'SUPPORT');
    has('occupy', 'COERCE');
    has('besiege', 'COERCE');
    has('siege', 'COERCE', 'NOUN');
    has('provide', 'AID');
    has('reaffirm', 'AGREE');
    has('withdraw', 'RETREAT');
    has('impose', 'SANCTION');
    has('sanction', 'SANCTION', 'NOUN');
    has('arrest', 'COERCE');
    has('kill', 'ASSAULT');
    has('airstrike', 'ASSAULT', 'NOUN');
    has('protest', 'PROTEST');
    has('ceasefire', 'RETREAT', 'NOUN');
    has('threaten', 'THREATEN');
    has('mobilize', 'MOBILIZE');
    has('announce', 'STATEMENT');
    assert.ok(dictionary.entries.some((e) => e.lemma === 'meet' && e.reciprocal && e.targetPrepositions.includes('with')));
    assert.ok(dictionary.entries.some((e) => e.lemma === 'accuse' && e.preposition === 'of'));
  });
});

// ---- Coverage of the PLOVER gold standard records -----------------------------------------------

interface GoldRecord {
  id: string;
  event: string;
  mode?: string | null;
  eventText: string;
}

/** The GSR is PLOVER 0.5b1: its older type names and the types they became. */
const OLD_NAMES: Record<string, EventType> = {
  DEMAND: 'REQUEST',
  DISAPPROVE: 'ACCUSE',
  INVESTIGATE: 'ACCUSE',
  FIGHT: 'ASSAULT',
};
const COOPERATION: EventType[] = ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT'];
const CONFLICT_ACTS: EventType[] = ['PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'];

/**
 * The dictionary types that can produce a gold type. Besides the renames: AGREE is also any
 * cooperative act stated as a promise or in the future ("will provide aid"), THREATEN any
 * conflictual act so stated ("would blockade"): the coder turns modality into these types, so the
 * trigger is the act's own verb. FIGHT (CAMEO 19/20) included blockades and occupation, now
 * COERCE, and COERCE's modes destroy and (for abductions) detain moved to ASSAULT.
 */
function compatibleTypes(record: GoldRecord): Set<EventType> {
  const type = OLD_NAMES[record.event] ?? (record.event as EventType);
  const out = new Set<EventType>([type]);
  if (type === 'AGREE') COOPERATION.forEach((t) => out.add(t));
  if (type === 'THREATEN') CONFLICT_ACTS.forEach((t) => out.add(t));
  if (record.event === 'FIGHT') out.add('COERCE');
  if (record.event === 'COERCE' && record.mode === 'destroy') out.add('ASSAULT');
  // 0.5b1 COERCE mode detain included kidnapping and hostage-taking, now ASSAULT mode abduct.
  if (record.event === 'COERCE' && record.mode === 'detain') out.add('ASSAULT');
  return out;
}

const IRREGULAR: Record<string, string> = {
  met: 'meet', held: 'hold', sought: 'seek', fought: 'fight', struck: 'strike', shot: 'shoot', beaten: 'beat',
  began: 'begin', begun: 'begin', took: 'take', taken: 'take', gave: 'give', given: 'give', led: 'lead', sent: 'send',
  broke: 'break', broken: 'break', froze: 'freeze', frozen: 'freeze', swore: 'swear', sworn: 'swear', threw: 'throw',
  thrown: 'throw', blew: 'blow', blown: 'blow', withdrew: 'withdraw', withdrawn: 'withdraw', made: 'make', said: 'say',
  says: 'say', told: 'tell', left: 'leave', won: 'win', lost: 'lose', brought: 'bring', kept: 'keep', spoke: 'speak',
  flew: 'fly', went: 'go', gone: 'go', came: 'come', saw: 'see', paid: 'pay', laid: 'lay', forgave: 'forgive',
  overran: 'overrun', undertook: 'undertake', bought: 'buy', fled: 'flee',
};

/** Candidate lemmas of a word: the word itself plus simple suffix strippings (-s, -es, -ed, -ing). */
function candidateLemmas(word: string): string[] {
  const w = word.toLowerCase().replace(/[^a-z-]/g, '');
  if (!w) return [];
  const out = new Set<string>([w]);
  const irregular = IRREGULAR[w];
  if (irregular) out.add(irregular);
  const stem = (suffix: string): string | undefined => (w.endsWith(suffix) && w.length >= suffix.length + 2 ? w.slice(0, -suffix.length) : undefined);
  for (const suffix of ['s', 'es', 'ed', 'd', 'ing']) {
    const base = stem(suffix);
    if (!base) continue;
    out.add(base);
    if (suffix === 'ing' || suffix === 'ed') out.add(`${base}e`);
    // shipped → ship, shelling → shell stays, dropping a doubled final consonant
    if (/([b-df-hj-np-tv-z])\1$/.test(base)) out.add(base.slice(0, -1));
  }
  if (w.endsWith('ied') || w.endsWith('ies')) out.add(`${w.slice(0, -3)}y`);
  if (w.endsWith('ication')) out.add(w.replace(/ication$/, 'y'));
  return [...out];
}

describe('coverage of the PLOVER gold standard records (../shared/eval/plover-gsr/dev.json)', () => {
  const gold = JSON.parse(readShared('eval', 'plover-gsr', 'dev.json')) as GoldRecord[];
  const byLemma = new Map<string, Set<EventType>>();
  for (const e of dictionary.entries) {
    const types = byLemma.get(e.lemma) ?? new Set<EventType>();
    types.add(e.type);
    byLemma.set(e.lemma, types);
  }

  test('at least 85% of the gold records have a trigger word with a compatible type', () => {
    const missed: string[] = [];
    for (const record of gold) {
      const compatible = compatibleTypes(record);
      const words = record.eventText.split(/\s+/);
      const hit = words.some((word) => candidateLemmas(word).some((lemma) => [...(byLemma.get(lemma) ?? [])].some((t) => compatible.has(t))));
      if (!hit) missed.push(`${record.id} ${record.event}: "${record.eventText}"`);
    }
    const coverage = (gold.length - missed.length) / gold.length;
    console.log(`PLOVER GSR trigger coverage: ${gold.length - missed.length}/${gold.length} = ${(coverage * 100).toFixed(1)}%`);
    if (missed.length) console.log(`not covered:\n  ${missed.join('\n  ')}`);
    assert.ok(gold.length > 100, `only ${gold.length} gold records`);
    assert.ok(coverage >= 0.85, `coverage ${(coverage * 100).toFixed(1)}% is below 85%`);
  });
});
