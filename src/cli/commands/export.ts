/** `dateline export --format csv|jsonl [--table events|articles|actors|quotes|errors] [--out file]`: a whole table of the store. */
import { createWriteStream } from 'node:fs';
import { Option, type Command } from 'commander';
import { exportFormats, exportTable, exportTables, type ExportFormat, type ExportTable } from '../../export/export.js';
import { openStore, storeLocation } from '../../store/open.js';
import { logError } from '../io.js';

interface ExportFlags {
  store?: string;
  format: ExportFormat;
  table: ExportTable;
  out?: string;
}

export function registerExport(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('export')
    .description('export a table of the store (events by default) as CSV or JSONL, to stdout or --out')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...exportFormats]).makeOptionMandatory())
    .addOption(new Option('--table <table>', 'what to export').choices([...exportTables]).default('events'))
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('--store <path|url>', 'the store (default ./dateline.db, or DATELINE_STORE)')
    .action(async (flags: ExportFlags) => {
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
        const out = flags.out ? createWriteStream(flags.out) : process.stdout;
        const rows = await exportTable(store, flags.table, flags.format, out);
        if (flags.out) {
          await new Promise<void>((resolve, reject) => (out as ReturnType<typeof createWriteStream>).end((error?: Error | null) => (error ? reject(error) : resolve())));
          logError(`export: ${rows} ${flags.table} rows written to ${flags.out}`);
        }
      } finally {
        await store.close();
      }
    });
}
