import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { openStore } from './open.js';
import { openSqliteStore } from './sqlite.js';
import { storeContract } from './store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'dateline-sqlite-'));
let count = 0;
after(() => rmSync(dir, { recursive: true, force: true }));

storeContract('SQLite', async () => {
  const store = openSqliteStore(join(dir, `store-${++count}.db`));
  await store.migrate();
  return store;
});

describe('SQLite adapter', () => {
  it('creates the file and its folder, in WAL mode', async () => {
    const path = join(dir, 'nested', 'folder', 'x.db');
    const store = await openStore(path);
    await store.saveDocumentError({ document: { key: 'k', uri: 'u', format: 'text' }, code: 'INPUT_EMPTY', message: 'empty', stage: 'decode' });
    assert.ok(existsSync(path));
    assert.ok(existsSync(path + '-wal'));
    await store.close();
  });

  it('waits for another connection\'s write lock without blocking the event loop, then saves', async () => {
    const path = join(dir, 'locked.db');
    const store = await openStore(path);
    const other = new BetterSqlite3(path);
    try {
      other.exec('begin immediate');
      let saved = false;
      const saving = store.saveDocumentError({ document: { key: 'k', uri: 'u', format: 'text' }, code: 'INPUT_EMPTY', message: 'empty', stage: 'decode' }).then(() => (saved = true));
      // Timers keep firing while the save waits (the busy handler would have slept the whole thread).
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 10);
      await new Promise((resolve) => setTimeout(resolve, 300));
      clearInterval(ticker);
      assert.ok(ticks >= 10, `${ticks} timer ticks in 300 ms while the save waited`);
      assert.equal(saved, false, 'the save waits for the write lock');
      other.exec('commit');
      await saving;
      assert.deepEqual(await store.knownDocuments(['k']), new Set(['k']));
    } finally {
      other.close();
      await store.close();
    }
  });

  it('refuses to open a missing store read-only, saying where it looked', async () => {
    await assert.rejects(openStore(join(dir, 'missing.db'), { readonly: true }), /STORE_OPEN_FAILED|cannot open the SQLite store .*missing\.db/);
  });

  it('opens a postgres:// URL with the PostgreSQL adapter instead of treating it as a file', async () => {
    await assert.rejects(
      openStore('postgres://user:secret@127.0.0.1:1/dateline', { readonly: true }),
      (error: Error & { code?: string }) => error.code === 'STORE_OPEN_FAILED' && /PostgreSQL store/.test(error.message) && !error.message.includes('secret'),
    );
  });
});
