/**
 * `dateline export --format csv|jsonl|parquet|gdelt|gexf`: the store for analysts' tools. csv and
 * jsonl write one table (`--table`, events by default) to stdout or `--out <file>`; parquet writes
 * the events under `--out <folder>`, one file per month (`month=2020-01/events.parquet`); gdelt
 * writes the events as GDELT 2.0 events-table TSV (`--header` adds the column names); gexf writes
 * the actor network for Gephi. Opens the store read-only; writes nothing but the output.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import { exportFormats, exportTable, exportTables, type ExportTable } from '../../export/export.js';
import { gdeltColumns, gdeltLines } from '../../export/gdelt.js';
import type { Store } from '../../store/store.js';
import { logError } from '../io.js';

/** Every format of `dateline export`: the table formats, then the events-only and network ones. */
export const allExportFormats = [...exportFormats, 'parquet', 'gdelt', 'gexf'] as const;
type AnyExportFormat = (typeof allExportFormats)[number];

interface ExportFlags {
  store?: string;
  format: AnyExportFormat;
  table: ExportTable;
  out?: string;
  header?: boolean;
}

async function writeText(out: Writable, chunks: readonly string[]): Promise<void> {
  for (const chunk of chunks) {
    if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
  }
}

/** Runs one export; returns the line for stderr, or throws a usage message. The Parquet and GEXF writers (and their libraries) load only when asked for. */
async function run(store: Store, flags: ExportFlags, explicitTable: boolean): Promise<string> {
  const { format } = flags;
  if (format !== 'csv' && format !== 'jsonl' && explicitTable && flags.table !== 'events') {
    throw new UsageError(`--format ${format} exports ${format === 'gexf' ? 'the actor network' : 'events'}; --table ${flags.table} needs --format csv or jsonl`);
  }
  if (format === 'parquet') {
    if (!flags.out) throw new UsageError('--format parquet writes a folder of month partitions: give it with --out <folder>');
    const { exportParquet } = await import('../../export/parquet.js');
    const result = await exportParquet(store, flags.out);
    return `export: ${result.rows} events written to ${flags.out} in ${Object.keys(result.partitions).length} month partitions`;
  }
  const out = flags.out ? createWriteStream(flags.out) : process.stdout;
  let message: string;
  if (format === 'gdelt') {
    const lines = await gdeltLines(store, { header: flags.header ?? false });
    for (let i = 0; i < lines.length; i += 1000) await writeText(out, [lines.slice(i, i + 1000).join('\n') + '\n']);
    message = `export: ${lines.length - (flags.header ? 1 : 0)} events written as GDELT 2.0 TSV (${gdeltColumns.length} columns)`;
  } else if (format === 'gexf') {
    const { exportGexf } = await import('../../export/gexf.js');
    const result = await exportGexf(store);
    await writeText(out, [result.gexf]);
    message = `export: actor network of ${result.nodes} actors and ${result.edges} edges written as GEXF`;
  } else {
    const rows = await exportTable(store, flags.table, format, out);
    message = `export: ${rows} ${flags.table} rows written`;
  }
  if (flags.out) {
    await new Promise<void>((resolve, reject) => (out as ReturnType<typeof createWriteStream>).end((error?: Error | null) => (error ? reject(error) : resolve())));
    return `${message} to ${flags.out}`;
  }
  return '';
}

class UsageError extends Error {}

export function registerExport(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('export')
    .description('export the store: a table as CSV or JSONL, the events as Parquet (by month) or GDELT 2.0 TSV, the actor network as GEXF')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...allExportFormats]).makeOptionMandatory())
    .addOption(new Option('--table <table>', 'what to export (csv and jsonl)').choices([...exportTables]).default('events'))
    .option('-o, --out <path>', 'write to this file instead of stdout (parquet: the folder to write the month partitions in)')
    .option('--header', 'gdelt: start with a line of the codebook column names (GDELT files have none)')
    .option('--store <path|url>', 'the store (default ./dateline.db, or DATELINE_STORE)')
    .action(async (flags: ExportFlags, command: Command) => {
      // The store adapters load only when the command runs (the CLI stays light for the other commands).
      const { openStore, storeLocation } = await import('../../store/open.js');
      const location = storeLocation(flags.store);
      let store;
      try {
        store = await openStore(location, { readonly: true });
      } catch (error) {
        logError(`${(error as Error).message.replace(/^dateline: /, '')} (run \`dateline ingest … --store ${location}\` first)`);
        setExitCode(1);
        return;
      }
      try {
        const message = await run(store, flags, command.getOptionValueSource('table') === 'cli');
        if (message) logError(message);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        logError(`export: ${error.message}`);
        setExitCode(2);
      } finally {
        await store.close();
      }
    });
}
