import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DirectedGraph } from 'graphology';
import { parse } from 'graphology-gexf';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { createPipeline } from '../pipeline/pipeline.js';
import { packageRoot } from '../pipeline/resources.js';
import { openStore } from '../store/open.js';
import type { EventRow, Store } from '../store/store.js';
import { gdeltColumns, gdeltLines } from './gdelt.js';
import { exportGexf } from './gexf.js';
import { exportParquet } from './parquet.js';

const dir = mkdtempSync(join(tmpdir(), 'dateline-export-'));
const storePath = join(dir, 'store.db');
let store: Store;
let events: EventRow[];

before(async () => {
  const pipeline = createPipeline();
  store = await openStore(storePath);
  const texts: [string, string | null, string][] = [
    ['samples/ankara-grain-talks.txt', '2024-03-07', 'https://wire.example.org/ankara'],
    ['samples/geneva-climate-fund.txt', null, 'geneva.txt'],
    ['../shared/samples/hamas-moscow.txt', '2020-01-22', 'https://news.example.com/hamas-moscow'],
  ];
  const articles = texts.map(([path, published, uri]) =>
    pipeline.extract(readFileSync(join(packageRoot(), path), 'utf8'), { published, source: { kind: 'text', uri, outlet: path.includes('hamas') ? 'Example News' : 'Dateline Wire' } }),
  );
  await store.saveBatch(articles.map((record, i) => ({ kind: 'article' as const, record, meta: { document: { key: 'doc:' + i, uri: texts[i]![2], format: 'text' } } })));
  events = await store.listEvents({ limit: 0 });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('exports', () => {
  it('writes Parquet partitioned by event month, every event once, readable by hyparquet with the rows of `dateline events`', async () => {
    const folder = join(dir, 'parquet');
    writeFileSync(join(dir, 'keep.txt'), 'x');
    const result = await exportParquet(store, folder);
    const months = new Set(events.map((e) => e.date?.match(/^\d{4}-\d{2}/)?.[0] ?? 'unknown'));
    assert.deepEqual(readdirSync(folder).sort(), [...months].map((m) => `month=${m}`).sort());
    assert.ok(months.has('2024-03') && months.has('2020-01'));
    let read = 0;
    for (const partition of readdirSync(folder)) {
      const bytes = readFileSync(join(folder, partition, 'events.parquet'));
      const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const rows = (await parquetReadObjects({ file })) as unknown as EventRow[];
      const month = partition.slice('month='.length);
      for (const row of rows) {
        const expected = events.find((e) => e.id === row.id)!;
        assert.equal(month, expected.date?.match(/^\d{4}-\d{2}/)?.[0] ?? 'unknown');
        assert.deepEqual({ ...row }, { ...expected });
      }
      assert.equal(parquetMetadata(file).num_rows, BigInt(rows.length));
      read += rows.length;
    }
    assert.equal(read, events.length);
    assert.equal(result.rows, events.length);
    await exportParquet(store, folder);
    assert.equal(readdirSync(folder).length, months.size, 'a second export replaces the partitions');
  });

  it('writes GDELT 2.0 TSV: 61 columns in codebook order, no header unless asked, codes, counts, geo and URL in place', async () => {
    assert.equal(gdeltColumns.length, 61);
    const lines = await gdeltLines(store);
    assert.equal(lines.length, events.length);
    const rows = lines.map((line) => line.split('\t'));
    assert.ok(rows.every((row) => row.length === 61));
    const column = (row: string[], name: (typeof gdeltColumns)[number]): string => row[gdeltColumns.indexOf(name)]!;
    const hosted = events.find((e) => e.cameo === '043' && e.sourceCode === 'TURGOV')!;
    const row = rows.find((r) => column(r, 'EventCode') === '043' && column(r, 'Actor1Code') === 'TURGOV')!;
    assert.equal(column(row, 'GlobalEventID'), String(parseInt(hosted.id.slice(3, 16), 16)));
    assert.equal(column(row, 'Day'), hosted.date!.replace(/-/g, ''));
    assert.equal(column(row, 'MonthYear'), hosted.date!.slice(0, 7).replace('-', ''));
    assert.equal(column(row, 'Actor1CountryCode'), 'TUR');
    assert.equal(column(row, 'Actor1Type1Code'), 'GOV');
    assert.equal(column(row, 'EventBaseCode'), '043');
    assert.equal(column(row, 'EventRootCode'), '04');
    assert.equal(column(row, 'QuadClass'), String(hosted.quadClass));
    assert.equal(column(row, 'GoldsteinScale'), String(hosted.goldstein));
    assert.equal(column(row, 'NumMentions'), String(hosted.mentions));
    assert.equal(column(row, 'NumArticles'), '1');
    assert.equal(column(row, 'NumSources'), '1');
    assert.equal(column(row, 'ActionGeo_FeatureID'), 'city:ankara');
    assert.equal(column(row, 'ActionGeo_Type'), '4');
    assert.equal(column(row, 'ActionGeo_CountryCode'), 'TUR', 'ISO alpha-3 where GDELT has FIPS');
    assert.ok(Math.abs(Number(column(row, 'ActionGeo_Lat')) - 39.9) < 0.2);
    assert.equal(column(row, 'SOURCEURL'), 'https://wire.example.org/ankara');
    assert.match(column(row, 'DATEADDED'), /^\d{14}$/);
    const undated = rows.filter((r) => column(r, 'Year') === '');
    assert.equal(undated.length, events.filter((e) => !e.date || !/^\d{4}-\d{2}/.test(e.date)).length);
    assert.deepEqual((await gdeltLines(store, { header: true }))[0]!.split('\t'), [...gdeltColumns]);
  });

  it('writes the actor network as GEXF that graphology parses back with the same nodes, weights and type breakdown', async () => {
    const network = await store.network({ limit: 0 });
    const { gexf, nodes, edges } = await exportGexf(store);
    assert.ok(edges > 0);
    const graph = parse(DirectedGraph, gexf);
    assert.equal(graph.order, nodes);
    assert.equal(graph.size, edges);
    for (const edge of network.edges) {
      const key = graph.edge(edge.source, edge.target)!;
      assert.ok(key, `edge ${edge.source} → ${edge.target}`);
      const attributes = graph.getEdgeAttributes(key);
      assert.equal(attributes['weight'], edge.weight);
      for (const [type, count] of Object.entries(edge.types)) assert.equal(attributes[type], count);
    }
    const turkey = network.nodes.find((n) => n.id === 'gov:TUR')!;
    assert.deepEqual(
      { label: graph.getNodeAttribute('gov:TUR', 'label'), code: graph.getNodeAttribute('gov:TUR', 'code'), country: graph.getNodeAttribute('gov:TUR', 'country') },
      { label: turkey.name, code: turkey.code, country: turkey.country },
    );
  });

  it('runs `dateline export` for each format, and refuses parquet without an output folder', () => {
    const bin = join(packageRoot(), 'bin', 'dateline.js');
    const run = (...args: string[]) => spawnSync(process.execPath, [bin, 'export', '--store', storePath, ...args], { encoding: 'utf8' });
    const gdelt = run('--format', 'gdelt');
    assert.equal(gdelt.status, 0, gdelt.stderr);
    assert.equal(gdelt.stdout.trim().split('\n').length, events.length);
    const gexf = run('--format', 'gexf', '--out', join(dir, 'network.gexf'));
    assert.equal(gexf.status, 0, gexf.stderr);
    assert.match(readFileSync(join(dir, 'network.gexf'), 'utf8'), /<gexf [^>]*version="1.3"/);
    const parquet = run('--format', 'parquet', '--out', join(dir, 'cli-parquet'));
    assert.equal(parquet.status, 0, parquet.stderr);
    assert.ok(readdirSync(join(dir, 'cli-parquet')).some((name) => name.startsWith('month=')));
    const missing = run('--format', 'parquet');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--out <folder>/);
  });
});
