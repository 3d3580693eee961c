/**
 * The store contract: what every adapter must do, as one suite of tests. An adapter's test file
 * calls `storeContract(name, open)` with a function that opens a fresh, empty store (SQLite on a
 * temp file, PostgreSQL on a scratch schema). The articles are real pipeline output.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Article } from '../core/record.js';
import { createPipeline, type Pipeline } from '../pipeline/pipeline.js';
import { packageRoot } from '../pipeline/resources.js';
import { articleRows } from './rows.js';
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
      // "his Ukrainian counterpart Andrii Sybiha": the foreign minister the people gazetteer knows.
      assert.equal(hosted[0]!.targetCode, 'UKRGOV');
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

    it('gives a page of events as JSON equal to listEvents, with the offset of the next page', async () => {
      const store = await fresh();
      await store.saveBatch([
        { kind: 'article', record: full, meta: metaFor(full, 'a.txt') },
        { kind: 'article', record: shortReport, meta: metaFor(shortReport, 'b.txt') },
      ]);
      const all = await store.listEvents({ limit: 0 });
      assert.ok(all.length >= 5);
      for (const filters of [{}, { actor: 'RUS' }, { type: 'CONSULT' }, { type: '04', since: '2024' }, { place: 'Ankara' }, { text: 'grain' }, { article: shortReport.id.slice(0, 8) }, { actor: 'XXX' }]) {
        const rows = await store.listEvents({ ...filters, limit: 0 });
        for (const [limit, offset] of [[2, 0], [2, 2], [1000, 0], [3, rows.length - 1]] as const) {
          const page = JSON.parse(await store.eventPage({ ...filters, limit, offset: Math.max(0, offset) }));
          const start = Math.max(0, offset);
          assert.deepEqual(page, { items: rows.slice(start, start + limit), nextOffset: rows.length > start + limit ? start + limit : null }, `${JSON.stringify(filters)} limit ${limit} offset ${start}`);
        }
      }
      assert.ok(all.some((e) => e.negated === false) && all.every((e) => typeof e.goldstein === 'number' && typeof e.quadClass === 'number'));
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
      // The counts are kept by each save (migration 0010): they are the stored mentions' counts, and saving again moves nothing.
      const mentionsOf = (id: string): number => [full, shortReport].reduce((n, record) => n + articleRows(record).mentions.filter((m) => m.entity_id === id).length, 0);
      assert.equal(fidan?.mentions, mentionsOf('person:hakan-fidan'));
      await store.saveBatch([{ kind: 'article', record: full, meta: metaFor(full, 'a.txt') }]);
      await store.saveBatch([
        { kind: 'article', record: shortReport, meta: metaFor(shortReport, 'b.txt') },
        { kind: 'article', record: full, meta: metaFor(full, 'a.txt') },
      ]);
      assert.deepEqual(await store.listActors(), actors);
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

    it('pages every list with limit and offset, and links each event to its first report', async () => {
      const store = await fresh();
      await store.saveBatch([
        { kind: 'article', record: full, meta: metaFor(full, 'a.txt') },
        { kind: 'article', record: shortReport, meta: metaFor(shortReport, 'b.txt') },
      ]);
      const all = await store.listEvents({ limit: 0 });
      assert.deepEqual(await store.listEvents({ limit: 3, offset: 2 }), all.slice(2, 5));
      assert.deepEqual(await store.listEvents({ limit: 0, offset: all.length - 1 }), all.slice(-1), 'an offset without a limit');
      for (const event of all) {
        const record = [full, shortReport].find((a) => a.id === event.articleId)!;
        const local = record.events.find((e) => e.id === event.localEventId);
        assert.equal(local?.sentence, event.sentence, `${event.id} points at its report's sentence`);
      }
      const onlyShort = await store.listEvents({ article: shortReport.id.slice(0, 8), limit: 0 });
      assert.ok(onlyShort.length > 0 && onlyShort.length < all.length);
      const actors = await store.listActors({ limit: 0 });
      assert.deepEqual(await store.listActors({ limit: 2, offset: 1 }), actors.slice(1, 3));
      assert.deepEqual(await store.listArticles({ limit: 1, offset: 1 }), (await store.listArticles()).slice(1, 2));
      assert.equal(await store.countArticles(), 2);
    });

    it('aggregates events per day, as a directed actor network and per country of their place', async () => {
      const store = await fresh();
      await store.saveArticle(full, metaFor(full, 'a.txt'));
      const events = await store.listEvents({ limit: 0 });
      const daily = events.filter((e) => (e.date ?? '').length >= 10);
      const timeline = await store.timeline();
      assert.equal(timeline.reduce((n, d) => n + d.events, 0), daily.length);
      assert.deepEqual(timeline.map((d) => d.date), [...new Set(daily.map((e) => e.date!))].sort());
      const day = timeline.find((d) => d.date === '2024-03-06')!;
      const thatDay = daily.filter((e) => e.date === '2024-03-06');
      assert.equal(day.counts['CONSULT'], thatDay.filter((e) => e.type === 'CONSULT').length);
      assert.equal(day.tone, Math.round((thatDay.reduce((n, e) => n + e.goldstein, 0) / thatDay.length) * 100) / 100);
      const byQuad = await store.timeline({ by: 'quadClass' });
      assert.ok(byQuad.every((d) => Object.keys(d.counts).every((k) => ['1', '2', '3', '4'].includes(k))));
      assert.deepEqual(await store.timeline({ since: '2030-01-01' }), []);

      const network = await store.network();
      const accused = network.edges.find((e) => e.source === 'gov:UKR' && e.target === 'gov:RUS');
      assert.deepEqual(accused?.types, { ACCUSE: 1 }, 'Kyiv accused Moscow: an edge from the Ukrainian to the Russian government');
      const ids = new Set(network.nodes.map((n) => n.id));
      assert.ok(network.edges.every((e) => ids.has(e.source) && ids.has(e.target) && e.weight === Object.values(e.types).reduce((a, b) => a + b, 0)));
      assert.deepEqual((await store.network({ minWeight: 1000 })).edges, []);
      assert.equal((await store.network({ limit: 1 })).edges.length, 1);

      const places = await store.places();
      const turkey = places.find((p) => p.iso3 === 'TUR');
      assert.equal(turkey?.events, events.filter((e) => e.placeEntity === 'city:ankara' || e.placeEntity === 'country:TUR').length);
      assert.equal(turkey?.name, 'Turkey');
    });

    it('links a wire copy to its original with its similarity, whatever the order and batches, leaves an unrelated article alone, and saving again changes nothing', async () => {
      const text = readFileSync(join(packageRoot(), '..', 'shared', 'samples', 'hamas-moscow.txt'), 'utf8');
      const paragraphs = text.split('\n').filter((p) => p.trim() !== '');
      // The copy: a byline line and its own dateline in front, one paragraph dropped, the rest as sent.
      const copyText = ['By Jane Doe, Wire Service', paragraphs[0]!.replace(/^Moscow:/, 'MOSCOW (Wire Service) — '), ...paragraphs.slice(1, 3), ...paragraphs.slice(4)].join('\n\n');
      const original = pipeline.extract(text, { published: '2020-01-22', source: { kind: 'text', uri: 'hamas-moscow.txt' } });
      const copy = pipeline.extract(copyText, { published: '2020-01-23', source: { kind: 'text', uri: 'copy.txt' } });
      const links = async (store: Store): Promise<Record<string, [string | null, number | null]>> =>
        Object.fromEntries((await store.listArticles()).map((r) => [r.id, [r.nearDuplicateOf, r.nearSimilarity]]));
      const runs: Article[][][] = [[[original], [copy, full]], [[copy], [full], [original]], [[full, copy, original]]];
      let first: Record<string, [string | null, number | null]> | undefined;
      for (const batches of runs) {
        const store = await fresh();
        for (const batch of batches) await store.saveBatch(batch.map((article) => ({ kind: 'article' as const, record: article, meta: metaFor(article, article.source.uri ?? article.id) })));
        const linked = await links(store);
        assert.equal(linked[original.id]![0], null, 'the original links to nothing');
        assert.equal(linked[copy.id]![0], original.id, 'the copy links to the original');
        assert.ok(linked[copy.id]![1]! >= 0.8 && linked[copy.id]![1]! < 1, `similarity ${linked[copy.id]![1]}`);
        assert.deepEqual(linked[full.id], [null, null], 'an unrelated article is not linked');
        assert.equal((await store.counts()).articles, 3, 'both copies stay');
        if (first) assert.deepEqual(linked, first, 'the same links whatever the order');
        first = linked;
        const counts = await store.counts();
        await store.saveBatch([copy, original, full].map((article) => ({ kind: 'article' as const, record: article, meta: metaFor(article, article.source.uri ?? article.id) })));
        assert.deepEqual(await links(store), linked, 'saving again changes no link');
        assert.deepEqual(await store.counts(), counts);
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

    it('pages an actor filter as slices of its whole list: code prefixes, whole codes, entity ids, with and without dates', async () => {
      const store = await fresh();
      const others = ['geneva-climate-fund.txt', 'nairobi-election-dispute.txt'].map((name, i) =>
        pipeline.extract(readFileSync(join(packageRoot(), 'samples', name), 'utf8'), { published: ['2025-03-04', '2022-08-16'][i]!, source: { kind: 'text', uri: name } }),
      );
      await store.saveBatch([full, shortReport, ...others].map((record) => ({ kind: 'article' as const, record, meta: metaFor(record, record.source.uri!) })));
      let compared = 0;
      for (const actor of ['TUR', 'UKR', 'TURGOV', 'KEN', 'person:hakan-fidan', 'T', 'ZZZ']) {
        for (const dates of [{}, { since: '2024-03-06' }, { since: '2022', until: '2024-03' }]) {
          const all = await store.listEvents({ actor, ...dates, limit: 0 });
          if (actor === 'TUR' && Object.keys(dates).length === 0) assert.ok(all.length >= 4, `TUR has ${all.length} events`);
          for (const [limit, offset] of [[1, 0], [2, 1], [3, 2], [50, 0]] as const) {
            const want = all.slice(offset, offset + limit);
            assert.deepEqual(await store.listEvents({ actor, ...dates, limit, offset }), want, `${actor} ${JSON.stringify(dates)} ${limit}@${offset}`);
            const page = JSON.parse(await store.eventPage({ actor, ...dates, limit, offset })) as { items: { id: string }[]; nextOffset: number | null };
            assert.deepEqual(page.items.map((e) => e.id), want.map((e) => e.id));
            assert.equal(page.nextOffset, all.length > offset + limit ? offset + limit : null);
            compared++;
          }
        }
      }
      assert.equal(compared, 84);
    });

    it('answers an event page asked again after a save with the saved events (the query is compiled once, the answer never kept)', async () => {
      const store = await fresh();
      const filters = { actor: 'TUR', limit: 50, offset: 0 };
      await store.saveBatch([{ kind: 'article', record: shortReport, meta: metaFor(shortReport, 'b.txt') }]);
      const before = JSON.parse(await store.eventPage(filters)) as { items: { id: string; mentions: number }[] };
      await store.saveBatch([{ kind: 'article', record: full, meta: metaFor(full, 'a.txt') }]);
      const after = JSON.parse(await store.eventPage(filters)) as { items: { id: string; mentions: number }[] };
      assert.ok(after.items.length > before.items.length, `${before.items.length} → ${after.items.length} events`);
      assert.deepEqual(after.items.map((e) => e.id), (await store.listEvents({ actor: 'TUR', limit: 50 })).map((e) => e.id));
      assert.ok(after.items.some((e) => e.mentions === 2), 'an event of the first article now has two reports');
    });

    it("keeps each event's mention count equal to its stored reports, through new events, joins and re-saves", async () => {
      const store = await fresh();
      const agree = async (when: string): Promise<void> => {
        const reports = new Map<string, number>();
        for (const report of await store.listEventReports()) reports.set(report.eventId, (reports.get(report.eventId) ?? 0) + 1);
        const events = await store.listEvents({ limit: 10_000 });
        assert.deepEqual(new Map(events.map((e) => [e.id, e.mentions])), reports, when);
      };
      // New events only; then one batch where the short report's events are stored and the full one's join or start;
      // then re-saves, alone and in a batch with a new article (a stored event gains and loses reports in one batch).
      await store.saveBatch([{ kind: 'article', record: shortReport, meta: metaFor(shortReport, 'b.txt') }]);
      await agree('after the first article');
      await store.saveBatch([{ kind: 'article', record: full, meta: metaFor(full, 'a.txt') }]);
      await agree('after the second article, which joins stored events');
      const hosted = (await store.listEvents({ type: 'CONSULT', actor: 'TUR', since: '2024-03-06', until: '2024-03-06' })).filter((e) => e.cameo === '043');
      assert.deepEqual(hosted.map((e) => e.mentions), [2]);
      const before = await store.listEvents({ limit: 10_000 });
      await store.saveBatch([{ kind: 'article', record: full, meta: metaFor(full, 'a.txt') }]);
      await store.saveBatch([
        { kind: 'article', record: shortReport, meta: metaFor(shortReport, 'b.txt') },
        { kind: 'article', record: full, meta: metaFor(full, 'a.txt') },
      ]);
      await agree('after re-saves');
      assert.deepEqual(await store.listEvents({ limit: 10_000 }), before, 're-saving moves no count');
    });

    it('explains a clustered event: the mentions from both articles and why the second joined', async () => {
      const store = await fresh();
      await store.saveArticle(shortReport, metaFor(shortReport, 'b.txt'));
      await store.saveArticle(full, metaFor(full, 'a.txt'));
      const [hosted] = (await store.listEvents({ type: 'CONSULT', actor: 'TUR', since: '2024-03-06', until: '2024-03-06' })).filter((e) => e.cameo === '043');
      const explanation = await store.explainEvent(hosted!.id);
      assert.deepEqual(explanation?.mentions.map((m) => [m.articleId, m.localId, m.decision]), [[shortReport.id, 'e1', 'new'], [full.id, 'e1', 'joined']]);
      const joined = explanation!.mentions[1]!;
      assert.ok(joined.score >= 3, `score ${joined.score}`);
      assert.deepEqual((joined.reason['verdicts'] as Array<{ feature: string }>).map((v) => v.feature), ['type', 'actors', 'date', 'place']);
      assert.equal(await store.explainEvent('ev:nothing'), undefined);
    });

    it('names the first of several alike reports as the best match of a new one (stored reports are read once per distinct set of features)', async () => {
      const paragraph = sample().split('\n')[0]!;
      const tails = ['The talks lasted an hour.', 'Officials gave no details.', 'Neither side spoke to reporters.', 'The ministry published a photograph.'];
      const reports = tails.map((tail) => pipeline.extract(`${paragraph} ${tail}`, { published: '2024-03-07' }));
      const store = await fresh();
      // Three alike reports, each in a batch of its own, not in their ids' order; then a fourth.
      const stored = reports.slice(0, 3).sort((a, b) => (a.id < b.id ? 1 : -1));
      for (const [i, report] of stored.entries()) await store.saveArticle(report, metaFor(report, `alike-${i}.txt`));
      const last = reports[3]!;
      await store.saveArticle(last, metaFor(last, 'alike-3.txt'));
      const firstStored = [...stored].sort((a, b) => (a.id < b.id ? -1 : 1))[0]!;
      let joined = 0;
      for (const event of await store.listEvents({ limit: 0 })) {
        const explanation = await store.explainEvent(event.id);
        const mention = explanation!.mentions.find((m) => m.articleId === last.id);
        if (!mention || mention.decision !== 'joined') continue;
        joined++;
        assert.equal(explanation!.mentions.length, 4, `${event.id}: all four reports`);
        assert.deepEqual(mention.reason['matched'], { articleId: firstStored.id, localId: mention.localId }, 'the tie between alike reports goes to the first by article and local id');
      }
      assert.ok(joined > 0, 'the fourth report joined the events of the other three');
    });

    it('keeps the same event clusters when an article is saved again, in either order', async () => {
      const store = await fresh();
      await store.saveBatch([
        { kind: 'article', record: full, meta: metaFor(full, 'a.txt') },
        { kind: 'article', record: shortReport, meta: metaFor(shortReport, 'b.txt') },
      ]);
      const events = await store.listEvents({ limit: 0 });
      await store.saveArticle(full, metaFor(full, 'a.txt'));
      await store.saveArticle(shortReport, metaFor(shortReport, 'b.txt'));
      assert.deepEqual(await store.listEvents({ limit: 0 }), events);
    });

    it('lists one canonical actor for two spellings of a person in two articles', async () => {
      const store = await fresh();
      const respelled = (article: Article): Article => ({
        ...article,
        entities: article.entities.map((e) => (e.id === 'person:hakan-fidan' ? { ...e, id: 'person:hakan-fiddan', name: 'Hakan Fiddan' } : e)),
        events: article.events.map((e) => ({ ...e, source: e.source.map((a) => (a.entity === 'person:hakan-fidan' ? { ...a, entity: 'person:hakan-fiddan' } : a)) })),
      });
      await store.saveArticle(full, metaFor(full, 'a.txt'));
      await store.saveArticle(respelled(shortReport), metaFor(shortReport, 'b.txt'));
      const fidan = (await store.listActors({ type: 'PERSON' })).filter((a) => /fidd?an/.test(a.id));
      assert.deepEqual(fidan.map((a) => [a.id, a.articles]), [['person:hakan-fidan', 2]]);
      const hosted = (await store.listEvents({ type: 'CONSULT', since: '2024-03-06', until: '2024-03-06' })).filter((e) => e.cameo === '043');
      assert.deepEqual(hosted.map((e) => e.mentions), [2], 'the respelled report joins the same event');
    });
  });
}
