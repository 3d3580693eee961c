/**
 * Incremental cross-article clustering inside a store transaction: resolves a batch's entities to
 * canonical actors (`actor_aliases`), then puts each event mention into the best-scoring stored
 * event it is compatible with, or starts a new one, recording the features and the reason
 * (`event_mention_links`). Dialect-neutral Kysely only, so every adapter of the query layer runs it.
 * It talks to the database a few statements per batch, never per mention or entity (each one is a
 * network round trip on PostgreSQL): look-ups for the whole batch, decisions in memory, multi-row
 * inserts, each cut to the adapter's bound-parameter limit.
 * It must not write the 0001 tables itself: it rewrites the batch's rows, and the query layer
 * inserts them.
 *
 * What depends on arrival order: a batch is processed in (publication date, article id) order, so
 * the order inside a batch does not matter; across batches, a mention joins the events that exist
 * when it arrives (greedy), so a mention that would bridge two events arriving later does not merge
 * them, and the canonical actor of a group is the first entity of it stored.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { contentHash } from '../core/hash.js';
import type { ActorRef, Article, EventRecord } from '../core/record.js';
import { eventClusterId, eventDate, type ArticleRows } from '../store/rows.js';
import type { Dialect } from '../store/migrations/index.js';
import type { Database } from '../store/schema.js';
import { actorKeys, compareActors, type ActorKeys, type ActorName } from './actor-names.js';
import { chooseEvent, UNDATED_WINDOW_DAYS, type CandidateEvent, type MentionFeatures } from './event-similarity.js';

type Db = Kysely<Database> | Transaction<Database>;
type AliasRow = Database['actor_aliases'];
type LinkRow = Database['event_mention_links'];

// ---------------------------------------------------------------------------------------------
// Actors

/**
 * Gives every entity of the batch a canonical actor: entities stored before keep theirs; a new one
 * joins the one canonical actor it matches (see `compareActors`), or is its own when it matches
 * none or more than one. Returns entity id → canonical id for the batch's entities.
 */
export async function resolveActors(db: Db, entities: readonly Database['entities'][], maxParameters = DEFAULT_MAX_PARAMETERS, lock?: LockBlocks, insert?: InsertRows): Promise<Map<string, string>> {
  const canonical = new Map<string, string>();
  const unique = [...new Map(entities.map((e) => [e.id, e])).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ids = unique.map((e) => e.id);
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('actor_aliases').select(['entity_id', 'canonical_id']).where('entity_id', 'in', ids.slice(i, i + 500)).execute();
    for (const row of rows) canonical.set(row.entity_id, row.canonical_id);
  }
  const fresh = unique.filter((e) => !canonical.has(e.id)).map((entity) => ({ entity, keys: actorKeys(entity) }));
  if (fresh.length === 0) return canonical;
  // Concurrent writers: whoever resolves an entity that could match one of ours goes first or after us, not at once.
  if (lock) await lock(actorLocks(fresh));
  const freshIds = fresh.map(({ entity }) => entity.id);
  // One look-up for the whole batch: every stored alias sharing a match key or an acronym with a new entity.
  const lookups = [...new Set(fresh.flatMap(({ keys }) => [keys.matchKey, ...(keys.acronym ? [keys.acronym] : [])]).filter((k) => k !== ''))];
  const compacts = [...new Set(fresh.map(({ keys }) => keys.matchKey.replace(/ /g, '')).filter((k) => k !== ''))];
  // Candidates are of the entity's type (MISC and ORG together), so the look-ups lead with the type and use 0002's (type, match_key) and (type, acronym) indexes.
  const types = [...new Set(fresh.flatMap(({ entity }) => (entity.type === 'MISC' || entity.type === 'ORG' ? ['MISC', 'ORG'] : [entity.type])))];
  const known: AliasRow[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < Math.max(lookups.length, compacts.length, lock ? freshIds.length : 0); i += 400) {
    const keys = lookups.slice(i, i + 400);
    const acronyms = compacts.slice(i, i + 400);
    // With a lock, a writer we waited for may have stored some of ours meanwhile: they come back by id too.
    const ids = lock ? freshIds.slice(i, i + 400) : [];
    const selects = [
      ...(keys.length ? [db.selectFrom('actor_aliases').selectAll().where('type', 'in', types).where('match_key', 'in', keys)] : []),
      ...(acronyms.length ? [db.selectFrom('actor_aliases').selectAll().where('type', 'in', types).where('acronym', 'in', acronyms)] : []),
      ...(ids.length ? [db.selectFrom('actor_aliases').selectAll().where('entity_id', 'in', ids)] : []),
    ];
    if (selects.length === 0) continue;
    for (const row of await selects.slice(1).reduce((union, select) => union.unionAll(select), selects[0]!).execute()) {
      if (seen.has(row.entity_id)) continue;
      seen.add(row.entity_id);
      known.push(row);
    }
  }
  const storedMeanwhile = new Map(known.map((row) => [row.entity_id, row.canonical_id]));
  const added: AliasRow[] = [];
  for (const { entity, keys } of fresh) {
    const already = storedMeanwhile.get(entity.id);
    if (already !== undefined) {
      canonical.set(entity.id, already);
      continue;
    }
    const compact = keys.matchKey.replace(/ /g, '');
    const types = entity.type === 'MISC' || entity.type === 'ORG' ? ['MISC', 'ORG'] : [entity.type];
    const candidates = keys.matchKey === ''
      ? []
      : [...known, ...added]
          .filter((c) => types.includes(c.type) && (c.match_key === keys.matchKey || c.match_key === keys.acronym || (entity.type !== 'PERSON' && c.acronym === compact)))
          .sort((a, b) => (a.entity_id < b.entity_id ? -1 : a.entity_id > b.entity_id ? 1 : 0));
    const actor: ActorName = { id: entity.id, name: entity.name, type: entity.type, country: entity.country };
    const matches = new Map<string, string>();
    for (const candidate of candidates) {
      const decision = compareActors(actor, { id: candidate.entity_id, name: candidate.name_key, type: candidate.type, country: candidate.country });
      if (decision.same && !matches.has(candidate.canonical_id)) matches.set(candidate.canonical_id, `${decision.reason}, with ${candidate.entity_id}`);
    }
    const base = { entity_id: entity.id, type: entity.type, country: entity.country, name_key: keys.nameKey, match_key: keys.matchKey, acronym: keys.acronym };
    let row: AliasRow;
    if (matches.size === 1) {
      const [target, reason] = [...matches][0]!;
      row = { ...base, canonical_id: target, reason };
    } else {
      row = { ...base, canonical_id: entity.id, reason: matches.size > 1 ? `own actor: ambiguous between ${[...matches.keys()].join(', ')}` : 'own actor: no earlier match' };
    }
    added.push(row);
    canonical.set(entity.id, row.canonical_id);
  }
  await insertChunked(db, 'actor_aliases', added, maxParameters, insert);
  return canonical;
}

// ---------------------------------------------------------------------------------------------
// Locks for concurrent writers

/**
 * A lock a writer takes before clustering, so that two transactions saving at once (two worker
 * processes on PostgreSQL) never both miss each other's rows: any two mentions that could be in one
 * event, and any two entities that could be one actor, have a key in common that at least one of
 * them takes exclusively. Keys are only names; the store turns them into database locks.
 */
export interface BlockLock {
  key: string;
  /** Taken in shared mode: conflicts only with the same key taken exclusively. */
  shared: boolean;
}

/** Takes the locks (all at once, in a fixed order) before the writer reads what they guard. */
export type LockBlocks = (locks: readonly BlockLock[]) => Promise<void>;

const DAY_MS = 86_400_000;

/**
 * The blocks of an event mention (or a stored link): per type and per CAMEO root, with polarity,
 * by date. Two mentions can join only with dates equal, days at most `UNDATED_WINDOW_DAYS` apart,
 * or one a year or month containing the other, so: a year takes its year exclusively; a month its
 * year shared and itself exclusively; a day its year and month shared and the weeks (day number
 * / 7) its window touches exclusively. Two days in reach share a week; a day and a month or year
 * containing it meet on the month or year. Undated mentions match only their own article's,
 * which the article's own lock covers.
 */
export function eventBlockLocks(mention: { type: string; cameo: string; date: string | null; negated: boolean }): BlockLock[] {
  const date = mention.date;
  if (date === null) return [];
  const sides = [`t|${mention.type}|${mention.negated ? 1 : 0}`, `r|${mention.cameo.slice(0, 2)}|${mention.negated ? 1 : 0}`];
  const keys: BlockLock[] = [];
  const time = date.length === 10 ? Date.parse(date + 'T00:00:00Z') : Number.NaN;
  for (const side of sides) {
    if (date.length === 4) keys.push({ key: `${side}|${date}`, shared: false });
    else if (date.length === 7) keys.push({ key: `${side}|${date.slice(0, 4)}`, shared: true }, { key: `${side}|${date}`, shared: false });
    else if (!Number.isNaN(time)) {
      keys.push({ key: `${side}|${date.slice(0, 4)}`, shared: true }, { key: `${side}|${date.slice(0, 7)}`, shared: true });
      const day = Math.round(time / DAY_MS);
      for (const week of new Set([Math.floor((day - UNDATED_WINDOW_DAYS) / 7), Math.floor((day + UNDATED_WINDOW_DAYS) / 7)])) keys.push({ key: `${side}|w${week}`, shared: false });
    } else keys.push({ key: `${side}|${date}`, shared: false });
  }
  return keys;
}

/** The blocks of every dated event of these articles. */
export function articleEventLocks(records: readonly Article[]): BlockLock[] {
  return records.flatMap((article) => article.events.flatMap((event) => eventBlockLocks({ type: event.type, cameo: event.cameo, date: eventDate(event, article.published), negated: event.negated })));
}

/** Entities that could be one actor share a key (`resolveActors` compares only entities sharing a match key, acronym or compact name). */
function actorLocks(fresh: ReadonlyArray<{ entity: Database['entities']; keys: ActorKeys }>): BlockLock[] {
  return fresh.flatMap(({ entity, keys }) => {
    const names = [keys.matchKey, keys.acronym ?? '', keys.matchKey.replace(/ /g, '')].filter((k) => k !== '');
    return [{ key: `e|${entity.id}`, shared: false }, ...names.map((name) => ({ key: `a|${name}`, shared: false }))];
  });
}

// ---------------------------------------------------------------------------------------------
// Events

function actorKey(actors: readonly ActorRef[], canonical: Map<string, string>): string | null {
  const first = actors[0];
  if (!first) return null;
  if (first.entity) return canonical.get(first.entity) ?? first.entity;
  return first.code ?? null;
}

/** The clustering features of one event of an article. */
export function mentionFeatures(event: EventRecord, article: Pick<Article, 'id' | 'published'>, canonical: Map<string, string>): MentionFeatures {
  const linked = event.time?.value.match(/^\d{4}(?:-\d{2}(?:-\d{2})?)?/)?.[0];
  return {
    articleId: article.id,
    localId: event.id,
    sentence: event.sentence,
    type: event.type,
    cameo: event.cameo,
    source: actorKey(event.source, canonical),
    target: actorKey(event.target, canonical),
    reciprocal: event.reciprocal,
    place: event.place?.entity ?? null,
    date: eventDate(event, article.published),
    dated: linked !== undefined,
    negated: event.negated,
    modality: event.modality,
  };
}

const linkFeatures = (row: Omit<LinkRow, 'cameo_root' | 'decision' | 'score' | 'reason'>): MentionFeatures => ({
  articleId: row.article_id,
  localId: row.local_id,
  sentence: Number(row.sentence),
  type: row.type,
  cameo: row.cameo,
  source: row.source_actor,
  target: row.target_actor,
  reciprocal: Number(row.reciprocal) === 1,
  place: row.place_entity,
  date: row.date,
  dated: Number(row.dated) === 1,
  negated: Number(row.negated) === 1,
  modality: row.modality,
});

function shiftDay(date: string, days: number): string {
  return new Date(Date.parse(date + 'T00:00:00Z') + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whether a link could belong to an event the mention joins (the cheap filter; `compareMentions` decides). */
function inReach(link: MentionFeatures, mention: MentionFeatures): boolean {
  if (link.negated !== mention.negated) return false;
  if (link.type !== mention.type && link.cameo.slice(0, 2) !== mention.cameo.slice(0, 2)) return false;
  if (mention.date === null || link.date === null) return mention.date === null && link.date === null && link.articleId === mention.articleId;
  return true;
}

/** The coarser periods a date also matches when stored alone (its year, its month), without the date itself. */
const periodsOf = (date: string): string[] => [date.slice(0, 4), date.slice(0, 7)].filter((p) => p !== date);

/** The dates a mention's (non-null) date reaches: itself as a prefix, its periods, and (day dates) the `UNDATED_WINDOW_DAYS` window around it. */
interface DateReach {
  date: string;
  periods: string[];
  window: readonly [string, string] | null;
}

const dateReach = (date: string): DateReach => ({
  date,
  periods: periodsOf(date),
  window: date.length === 10 ? [shiftDay(date, -UNDATED_WINDOW_DAYS), shiftDay(date, UNDATED_WINDOW_DAYS)] : null,
});

/** Whether a stored link's date is in reach of a mention's date: it starts with it, is its year or month, or lies in its window. */
function dateInReach(stored: string, reach: DateReach): boolean {
  if (stored.startsWith(reach.date) || reach.periods.includes(stored)) return true;
  return reach.window !== null && stored >= reach.window[0] && stored <= reach.window[1];
}

/**
 * Whether a stored link makes its event a candidate for the mention: same type or CAMEO root, same
 * polarity, a date in reach (`reach` of the mention's date; undated: same article, undated too).
 */
function storedInReach(link: MentionFeatures, mention: MentionFeatures, reach: DateReach | null): boolean {
  if (link.negated !== mention.negated) return false;
  if (link.type !== mention.type && !link.cameo.startsWith(mention.cameo.slice(0, 2))) return false;
  if (reach === null) return link.date === null && link.articleId === mention.articleId;
  return link.date !== null && dateInReach(link.date, reach);
}

/** Stored links of the events a batch's mentions could join, loaded once for the whole batch. */
interface StoredLinks {
  /** Each such event's links, one per distinct signature (the first link of it), in event and first-link order. */
  byEvent: Map<string, MentionFeatures[]>;
  /** The loaded links by each actor they name (source or target), to find a mention's candidates among the links that share one of its actors. */
  byActor: Map<string, Array<{ eventId: string; link: MentionFeatures }>>;
}

/**
 * What `compareMentions` reads of a stored link when the other mention is of another article: all
 * its features but which mention it is (article, local id, sentence). The batch's articles have no
 * stored links (`clusterBatch` deletes them first), so every stored link is of another article.
 */
const SIGNATURE_COLUMNS = ['type', 'cameo', 'source_actor', 'target_actor', 'reciprocal', 'place_entity', 'date', 'dated', 'negated', 'modality'] as const;

/** One distinct signature of a stored event's links, with the first of its links (article id, a space, local id). */
type SignatureRow = Pick<LinkRow, 'event_id' | (typeof SIGNATURE_COLUMNS)[number]> & { first: string };

/**
 * The stored dates a mention's date reaches, as inclusive ranges of ISO strings (a superset of
 * `dateInReach`): its year and month as points, and a day's window or a period's own dates.
 */
function reachRanges(date: string): Array<[string, string]> {
  const ranges = periodsOf(date).map((period): [string, string] => [period, period]);
  ranges.push(date.length === 10 ? [shiftDay(date, -UNDATED_WINDOW_DAYS), shiftDay(date, UNDATED_WINDOW_DAYS)] : [date, date + '~']);
  return ranges;
}

/** Overlapping ranges merged, in order. */
function mergeRanges(ranges: Array<[string, string]>): Array<[string, string]> {
  const merged: Array<[string, string]> = [];
  for (const [lo, hi] of [...ranges].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const last = merged.at(-1);
    if (last && lo <= last[1]) last[1] = hi > last[1] ? hi : last[1];
    else merged.push([lo, hi]);
  }
  return merged;
}

/**
 * One probe of the look-up: links naming `actor` (either side), dated in [lo, hi], of `type` or
 * CAMEO `root`, of that polarity, whose other side is unknown, `actor` itself or `other` (the
 * mention's other actor; null: any). A link whose other side names a third actor refuses the
 * mention (`compareMentions`: sides differ, or more than two participants), and so does its event.
 */
interface Probe {
  actor: string;
  other: string | null;
  lo: string;
  hi: string;
  type: string;
  root: string;
  negated: number;
}

/** The batch's probes: per actor, other actor, type, root and polarity of its dated mentions, their reach ranges merged. */
function lookupProbes(mentions: readonly MentionFeatures[]): Probe[] {
  const ranges = new Map<string, { probe: Omit<Probe, 'lo' | 'hi'>; ranges: Array<[string, string]> }>();
  for (const mention of mentions) {
    if (mention.date === null) continue;
    for (const [actor, other] of [[mention.source, mention.target], [mention.target, mention.source]] as const) {
      if (actor === null) continue;
      const probe = { actor, other, type: mention.type, root: mention.cameo.slice(0, 2), negated: mention.negated ? 1 : 0 };
      const key = [actor, other ?? '', probe.type, probe.root, probe.negated].join('\u0001');
      const entry = ranges.get(key) ?? { probe, ranges: [] };
      entry.ranges.push(...reachRanges(mention.date));
      ranges.set(key, entry);
    }
  }
  return [...ranges.values()].flatMap(({ probe, ranges: list }) => mergeRanges(list).map(([lo, hi]) => ({ ...probe, lo, hi })));
}

/**
 * Loads, with a few statements for the whole batch, every stored link of every event that could
 * take one of `mentions`: an event is joined only through a link that shares an actor with the
 * mention (`chooseEvent`: no actor known on both sides, no join), is in its reach (same type or
 * CAMEO root, same polarity, a date in reach) and names no third actor, so the look-up probes, per
 * actor of the batch's dated mentions, the links naming it in the dates its mentions reach: two index range seeks
 * (source, date) and (target, date) per probe (migration 0008), so its cost follows what the
 * batch's actors did in those days, not the store's size. `candidateEvents` then picks each
 * mention's events in memory among the links sharing one of its actors.
 * Undated mentions reach only undated links of their own article, and the batch's articles have
 * none stored (`clusterBatch` deletes them first), so they look nothing up.
 */
async function loadStoredLinks(db: Db, mentions: readonly MentionFeatures[], maxParameters: number, dialect: Dialect): Promise<StoredLinks> {
  const stored: StoredLinks = { byEvent: new Map(), byActor: new Map() };
  const probes = lookupProbes(mentions);
  const perChunk = Math.max(1, Math.floor((maxParameters - 1) / 7));
  const links = sql.table('event_mention_links');
  const column = (name: string) => sql.ref(`l.${name}`);
  // Each probe must be an index seek into the links, whatever the planner thinks of a small table.
  // SQLite, with bound probe values, scanned every link and probed the probes (1.2 s a 32-article
  // batch on 4,000 articles; 33 ms with CROSS JOIN, which keeps the probes the outer loop).
  // PostgreSQL hashed the probes and scanned every link (19 ms a batch at 1,000 articles, growing
  // with the store); a LATERAL subquery, kept apart by OFFSET 0, runs per probe on the index.
  const seen = new Set<string>();
  const rows: SignatureRow[] = [];
  for (let i = 0; i < probes.length; i += perChunk) {
    const values = sql.join(probes.slice(i, i + perChunk).map((p) => sql`(${p.actor}, ${p.other}, ${p.lo}, ${p.hi}, ${p.type}, ${p.root}, cast(${p.negated} as integer))`));
    const matching = (side: 'source_actor' | 'target_actor', opposite: 'source_actor' | 'target_actor') => {
      const reached = sql`${column(side)} = ${sql.ref('probe.actor')} and ${column('date')} >= ${sql.ref('probe.lo')} and ${column('date')} <= ${sql.ref('probe.hi')} and (${column('type')} = ${sql.ref('probe.type')} or ${column('cameo_root')} = ${sql.ref('probe.root')}) and ${column('negated')} = ${sql.ref('probe.negated')} and (${sql.ref('probe.other')} is null or ${column(opposite)} is null or ${column(opposite)} = ${sql.ref('probe.other')} or ${column(opposite)} = ${sql.ref('probe.actor')})`;
      return dialect === 'sqlite'
        ? sql`select ${column('event_id')} from ${sql.id('probe')} cross join ${links} as ${sql.id('l')} on ${reached}`
        : sql`select ${sql.ref('m.event_id')} from ${sql.id('probe')} cross join lateral (select ${column('event_id')} from ${links} as ${sql.id('l')} where ${reached} offset 0) as ${sql.id('m')}`;
    };
    // The links of the events reached, one row per distinct signature of each event (with its first
    // link: article, then local id, byte order): complete-link joining compares a mention with every
    // link of an event, but links alike give it the same verdicts, and the first of them, in the
    // order the links were compared before, is the one a tie would pick. An event with hundreds of
    // reports of one day and one pair of actors is a few rows, not hundreds (10,000 generated
    // articles: 4,606 links of the events with 50 or more, 50 signatures). On PostgreSQL again per event
    // on the index, not a hash over all links.
    const signature = sql.join(SIGNATURE_COLUMNS.map((c) => column(c)));
    const first = dialect === 'sqlite' ? sql`min(${column('article_id')} || ' ' || ${column('local_id')})` : sql`min((${column('article_id')} || ' ' || ${column('local_id')}) collate "C")`;
    const loadEvents = (events: RawBuilder<unknown>) =>
      dialect === 'sqlite'
        ? sql`select ${column('event_id')}, ${first} as ${sql.id('first')}, ${signature} from ${links} as ${sql.id('l')} where ${column('event_id')} in (${events}) group by ${column('event_id')}, ${signature}`
        : sql`select ${sql.ref('e.event_id')}, ${sql.ref('s.first')}, ${sql.join(SIGNATURE_COLUMNS.map((c) => sql.ref(`s.${c}`)))} from (${events}) as ${sql.id('e')} cross join lateral (select ${first} as ${sql.id('first')}, ${signature} from ${links} as ${sql.id('l')} where ${column('event_id')} = ${sql.ref('e.event_id')} group by ${signature} offset 0) as ${sql.id('s')}`;
    const { rows: found } = await sql<SignatureRow>`with ${sql.id('probe')} (${sql.join(['actor', 'other', 'lo', 'hi', 'type', 'root', 'negated'].map((c) => sql.id(c)))}) as (values ${values})
      ${loadEvents(sql`${matching('source_actor', 'target_actor')} union ${matching('target_actor', 'source_actor')}`)}`.execute(db);
    // An event reached by two chunks comes whole from each.
    for (const row of found) {
      const key = `${row.event_id}\u0001${row.first}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push(row);
    }
  }
  // Events in id order, each's signatures in the order of their first links, whatever the chunks.
  // Sorted here: with an ORDER BY, SQLite walked the whole event id index in order (66 ms a batch on
  // 12,000 articles instead of 26).
  const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  rows.sort((a, b) => order(a.event_id, b.event_id) || order(a.first, b.first));
  for (const row of rows) {
    const space = row.first.indexOf(' ');
    // The sentence only tells apart two mentions of one article, which a stored link and the batch's never are.
    const link = linkFeatures({ ...row, article_id: row.first.slice(0, space), local_id: row.first.slice(space + 1), sentence: -1 });
    const list = stored.byEvent.get(row.event_id) ?? [];
    list.push(link);
    stored.byEvent.set(row.event_id, list);
    for (const actor of new Set([link.source, link.target])) {
      if (actor === null) continue;
      const named = stored.byActor.get(actor) ?? [];
      named.push({ eventId: row.event_id, link });
      stored.byActor.set(actor, named);
    }
  }
  return stored;
}

/**
 * Events that could hold the mention, with all their mentions: stored ones with a link that
 * shares an actor with it and is in its reach (same type or CAMEO root, polarity, a date in reach;
 * from `stored`: no other stored event could be joined) and the ones this batch made so far (`batch`).
 */
function candidateEvents(stored: StoredLinks, mention: MentionFeatures, batch: ReadonlyMap<string, MentionFeatures[]>): CandidateEvent[] {
  const matching = new Set<string>();
  const reach = mention.date === null ? null : dateReach(mention.date);
  for (const actor of new Set([mention.source, mention.target])) {
    if (actor === null) continue;
    for (const { eventId, link } of stored.byActor.get(actor) ?? []) if (!matching.has(eventId) && storedInReach(link, mention, reach)) matching.add(eventId);
  }
  const events = new Map<string, MentionFeatures[]>();
  for (const id of [...matching].sort()) events.set(id, stored.byEvent.get(id)!);
  for (const [id, members] of batch) {
    if (!events.has(id) && !members.some((m) => inReach(m, mention))) continue;
    events.set(id, [...(events.get(id) ?? []), ...members]);
  }
  return [...events].map(([id, mentions]) => ({ id, mentions }));
}

/** Which of `ids` a stored event mention or link already uses (one look-up per chunk for the whole batch). */
async function takenEventIds(db: Db, ids: readonly string[], maxParameters: number): Promise<Set<string>> {
  const taken = new Set<string>();
  const unique = [...new Set(ids)];
  const size = Math.max(1, Math.min(Math.floor((maxParameters - 1) / 2), 10_000));
  for (let i = 0; i < unique.length; i += size) {
    const chunk = unique.slice(i, i + size);
    const rows = await db
      .selectFrom('event_mention_links')
      .select('event_id')
      .where('event_id', 'in', chunk)
      .union(db.selectFrom('event_mentions').select('event_id').where('event_id', 'in', chunk))
      .execute();
    for (const row of rows) taken.add(row.event_id);
  }
  return taken;
}

/** Inserts rows with as many rows per statement as `maxParameters` allows, or with the store's own `insert`. */
async function insertChunked<T extends 'actor_aliases' | 'event_mention_links'>(db: Db, table: T, rows: readonly Database[T][], maxParameters: number, insert?: InsertRows): Promise<void> {
  if (rows.length === 0) return;
  if (insert) return insert(db as Transaction<Database>, table, rows);
  const size = Math.max(1, Math.floor(maxParameters / Object.keys(rows[0]!).length) - 1);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed by the table; Kysely's generic insert types do not follow a table parameter
  for (let i = 0; i < rows.length; i += size) await db.insertInto(table).values(rows.slice(i, i + size) as any).execute();
}

/** Bound parameters per statement when the caller does not say (SQLite before 3.32 allowed 999). */
const DEFAULT_MAX_PARAMETERS = 999;

/** A store's own multi-row insert (the query layer passes PostgreSQL's, `unnest-insert.ts`). */
export type InsertRows = <T extends 'actor_aliases' | 'event_mention_links'>(trx: Transaction<Database>, table: T, rows: readonly Database[T][]) => Promise<void>;

export interface ClusterBatchOptions {
  /** How rows are inserted (default: multi-row VALUES, as many rows a statement as `maxParameters` allows). */
  insert?: InsertRows;
  /** Bound parameters one statement may hold (default 999). */
  maxParameters?: number;
  /** The store's SQL dialect (default `sqlite`): the look-up is written per dialect so that each probe is an index seek on both. */
  dialect?: Dialect;
  /** Concurrent writers (PostgreSQL): takes the locks of the entities resolved for the first time before looking for their matches. */
  lock?: LockBlocks;
  /** The batch's articles stored before (default: all of them), whose stored links are replaced. */
  resaved?: readonly string[];
}

/**
 * Clusters a batch's event mentions into stored events. Call inside the save transaction after the
 * re-saved articles' old rows are deleted and before `rows` are inserted: rewrites
 * `rows.eventMentions[].event_id` and `rows.events` (one row per event this batch starts), and
 * writes the batch's `actor_aliases` and `event_mention_links`. The database is read and written a
 * few statements per batch (chunked to `maxParameters` bound values each); the decisions are made
 * in memory, mention by mention, as if each had looked up the stored events itself: the stored
 * links do not change during the batch, as the batch's own links are written at the end.
 */
export async function clusterBatch(db: Db, rows: ArticleRows, records: readonly Article[], options: ClusterBatchOptions = {}): Promise<void> {
  const maxParameters = options.maxParameters ?? DEFAULT_MAX_PARAMETERS;
  const articleIds = options.resaved ?? records.map((r) => r.id);
  const idChunk = Math.max(1, Math.min(maxParameters - 1, 10_000));
  for (let i = 0; i < articleIds.length; i += idChunk) await db.deleteFrom('event_mention_links').where('article_id', 'in', articleIds.slice(i, i + idChunk)).execute();
  const canonical = await resolveActors(db, rows.entities, maxParameters, options.lock, options.insert);

  const eventRowByOldId = new Map(rows.events.map((row) => [row.id, row]));
  const mentionRow = new Map(rows.eventMentions.map((row) => [`${row.article_id}\u0001${row.local_id}`, row]));
  const ordered = [...records].sort((a, b) => (a.published ?? '\uffff').localeCompare(b.published ?? '\uffff') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const work = ordered.flatMap((article) =>
    article.events.flatMap((event) => {
      const report = mentionRow.get(`${article.id}\u0001${event.id}`);
      return report ? [{ article, event, report, features: mentionFeatures(event, article, canonical) }] : [];
    }),
  );
  const stored = await loadStoredLinks(db, work.map((w) => w.features), maxParameters, options.dialect ?? 'sqlite');
  const taken = await takenEventIds(db, work.map((w) => eventClusterId(w.event, w.article)), maxParameters);

  const newEvents: Database['events'][] = [];
  /** This batch's mentions by the event they went to (not yet in the database). */
  const batch = new Map<string, MentionFeatures[]>();
  const links: LinkRow[] = [];
  for (const { article, event, report, features } of work) {
    const decision = chooseEvent(features, candidateEvents(stored, features, batch));
    let eventId = decision.event;
    if (eventId === null) {
      const oldId = report.event_id;
      eventId = eventClusterId(event, article);
      if (batch.has(eventId) || taken.has(eventId)) eventId = 'ev:' + contentHash(['mention', article.id, event.id].join('\u0001'));
      const template = eventRowByOldId.get(oldId);
      if (template) newEvents.push({ ...template, id: eventId });
    }
    report.event_id = eventId;
    batch.set(eventId, [...(batch.get(eventId) ?? []), features]);
    const reason = decision.event === null
      ? { started: true, considered: decision.considered, refused: decision.refused }
      : { matched: decision.matched, verdicts: decision.verdicts, considered: decision.considered, refused: decision.refused };
    links.push({
      article_id: article.id,
      local_id: event.id,
      sentence: event.sentence,
      event_id: eventId,
      type: features.type,
      cameo: features.cameo,
      cameo_root: features.cameo.slice(0, 2),
      source_actor: features.source,
      target_actor: features.target,
      reciprocal: features.reciprocal ? 1 : 0,
      place_entity: features.place,
      date: features.date,
      dated: features.dated ? 1 : 0,
      negated: features.negated ? 1 : 0,
      modality: features.modality,
      decision: decision.event === null ? 'new' : 'joined',
      score: decision.score,
      reason: JSON.stringify(reason),
    });
  }
  await insertChunked(db, 'event_mention_links', links, maxParameters, options.insert);
  rows.events = newEvents;
}

// ---------------------------------------------------------------------------------------------
// Explaining a stored event

export interface StoredEventMention {
  articleId: string;
  title: string | null;
  published: string | null;
  localId: string;
  sentence: number;
  evidence: string;
  /** `new` (this mention started the event) or `joined`. */
  decision: string;
  score: number;
  /** The features this mention was clustered on. */
  features: MentionFeatures;
  /** Why: the mention matched and each feature's verdict (`matched`, `verdicts`), or `started`. */
  reason: Record<string, unknown>;
}

export interface StoredEventExplanation {
  id: string;
  type: string;
  cameo: string;
  date: string | null;
  mentions: StoredEventMention[];
}

/** An event's mentions and why each joined it; undefined when no event has this id (or unique id prefix). */
export async function explainStoredEvent(db: Db, reference: string): Promise<StoredEventExplanation | undefined> {
  let event = await db.selectFrom('events').select(['id', 'type', 'cameo', 'date']).where('id', '=', reference).executeTakeFirst();
  if (!event) {
    const prefix = reference.startsWith('ev:') ? reference : 'ev:' + reference;
    const matches = await db.selectFrom('events').select(['id', 'type', 'cameo', 'date']).where('id', 'like', prefix.replace(/[\\%_]/g, '') + '%').limit(2).execute();
    if (matches.length === 1) event = matches[0];
  }
  if (!event) return undefined;
  const reports = await db
    .selectFrom('event_mentions')
    .innerJoin('articles', 'articles.id', 'event_mentions.article_id')
    .leftJoin('event_mention_links as link', (join) => join.onRef('link.article_id', '=', 'event_mentions.article_id').onRef('link.local_id', '=', 'event_mentions.local_id'))
    .select(['event_mentions.article_id', 'articles.title', 'articles.published', 'event_mentions.local_id', 'event_mentions.sentence', 'event_mentions.evidence_text'])
    .select(['link.decision', 'link.score', 'link.reason', 'link.type', 'link.cameo', 'link.source_actor', 'link.target_actor', 'link.reciprocal', 'link.place_entity', 'link.date', 'link.dated', 'link.negated', 'link.modality', 'link.event_id'])
    .where('event_mentions.event_id', '=', event.id)
    .orderBy('articles.published')
    .orderBy('event_mentions.article_id')
    .orderBy('event_mentions.local_id')
    .execute();
  return {
    id: event.id,
    type: event.type,
    cameo: event.cameo,
    date: event.date,
    mentions: reports.map((r) => ({
      articleId: r.article_id,
      title: r.title,
      published: r.published,
      localId: r.local_id,
      sentence: Number(r.sentence),
      evidence: r.evidence_text,
      decision: r.decision ?? 'unrecorded',
      score: Number(r.score ?? 0),
      features: r.decision === null ? ({} as MentionFeatures) : linkFeatures({ ...r, sentence: r.sentence } as Omit<LinkRow, 'cameo_root'>),
      reason: r.reason ? (JSON.parse(r.reason) as Record<string, unknown>) : {},
    })),
  };
}

/** The explanation as readable lines, for `dateline explain --event ID`. */
export function formatStoredEvent(explanation: StoredEventExplanation): string {
  const lines = [`${explanation.id}: ${explanation.type}, CAMEO ${explanation.cameo}, ${explanation.date ?? 'no date'}, ${explanation.mentions.length} mention(s)`];
  for (const m of explanation.mentions) {
    const f = m.features;
    lines.push('');
    lines.push(`  ${m.articleId.slice(0, 12)} ${m.localId} (sentence ${m.sentence})${m.published ? `, published ${m.published}` : ''}${m.title ? `, "${m.title}"` : ''}`);
    lines.push(`    evidence  "${m.evidence}"`);
    if (m.decision !== 'unrecorded') {
      lines.push(`    features  ${f.type} ${f.cameo}; source ${f.source ?? '?'}; target ${f.target ?? '?'}${f.reciprocal ? ' (reciprocal)' : ''}; place ${f.place ?? '?'}; date ${f.date ?? '?'}${f.dated ? '' : ' (publication day)'}`);
    }
    if (m.decision === 'new') lines.push(`    started the event (no compatible event above the threshold among ${String(m.reason['considered'] ?? 0)} candidate(s))`);
    else if (m.decision === 'joined') {
      const matched = m.reason['matched'] as { articleId: string; localId: string } | undefined;
      lines.push(`    joined with score ${m.score}, best match ${matched ? `${matched.articleId.slice(0, 12)} ${matched.localId}` : '?'}:`);
      for (const verdict of (m.reason['verdicts'] as Array<{ feature: string; score: number; note: string }> | undefined) ?? []) lines.push(`      ${verdict.feature.padEnd(8)} +${verdict.score}  ${verdict.note}`);
    } else lines.push('    (stored before cross-article clustering: no reason recorded)');
    for (const refusal of (m.reason['refused'] as string[] | undefined) ?? []) lines.push(`    not joined: ${refusal}`);
  }
  return lines.join('\n');
}
