/**
 * Cross-document evaluation on MEANTIME's corpus-level annotation (`dateline eval crossdoc <dir>`):
 * runs the pipeline on every article, saves them one by one into a temporary SQLite store so the
 * real incremental clustering runs, and scores with B³ our event clusters and our cross-article
 * actors against the gold cross-document instances. It must not write anywhere but its temp folder.
 *
 * Gold. An EVENT_MENTION (ENTITY_MENTION) REFERS_TO an EVENT (ENTITY); its cluster is that
 * instance's `instance_id`, shared across the articles of a topic, or the document-level instance
 * when it has none; a mention that refers to nothing is a cluster of its own. Actors: mentions of
 * PER/ORG/LOC entities; the headline figure takes named mentions (NAM), the table also gives all
 * mentions (NOM, PRO too). MEANTIME annotates only the title, date line and first sentences.
 *
 * Alignment. A gold mention aligns to one of our mentions in the same article whose span overlaps
 * it by at least one character (event: the trigger; actor: an entity mention of any kind),
 * one-to-one, greedily by largest overlap (Jaccard of the character spans), then the later end;
 * actors also let a nested gold mention left over share the mention of ours it overlaps best. Our mention's cluster is its stored
 * event id (event) or the canonical actor of its entity (actor).
 *
 * B³ over a set M of gold mentions: for each m in M, G(m) = its gold cluster ∩ M, R(m) = the M
 * mentions aligned into the same cluster of ours as m (just {m} when m is unaligned: unaligned
 * gold mentions are singletons, counting against recall); precision = mean |G∩R|/|R|, recall =
 * mean |G∩R|/|G|. Our mentions aligned to no gold mention do not count (MEANTIME annotates only
 * part of each text). Events: the headline M is the gold event mentions aligned to one of our
 * event mentions ("coded": MEANTIME's events are mostly economic — sales, deliveries — that PLOVER
 * does not code), and the all-gold figure takes M = every gold event mention.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createPipeline, type Article, type Pipeline, type Span } from '../src/index.js';
import type { Database } from '../src/store/schema.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { createMeantimeXmlParser, listXmlFiles, readMeantimeDocument, type MeantimeDocument } from './meantime.js';

type XmlNode = Record<string, unknown>;

const parser = createMeantimeXmlParser(['token_anchor', 'EVENT_MENTION', 'EVENT', 'ENTITY_MENTION', 'ENTITY', 'REFERS_TO', 'source', 'target']);

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const attribute = (node: XmlNode, key: string): string => (typeof node[key] === 'string' ? (node[key] as string) : '');

export interface CrossdocMention {
  span: Span;
  text: string;
  /** The gold cluster: a cross-document instance id, a document-level instance or the mention itself. */
  cluster: string;
  /** Entities: PER, ORG, LOC, ...; events: the event class. */
  type: string;
  /** Entities: NAM, NOM, PRO, ...; events: ''. */
  syntacticType: string;
}

export interface CrossdocDocument {
  document: MeantimeDocument;
  /** The topic folder (`corpus_gm`). */
  topic: string;
  events: CrossdocMention[];
  entities: CrossdocMention[];
}

/** Reads one MEANTIME document with its event and entity mentions' gold clusters. */
export function readCrossdocDocument(xml: string, path: string): CrossdocDocument {
  const document = readMeantimeDocument(xml, path);
  const root = parser.parse(xml) as XmlNode;
  const doc = root['Document'] as XmlNode;
  const markables = (doc['Markables'] ?? {}) as XmlNode;
  const relations = (doc['Relations'] ?? {}) as XmlNode;
  const tokenSpan = new Map(document.tokens.filter((t) => t.text !== '').map((t) => [t.id, t.span]));
  const spanOf = (node: XmlNode): Span | null => {
    const spans = asArray(node['token_anchor'] as XmlNode[] | undefined)
      .map((a) => tokenSpan.get(attribute(a, 't_id')))
      .filter((s): s is Span => s !== undefined);
    if (spans.length === 0) return null;
    return { start: Math.min(...spans.map((s) => s.start)), end: Math.max(...spans.map((s) => s.end)) };
  };
  const instances = new Map<string, { cluster: string; type: string }>();
  for (const node of asArray(markables['EVENT'] as XmlNode[] | undefined)) {
    const id = attribute(node, 'm_id');
    instances.set(id, { cluster: attribute(node, 'instance_id') || `${document.id}:${id}`, type: attribute(node, 'class') });
  }
  for (const node of asArray(markables['ENTITY'] as XmlNode[] | undefined)) {
    const id = attribute(node, 'm_id');
    instances.set(id, { cluster: attribute(node, 'instance_id') || `${document.id}:${id}`, type: attribute(node, 'ent_type') });
  }
  const refersTo = new Map<string, string>();
  for (const relation of asArray(relations['REFERS_TO'] as XmlNode[] | undefined)) {
    const target = asArray(relation['target'] as XmlNode[] | undefined)[0];
    if (!target) continue;
    for (const source of asArray(relation['source'] as XmlNode[] | undefined)) refersTo.set(attribute(source, 'm_id'), attribute(target, 'm_id'));
  }
  const mentions = (tag: string): CrossdocMention[] => {
    const out: CrossdocMention[] = [];
    for (const node of asArray(markables[tag] as XmlNode[] | undefined)) {
      const span = spanOf(node);
      if (!span) continue;
      const id = attribute(node, 'm_id');
      const instance = instances.get(refersTo.get(id) ?? '');
      out.push({
        span,
        text: document.text.slice(span.start, span.end),
        cluster: instance?.cluster ?? `${document.id}:mention:${id}`,
        type: instance?.type ?? '',
        syntacticType: attribute(node, 'syntactic_type'),
      });
    }
    return out.sort((a, b) => a.span.start - b.span.start);
  };
  const topic = path.split(/[\\/]/).at(-2) ?? '';
  return { document, topic, events: mentions('EVENT_MENTION'), entities: mentions('ENTITY_MENTION') };
}

// ---------------------------------------------------------------------------------------------
// Scoring

export interface B3 {
  b3Precision: number;
  b3Recall: number;
  b3F1: number;
  /** Gold mentions scored. */
  mentions: number;
  /** Of them, aligned to a mention of ours. */
  aligned: number;
}

/** A gold mention and the cluster of ours it aligned to (null when unaligned). */
export interface ScoredMention {
  gold: string;
  response: string | null;
}

/** B³ over gold mentions (see the module comment): unaligned mentions are response singletons. */
export function b3(mentions: readonly ScoredMention[]): B3 {
  const goldSize = new Map<string, number>();
  const responseSize = new Map<string, number>();
  const both = new Map<string, number>();
  for (const m of mentions) {
    goldSize.set(m.gold, (goldSize.get(m.gold) ?? 0) + 1);
    if (m.response !== null) {
      responseSize.set(m.response, (responseSize.get(m.response) ?? 0) + 1);
      const key = m.gold + '\u0001' + m.response;
      both.set(key, (both.get(key) ?? 0) + 1);
    }
  }
  let precision = 0;
  let recall = 0;
  for (const m of mentions) {
    const shared = m.response === null ? 1 : both.get(m.gold + '\u0001' + m.response)!;
    const response = m.response === null ? 1 : responseSize.get(m.response)!;
    precision += shared / response;
    recall += shared / goldSize.get(m.gold)!;
  }
  const n = mentions.length;
  const p = n === 0 ? 1 : precision / n;
  const r = n === 0 ? 1 : recall / n;
  return { b3Precision: p, b3Recall: r, b3F1: p + r === 0 ? 0 : (2 * p * r) / (p + r), mentions: n, aligned: mentions.filter((m) => m.response !== null).length };
}

const overlap = (a: Span, b: Span): number => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

/**
 * Alignment by largest overlap (shared characters over the characters of either), then the later
 * end (an English noun phrase's head is last): first one-to-one; then, with `nested`, a gold
 * mention left over takes the best predicted mention even if it is taken (nested gold mentions:
 * "U.S. President Barack Obama" around "Barack Obama"). Returns gold index → predicted index.
 */
export function alignSpans(gold: readonly Span[], predicted: readonly Span[], nested = false): Map<number, number> {
  const pairs: Array<[number, number, number, number]> = [];
  gold.forEach((g, i) => predicted.forEach((p, j) => {
    const o = overlap(g, p);
    if (o > 0) pairs.push([i, j, o / (Math.max(g.end, p.end) - Math.min(g.start, p.start)), p.end]);
  }));
  pairs.sort((a, b) => b[2] - a[2] || b[3] - a[3] || a[0] - b[0] || a[1] - b[1]);
  const aligned = new Map<number, number>();
  const used = new Set<number>();
  for (const [i, j] of pairs) {
    if (aligned.has(i) || used.has(j)) continue;
    aligned.set(i, j);
    used.add(j);
  }
  if (nested) for (const [i, j] of pairs) if (!aligned.has(i)) aligned.set(i, j);
  return aligned;
}

export interface CrossdocResult {
  dir: string;
  documents: number;
  topics: number;
  /** Headline: gold event mentions aligned to our event mentions. */
  events: B3;
  /** Every gold event mention (unaligned ones are singletons). */
  eventsAllGold: B3;
  /** Headline: named (NAM) mentions of PER/ORG/LOC entities. */
  actors: B3;
  /** Every mention of PER/ORG/LOC entities (NOM and PRO too). */
  actorsAllMentions: B3;
  /** The same gold mentions with every aligned mention a cluster of its own: what clustering adds over nothing. */
  singletonBaseline: { events: B3; eventsAllGold: B3; actors: B3 };
  /** Named actors clustered by the pipeline's entity ids alone (gazetteer ids are shared across articles), without actor resolution. */
  actorsByEntityId: B3;
  /** Our event mentions in the annotated part, and the events they form. */
  ourEventMentions: number;
  ourEvents: number;
  pipelineMs: number;
  storeMs: number;
}

export interface CrossdocOptions {
  /** Only the first N documents (path order). */
  limit?: number;
  pipeline?: Pipeline;
}

const ACTOR_TYPES = new Set(['PER', 'ORG', 'LOC']);
const alone = (mentions: readonly ScoredMention[]): ScoredMention[] => mentions.map((m, i) => ({ gold: m.gold, response: m.response === null ? null : `alone:${i}` }));

/** Runs the pipeline and the store's clustering over the MEANTIME documents under `dir`, and scores them. */
export async function evaluateCrossdoc(dir: string, options: CrossdocOptions = {}): Promise<CrossdocResult> {
  let files = await listXmlFiles(dir);
  if (files.length === 0) throw new Error(`no *.xml files under ${dir}`);
  if (options.limit !== undefined) files = files.slice(0, options.limit);
  const documents = await Promise.all(files.map(async (file) => readCrossdocDocument(await readFile(file, 'utf8'), relative(dir, file) || file)));
  const pipeline = options.pipeline ?? createPipeline();
  const folder = mkdtempSync(join(tmpdir(), 'dateline-crossdoc-'));
  const store = openSqliteStore(join(folder, 'crossdoc.db'));
  try {
    await store.migrate();
    let pipelineMs = 0;
    let storeMs = 0;
    const articles: Article[] = [];
    for (const doc of documents) {
      let started = performance.now();
      const article = pipeline.extract(doc.document.text, { published: doc.document.published, source: { kind: 'text', uri: doc.document.path } });
      pipelineMs += performance.now() - started;
      if (article.text !== doc.document.text) throw new Error(`${doc.document.path}: the pipeline changed the text; gold offsets would be wrong`);
      started = performance.now();
      await store.saveArticle(article, { document: { key: 'crossdoc:' + doc.document.path, uri: doc.document.path, format: 'meantime' } });
      storeMs += performance.now() - started;
      articles.push(article);
    }
    // Our clusters, read back from the store's tables.
    const { eventOf, aliases } = await readClusters(join(folder, 'crossdoc.db'));
    const eventsCoded: ScoredMention[] = [];
    const eventsAll: ScoredMention[] = [];
    const actorsNamed: ScoredMention[] = [];
    const actorsRaw: ScoredMention[] = [];
    const actorsAll: ScoredMention[] = [];
    let ourEventMentions = 0;
    const ourEvents = new Set<string>();
    documents.forEach((doc, index) => {
      const article = articles[index]!;
      const end = doc.document.annotated.end;
      const ours = article.events.filter((e) => e.trigger.start < end);
      ourEventMentions += ours.length;
      for (const e of ours) ourEvents.add(eventOf.get(`${article.id}\u0001${e.id}`) ?? `${article.id}:${e.id}`);
      const alignedEvents = alignSpans(doc.events.map((m) => m.span), ours.map((e) => e.trigger));
      doc.events.forEach((gold, i) => {
        const j = alignedEvents.get(i);
        const response = j === undefined ? null : (eventOf.get(`${article.id}\u0001${ours[j]!.id}`) ?? `${article.id}:${ours[j]!.id}`);
        eventsAll.push({ gold: gold.cluster, response });
        if (response !== null) eventsCoded.push({ gold: gold.cluster, response });
      });
      const entityMentions = article.entities.flatMap((entity) => entity.mentions.map((mention) => ({ span: mention.span, entity: entity.id })));
      const goldActors = doc.entities.filter((m) => ACTOR_TYPES.has(m.type));
      const alignedActors = alignSpans(goldActors.map((m) => m.span), entityMentions.map((m) => m.span), true);
      goldActors.forEach((gold, i) => {
        const j = alignedActors.get(i);
        const response = j === undefined ? null : (aliases.get(entityMentions[j]!.entity) ?? entityMentions[j]!.entity);
        actorsAll.push({ gold: gold.cluster, response });
        if (gold.syntacticType === 'NAM') actorsNamed.push({ gold: gold.cluster, response });
        if (gold.syntacticType === 'NAM') actorsRaw.push({ gold: gold.cluster, response: j === undefined ? null : entityMentions[j]!.entity });
      });
    });
    return {
      dir,
      documents: documents.length,
      topics: new Set(documents.map((d) => d.topic)).size,
      events: b3(eventsCoded),
      eventsAllGold: b3(eventsAll),
      actors: b3(actorsNamed),
      actorsAllMentions: b3(actorsAll),
      actorsByEntityId: b3(actorsRaw),
      singletonBaseline: { events: b3(alone(eventsCoded)), eventsAllGold: b3(alone(eventsAll)), actors: b3(alone(actorsNamed)) },
      ourEventMentions,
      ourEvents: ourEvents.size,
      pipelineMs,
      storeMs,
    };
  } finally {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Event mention (article, local id) → stored event id, and entity id → canonical actor id, read from a SQLite store file. */
async function readClusters(path: string): Promise<{ eventOf: Map<string, string>; aliases: Map<string, string> }> {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path, { readonly: true }) }) });
  try {
    const eventOf = new Map<string, string>();
    for (const row of await db.selectFrom('event_mentions').select(['article_id', 'local_id', 'event_id']).execute()) eventOf.set(`${row.article_id}\u0001${row.local_id}`, row.event_id);
    const aliases = new Map<string, string>();
    for (const row of await db.selectFrom('actor_aliases').select(['entity_id', 'canonical_id']).execute()) aliases.set(row.entity_id, row.canonical_id);
    return { eventOf, aliases };
  } finally {
    await db.destroy();
  }
}

const fixed = (x: number): string => x.toFixed(3);

/** The result as a readable table. */
export function formatCrossdocTable(result: CrossdocResult): string {
  const row = (label: string, s: B3): string => `${label.padEnd(34)}${fixed(s.b3Precision).padStart(8)}${fixed(s.b3Recall).padStart(8)}${fixed(s.b3F1).padStart(8)}${String(s.mentions).padStart(8)}${String(s.aligned).padStart(8)}`;
  return [
    `MEANTIME cross-document, ${result.documents} documents in ${result.topics} topic(s) (${result.dir})`,
    `${''.padEnd(34)}${'B3 P'.padStart(8)}${'B3 R'.padStart(8)}${'B3 F1'.padStart(8)}${'gold'.padStart(8)}${'aligned'.padStart(8)}`,
    row('events (gold aligned to ours)', result.events),
    row('events (all gold)', result.eventsAllGold),
    row('actors (named PER/ORG/LOC)', result.actors),
    row('actors (all PER/ORG/LOC mentions)', result.actorsAllMentions),
    row('baseline, no clustering: events', result.singletonBaseline.events),
    row('baseline, no clustering: all gold', result.singletonBaseline.eventsAllGold),
    row('baseline, no clustering: actors', result.singletonBaseline.actors),
    row('baseline, entity ids unresolved', result.actorsByEntityId),
    `our event mentions in the annotated part: ${result.ourEventMentions}, in ${result.ourEvents} events`,
    `pipeline ${Math.round(result.pipelineMs)} ms, store + clustering ${Math.round(result.storeMs)} ms`,
  ].join('\n');
}

/** The `--json` object: exactly the B³ figures of events and actors. */
export function crossdocJson(result: CrossdocResult): { events: Pick<B3, 'b3Precision' | 'b3Recall' | 'b3F1'>; actors: Pick<B3, 'b3Precision' | 'b3Recall' | 'b3F1'> } {
  const pick = (s: B3): Pick<B3, 'b3Precision' | 'b3Recall' | 'b3F1'> => ({ b3Precision: s.b3Precision, b3Recall: s.b3Recall, b3F1: s.b3F1 });
  return { events: pick(result.events), actors: pick(result.actors) };
}
