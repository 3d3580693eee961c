import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { createPipeline } from '../pipeline/pipeline.js';
import { packageRoot } from '../pipeline/resources.js';
import { defaultLimits } from '../pipeline/stage.js';
import { makeDocument } from '../sources/document.js';
import { openStore } from '../store/open.js';
import { extractDocument } from './extract-document.js';
import { ingest } from './ingest.js';
import { workerExecArgv } from './pool.js';

const dir = mkdtempSync(join(tmpdir(), 'dateline-ingest-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const limits = { maxBytes: 200_000 };

/** Every row that identifies what a store holds (timestamps left out). */
function snapshot(path: string): Record<string, unknown[]> {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return {
      articles: db.prepare('select id, canonical_url, duplicate_of, entity_count, event_count from articles order by id').all(),
      documents: db.prepare('select key, uri, article_id, status, error_code from documents order by key').all(),
      events: db.prepare('select id, mention_count from events order by id').all(),
      event_mentions: db.prepare('select article_id, local_id, event_id from event_mentions order by article_id, local_id').all(),
      mentions: db.prepare('select count(*) as n from mentions').all(),
      times: db.prepare('select count(*) as n from times').all(),
      diagnostics: db.prepare('select count(*) as n from diagnostics').all(),
      entities: db.prepare('select id from entities order by id').all(),
    };
  } finally {
    db.close();
  }
}

describe('ingest', () => {
  it('ingests the samples and a folder of bad documents, records each failure, and a second run changes nothing', async () => {
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'broken.xml'), '<rss><channel><item></channel>');
    writeFileSync(join(bad, 'empty.txt'), '   \n');
    writeFileSync(join(bad, 'binary.txt'), Buffer.from([0, 1, 2, 3, 0, 0, 7, 8]));
    writeFileSync(join(bad, 'dump.jsonl'), '{"text":"KYIV — Ukraine and Poland agreed on Monday to open a new border crossing."}\n{"text":7}\n');
    writeFileSync(join(bad, 'no-article.html'), '<!DOCTYPE html><html><head><title>x</title></head><body></body></html>');
    const path = join(dir, 'samples.db');
    const store = await openStore(path);
    try {
      const first = await ingest([join(packageRoot(), 'samples'), bad], { store, workers: 2, limits });
      assert.equal(first.stored, 10);
      assert.equal(first.failed, 5);
      assert.equal(first.skipped, 0);
      const errors = await store.listErrors();
      assert.deepEqual(errors.map((e) => e.code).sort(), ['FEED_INVALID_XML', 'HTML_NO_TEXT', 'INPUT_BINARY', 'INPUT_EMPTY', 'JSONL_INVALID_RECORD'].sort());
      assert.equal(errors.find((e) => e.code === 'JSONL_INVALID_RECORD')?.line, 2);
      const before = snapshot(path);
      // One document at a time when the byte budget is smaller than any document: the same rows, no wait for ever.
      const narrowPath = join(dir, 'narrow.db');
      const narrow = await openStore(narrowPath);
      try {
        const run = await ingest([join(packageRoot(), 'samples'), bad], { store: narrow, workers: 2, limits, inFlightBytes: 1 });
        assert.deepEqual({ stored: run.stored, failed: run.failed }, { stored: 10, failed: 5 });
      } finally {
        await narrow.close();
      }
      assert.deepEqual(snapshot(narrowPath).articles, before['articles']);
      const second = await ingest([join(packageRoot(), 'samples'), bad], { store, workers: 2, limits });
      assert.deepEqual({ stored: second.stored, failed: second.failed, skipped: second.skipped }, { stored: 0, failed: 0, skipped: 15 });
      assert.deepEqual(snapshot(path), before);
      const page = await store.getArticle('https://wire.example.org/2024/03/constanta-terminal-reopens');
      assert.equal(page?.source.kind, 'html');
      assert.equal(page?.title, 'Port of Constanta reopens grain terminal after storm damage');
      assert.ok(page?.sentences.length, 'the stored record keeps its sentences');
    } finally {
      await store.close();
    }
  });

  it('stops at a failed write with its error, keeping the batches written before it', { timeout: 120_000 }, async () => {
    const path = join(dir, 'failing-write.db');
    const store = await openStore(path);
    let saves = 0;
    // The real store, but its second batch write fails (a full disk, a lost connection).
    const failing = new Proxy(store, {
      get(target, property) {
        if (property === 'saveBatch') {
          return async (entries: Parameters<typeof store.saveBatch>[0]) => {
            saves++;
            if (saves === 2) throw new Error('disk full (test)');
            return target.saveBatch(entries);
          };
        }
        const value = Reflect.get(target, property) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    try {
      // Batches by size only: on a slow machine the first document can take longer than the default flush interval.
      await assert.rejects(ingest([join(packageRoot(), 'samples')], { store: failing, workers: 1, limits, batchSize: 2, flushMs: 600_000 }), /disk full \(test\)/);
      assert.equal(countDocuments(path), 2, 'the first batch is stored, nothing after the failed one');
    } finally {
      await store.close();
    }
  });

  it('resumes an ingest killed with SIGKILL halfway, ending with exactly the rows of an uninterrupted run', { timeout: 180_000 }, async () => {
    const folder = join(dir, 'generated');
    mkdirSync(folder);
    const places = ['Ankara', 'Nairobi', 'Geneva', 'Moscow', 'Paris', 'Berlin', 'Cairo', 'Tokyo', 'Lima', 'Oslo'];
    const months = ['January', 'February', 'March', 'April', 'May', 'June'];
    for (let i = 0; i < 200; i++) {
      const place = places[i % places.length]!;
      const text = `${place.toUpperCase()} (Dateline Wire) — The mayor of ${place} met ${10 + i} farmers on Monday to discuss the price of water, the city council said.\n\nThe talks will resume in ${months[i % months.length]}, and ${3 + (i % 7)} unions said they would join them.`;
      writeFileSync(join(folder, `article-${String(i).padStart(3, '0')}.txt`), text);
    }
    const whole = join(dir, 'whole.db');
    const resumed = join(dir, 'resumed.db');
    const run = (store: string): ChildProcess => spawn(process.execPath, [...cli(), 'ingest', folder, '--store', store, '--workers', '2', '--no-progress'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const finish = (child: ChildProcess): Promise<number | null> => new Promise((resolve) => child.on('exit', (code) => resolve(code)));

    assert.equal(await finish(run(whole)), 0);
    const child = run(resumed);
    let storedAtKill = 0;
    while (storedAtKill < 40) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      storedAtKill = countDocuments(resumed);
      if (child.exitCode !== null) break;
    }
    child.kill('SIGKILL');
    await finish(child);
    const afterKill = countDocuments(resumed);
    assert.ok(afterKill >= 40 && afterKill < 200, `the kill came halfway (${afterKill} of 200 stored)`);
    assert.equal(await finish(run(resumed)), 0);
    const expected = snapshot(whole);
    assert.equal(expected['articles']!.length, 200);
    assert.deepEqual(snapshot(resumed), expected);
  });

  it('keeps only the node flags a worker accepts (V8 flags are refused in a worker and reach it anyway)', () => {
    assert.deepEqual(workerExecArgv(['--max-old-space-size=3000', '--expose-gc', '--max-semi-space-size=32', '--stack-size=2000', '--enable-source-maps', '--cpu-prof', '--cpu-prof-dir=/tmp', '--input-type=module']), ['--enable-source-maps', '--cpu-prof', '--cpu-prof-dir=/tmp']);
  });

  it('extracts in workers sharing the main thread\'s parser model, under V8 flags and heap limits, exactly as in one thread', { timeout: 120_000 }, async () => {
    const text = readFileSync(join(packageRoot(), 'samples', 'ankara-grain-talks.txt'), 'utf8');
    const module = (path: string): string => JSON.stringify(new URL(path, import.meta.url).href);
    // A child process run with V8 flags: while the pool passed them on in its workers' execArgv, no worker could start.
    const script = `
      const { ExtractPool } = await import(${module('./pool.js')});
      const { readParserData } = await import(${module('../pipeline/parser-model.js')});
      const { makeDocument } = await import(${module('../sources/document.js')});
      const { decodeRecord } = await import(${module('../store/record-codec.js')});
      const parser = readParserData(undefined, { shared: true });
      const pool = new ExtractPool(2, { gazetteers: [], limits: {}, parser, minhash: 'caller' }, { maxYoungGenerationSizeMb: 24 });
      await pool.ready();
      const text = ${JSON.stringify(text)};
      const results = await Promise.all([0, 1].map(() => pool.extract(makeDocument('text', 'ankara.txt', {}, { text }))));
      await pool.close();
      process.stdout.write(JSON.stringify(results.map((r) => (r.ok ? { record: decodeRecord(r.encoded), nearSignature: r.nearSignature ?? null } : r))));`;
    const child = spawn(process.execPath, ['--max-old-space-size=3000', '--max-semi-space-size=32', '--heap-growing-percent=50', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0);
    const results = JSON.parse(out) as Array<{ record: unknown; nearSignature: unknown }>;
    const expected = extractDocument(createPipeline(), makeDocument('text', 'ankara.txt', {}, { text }), defaultLimits);
    assert.ok(expected.ok);
    assert.equal(results.length, 2);
    for (const result of results) {
      assert.deepEqual(result.record, JSON.parse(JSON.stringify(expected.article)));
      // The caller makes the MinHash (WorkerSettings.minhash): the worker sends none.
      assert.equal(result.nearSignature, null);
    }
  });
});

function countDocuments(path: string): number {
  try {
    const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('select count(*) as n from documents').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

/** The `dateline` command: bin/dateline.js once main.ts registers `ingest`, else the same command set up here. */
function cli(): string[] {
  const main = readFileSync(join(packageRoot(), 'dist', 'src', 'cli', 'main.js'), 'utf8');
  if (main.includes('registerIngest')) return [join(packageRoot(), 'bin', 'dateline.js')];
  const command = new URL('../cli/commands/ingest.js', import.meta.url).href;
  const script = `import { Command } from 'commander'; import { registerIngest } from ${JSON.stringify(command)};
    let code = 0; const program = new Command('dateline'); registerIngest(program, (c) => { code = Math.max(code, c); });
    await program.parseAsync(process.argv.slice(1), { from: 'user' }); process.exitCode = code;`;
  return ['--input-type=module', '-e', script, '--'];
}


