import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { openStore } from './open.js';
import { checkpointerOf, openSqliteStore } from './sqlite.js';
import { storeContract } from './store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'dateline-sqlite-'));

/** Waits until `done()` holds (polling), failing after 10 s. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
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

  it('checkpoints its WAL from a thread of its own once it writes, not in the writer\'s commits', async () => {
    const path = join(dir, 'checkpoints.db');
    let told: number | undefined;
    const store = openSqliteStore(path, { checkpointer: { intervalMs: 20 }, onCheckpointer: (c) => (told = c.osThreadId ?? -1) });
    try {
      await store.migrate();
      await store.knownDocuments(['nothing']);
      assert.equal(checkpointerOf(store), undefined, 'no thread for a store that has only read');
      // The schema is in the WAL (a few dozen pages: SQLite's own checkpoints wait for 1,000).
      const before = statSync(path).size;
      await store.saveDocumentError({ document: { key: 'k', uri: 'u', format: 'text' }, code: 'INPUT_EMPTY', message: 'empty', stage: 'decode' });
      const checkpointer = checkpointerOf(store)!;
      await checkpointer.ready;
      assert.equal(checkpointer.running, true);
      await until(() => checkpointer.checkpoints.passive > 0);
      await until(() => told !== undefined);
      // On Linux the thread names its id, so benchmarks can count its CPU as the store's (bench:scale).
      if (existsSync('/proc/thread-self')) assert.ok(existsSync(`/proc/self/task/${told}`), `thread ${told} is one of this process's`);
      assert.ok(statSync(path).size > before, `the database file took the WAL's pages (${before} → ${statSync(path).size} bytes)`);
      assert.deepEqual(await store.knownDocuments(['k']), new Set(['k']));
    } finally {
      await store.close();
    }
    assert.equal(existsSync(path + '-wal'), false, 'closing checkpoints the rest and removes the WAL');
    const again = await openStore(path);
    assert.deepEqual(await again.knownDocuments(['k']), new Set(['k']));
    await again.close();
  });

  it('starts the WAL over when it grows past its limit, and checkpoints in the commits when told not to use a thread', async () => {
    const path = join(dir, 'restart.db');
    const store = openSqliteStore(path, { checkpointer: { intervalMs: 10, restartFrames: 1 } });
    try {
      await store.migrate();
      for (let i = 0; i < 5; i++) {
        await store.saveDocumentError({ document: { key: `k${i}`, uri: 'u', format: 'text' }, code: 'INPUT_EMPTY', message: 'empty', stage: 'decode' });
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      const checkpointer = checkpointerOf(store)!;
      await until(() => checkpointer.checkpoints.restart > 0);
      assert.equal((await store.knownDocuments(['k0', 'k4'])).size, 2);
    } finally {
      await store.close();
    }
    const plain = openSqliteStore(join(dir, 'no-thread.db'), { checkpointer: false });
    await plain.migrate();
    await plain.saveDocumentError({ document: { key: 'k', uri: 'u', format: 'text' }, code: 'INPUT_EMPTY', message: 'empty', stage: 'decode' });
    assert.equal(checkpointerOf(plain), undefined);
    await plain.close();
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
