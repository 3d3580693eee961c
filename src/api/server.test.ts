import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { openSqliteStore } from '../store/sqlite.js';
import { createApp } from './app.js';
import { startServer } from './server.js';

const dir = mkdtempSync(join(tmpdir(), 'dateline-api-server-'));
after(() => rmSync(dir, { recursive: true, force: true }));

it('listens on a free loopback port and rate-limits by the client socket address', async () => {
  const store = openSqliteStore(join(dir, 'store.db'));
  await store.migrate();
  const server = await startServer(createApp({ store, limits: { ratePerSecond: 0.001, burst: 2 } }), { port: 0, host: '127.0.0.1' });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(server.url + '/api/health')).status);
    assert.deepEqual(statuses, [200, 200, 429]);
  } finally {
    await server.close();
    await store.close();
  }
});
