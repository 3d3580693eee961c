/**
 * The `dateline` command line. Data goes to stdout, logs and errors to stderr. Exit codes:
 * 0 success, 1 the input could not be processed (or an evaluation floor was missed), 2 usage errors.
 */
import { Command, CommanderError } from 'commander';
import { DatelineError } from '../core/diagnostics.js';
import { registerBench } from './commands/bench.js';
import { registerEval } from './commands/eval.js';
import { registerExplain } from './commands/explain.js';
import { registerExport } from './commands/export.js';
import { registerIngest } from './commands/ingest.js';
import { registerMigrate } from './commands/migrate.js';
import { registerQuery } from './commands/query.js';
import { registerServe } from './commands/serve.js';
import { registerWorker } from './commands/worker.js';
import { registerExtract } from './commands/extract.js';
import { logError } from './io.js';

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const setExitCode = (code: number): void => {
    exitCode = Math.max(exitCode, code);
  };
  const program = new Command('dateline')
    .description('Dateline: news articles into trustworthy, queryable event data')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerExtract(program, setExitCode);
  registerExplain(program, setExitCode);
  registerIngest(program, setExitCode);
  registerMigrate(program);
  registerQuery(program, setExitCode);
  registerServe(program, setExitCode);
  registerExport(program, setExitCode);
  registerEval(program, setExitCode);
  registerBench(program, setExitCode);
  registerWorker(program, setExitCode);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof DatelineError) {
      logError(`${error.code}: ${error.message.replace(/^dateline: /, '')}`);
      return 2;
    }
    throw error;
  }
  return exitCode;
}
