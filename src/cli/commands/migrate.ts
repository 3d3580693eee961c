/**
 * `dateline migrate [--store …] [--json]`: applies the store's pending migrations and says which
 * (other commands migrate on opening too; this one is for deploys and for seeing where a store is).
 * It prints the store's location as the adapter shows it, never a password.
 */
import type { Command } from 'commander';
import { logError, writeOut } from '../io.js';

interface MigrateFlags {
  store?: string;
  json?: boolean;
}

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply the pending migrations of a store (SQLite file or postgres:// URL) and list them')
    .option('--store <path|url>', 'the store (default ./dateline.db, or DATELINE_STORE)')
    .option('--json', 'print {"store", "applied", "version"} as one JSON object on stdout')
    .action(async (flags: MigrateFlags) => {
      // The store adapters and migrations load only when the command runs.
      const [{ latestMigration }, { openStore, storeLocation }] = await Promise.all([import('../../store/migrations/index.js'), import('../../store/open.js')]);
      const store = await openStore(storeLocation(flags.store), { migrate: false });
      try {
        const applied = await store.migrate();
        if (flags.json) {
          writeOut(JSON.stringify({ store: store.location, applied, version: latestMigration }));
          return;
        }
        for (const name of applied) writeOut(`applied ${name}`);
        logError(applied.length === 0 ? `${store.location} is up to date (${latestMigration})` : `${store.location} is now at ${latestMigration}`);
      } finally {
        await store.close();
      }
    });
}
