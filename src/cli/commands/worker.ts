/**
 * The queue commands: `dateline worker` (take document jobs from a BullMQ queue, run the pipeline,
 * save to a store, until SIGTERM/SIGINT), and the queue halves of `ingest --queue` (enqueue instead
 * of extracting) and `errors --queue` (the dead-letter list). Logs go to stderr; data to stdout.
 */
import type { Command } from 'commander';
import { defaultLimits } from '../../pipeline/stage.js';
import { checkQueueName, DEFAULT_QUEUE_NAME, describeQueueUrl, queueConnection } from '../../queue/connection.js';
import type { DeadLetterRow } from '../../queue/dead-letters.js';
import type { QueueWorker } from '../../queue/worker.js';
import { formatRows, type RowFormat, type TableColumn } from '../../export/format.js';
import { logError, writeOut } from '../io.js';
import { integerOption } from '../options.js';

interface WorkerFlags {
  queue: string;
  queueName: string;
  store?: string;
  concurrency: number;
  lockMs: number;
  maxBytes: number;
  timeoutMs: number;
  gazetteer?: string[];
}

export function registerWorker(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('worker')
    .description('take document jobs from a queue (filled by `ingest --queue`), extract them and save them in a store, until SIGTERM or Ctrl-C')
    .requiredOption('--queue <url>', 'the Redis behind the queue, e.g. redis://127.0.0.1:6379')
    .option('--queue-name <name>', 'the queue', DEFAULT_QUEUE_NAME)
    .option('--store <path|url>', 'the store (default ./dateline.db, or DATELINE_STORE)')
    .option('-c, --concurrency <n>', 'jobs in hand at once, one pipeline thread each', integerOption, 1)
    .option('--lock-ms <n>', 'job lock time, in ms: a job whose worker died goes back to the queue after about this long', integerOption, 30_000)
    .option('--max-bytes <n>', 'largest document accepted, in bytes', integerOption, defaultLimits.maxBytes)
    .option('--timeout-ms <n>', 'time budget per article, in ms', integerOption, defaultLimits.maxMillis)
    .option('--gazetteer <file...>', 'extra gazetteer files (same format as data/gazetteer/*.json)')
    .action(async (flags: WorkerFlags) => {
      // BullMQ, the pipeline and the store adapters load only when the command runs.
      const [{ QueueWorker }, { openStore, storeLocation }] = await Promise.all([import('../../queue/worker.js'), import('../../store/open.js')]);
      const connection = queueConnection(flags.queue);
      const queueName = checkQueueName(flags.queueName);
      const location = storeLocation(flags.store);
      const store = await openStore(location, {
        // bench:scale reads this line to count the thread's CPU as the store's.
        onCheckpointer: (checkpointer) => logError(`store: WAL checkpoints on their own thread${checkpointer.osThreadId ? ` (thread ${checkpointer.osThreadId})` : ''}`),
      });
      let worker: QueueWorker | undefined;
      let stopping = false;
      let stopped!: () => void;
      const done = new Promise<void>((resolve) => (stopped = resolve));
      const onSignal = (signal: string): void => {
        if (stopping) {
          logError(`${signal} again: leaving the jobs in hand (they go back to the queue when their locks expire)`);
          void worker?.close(true).then(stopped);
          return;
        }
        stopping = true;
        logError(`${signal}: taking no more jobs, finishing the ones in hand (${signal} again to leave them)`);
        void (worker ? worker.close() : Promise.resolve()).then(stopped);
      };
      const onTerm = (): void => onSignal('SIGTERM');
      const onInt = (): void => onSignal('SIGINT');
      process.on('SIGTERM', onTerm);
      process.on('SIGINT', onInt);
      try {
        const started = await QueueWorker.start({
          connection,
          queueName,
          store,
          concurrency: flags.concurrency,
          lockMs: flags.lockMs,
          limits: { maxBytes: flags.maxBytes, maxMillis: flags.timeoutMs },
          gazetteers: flags.gazetteer ?? [],
          log: logError,
        });
        worker = started;
        if (stopping) void started.close().then(stopped);
        else logError(`worker ready: queue ${queueName} on ${describeQueueUrl(flags.queue)}, ${flags.concurrency} pipeline thread(s), store ${store.location}`);
        await done;
        const counts = started.counts;
        logError(`worker stopped: ${counts.stored} stored, ${counts.documentErrors} document error(s), ${counts.alreadyStored} already in the store, ${counts.deadLettered} dead-lettered`);
      } finally {
        process.off('SIGTERM', onTerm);
        process.off('SIGINT', onInt);
        await store.close();
      }
      setExitCode(0);
    });
}

interface EnqueueFlags {
  queue: string;
  queueName: string;
  attempts: number;
  backoffMs: number;
  maxBytes: number;
  json?: boolean;
}

/** `ingest --queue`: one job per document; exit code 1 when some inputs gave no document. */
export async function enqueueCommand(inputs: string[], flags: EnqueueFlags, setExitCode: (code: number) => void): Promise<void> {
  const queueName = checkQueueName(flags.queueName);
  // Loaded here, not at the top: `ingest` imports this file, and BullMQ is needed only with --queue.
  const { enqueueDocuments } = await import('../../queue/enqueue.js');
  const summary = await enqueueDocuments(inputs, { connection: queueConnection(flags.queue), queueName, attempts: flags.attempts, backoffMs: flags.backoffMs, maxBytes: flags.maxBytes });
  for (const error of summary.errors) logError(`${error.uri}${error.line !== undefined ? `:${error.line}` : ''}: ${error.code}: ${error.message}`);
  logError(
    `enqueue: ${summary.added} job(s) added, ${summary.alreadyQueued} already in queue ${queueName}, ${summary.failed} input(s) gave no document, in ${summary.seconds.toFixed(1)} s; run \`dateline worker --queue ${describeQueueUrl(flags.queue)}${queueName === DEFAULT_QUEUE_NAME ? '' : ` --queue-name ${queueName}`} --store …\``,
  );
  if (flags.json) {
    const { errors: _errors, ...counts } = summary;
    writeOut(JSON.stringify({ queue: describeQueueUrl(flags.queue), queueName, ...counts }));
  }
  if (summary.failed > 0) setExitCode(1);
}

const deadLetterColumns: TableColumn<DeadLetterRow>[] = [
  { header: 'uri', value: (r) => r.uri, max: 48 },
  { header: 'line', value: (r) => r.line },
  { header: 'code', value: (r) => r.code },
  { header: 'attempts', value: (r) => r.attempts },
  { header: 'failed at', value: (r) => r.failedAt },
  { header: 'message', value: (r) => r.message, max: 80 },
];

/** `errors --queue`: the dead-lettered jobs with their error. */
export async function printDeadLetters(flags: { queue: string; queueName: string; format: RowFormat; limit: number }): Promise<void> {
  // Loaded here, not at the top: `errors` imports this file, and BullMQ is needed only with --queue.
  const { listDeadLetters } = await import('../../queue/dead-letters.js');
  const rows = await listDeadLetters(queueConnection(flags.queue), checkQueueName(flags.queueName), flags.limit);
  process.stdout.write(formatRows(rows, flags.format, deadLetterColumns));
}
