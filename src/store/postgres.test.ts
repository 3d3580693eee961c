/**
 * The PostgreSQL adapter against a real server: `DATELINE_TEST_POSTGRES_URL`, else
 * postgres://postgres@127.0.0.1:5432/test (what `.ci/run` starts). Every store lives in its own
 * scratch schema, dropped at the end. When no server answers (and no URL was given) the suite is
 * skipped, saying why.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { Article } from '../core/record.js';
import { createPipeline } from '../pipeline/pipeline.js';
import { packageRoot } from '../pipeline/resources.js';
import { latestMigration } from './migrations/index.js';
import { openStore, redactStoreLocation } from './open.js';
import { openPostgresStore, parsePostgresUrl } from './postgres.js';
import { articleRows } from './rows.js';
import { storeContract } from './store.contract.js';
import type { ArticleMeta, EventRow } from './store.js';

const givenUrl = process.env['DATELINE_TEST_POSTGRES_URL'];
const baseUrl = givenUrl ?? 'postgres://postgres@127.0.0.1:5432/test';
const prefix = `dateline_test_${process.pid}_`;
let count = 0;

const admin = new pg.Pool({ connectionString: baseUrl, max: 1, connectionTimeoutMillis: 3000 });
admin.on('error', () => undefined);
const unreachable = await admin.query('select 1').then(
  () => undefined,
  (error: Error) => error.message,
);
if (unreachable && givenUrl) throw new Error(`DATELINE_TEST_POSTGRES_URL does not answer: ${unreachable}`);

/** The test server's URL pointing at a new scratch schema (dropped after the tests). */
function scratchUrl(password?: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('schema', prefix + ++count);
  if (password) url.password = password;
  return url.toString();
}

async function schemaExists(schema: string): Promise<boolean> {
  const { rows } = await admin.query('select 1 from pg_namespace where nspname = $1', [schema]);
  return rows.length === 1;
}

after(async () => {
  if (!unreachable) {
    const { rows } = await admin.query<{ nspname: string }>('select nspname from pg_namespace where nspname like $1', [prefix + '%']);
    for (const { nspname } of rows) await admin.query(`drop schema "${nspname}" cascade`);
  }
  await admin.end();
});

describe('PostgreSQL store locations', () => {
  it('are printed with the password replaced, even when they are malformed', () => {
    assert.equal(redactStoreLocation('postgres://dateline:hunter2@db.example.org:5433/news?schema=wire'), 'postgres://dateline:***@db.example.org:5433/news?schema=wire');
    assert.equal(redactStoreLocation('postgresql://dateline:hunter2@/news?schema=a;b'), 'postgresql://…@/news?schema=a;b');
    assert.equal(redactStoreLocation('./dateline.db'), './dateline.db');
  });

  it('take the schema and server options out of the URL given to the driver, keeping both', () => {
    const location = parsePostgresUrl('postgres://dateline:hunter2@db:5433/news?sslmode=require&options=-c%20statement_timeout%3D5s&schema=wire');
    assert.equal(location.schema, 'wire');
    assert.equal(location.options, '-c statement_timeout=5s');
    assert.equal(location.connectionString, 'postgres://dateline:hunter2@db:5433/news?sslmode=require');
    assert.deepEqual(location.secrets, ['hunter2', 'hunter2']);
    assert.equal(parsePostgresUrl('postgresql://db/news').schema, 'public');
  });
});

describe('PostgreSQL', { skip: unreachable ? `no PostgreSQL at ${parsePostgresUrl(baseUrl).redacted}: ${unreachable}` : false }, () => {
  storeContract('PostgreSQL', () => openStore(scratchUrl()));

  describe('PostgreSQL adapter', () => {
    let full: Article;
    let shortReport: Article;
    const meta = (uri: string): ArticleMeta => ({ document: { key: 'doc:' + uri, uri, format: 'text' } });

    before(() => {
      const pipeline = createPipeline();
      const text = readFileSync(join(packageRoot(), 'samples', 'ankara-grain-talks.txt'), 'utf8');
      full = pipeline.extract(text, { published: '2024-03-07', source: { kind: 'text', uri: 'samples/ankara-grain-talks.txt' } });
      shortReport = pipeline.extract(text.split('\n')[0]!, { published: '2024-03-07', source: { kind: 'text', uri: 'short.txt' } });
    });

    it('keeps the password out of the location, the open errors and the query errors', async () => {
      const store = await openStore(scratchUrl('hunter2'));
      try {
        assert.match(store.location, /^postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:5432\/test\?schema=dateline_test_/);
        await assert.rejects(
          // PostgreSQL refuses NUL characters in text: a driver error, wrapped with the operation.
          store.saveDocumentError({ document: { key: 'k', uri: 'u', format: 'text' }, code: 'INPUT_BINARY', message: 'nul \u0000 here', stage: 'decode' }),
          (error: Error & { code?: string }) => error.code === 'STORE_QUERY_FAILED' && /save failed on postgres:\/\/postgres:\*\*\*@/.test(error.message) && !error.message.includes('hunter2'),
        );
      } finally {
        await store.close();
      }
      await assert.rejects(openStore('postgres://postgres:hunter2@127.0.0.1:1/test'), (error: Error & { code?: string; cause?: Error }) => {
        assert.equal(error.code, 'STORE_OPEN_FAILED');
        assert.match(error.message, /cannot open the PostgreSQL store postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test: .*ECONNREFUSED/);
        assert.ok(!error.message.includes('hunter2') && !String(error.cause?.message).includes('hunter2'));
        return true;
      });
    });

    it('rejects a malformed URL or schema name as STORE_URL_INVALID without showing the password', async () => {
      for (const url of ['postgres://user:hunter2@/test', 'postgres://us er:hunter2@host:notaport/test', 'postgres://user:hunter2@127.0.0.1/test?schema=a;drop']) {
        await assert.rejects(openStore(url), (error: Error & { code?: string }) => error.code === 'STORE_URL_INVALID' && !error.message.includes('hunter2'), url);
      }
    });

    it('opens a schema read-only only when it holds a store, and creates nothing on the way', async () => {
      const url = scratchUrl();
      const schema = parsePostgresUrl(url).schema;
      await assert.rejects(openStore(url, { readonly: true }), (error: Error & { code?: string }) => error.code === 'STORE_OPEN_FAILED' && /holds no Dateline tables/.test(error.message));
      assert.equal(await schemaExists(schema), false);
      const writer = await openStore(url);
      await writer.saveArticle(full, meta('a.txt'));
      await writer.close();
      const reader = await openStore(url, { readonly: true });
      try {
        assert.equal((await reader.counts()).articles, 1);
        await assert.rejects(reader.saveArticle(shortReport, meta('b.txt')), (error: Error & { code?: string }) => error.code === 'STORE_QUERY_FAILED' && /read-only transaction/.test(error.message));
      } finally {
        await reader.close();
      }
    });

    it('keeps date columns in byte order (collation "C"), as SQLite compares them, whatever the database collation', async () => {
      const url = scratchUrl();
      const store = await openStore(url);
      await store.close();
      const { rows } = await admin.query<{ column: string; collation: string | null }>(
        `select table_name || '.' || column_name as "column", collation_name as "collation" from information_schema.columns where table_schema = $1 and column_name in ('published', 'date') order by 1`,
        [parsePostgresUrl(url).schema],
      );
      assert.ok(rows.length >= 2);
      assert.deepEqual(rows.filter((row) => row.collation !== 'C'), []);
    });

    it('writes rows through unnest arrays exactly: quotes, backslashes, braces, commas and the word NULL', async () => {
      const url = scratchUrl();
      const store = await openStore(url);
      try {
        const text =
          'Officials in {Kyiv}, "the capital", said a back\\slash and NULL mean nothing. ' +
          '“We will not {yield}, not now,” said Andrii Sybiha, Ukraine\'s foreign minister, on Tuesday in Ankara.';
        const record = createPipeline().extract(text, { published: '2024-03-07', source: { kind: 'text', uri: 'tricky.txt' } });
        await store.saveArticle(record, meta('tricky.txt'));
        const expected = articleRows(record);
        const schema = parsePostgresUrl(url).schema;
        const mentions = await admin.query<{ text: string; entity_id: string }>(`select text, entity_id from "${schema}".mentions where article_id = $1 order by seq`, [record.id]);
        assert.ok(expected.mentions.length >= 3, 'the text has mentions');
        assert.deepEqual(mentions.rows, expected.mentions.map((m) => ({ text: m.text, entity_id: m.entity_id })));
        assert.ok(mentions.rows.some((m) => m.text === 'NULL'), 'the word NULL is text, not a null');
        const quotes = await admin.query<{ text: string; speaker_text: string | null }>(`select text, speaker_text from "${schema}".quotes where article_id = $1 order by seq`, [record.id]);
        assert.deepEqual(quotes.rows, expected.quotes.map((q) => ({ text: q.text, speaker_text: q.speaker_text })));
        assert.ok(quotes.rows.some((q) => q.text.includes('{yield}, not now')));
        assert.ok(quotes.rows.some((q) => q.speaker_text?.includes('back\\slash')));
        assert.deepEqual(await store.getArticle(record.id), record);
      } finally {
        await store.close();
      }
    });

    it('keeps stores in different schemas apart, each with its own migrations', async () => {
      const first = await openPostgresStore(scratchUrl());
      const second = await openPostgresStore(scratchUrl());
      try {
        assert.equal((await first.migrate()).at(-1), latestMigration);
        assert.equal((await second.migrate()).at(-1), latestMigration, 'the second schema is migrated although the first has its bookkeeping');
        await first.saveArticle(full, meta('a.txt'));
        assert.equal((await first.counts()).articles, 1);
        assert.equal((await second.counts()).articles, 0);
      } finally {
        await first.close();
        await second.close();
      }
    });

    it('two connections saving the same article at once end with one copy, and shared events count both reports', async () => {
      const url = scratchUrl();
      const reference = await openStore(scratchUrl());
      await reference.saveBatch([
        { kind: 'article', record: full, meta: meta('a.txt') },
        { kind: 'article', record: shortReport, meta: meta('b.txt') },
      ]);
      const expected = await reference.counts();
      // Event ids depend on which report of an event came first (incremental clustering); what the events hold does not.
      const withoutIds = (events: EventRow[]): string[] => events.map(({ id: _id, ...rest }) => JSON.stringify(rest)).sort();
      const expectedEvents = withoutIds(await reference.listEvents({ limit: 0 }));
      await reference.close();
      // Both open (and migrate) the same new schema at once too.
      const [one, two] = await Promise.all([openStore(url), openStore(url)]);
      try {
        for (let round = 0; round < 3; round++) {
          await Promise.all([one.saveArticle(full, meta('a.txt')), two.saveArticle(full, meta('a.txt')), one.saveArticle(shortReport, meta('b.txt')), two.saveArticle(shortReport, meta('b.txt'))]);
        }
        assert.deepEqual(await one.counts(), expected);
        assert.deepEqual(withoutIds(await two.listEvents({ limit: 0 })), expectedEvents);
      } finally {
        await one.close();
        await two.close();
      }
    });

    it('saves of unrelated articles run at once, while saves of one article wait for each other', async () => {
      // Two articles sharing no event block (other dates), entity, canonical URL or near-duplicate band.
      const pipeline = createPipeline();
      const meeting = pipeline.extract('Russian Foreign Minister Sergei Lavrov met Mousa Abu Marzook, a senior Hamas official, in Moscow on Thursday.', { published: '2024-05-10' });
      const other = pipeline.extract('Trade unionist Yousef Haddad met Mayor Karim Nassar in Haifa on Thursday.', { published: '2021-02-12' });
      const url = scratchUrl();
      const store = await openStore(url);
      const holder = new pg.Client({ connectionString: baseUrl });
      await holder.connect();
      const release = (): Promise<unknown> => holder.query('commit').catch(() => undefined);
      try {
        // Another writer in the middle of saving `meeting`: it holds that article's lock.
        await holder.query('begin');
        await holder.query(`select pg_advisory_xact_lock(hashtextextended('dateline:' || $1 || ':id|' || $2, 0))`, [parsePostgresUrl(url).schema, meeting.id]);
        let meetingSaved = false;
        const savingMeeting = store.saveArticle(meeting, meta('a.txt')).then(() => (meetingSaved = true));
        // Never left hanging: the holder lets go after 10 s whatever happens.
        const timer = setTimeout(() => void release(), 10_000);
        const started = Date.now();
        await store.saveArticle(other, meta('b.txt'));
        assert.ok(Date.now() - started < 5000, 'the unrelated save did not wait for the held lock');
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.equal(meetingSaved, false, 'the second save of one article waits for the first');
        clearTimeout(timer);
        await release();
        await savingMeeting;
        assert.equal((await store.counts()).articles, 2);
      } finally {
        await release();
        await holder.end();
        await store.close();
      }
    });

    it('two connections saving reports of the same events at once end with the clusters of saving them one by one', async () => {
      const pipeline = createPipeline();
      const published = '2024-05-10';
      const reports = [
        'MOSCOW (Reuters) - Russian Foreign Minister Sergei Lavrov met Mousa Abu Marzook, a senior Hamas official, in Moscow on Thursday.',
        'Russian Foreign Minister Sergei Lavrov met Abu Marzouk, a senior Hamas official, in Moscow on Thursday, the ministry said.',
        'Trade unionist Yousef Haddad met Mayor Karim Nassar in Haifa on Thursday.',
        'Yusef Hadad met Mayor Karim Nassar in Haifa on Thursday.',
      ].map((text, i) => pipeline.extract(text, { published, source: { kind: 'text', uri: `report-${i}.txt` } }));
      // The same people met years before: stored first, so the concurrent saves find their entities stored and do not wait on each other's new entity rows.
      const earlier = [reports[0]!, reports[2]!].map((report, i) => pipeline.extract(report.text, { published: '2020-01-10', source: { kind: 'text', uri: `earlier-${i}.txt` } }));
      const saveEarlier = async (store: Awaited<ReturnType<typeof openStore>>): Promise<void> => {
        for (const [i, article] of earlier.entries()) await store.saveArticle(article, meta(`earlier-${i}.txt`));
      };
      const clusters = async (store: Awaited<ReturnType<typeof openStore>>): Promise<string> => {
        const events = await store.listEvents({ limit: 0 });
        const actors = await store.listActors({ type: 'PERSON', limit: 0 });
        const text = JSON.stringify({ events: events.map((e) => [e.type, e.date, e.sourceEntity, e.targetEntity, e.mentions]).sort(), actors: actors.map((a) => [a.id, a.articles]).sort() });
        // The canonical actor is the spelling stored first, which depends on who wins the race.
        return text.replaceAll('person:yusef-hadad', 'person:yousef-haddad');
      };
      const reference = await openStore(scratchUrl());
      await saveEarlier(reference);
      for (const [i, report] of reports.entries()) await reference.saveArticle(report, meta(`r${i}.txt`));
      const expected = await clusters(reference);
      await reference.close();
      assert.match(expected, /"CONSULT","2024-05-09","person:sergei-lavrov","person:mousa-abu-marzook",2\]/);
      for (let round = 0; round < 4; round++) {
        const url = scratchUrl();
        const [one, two] = await Promise.all([openStore(url), openStore(url)]);
        try {
          await saveEarlier(one);
          // Each report of an event on its own connection, at the same moment.
          await Promise.all([one.saveArticle(reports[0]!, meta('r0.txt')), two.saveArticle(reports[1]!, meta('r1.txt')), one.saveArticle(reports[2]!, meta('r2.txt')), two.saveArticle(reports[3]!, meta('r3.txt'))]);
          assert.equal(await clusters(one), expected, `round ${round}`);
        } finally {
          await one.close();
          await two.close();
        }
      }
    });

    it('dateline migrate --json applies the pending migrations and lists them, leaving nothing to apply', async () => {
      const url = scratchUrl('hunter2');
      const run = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
        new Promise((resolve, reject) => {
          const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'dateline.js'), ...args], { cwd: packageRoot() });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          child.on('error', reject);
          child.on('close', (code) => resolve({ code, stdout, stderr }));
        });
      const first = await run(['migrate', '--store', url, '--json']);
      assert.equal(first.code, 0, first.stderr);
      const report = JSON.parse(first.stdout) as { store: string; applied: string[]; version: string };
      assert.equal(report.applied[0], '0001-initial');
      assert.equal(report.applied.at(-1), latestMigration);
      assert.equal(report.version, latestMigration);
      assert.ok(report.store.includes(':***@') && !first.stdout.includes('hunter2'));
      const store = await openStore(url, { migrate: false });
      try {
        assert.deepEqual(await store.migrate(), [], 'nothing is left to apply');
      } finally {
        await store.close();
      }
    });
  });
});
