import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { packageRoot } from '../pipeline/resources.js';
import type { SourceItem } from './document.js';
import { readJsonl, splitLines } from './jsonl.js';
import { newSourceProgress, readSources } from './read.js';

const dir = mkdtempSync(join(tmpdir(), 'dateline-sources-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const summary = (items: SourceItem[]): string[] =>
  items.map((item) => (item.kind === 'document' ? `${item.document.format} ${item.document.uri}` : `error ${item.error.code} ${item.error.uri}${item.error.line ? ':' + item.error.line : ''}`));

describe('JSONL', () => {
  it('splits lines across chunk boundaries, and drops a line over the limit without holding it', async () => {
    const chunks = [Buffer.from('ab'), Buffer.from('c\nde'), Buffer.from('f\n'), Buffer.from('x'.repeat(50)), Buffer.from('\nlast')];
    assert.deepEqual(await collect(splitLines(chunks, 10)), ['abc', 'def', null, 'last']);
  });

  it('validates every record and names the line and the field of each error, going on after it', async () => {
    const text = [
      '{"text":"ROME — Italy and Malta agreed on Monday to share patrol boats.","published":"2024-05-06","url":"https://example.org/a"}',
      '{"text": 42}',
      '',
      '{"html":"<p>VALLETTA — Malta said on Tuesday it welcomed the deal.</p>","published":"Tue, 07 May 2024 10:00:00 GMT"}',
      '{not json',
      '{"title":"no body"}',
      '{"text":"x","url":"not a url","published":"someday"}',
    ].join('\n');
    const items = await collect(readJsonl([Buffer.from(text)], 'dump.jsonl', 1000));
    assert.deepEqual(summary(items), [
      'jsonl dump.jsonl#L1',
      'error JSONL_INVALID_RECORD dump.jsonl:2',
      'jsonl dump.jsonl#L4',
      'error JSONL_INVALID_JSON dump.jsonl:5',
      'error JSONL_INVALID_RECORD dump.jsonl:6',
      'error JSONL_INVALID_RECORD dump.jsonl:7',
    ]);
    const errors = items.flatMap((item) => (item.kind === 'error' ? [item.error.message] : []));
    assert.match(errors[0]!, /^line 2: text: /);
    assert.match(errors[2]!, /^line 6: .*non-empty "text" or "html"/);
    assert.match(errors[3]!, /^line 7: url: .*; published: not a date/);
    const html = items[2]!;
    assert.ok(html.kind === 'document' && html.document.meta.html === true && html.document.meta.published === '2024-05-07T10:00:00Z' && html.document.meta.line === 4);
  });

  it('gives a record the same key every time, and a different one when it changes', async () => {
    const read = async (text: string): Promise<string> => {
      const [item] = await collect(readJsonl([Buffer.from(text)], 'd.jsonl', 1000));
      return item!.kind === 'document' ? item!.document.key : item!.error.key;
    };
    assert.equal(await read('{"text":"A"}'), await read('{"text":"A"}'));
    assert.notEqual(await read('{"text":"A"}'), await read('{"text":"B"}'));
    assert.notEqual(await read('{"text":"A"}'), await read('{"text":"A","published":"2024-01-01"}'));
  });
});

describe('files, folders and feeds', () => {
  it('reads the sample folder: feeds first, a saved page taken once as its item, JSONL records, text files', async () => {
    const items = await collect(readSources([join(packageRoot(), 'samples')], { maxBytes: 1_000_000 }));
    const lines = summary(items).map((line) => line.replace(join(packageRoot(), 'samples') + '/', ''));
    assert.deepEqual(lines, [
      'html feed/constanta-terminal-reopens.html',
      'feed-item feed/feed.xml#item-2',
      'feed-item feed/feed.xml#item-3',
      'text ankara-grain-talks.txt',
      'jsonl articles.jsonl#L1',
      'jsonl articles.jsonl#L2',
      'jsonl articles.jsonl#L3',
      'text geneva-climate-fund.txt',
      'text nairobi-election-dispute.txt',
    ]);
    const page = items[0]!;
    assert.ok(page.kind === 'document');
    assert.equal(page.document.meta.url, 'https://wire.example.org/2024/03/constanta-terminal-reopens');
    assert.equal(page.document.meta.published, '2024-03-12T08:30:00Z');
    const item = items[1]!;
    assert.ok(item.kind === 'document' && item.document.meta.outlet === 'Dateline Wire' && item.document.meta.charsetRule === 'xml-declaration');
    assert.match(item.document.text!, /^<p>SANTIAGO \(Dateline Wire\)/);
  });

  it('counts the bytes of a JSONL dump as it streams, so one large file has a share read before it ends', async () => {
    const path = join(dir, 'big.jsonl');
    const line = JSON.stringify({ text: 'Officials in Ankara met on Monday. '.repeat(40) }) + '\n';
    writeFileSync(path, line.repeat(400));
    const total = line.length * 400;
    const progress = newSourceProgress();
    const shares: number[] = [];
    for await (const item of readSources([path], { maxBytes: 100_000 }, progress)) {
      assert.equal(item.kind, 'document');
      shares.push(progress.bytesDone / progress.bytesTotal);
    }
    assert.equal(progress.bytesTotal, total);
    assert.equal(progress.bytesDone, total);
    assert.equal(shares.length, 400);
    assert.ok(shares[0]! > 0 && shares[0]! < 0.5, `after the first record ${shares[0]} of the file is read, not all of it`);
    assert.ok(shares.every((share, i) => i === 0 || share >= shares[i - 1]!), 'the share read never goes back');
  });

  it('records an error for a broken feed, an empty feed, a non-feed XML file, a file over the limit and a missing file, and goes on', async () => {
    const folder = join(dir, 'bad');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'a-broken.xml'), '<rss><channel><item><title>x</title></channel></rss>');
    writeFileSync(join(folder, 'b-empty.rss'), '<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>');
    writeFileSync(join(folder, 'c-other.xml'), '<?xml version="1.0"?><catalog><book/></catalog>');
    writeFileSync(join(folder, 'd-huge.txt'), 'x'.repeat(5000));
    writeFileSync(join(folder, 'e-fine.txt'), 'A short article.');
    writeFileSync(join(folder, 'f-image.png'), 'not taken');
    const progress = newSourceProgress();
    const items = await collect(readSources([folder, join(dir, 'missing.txt')], { maxBytes: 1000 }, progress));
    assert.deepEqual(
      summary(items).map((line) => line.replace(dir + '/', '')),
      [
        'error FEED_INVALID_XML bad/a-broken.xml',
        'error FEED_EMPTY bad/b-empty.rss',
        'error FEED_UNKNOWN_FORMAT bad/c-other.xml',
        'error INPUT_TOO_LARGE bad/d-huge.txt',
        'text bad/e-fine.txt',
        'error INPUT_NOT_FOUND missing.txt',
      ],
    );
    const sizes = ['a-broken.xml', 'b-empty.rss', 'c-other.xml', 'd-huge.txt', 'e-fine.txt'].reduce((sum, name) => sum + readFileSync(join(folder, name)).byteLength, 0);
    assert.deepEqual(progress, { filesTotal: 6, filesDone: 6, filesSkipped: 1, bytesTotal: sizes, bytesDone: sizes });
  });

  it('decodes a Windows-1251 feed by its XML declaration and keeps the rule on its items', async () => {
    const path = join(dir, 'cyrillic.xml');
    const body = '<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>Лента</title><item><title>Москва</title><description>Текст</description></item></channel></rss>';
    // Windows-1251 puts А–я (U+0410–U+044F) at 0xC0–0xFF.
    writeFileSync(path, Buffer.from(body.replace(/[\u0410-\u044F]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x350)), 'latin1'));
    const [item] = await collect(readSources([path], { maxBytes: 10_000 }));
    assert.ok(item?.kind === 'document');
    assert.equal(item.document.meta.title, 'Москва');
    assert.equal(item.document.meta.outlet, 'Лента');
    assert.equal(item.document.meta.charsetRule, 'xml-declaration');
  });

  async function* stream(...chunks: Buffer[]): AsyncGenerator<Uint8Array> {
    yield* chunks;
  }

  it('reads stdin as JSONL when it starts with a record, else as one document', async () => {
    const jsonl = await collect(readSources(['-'], { maxBytes: 1000, stdin: stream(Buffer.from('{"text":"One."}\n'), Buffer.from('{"text":"Two."}\n')) }));
    assert.deepEqual(summary(jsonl), ['jsonl stdin#L1', 'jsonl stdin#L2']);
    const html = readFileSync(join(packageRoot(), 'samples', 'feed', 'constanta-terminal-reopens.html'));
    const page = await collect(readSources(['-'], { maxBytes: 100_000, stdin: stream(html.subarray(0, 100), html.subarray(100)) }));
    assert.deepEqual(summary(page), ['html stdin']);
  });
});
