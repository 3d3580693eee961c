/**
 * Entities: turns the mention candidates of every sentence into canonical entities with aliases,
 * codes, roles and places, and resolves within-document references — surnames and short forms
 * ("Bogdanov" → Mikhail Bogdanov), acronyms in parentheses, demonym phrases ("the Russian side" →
 * Russia) and capitals that stand for their government ("Moscow has warned" → the government of
 * Russia, marked as metonym mentions; "talks in Moscow" stays the city).
 */
import type { Article, Entity, EntityType, Mention, Role, Sentence } from '../../core/record.js';
import type { Stage, StageContext } from '../../pipeline/stage.js';
import { findCandidates, type Candidate } from './candidates.js';
import type { GazetteerEntry } from './gazetteer-schema.js';
import { surfaceKey, type Knowledge } from './knowledge.js';

const POSSESSIVE = /^['\u2019]s?$/;

function slug(name: string): string {
  return (
    surfaceKey(name)
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'x'
  );
}

const typePrefix: Record<EntityType, string> = { PERSON: 'person', ORG: 'org', GPE: 'gpe', LOC: 'loc', NORP: 'norp', MISC: 'misc' };

/** Builds entities out of candidates; `knowledge` supplies the canonical entries. */
class EntityBuilder {
  private readonly byId = new Map<string, Entity>();
  constructor(
    private readonly text: string,
    private readonly knowledge: Knowledge,
  ) {}

  get entities(): Entity[] {
    return [...this.byId.values()];
  }

  get(id: string): Entity | undefined {
    return this.byId.get(id);
  }

  fromEntry(entry: GazetteerEntry): Entity {
    let entity = this.byId.get(entry.id);
    if (!entity) {
      const isPlace = entry.type === 'GPE' || entry.type === 'LOC';
      const code = entry.code ?? (entry.country && entry.sector ? entry.country + entry.sector : entry.id.startsWith('country:') ? entry.country : undefined);
      entity = {
        id: entry.id,
        name: entry.name,
        type: entry.type,
        ...(code ? { code } : {}),
        ...(entry.country ? { country: entry.country } : {}),
        ...(entry.sector ? { sector: entry.sector } : {}),
        aliases: [],
        roles: [],
        ...(isPlace && entry.geo ? { geo: { ...entry.geo, feature: entry.feature ?? 'other', ...(entry.country ? { country: entry.country } : {}) } } : {}),
        source: `gazetteer:${entry.id}`,
        mentions: [],
      };
      this.byId.set(entry.id, entity);
    }
    return entity;
  }

  /** The government a country's capital or collective noun stands for: `gov:RUS`, coded RUSGOV. */
  government(iso3: string): Entity {
    const id = `gov:${iso3}`;
    let entity = this.byId.get(id);
    if (!entity) {
      const country = this.knowledge.country(iso3);
      entity = {
        id,
        name: `Government of ${country?.name ?? iso3}`,
        type: 'ORG',
        code: `${iso3}GOV`,
        country: iso3,
        sector: 'GOV',
        aliases: [],
        roles: [],
        source: 'rule:government-of-country',
        mentions: [],
      };
      this.byId.set(id, entity);
    }
    return entity;
  }

  /** The people of a country, for demonyms ("Palestinians", "Israeli wars"). */
  nationality(country: GazetteerEntry): Entity {
    const iso3 = country.country ?? country.id.slice(country.id.indexOf(':') + 1);
    const id = `norp:${iso3}`;
    let entity = this.byId.get(id);
    if (!entity) {
      const demonyms = country.demonyms ?? [];
      const name = demonyms.find((d) => d.endsWith('s')) ?? demonyms[0] ?? country.name;
      entity = { id, name, type: 'NORP', code: iso3, country: iso3, aliases: [], roles: [], source: `gazetteer:${country.id}`, mentions: [] };
      this.byId.set(id, entity);
    }
    return entity;
  }

  fromName(type: EntityType, name: string, rule: string): Entity {
    const base = `${typePrefix[type]}:${slug(name)}`;
    let id = base;
    for (let n = 2; this.knowledge.entries.has(id) || (this.byId.has(id) && this.byId.get(id)!.type !== type); n++) id = `${base}~${n}`;
    let entity = this.byId.get(id);
    if (!entity) {
      entity = { id, name: surfaceKey(name), type, aliases: [], roles: [], source: `rule:${rule.replace(/^entities:/, '')}`, mentions: [] };
      this.byId.set(id, entity);
    }
    return entity;
  }

  addMention(entity: Entity, start: number, end: number, kind: Mention['kind'], rule: string): void {
    const text = this.text.slice(start, end);
    if (entity.mentions.some((m) => m.span.start === start && m.span.end === end)) return;
    entity.mentions.push({ span: { start, end }, text, kind, rule });
    const alias = surfaceKey(text);
    if (kind === 'name' && alias !== entity.name && !entity.aliases.includes(alias)) entity.aliases.push(alias);
  }

  remove(id: string): void {
    this.byId.delete(id);
  }
}

/** Is the capital mention used for its government? Subject of a verb, possessive, or before "regime"/"government". */
function isMetonymic(candidate: Candidate, sentence: Sentence, words: string[], knowledge: Knowledge): boolean {
  const before = (words[candidate.firstToken - 1] ?? '').toLowerCase();
  const beforeTwo = (words[candidate.firstToken - 2] ?? '').toLowerCase();
  const after = words[candidate.lastToken + 1] ?? '';
  const afterToken = sentence.tokens[candidate.lastToken + 1];
  if (knowledge.list('locativePrepositions').has(before)) return false;
  if (before === 'the' && knowledge.list('locativePrepositions').has(beforeTwo) && !knowledge.list('governanceNouns').has(after.toLowerCase())) return false;
  // "Washington's plan" is the government; "London's FTSE 100", "Singapore's Changi Airport" are the place.
  if (POSSESSIVE.test(after)) return !/^\p{Lu}/u.test(words[candidate.lastToken + 2] ?? '');
  if (knowledge.list('governanceNouns').has(after.toLowerCase())) return true;
  // Subject of a verb ("Moscow has warned") or its object ("accused Moscow", "urged Washington").
  if (sentence.tokens[candidate.firstToken - 1]?.pos === 'VERB') return true;
  // The parse's subject of a verb, with words between ("Washington along with its allies demanded", "Beirut again rejected").
  const last = sentence.tokens[candidate.lastToken];
  const head = last && last.head !== null && last.head >= 0 ? sentence.tokens[last.head] : undefined;
  if (last?.deprel === 'nsubj' && head?.pos === 'VERB' && before !== 'the') return true;
  return afterToken !== undefined && (afterToken.pos === 'VERB' || afterToken.pos === 'AUX') && before !== 'the';
}

export function resolveEntities(article: Article, knowledge: Knowledge): Entity[] {
  const builder = new EntityBuilder(article.text, knowledge);
  const excluded = article.dateline?.span;
  const all: Candidate[] = [];
  const wordsBySentence: string[][] = [];
  article.sentences.forEach((sentence, index) => {
    wordsBySentence.push(sentence.tokens.map((t) => article.text.slice(t.span.start, t.span.end)));
    all.push(...findCandidates({ text: article.text, sentence, index, ...(excluded ? { excluded } : {}) }, knowledge));
  });

  // The dateline place.
  if (article.dateline) {
    const place = article.dateline.place;
    const ids = knowledge.names.get(surfaceKey(place.name)) ?? [];
    const entry = ids.map((id) => knowledge.entries.get(id)!).find((e) => e.type === 'GPE' || e.type === 'LOC');
    const entity = entry ? builder.fromEntry(entry) : builder.fromName('GPE', place.name, 'entities:dateline');
    builder.addMention(entity, place.span.start, place.span.end, 'name', 'entities:dateline');
    place.entity = entity.id;
  }

  mergeAppositivePlaces(all, knowledge);

  // Person names: full names first, so surnames and short forms can resolve to them.
  const personNames = all.filter((c) => c.type === 'PERSON' && c.name).sort((a, b) => (b.name!.split(' ').length - a.name!.split(' ').length));
  const personOf = new Map<Candidate, Entity>();
  const personByKey = new Map<string, Entity>();
  // People the gazetteer knows: their surnames and short forms resolve to them too ("Fidan").
  for (const candidate of all) {
    const entry = candidate.entryId && candidate.type === 'PERSON' ? knowledge.entries.get(candidate.entryId) : undefined;
    if (entry) personByKey.set(surfaceKey(entry.name), builder.fromEntry(entry));
  }
  for (const candidate of personNames) {
    const key = surfaceKey(candidate.name!);
    let entity = personByKey.get(key);
    if (!entity) {
      // A short form: the last words of a longer name already seen ("Bogdanov", "Abu Marzook").
      entity = [...personByKey.entries()].find(([full]) => full.endsWith(' ' + key))?.[1];
    }
    entity ??= builder.fromName('PERSON', candidate.name!, candidate.rule);
    personByKey.set(key, entity);
    personOf.set(candidate, entity);
  }
  const shortFormOf = (name: string): Entity | undefined => {
    const key = surfaceKey(name);
    return [...personByKey.entries()].find(([full]) => full === key || full.endsWith(' ' + key))?.[1];
  };

  for (const candidate of all) {
    const words = wordsBySentence[candidate.sentence]!;
    const sentence = article.sentences[candidate.sentence]!;
    let entity: Entity;
    let kind = candidate.kind;
    let rule = candidate.rule;
    if (candidate.entryId && candidate.kind === 'name') {
      const entry = knowledge.entries.get(candidate.entryId)!;
      if (entry.capitalOf && isMetonymic(candidate, sentence, words, knowledge)) {
        entity = builder.government(entry.capitalOf);
        kind = 'metonym';
        rule = 'entities:capital-metonym';
      } else entity = builder.fromEntry(entry);
    } else if (candidate.kind === 'nominal' && candidate.countryId) {
      entity = builder.fromEntry(knowledge.entries.get(candidate.countryId)!);
    } else if (candidate.type === 'NORP' && candidate.countryId) {
      entity = builder.nationality(knowledge.entries.get(candidate.countryId)!);
    } else if (candidate.type === 'PERSON') {
      entity = personOf.get(candidate)!;
    } else {
      // A single capitalised word or short name that is the surname of a person named in the article.
      const person = candidate.type === 'MISC' ? shortFormOf(candidate.name!) : undefined;
      if (person) {
        entity = person;
        rule = 'entities:surname-coreference';
      } else {
        entity = builder.fromName(candidate.type, candidate.name!, candidate.rule);
        const countryId = candidate.countryId ?? (candidate.ownerCandidate?.entryId?.startsWith('country:') ? candidate.ownerCandidate.entryId : undefined);
        const country = countryId ? knowledge.entries.get(countryId) : undefined;
        if (country?.country && !entity.country) entity.country = country.country;
        if (candidate.sector && !entity.sector) entity.sector = candidate.sector;
        if (entity.country && entity.sector) entity.code = entity.country + entity.sector;
      }
    }
    builder.addMention(entity, candidate.start, candidate.end, kind, rule);
    if (candidate.role) addRole(entity, candidate.role, builder, knowledge);
  }

  linkParenthesisedAcronyms(article, builder);

  // Entities named only through a role ("British Prime Minister": the United Kingdom) stay, so `of` always resolves.
  const referenced = new Set(builder.entities.flatMap((e) => e.roles.map((r) => r.of)));
  const entities = builder.entities.filter((e) => e.mentions.length > 0 || referenced.has(e.id));
  for (const entity of entities) entity.mentions.sort((a, b) => a.span.start - b.span.start);
  const firstAt = (e: Entity): number => e.mentions[0]?.span.start ?? Number.MAX_SAFE_INTEGER;
  return entities.sort((a, b) => firstAt(a) - firstAt(b));
}

/**
 * "East Jerusalem al-Quds", "Jerusalem al-Quds": a place name followed at once by another name of the
 * same place (or of the place it is part of) is one mention of the first.
 */
function mergeAppositivePlaces(candidates: Candidate[], knowledge: Knowledge): void {
  for (let k = 0; k + 1 < candidates.length; k++) {
    const a = candidates[k]!;
    const b = candidates[k + 1]!;
    if (!a.entryId || !b.entryId || a.sentence !== b.sentence || b.firstToken !== a.lastToken + 1) continue;
    const first = knowledge.entries.get(a.entryId)!;
    const second = knowledge.entries.get(b.entryId)!;
    const isPlace = (e: GazetteerEntry): boolean => e.type === 'GPE' || e.type === 'LOC';
    if (!isPlace(first) || !isPlace(second) || (first.id !== second.id && !first.name.includes(second.name))) continue;
    a.end = b.end;
    a.lastToken = b.lastToken;
    candidates.splice(k + 1, 1);
    k--;
  }
}

function addRole(person: Entity, role: NonNullable<Candidate['role']>, builder: EntityBuilder, knowledge: Knowledge): void {
  // "Russia's President", "US President" (a name) or "Russian President" (a demonym: the country).
  const ofId = role.ofCandidate?.entryId ?? role.ofCandidate?.countryId;
  const ofEntry = ofId ? knowledge.entries.get(ofId) : undefined;
  const of = ofEntry ? builder.fromEntry(ofEntry) : undefined;
  const record: Role = { title: role.title, ...(of ? { of: of.id } : {}), ...(role.sector ? { sector: role.sector } : {}), span: { start: role.start, end: role.end } };
  if (!person.roles.some((r) => r.title === record.title && r.of === record.of)) person.roles.push(record);
  const country = of?.country;
  if (country && !person.country) person.country = country;
  if (role.sector && !person.sector) person.sector = role.sector;
  if (person.country && person.sector && !person.code) person.code = person.country + person.sector;
}

/** "European Aeronautic Defence and Space Company (EADS)": the acronym becomes an alias and its mentions join the entity. */
function linkParenthesisedAcronyms(article: Article, builder: EntityBuilder): void {
  for (const entity of builder.entities) {
    for (const mention of [...entity.mentions]) {
      const after = article.text.slice(mention.span.end, mention.span.end + 14);
      const match = /^ \((\p{Lu}[\p{Lu}\d&.-]{1,9})\)/u.exec(after);
      if (!match) continue;
      const acronym = match[1]!;
      const other = builder.entities.find((e) => e !== entity && (e.name === acronym || e.aliases.includes(acronym)) && e.source.startsWith('rule:'));
      if (other) {
        for (const m of other.mentions) builder.addMention(entity, m.span.start, m.span.end, m.kind, 'entities:acronym-alias');
        builder.remove(other.id);
      }
      if (!entity.aliases.includes(acronym)) entity.aliases.push(acronym);
    }
  }
}

export const entitiesStage: Stage = {
  name: 'entities',
  run(article: Article, context: StageContext): void {
    article.entities = resolveEntities(article, context.resources.knowledge);
  },
};
