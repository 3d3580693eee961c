/**
 * The store contract: what every adapter must do, as one suite of tests. An adapter's test file
 * calls `storeContract(name, open)` with a function that opens a fresh, empty store (SQLite on a
 * temp file now; PostgreSQL on a scratch schema later). The articles are real pipeline output.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Article } from '../core/record.js';
import { createPipeline, type Pipeline } from '../pipeline/pipeline.js';
import { packageRoot } from '../pipeline/resources.js';
import type { ArticleMeta, Store } from './store.js';

/** Opens a fresh, empty store; the suite closes it. */
export type OpenStore = () => Promise<Store>;

const sample = (): string => readFileSync(join(packageRoot(), 'samples', 'ankara-grain-talks.txt'), 'utf8');

const metaFor = (article: Article, uri: string, extra: Partial<ArticleMeta> = {}): ArticleMeta => ({
  document: { key: 'doc:' + uri, uri, format: 'text' },
  ...extra,
});

export function storeContract(name: string, open: OpenStore): void {
  describe(`store contract: ${name}`, () => {
    let pipeline: Pipeline;
    let full: Article;
    let shortReport: Article;
    const stores: Store[] = [];
    const fresh = async (): Promise<Store> => {
      const store = await open();
      stores.push(store);
      return store;
    };

    before(() => {
      pipeline = createPipeline();
      const text = sample();
      full = pipeline.extract(text, { published: '2024-03-07', source: { kind: 'text', uri: 'samples/ankara-grain-talks.txt', outlet: 'Dateline Wire' } });
      // A second, shorter report of the same talks: its first paragraph only.
      shortReport = pipeline.extract(text.split('\n')[0]!, { published: '2024-03-07', source: { kind: 'text', uri: 'short.txt' } });
    });
    after(async () => {
      for (const store of stores) await store.close();
    });

    it('migrates an empty store, and migrating again applies nothing', async () => {
      const store = await fresh();
      assert.deepEqual(await store.migrate(), []);
      assert.equal((await store.counts()).articles, 0);
    });

    it('gives back the saved record exactly', async () => {
      const store = await fresh();
      await store.saveArticle(full, metaFor(full, 'a.txt'));
      assert.deepEqual(await store.getArticle(full.id), full);
      assert.deepEqual(await store.getArticle(full.id.slice(0, 10)), full, 'by id prefix');
      assert.deepEqual(await store.getArticle('samples/ankara-grain-talks.txt'), full, 'by URI');
      assert.equal(await store.getArticle('0000000000'), undefined);
    });

    it('saving the same article again changes no row', async () => {
      const store = await fresh();
      await store.saveArticle(full, metaFor(full, 'a.txt'));
      const once = await store.counts();
      const events = await store.listEvents({ limit: 0 });
      await store.saveArticle(full, metaFor(full, 'a.txt'));
      assert.deepEqual(await store.counts(), once);
      assert.deepEqual(await store.listEvents({ limit: 0 }), events);
      assert.equal(once.articles, 1);
      assert.equal(once.mentions, full.entities.reduce((n, e) => n + e.mentions.length, 0));
      assert.equal(once.event_mentions, full.events.length);
      assert.equal(once.times, full.times.length);
    });

    it('knows which documents it holds, articles and errors alike', async () => {
      const store = await fresh();
      await store.saveArticle(full, metaFor(full, 'a.txt'));
      await store.saveDocumentError({ document: { key: 'doc:bad', uri: 'dump.jsonl', format: 'jsonl', line: 7 }, code: 'JSONL_INVALID', message: 'line 7: text: Required', stage: 'source' });
      assert.deepEqual(await store.knownDocuments(['doc:a.txt', 'doc:bad', 'doc:new']), new Set(['doc:a.txt', 'doc:bad']));
    });

    it('clusters two articles reporting the same talks into one event with two mentions', async () => {
      const store = await fresh();
      await store.saveBatch([
        { kind: 'article', record: full, meta: metaFor(full, 'a.txt') },
        { kind: 'article', record: shortReport, meta: metaFor(shortReport, 'b.txt') },
      ]);
      const hosted = (await store.listEvents({ type: 'CONSULT', actor: 'TUR', since: '2024-03-06', until: '2024-03-06' })).filter((e) => e.cameo === '043');
      assert.equal(hosted.length, 1);
      assert.equal(hosted[0]!.mentions, 2);
      assert.equal(hosted[0]!.sourceCode, 'TURGOV');
      assert.equal(hosted[0]!.targetCode, 'UKR');
      assert.equal(hosted[0]!.placeEntity, 'city:ankara');
      assert.equal(hosted[0]!.articleId, [full.id, shortReport.id].sort()[0]);
    });

    it('filters events by actor, type, CAMEO prefix, dates, place and evidence words', async () => {
      const store = await fresh();
      await store.saveArticle(full, metaFor(full, 'a.txt'));
      const all = await store.listEvents();
      assert.ok(all.length >= 5);
      const russian = await store.listEvents({ actor: 'RUS' });
      assert.ok(russian.length > 0 && russian.every((e) => e.sourceCode?.startsWith('RUS') || e.targetCode?.startsWith('RUS')));
      assert.ok((await store.listEvents({ type: 'ACCUSE' })).every((e) => e.type === 'ACCUSE'));
      assert.ok((await store.listEvents({ type: '19' })).every((e) => e.cameo.startsWith('19')));
      const in2022 = await store.listEvents({ since: '2022-01-01', until: '2022' });
      assert.ok(in2022.length > 0 && in2022.every((e) => e.date!.startsWith('2022')));
      assert.ok((await store.listEvents({ place: 'Ankara' })).length > 0);
      assert.ok((await store.listEvents({ place: 'city:ankara' })).length > 0);
      const grain = await store.listEvents({ text: 'GRAIN DEAL' });
      assert.ok(grain.length > 0 && grain.every((e) => /grain deal/i.test(e.evidence ?? '')));
      assert.deepEqual(await store.listEvents({ text: '100%_' }), [], 'LIKE wildcards in the words are taken literally');
      assert.equal((await store.listEvents({ limit: 2 })).length, 2);
    });

    it('lists actors across articles with their article and mention counts', async () => {
      const store = await fresh();
      await store.saveBatch([
        { kind: 'article', record: full, meta: metaFor(full, 'a.txt') },
        { kind: 'article', record: shortReport, meta: metaFor(shortReport, 'b.txt') },
      ]);
      const actors = await store.listActors();
      const fidan = actors.find((a) => a.id === 'person:hakan-fidan');
      assert.equal(fidan?.articles, 2);
      assert.equal(fidan?.type, 'PERSON');
      assert.ok((await store.listActors({ type: 'gpe' })).every((a) => a.type === 'GPE'));
      assert.deepEqual((await store.listActors({ text: 'sybiha' })).map((a) => a.id), ['person:andrii-sybiha']);
    });

    it('lists quotes by speaker id or name', async () => {
      const store = await fresh();
      const quoted: Article = {
        ...full,
        quotes: [{ id: 'q1', span: { start: 0, end: 6 }, kind: 'direct', speaker: { entity: 'person:andrii-sybiha' }, attribution: 'entity', confidence: 0.9, rule: 'quotes:test' }],
      };
      await store.saveArticle(quoted, metaFor(quoted, 'a.txt'));
      const bySpeaker = await store.listQuotes({ speaker: 'Sybiha' });
      assert.equal(bySpeaker.length, 1);
      assert.equal(bySpeaker[0]!.speakerName, 'Andrii Sybiha');
      assert.equal(bySpeaker[0]!.text, 'ANKARA');
      assert.equal((await store.listQuotes({ speaker: 'person:andrii-sybiha' })).length, 1);
      assert.equal((await store.listQuotes({ speaker: 'Putin' })).length, 0);
    });

    it('lists articles with their counts and the documents that gave them', async () => {
      const store = await fresh();
      await store.saveArticle(full, metaFor(full, 'a.txt'));
      await store.saveArticle(full, metaFor(full, 'copy-of-a.txt'));
      const [row] = await store.listArticles();
      assert.equal(row?.id, full.id);
      assert.equal(row?.documents, 2, 'an exact copy is linked to the same article');
      assert.equal(row?.events, full.events.length);
      assert.equal(row?.outlet, 'Dateline Wire');
      assert.equal((await store.listArticles({ text: 'grain corridor' })).length, 1);
      assert.equal((await store.listArticles({ since: '2025-01-01' })).length, 0);
    });

    it('links articles with one canonical URL to the same original whatever the order they came in', async () => {
      for (const order of [[full, shortReport], [shortReport, full]]) {
        const store = await fresh();
        for (const article of order) await store.saveArticle(article, metaFor(article, article.source.uri ?? article.id, { canonicalUrl: 'https://example.org/talks' }));
        const rows = await store.listArticles();
        const original = [full.id, shortReport.id].sort()[0]!;
        assert.deepEqual(rows.map((r) => [r.id, r.duplicateOf]).sort(), [[full.id, full.id === original ? null : original], [shortReport.id, shortReport.id === original ? null : original]].sort());
      }
    });

    it('lists document errors with their line, and error diagnostics of stored articles', async () => {
      const store = await fresh();
      const timedOut: Article = { ...full, diagnostics: [...full.diagnostics, { severity: 'error', code: 'PIPELINE_TIMEOUT', message: 'too slow', stage: 'pipeline' }] };
      await store.saveArticle(timedOut, metaFor(timedOut, 'a.txt'));
      await store.saveDocumentError({ document: { key: 'doc:bad', uri: 'dump.jsonl', format: 'jsonl', line: 7 }, code: 'JSONL_INVALID', message: 'line 7: text: Required', stage: 'source' });
      const errors = await store.listErrors();
      assert.deepEqual(
        errors.map((e) => [e.uri, e.line, e.code, e.articleId]),
        [
          ['dump.jsonl', 7, 'JSONL_INVALID', null],
          ['samples/ankara-grain-talks.txt', null, 'PIPELINE_TIMEOUT', full.id],
        ],
      );
      assert.equal((await store.listArticles())[0]?.errors, 1);
    });
  });
}
