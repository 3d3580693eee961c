/**
 * `dateline serve`: the HTTP API and the web UI over a store, on loopback by default. Writes
 * (POST /api/articles) need `--token` or DATELINE_API_TOKEN; without one they are disabled.
 *
 * `--workers N` (N > 1) runs N processes with node:cluster: the first process migrates the store,
 * then forks N workers that each open their own connection to it and listen on the same port (the
 * primary hands connections out in turn). SQLite in WAL mode lets them read at once; writes take
 * turns (busy_timeout). Each worker keeps its own answer cache and rate-limit buckets.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Command } from 'commander';
import { defaultApiLimits } from '../../api/limits.js';
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
  workers: number;
}

/** What a worker tells the primary once it listens. */
interface ListeningMessage {
  type: 'dateline:listening';
  url: string;
}

const isListening = (message: unknown): message is ListeningMessage => (message as ListeningMessage | null)?.type === 'dateline:listening';

/** Resolves on the first SIGINT or SIGTERM (or `also`), after running `stop`. */
function untilSignal(stop: () => Promise<void>, also?: (trigger: () => void) => void): Promise<void> {
  return new Promise<void>((resolve) => {
    let stopping = false;
    // The handlers stay until the stop is done: a second signal (Ctrl-C reaches the workers and the primary) must not kill a process mid-close.
    const trigger = (): void => {
      if (stopping) return;
      stopping = true;
      void stop().finally(() => {
        process.off('SIGINT', trigger);
        process.off('SIGTERM', trigger);
        resolve();
      });
    };
    process.on('SIGINT', trigger);
    process.on('SIGTERM', trigger);
    also?.(trigger);
  });
}

/** One process serving: the whole server (`--workers 1`) or one cluster worker. */
async function serveHere(flags: ServeFlags): Promise<void> {
  // The app, the server and the store adapters load only when a server starts (the CLI stays light for the other commands).
  const [{ createApp }, { startServer }, { openStore, storeLocation }] = await Promise.all([import('../../api/app.js'), import('../../api/server.js'), import('../../store/open.js')]);
  const worker = cluster.isWorker;
  // Workers do not migrate: the primary did, before forking them.
  const store = await openStore(storeLocation(flags.store), worker ? { migrate: false } : {});
  const token = flags.token ?? process.env['DATELINE_API_TOKEN'];
  const app = createApp({ store, token, limits: { bodyBytes: flags.bodyLimit, ratePerSecond: flags.rateLimit, burst: flags.burst, cacheMillis: flags.cacheMs } });
  const server = await startServer(app, { port: flags.port, host: flags.host });
  if (worker) process.send?.({ type: 'dateline:listening', url: server.url } satisfies ListeningMessage);
  else process.stderr.write(`dateline: serving ${store.location} at ${server.url} (writes ${token ? 'need the bearer token' : 'disabled: no token'})\n`);
  // A worker also stops when the primary is gone (its IPC channel closes).
  await untilSignal(
    () => server.close().finally(() => store.close()),
    worker ? (trigger) => process.once('disconnect', trigger) : undefined,
  );
  // A connected IPC channel would keep the worker alive.
  if (worker && process.connected) process.disconnect();
}

/** The cluster primary: migrates, forks the workers, says where they listen, and stops them on a signal. */
async function servePrimary(flags: ServeFlags, setExitCode: (code: number) => void): Promise<void> {
  const { openStore, redactStoreLocation, storeLocation } = await import('../../store/open.js');
  const location = storeLocation(flags.store);
  await (await openStore(location)).close();
  const token = flags.token ?? process.env['DATELINE_API_TOKEN'];
  cluster.setupPrimary({ exec: process.argv[1]!, args: process.argv.slice(2) });
  const workers = new Set<Worker>();
  let listening = 0;
  let stopping = false;
  let failed: (() => void) | undefined;

  const fork = (): void => {
    const worker = cluster.fork();
    let up = false;
    workers.add(worker);
    worker.on('message', (message: unknown) => {
      if (!isListening(message) || up) return;
      up = true;
      listening++;
      if (listening === flags.workers) {
        process.stderr.write(`dateline: serving ${redactStoreLocation(location)} at ${message.url} with ${flags.workers} workers (writes ${token ? 'need the bearer token' : 'disabled: no token'})\n`);
      }
    });
    worker.on('exit', (code, signal) => {
      workers.delete(worker);
      if (stopping) return;
      if (!up || listening < flags.workers) {
        // A worker that could not start (store, port): the others would fail the same way.
        process.stderr.write(`dateline serve: a worker exited before listening (${signal ?? `code ${code}`})\n`);
        setExitCode(1);
        failed?.();
        return;
      }
      process.stderr.write(`dateline serve: worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another\n`);
      listening--;
      fork();
    });
  };

  for (let i = 0; i < flags.workers; i++) fork();
  await untilSignal(
    async () => {
      stopping = true;
      await Promise.all(
        [...workers].map(
          (worker) =>
            new Promise<void>((done) => {
              if (worker.isDead()) return done();
              worker.once('exit', () => done());
              worker.process.kill('SIGTERM');
            }),
        ),
      );
    },
    (trigger) => (failed = trigger),
  );
}

export function registerServe(program: Command, setExitCode: (code: number) => void): void {
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
    .option('--workers <n>', 'processes serving the same port (node:cluster), each with its own store connection', integerOption, 1)
    .action(async (flags: ServeFlags) => {
      if (flags.workers > 1 && cluster.isPrimary) await servePrimary(flags, setExitCode);
      else await serveHere(flags);
    });
}
