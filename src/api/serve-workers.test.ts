/**
 * `dateline serve --workers 2`: a real cluster over a real SQLite store. Both workers answer on one
 * port, writes through either land in the one store, and SIGTERM stops the workers and the primary.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { packageRoot } from '../pipeline/resources.js';
import { readSample } from '../test-support/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'dateline-serve-workers-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Process ids of the children of `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const file = `/proc/${pid}/task/${pid}/children`;
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
}

/** Starts `dateline serve`; resolves with the URL it prints. */
function serve(args: string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'dateline.js'), 'serve', ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DATELINE_API_TOKEN: 'test-token' } });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = stderr.match(/at (http:\/\/\S+)/)?.[1];
      if (url) resolve({ child, url, stderr: () => stderr });
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening: ${stderr}`)));
  });
}

it('serves one port from two worker processes, stores writes from both, and stops on SIGTERM', { timeout: 180_000 }, async () => {
  const store = join(dir, 'store.db');
  const { child, url, stderr } = await serve(['--store', store, '--port', '0', '--workers', '2', '--rate-limit', '0']);
  const workers = childrenOf(child.pid!);
  try {
    assert.match(stderr(), /with 2 workers/);
    assert.equal(workers.length, 2, 'two worker processes');
    const health = await (await fetch(url + '/api/health')).json();
    assert.equal(health.status, 'ok');

    // Posted at once, on two connections: the cluster may hand them to different workers; both must be stored.
    const texts = ['ankara-grain-talks.txt', 'geneva-climate-fund.txt'].map((name) => readSample(name));
    const posted = await Promise.all(
      texts.map((text) =>
        fetch(url + '/api/articles', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer test-token', connection: 'close' }, body: JSON.stringify({ text, published: '2024-03-07' }) }),
      ),
    );
    assert.deepEqual(
      posted.map((r) => r.status),
      [201, 201],
    );
    // Every worker sees both (each asks the store; no answer cache by default).
    for (let i = 0; i < 6; i++) {
      const list = await (await fetch(url + '/api/articles', { headers: { connection: 'close' } })).json();
      assert.equal(list.items.length, 2);
      const events = await (await fetch(url + '/api/events?limit=1', { headers: { connection: 'close' } })).json();
      assert.equal(events.items.length, 1);
    }
  } finally {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr());
  }
  for (const pid of workers) assert.equal(existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '), false, `worker ${pid} is gone`);
});
