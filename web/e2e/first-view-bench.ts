/**
 * Measures how long the UI's first view takes to render on a large store: from navigation start to
 * the view drawn with its data (`<body data-first-view-ms>`, set by the UI), in headless Chromium,
 * against the real API app on loopback. An empty store is first filled by the API benchmark's
 * builder (`buildApiBenchStore` in bench/api.ts: real pipeline records of the samples and the
 * MEANTIME texts, cloned with new ids and shifted dates; running the pipeline 50,000 times would
 * take CPU-hours, and what is measured here is the API and the UI, not extraction).
 *
 *   node dist/web/e2e/first-view-bench.js --store /tmp/ui-big.db --articles 50000 --runs 5
 *
 * It is a benchmark, not a test: it never runs under `node --test`.
 */
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { buildApiBenchStore } from '../../bench/api.js';
import { createApp } from '../../src/api/app.js';
import { startServer } from '../../src/api/server.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];
async function fill(store: Store, location: string, wanted: number): Promise<void> {
  const have = (await store.counts()).articles;
  if (have >= wanted) return;
  if (have > 0) throw new Error(`${location} holds ${have} articles, fewer than ${wanted}: give an empty path to build a new store`);
  await store.close();
  const { seconds } = await buildApiBenchStore(location, wanted);
  process.stderr.write(`built ${wanted} articles in ${Math.round(seconds)} s\n`);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { store: { type: 'string', default: '/tmp/dateline-ui-bench.db' }, articles: { type: 'string', default: '50000' }, runs: { type: 'string', default: '5' }, chromium: { type: 'string', default: '/usr/bin/chromium' } } });
  await fill(await openStore(values.store), values.store, Number(values.articles));
  const store = await openStore(values.store);
  const counts = await store.counts();
  const server = await startServer(createApp({ store, limits: { ratePerSecond: 0 } }), { port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({ executablePath: values.chromium, headless: true, args: CHROMIUM_ARGS });
  const results: Record<string, number[]> = {};
  const apiTimes: Record<string, number[]> = {};
  try {
    for (const view of ['articles', 'events', 'timeline', 'map', 'network']) {
      results[view] = [];
      apiTimes[view] = [];
      for (let run = 0; run < Number(values.runs); run += 1) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        await page.goto(`${server.url}/#/${view}`);
        await page.waitForFunction(() => document.body.dataset['firstViewMs'] !== undefined, undefined, { timeout: 120_000 });
        const error = await page.locator('.notice-error').count();
        if (error > 0) throw new Error(`${view}: ${await page.locator('.notice-error').innerText()}`);
        results[view]!.push(Number(await page.evaluate(() => document.body.dataset['firstViewMs'])));
        // The longest /api request of the view: how much of the time the API took.
        apiTimes[view]!.push(Math.round(await page.evaluate(() => Math.max(0, ...performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/api/')).map((entry) => entry.duration)))));
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
    await store.close();
  }
  console.log(`store: ${values.store} (${counts.articles} articles, ${counts.events} events, ${counts.entities} entities)`);
  for (const [view, times] of Object.entries(results)) console.log(`#/${view}: first view rendered in median ${median(times)} ms, max ${Math.max(...times)} ms over ${times.length} cold page loads (its API request: median ${median(apiTimes[view]!)} ms)`);
}

await main();
