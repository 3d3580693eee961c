import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../pipeline/resources.js';
import { sharedPath } from '../test-support/shared.js';

const root = packageRoot();
const bin = join(root, 'bin', 'dateline.js');

function run(args: string[], input?: string | Buffer) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('dateline extract prints the record of a file as JSON', () => {
  const result = run(['extract', sharedPath('samples', 'hamas-moscow.txt'), '--published', '2020-01-22']);
  assert.equal(result.code, 0, result.stderr);
  const record = JSON.parse(result.stdout);
  assert.equal(record.published, '2020-01-22');
  assert.ok(record.entities.length > 10);
  assert.ok(Array.isArray(record.events) && Array.isArray(record.quotes) && Array.isArray(record.framing));
});

test('dateline extract - reads stdin, and --format text prints a summary', () => {
  const result = run(['extract', '-', '--format', 'text'], 'Moscow:Russia and Hamas met on Tuesday.');
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /Published: unknown/);
  assert.match(result.stdout, /Hamas/);
  assert.match(result.stdout, /Dateline: +Moscow:/);
});

test('empty input exits 1 with a clear message and no stack trace', () => {
  const result = run(['extract', '-'], '');
  assert.equal(result.code, 1);
  assert.match(result.stderr, /INPUT_EMPTY/);
  assert.doesNotMatch(result.stderr, /at .*\.js:\d+/);
});

test('a missing file, a folder and a bad option are reported plainly', () => {
  assert.match(run(['extract', 'no-such-file.txt']).stderr, /INPUT_NOT_FOUND/);
  assert.match(run(['extract', root]).stderr, /INPUT_IS_DIRECTORY/);
  const badDate = run(['extract', '-', '--published', 'yesterday'], 'Text.');
  assert.equal(badDate.code, 2);
  assert.match(badDate.stderr, /OPTION_PUBLISHED/);
  assert.equal(run(['extract', '-', '--format', 'xml'], 'Text.').code, 2);
});

test('a file over --max-bytes is refused before it is read', () => {
  const result = run(['extract', sharedPath('samples', 'hamas-moscow.txt'), '--max-bytes', '100']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /INPUT_TOO_LARGE/);
});

test('dateline extract reads an HTML page: main text, title and publication date from the page', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'dateline-html-'));
  const page = join(dir, 'page.html');
  writeFileSync(
    page,
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Talks resume in Geneva | Example News</title>
<meta property="article:published_time" content="2024-05-02T09:00:00Z"></head>
<body><nav>Home | World | Sport</nav><article><h1>Talks resume in Geneva</h1>
<p>GENEVA (Example News) — Delegations from Armenia and Azerbaijan met in Geneva on Wednesday to resume talks on a peace treaty, the Swiss foreign ministry said.</p>
<p>The two sides agreed to meet again next month, according to a statement.</p><script>alert(1)</script></article>
<footer>Copyright</footer></body></html>`,
  );
  const result = run(['extract', page, '--compact']);
  assert.equal(result.code, 0, result.stderr);
  const record = JSON.parse(result.stdout);
  assert.equal(record.source.kind, 'html');
  assert.equal(record.published, '2024-05-02T09:00:00Z');
  assert.match(record.title, /Talks resume in Geneva/);
  assert.doesNotMatch(record.text, /alert\(1\)|Copyright|Home \| World/);
  assert.ok(record.times.some((t: { text: string; value: string }) => t.text === 'Wednesday' && t.value === '2024-05-01'));
});
