/**
 * `dateline ingest <inputs...>`: files, folders, feeds, JSONL dumps or stdin into a store. Logs and
 * progress go to stderr; with `--json` the summary goes to stdout. Exit code 1 when any document
 * of this run failed (each is listed by `dateline errors`), 2 for usage errors.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { defaultLimits } from '../../pipeline/stage.js';
import { createProgressReporter } from '../../ingest/progress.js';
import { logError, writeOut } from '../io.js';
import { integerOption } from '../options.js';
import { DEFAULT_QUEUE_NAME } from '../../queue/connection.js';
import { enqueueCommand } from './worker.js';

interface IngestFlags {
  store?: string;
  workers?: number;
  maxBytes: number;
  timeoutMs: number;
  gazetteer?: string[];
  progress: boolean;
  json?: boolean;
  queue?: string;
  queueName: string;
  attempts: number;
  backoffMs: number;
}

export function registerIngest(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('ingest')
    .description('extract articles from files, folders (recursive), RSS/Atom feeds, JSONL dumps or stdin (-) into a store; re-running skips what is stored')
    .argument('<inputs...>', 'files or folders (.txt .html .htm .xml .rss .atom .jsonl .ndjson), or - for stdin')
    .option('--store <path|url>', 'the store (default ./dateline.db, or DATELINE_STORE)')
    .option('-w, --workers <n>', 'worker threads (default: all cores)', integerOption)
    .option('--max-bytes <n>', 'largest document accepted, in bytes', integerOption, defaultLimits.maxBytes)
    .option('--timeout-ms <n>', 'time budget per article, in ms', integerOption, defaultLimits.maxMillis)
    .option('--gazetteer <file...>', 'extra gazetteer files (same format as data/gazetteer/*.json)')
    .option('--no-progress', 'no progress bar or progress lines')
    .option('--json', 'print the summary as one JSON object on stdout')
    .option('--queue <url>', 'enqueue one job per document on this Redis (redis://host:port) for `dateline worker`, instead of extracting')
    .option('--queue-name <name>', 'with --queue: the queue', DEFAULT_QUEUE_NAME)
    .option('--attempts <n>', 'with --queue: attempts per job before it is dead-lettered', integerOption, 3)
    .option('--backoff-ms <n>', 'with --queue: delay before the first retry, in ms (doubled at each retry)', integerOption, 1000)
    .action(async (inputs: string[], flags: IngestFlags) => {
      if (flags.queue !== undefined) {
        await enqueueCommand(inputs, { ...flags, queue: flags.queue }, setExitCode);
        return;
      }
      // The ingest code and the store adapters load only now: with --queue they are not needed at all.
      const [{ ingest }, { openStore, storeLocation }] = await Promise.all([import('../../ingest/ingest.js'), import('../../store/open.js')]);
      const location = storeLocation(flags.store);
      const store = await openStore(location);
      const reporter = createProgressReporter();
      let stopRequested = false;
      const onSignal = (): void => {
        if (stopRequested) process.exit(130);
        stopRequested = true;
        logError('stopping: finishing the documents in flight (Ctrl-C again to quit at once; a later run resumes either way)');
      };
      process.on('SIGINT', onSignal);
      try {
        const summary = await ingest(inputs, {
          store,
          workers: flags.workers ?? availableParallelism(),
          limits: { maxBytes: flags.maxBytes, maxMillis: flags.timeoutMs },
          gazetteers: flags.gazetteer ?? [],
          ...(flags.progress ? { onProgress: (state) => reporter.update(state) } : {}),
          shouldStop: () => stopRequested,
        });
        if (flags.progress) reporter.finish();
        const line = `ingest: ${summary.stored} stored, ${summary.skipped} already in the store, ${summary.failed} failed in ${summary.seconds.toFixed(1)} s (${summary.articlesPerSecond.toFixed(1)} articles/s) into ${store.location}`;
        logError(line);
        if (summary.failed > 0) logError(`${summary.failed} document(s) failed: see \`dateline errors --store ${store.location}\``);
        if (summary.filesSkipped > 0) logError(`${summary.filesSkipped} file(s) in the folders were left out (not a known extension)`);
        if (flags.json) writeOut(JSON.stringify({ store: store.location, ...summary }));
        if (summary.failed > 0 || summary.interrupted) setExitCode(1);
      } finally {
        process.off('SIGINT', onSignal);
        await store.close();
      }
    });
}
