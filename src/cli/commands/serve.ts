/**
 * `dateline serve`: the HTTP API and the web UI over a store, on loopback by default. Writes
 * (POST /api/articles) need `--token` or DATELINE_API_TOKEN; without one they are disabled.
 */
import type { Command } from 'commander';
import { createApp, defaultApiLimits } from '../../api/app.js';
import { startServer } from '../../api/server.js';
import { openStore, storeLocation } from '../../store/open.js';
import { integerOption } from '../options.js';

const nonNegative = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`expected a number ≥ 0, got ${JSON.stringify(value)}`);
  return parsed;
};

interface ServeFlags {
  store?: string;
  port: number;
  host: string;
  token?: string;
  bodyLimit: number;
  rateLimit: number;
  burst: number;
  cacheMs: number;
}

export function registerServe(program: Command, _setExitCode: (code: number) => void): void {
  program
    .command('serve')
    .description('serve the HTTP API (/api, OpenAPI at /api/openapi.json) and the web UI over a store')
    .option('--store <path|url>', 'the store (default ./dateline.db, or DATELINE_STORE)')
    .option('--port <n>', 'port to listen on', (v) => (v === '0' ? 0 : integerOption(v)), 8080)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--token <token>', 'bearer token that allows writes (default DATELINE_API_TOKEN; none: writes disabled)')
    .option('--body-limit <bytes>', 'largest request body', integerOption, defaultApiLimits.bodyBytes)
    .option('--rate-limit <n>', 'requests a second each client may make to /api (0: no limit)', nonNegative, defaultApiLimits.ratePerSecond)
    .option('--burst <n>', 'requests a client may make at once', integerOption, defaultApiLimits.burst)
    .option('--cache-ms <ms>', 'give a GET /api answer again from memory for this long (0: off); writes through the API clear it', nonNegative, defaultApiLimits.cacheMillis)
    .action(async (flags: ServeFlags) => {
      const store = await openStore(storeLocation(flags.store));
      const token = flags.token ?? process.env['DATELINE_API_TOKEN'];
      const app = createApp({ store, token, limits: { bodyBytes: flags.bodyLimit, ratePerSecond: flags.rateLimit, burst: flags.burst, cacheMillis: flags.cacheMs } });
      const server = await startServer(app, { port: flags.port, host: flags.host });
      process.stderr.write(`dateline: serving ${store.location} at ${server.url} (writes ${token ? 'need the bearer token' : 'disabled: no token'})\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void server.close().finally(() => store.close().finally(resolve));
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
