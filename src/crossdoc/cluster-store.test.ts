import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Article } from '../core/record.js';
import { createPipeline } from '../pipeline/pipeline.js';
import { createQueryLayerStore } from '../store/query-layer.js';
import type { Database } from '../store/schema.js';
import { openSqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/store.js';
import { eventBlockLocks, formatStoredEvent } from './cluster-store.js';
import { compareMentions, type MentionFeatures } from './event-similarity.js';

const folder = mkdtempSync(join(tmpdir(), 'dateline-crossdoc-'));
let opened = 0;
const stores: Store[] = [];
async function fresh(): Promise<Store> {
  const store = openSqliteStore(join(folder, `store-${++opened}.db`));
  await store.migrate();
  stores.push(store);
  return store;
}
/** A SQLite store with the given bound-parameter limit, counting the statements that touch the clustering's tables. */
async function counted(maxParameters: number): Promise<{ store: Store; clusteringStatements: () => number }> {
  let statements = 0;
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: new BetterSqlite3(join(folder, `store-${++opened}.db`)) }),
    log: (event) => {
      // Not the save's actor-count look-ups (from mentions, joined to the aliases: query-layer.ts), which are not clustering.
      if (/actor_aliases|event_mention_links/.test(event.query.sql) && !/from "mentions"/.test(event.query.sql)) statements++;
    },
  });
  const store = createQueryLayerStore(db, { location: 'counted', columnTypes: { dialect: 'sqlite', binary: 'blob', float: 'real', isoText: 'text' }, maxParameters });
  await store.migrate();
  stores.push(store);
  statements = 0;
  return { store, clusteringStatements: () => statements };
}
const save = (store: Store, articles: Article[]): Promise<void> =>
  store.saveBatch(articles.map((record) => ({ kind: 'article' as const, record, meta: { document: { key: 'doc:' + record.id, uri: record.id, format: 'text' } } })));

/** The clusters as a sorted list of sorted "article-prefix/e1" lists, from the store's events. */
async function partition(store: Store, names: Map<string, string>): Promise<string[][]> {
  const clusters: string[][] = [];
  for (const event of await store.listEvents({ limit: 0 })) {
    const explanation = await store.explainEvent(event.id);
    clusters.push(explanation!.mentions.map((m) => `${names.get(m.articleId)}/${m.localId}`).sort());
  }
  return clusters.sort((a, b) => a.join().localeCompare(b.join()));
}

describe('cross-article clustering in the store', () => {
  let lavrov: Article;
  let marzouk: Article;
  let monthLater: Article;
  let haddad: Article;
  let hadad: Article;
  const names = new Map<string, string>();

  before(() => {
    const pipeline = createPipeline();
    lavrov = pipeline.extract('MOSCOW (Reuters) - Russian Foreign Minister Sergei Lavrov met Mousa Abu Marzook, a senior Hamas official, in Moscow on Thursday.', { published: '2024-05-10' });
    marzouk = pipeline.extract('Russian Foreign Minister Sergei Lavrov met Abu Marzouk, a senior Hamas official, in Moscow on Thursday, the ministry said.', { published: '2024-05-10' });
    monthLater = pipeline.extract('MOSCOW (Reuters) - Russian Foreign Minister Sergei Lavrov met Mousa Abu Marzook, a senior Hamas official, in Moscow on Tuesday.', { published: '2024-06-12' });
    haddad = pipeline.extract('Trade unionist Yousef Haddad met Mayor Karim Nassar in Haifa on Thursday.', { published: '2024-05-10' });
    hadad = pipeline.extract('Yusef Hadad met Mayor Karim Nassar in Haifa on Thursday.', { published: '2024-05-10' });
    for (const [name, article] of Object.entries({ lavrov, marzouk, monthLater, haddad, hadad })) names.set(article.id, name);
  });
  after(async () => {
    for (const store of stores) await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('clusters two reports of one meeting on the same day from two articles, and not the meeting a month later', async () => {
    const store = await fresh();
    await save(store, [lavrov]);
    await save(store, [marzouk]);
    await save(store, [monthLater]);
    const meetings = await store.listEvents({ type: 'CONSULT', actor: 'person:sergei-lavrov' });
    assert.deepEqual(meetings.map((e) => [e.date, e.mentions]), [['2024-05-09', 2], ['2024-06-11', 1]]);
  });

  it('explains a clustered event: each mention, its evidence, and the features it joined on', async () => {
    const store = await fresh();
    await save(store, [lavrov, marzouk]);
    const [meeting] = await store.listEvents({ type: 'CONSULT', actor: 'person:sergei-lavrov' });
    const explanation = await store.explainEvent(meeting!.id.slice(0, 12));
    assert.equal(explanation?.mentions.length, 2);
    assert.deepEqual(explanation!.mentions.map((m) => m.decision).sort(), ['joined', 'new']);
    const text = formatStoredEvent(explanation!);
    assert.match(text, /joined with score [\d.]+, best match/);
    assert.match(text, /actors +\+2 +shared participants person:sergei-lavrov, person:mousa-abu-marzook/);
    assert.match(text, /date +\+1 +same day 2024-05-09/);
    assert.equal(await store.explainEvent('ev:0000'), undefined);
  });

  it('resolves two spellings of one person in two articles to one canonical actor, and clusters their meeting', async () => {
    const store = await fresh();
    await save(store, [haddad]);
    await save(store, [hadad]);
    const actors = await store.listActors({ type: 'PERSON', text: 'had' });
    assert.deepEqual(actors.map((a) => [a.id, a.articles]), [['person:yousef-haddad', 2]]);
    const meetings = await store.listEvents({ type: 'CONSULT', place: 'city:haifa' });
    assert.deepEqual(meetings.map((e) => e.mentions), [2]);
  });

  it('gives the same clusters when an article is saved again', async () => {
    const store = await fresh();
    await save(store, [lavrov, marzouk, monthLater]);
    const before = await partition(store, names);
    const events = await store.listEvents({ limit: 0 });
    await save(store, [marzouk]);
    await save(store, [lavrov, monthLater]);
    assert.deepEqual(await partition(store, names), before);
    assert.deepEqual(await store.listEvents({ limit: 0 }), events);
  });

  it('gives the same clusters whatever the order and the batch size the articles arrive in', async () => {
    const all = [lavrov, marzouk, monthLater, haddad, hadad];
    const results: string[][][] = [];
    for (const batches of [[all], all.map((a) => [a]), [...all].reverse().map((a) => [a]), [[hadad, monthLater], [marzouk, haddad, lavrov]]]) {
      const store = await fresh();
      for (const batch of batches) await save(store, batch);
      results.push(await partition(store, names));
    }
    for (const result of results.slice(1)) assert.deepEqual(result, results[0]);
    assert.ok(results[0]!.some((cluster) => cluster.length === 2 && cluster.includes('lavrov/e1') && cluster.includes('marzouk/e1')));
  });

  it('reads and writes its tables a few statements per batch, not per mention, and clusters the same when they are cut small', async () => {
    const all = [lavrov, marzouk, monthLater, haddad, hadad];
    const mentions = all.reduce((n, article) => n + article.events.length, 0);
    const roomy = await counted(32766);
    await save(roomy.store, [lavrov]);
    const first = roomy.clusteringStatements();
    await save(roomy.store, all);
    const whole = roomy.clusteringStatements() - first;
    assert.ok(mentions >= 5, `the articles give ${mentions} event mentions`);
    assert.ok(whole <= 7, `${whole} statements on the clustering tables for a batch of ${mentions} mentions`);
    const cramped = await counted(40);
    await save(cramped.store, [lavrov]);
    await save(cramped.store, all);
    assert.ok(cramped.clusteringStatements() > first + whole, 'a limit of 40 bound values cuts the statements');
    assert.deepEqual(await partition(cramped.store, names), await partition(roomy.store, names));
  });
});

describe('block locks of concurrent writers', () => {
  const mention = (overrides: Partial<MentionFeatures>): MentionFeatures => ({
    articleId: 'a',
    localId: 'e1',
    sentence: 0,
    type: 'CONSULT',
    cameo: '040',
    source: null,
    target: null,
    reciprocal: false,
    place: null,
    date: '2024-05-09',
    dated: true,
    negated: false,
    modality: 'asserted',
    ...overrides,
  });
  /** Whether two lock sets conflict: a key in both, taken exclusively by at least one. */
  const conflict = (a: MentionFeatures, b: MentionFeatures): boolean => {
    const mine = new Map(eventBlockLocks(a).map((lock) => [lock.key, lock.shared]));
    return eventBlockLocks(b).some((lock) => mine.has(lock.key) && !(mine.get(lock.key)! && lock.shared));
  };

  it('give any two mentions that could be one event a key in common, held exclusively by one of them', () => {
    // Days around month and year ends, months, years; dated and publication days; types sharing a code, a root or neither.
    const days = ['2023-12-27', '2023-12-30', '2023-12-31', '2024-01-01', '2024-01-02', '2024-01-03', '2024-01-05', '2024-02-27', '2024-02-29', '2024-03-01', '2024-03-03', '2024-05-09'];
    const dates = [...days, '2023-12', '2024-01', '2024-02', '2024-03', '2023', '2024'];
    const kinds = [
      { type: 'CONSULT', cameo: '040' },
      { type: 'CONSULT', cameo: '036' },
      { type: 'ENGAGE', cameo: '042' },
      { type: 'ACCUSE', cameo: '112' },
    ];
    let compatible = 0;
    for (const [i, dateA] of dates.entries()) {
      for (const dateB of dates.slice(i)) {
        for (const kindA of kinds) {
          for (const kindB of kinds) {
            for (const [datedA, datedB] of [[true, true], [true, false], [false, true]] as const) {
              const a = mention({ ...kindA, date: dateA, dated: datedA });
              const b = mention({ ...kindB, articleId: 'b', date: dateB, dated: datedB });
              if (!compareMentions(a, b).compatible) continue;
              compatible++;
              assert.ok(conflict(a, b), `${JSON.stringify([kindA, dateA, datedA])} and ${JSON.stringify([kindB, dateB, datedB])} could be one event, but no lock keeps their writers apart`);
            }
          }
        }
      }
    }
    assert.ok(compatible > 300, `${compatible} compatible pairs checked`);
  });

  it('let mentions that cannot be one event go at once: another type and root, days a week apart, other months', () => {
    assert.equal(conflict(mention({}), mention({ type: 'ACCUSE', cameo: '112' })), false);
    assert.equal(conflict(mention({ date: '2024-05-01' }), mention({ date: '2024-05-20' })), false);
    assert.equal(conflict(mention({ date: '2024-05' }), mention({ date: '2024-06' })), false);
    assert.equal(conflict(mention({ date: '2024-05-09' }), mention({ date: '2024-05-12' })), true);
    assert.equal(conflict(mention({ date: '2024-05-09' }), mention({ date: '2024-05' })), true);
    assert.equal(conflict(mention({ date: '2024-05-09' }), mention({ date: '2024' })), true);
    assert.deepEqual(eventBlockLocks(mention({ date: null })), []);
  });
});
