/**
 * The versioned migrations, in order. Each is a file `NNNN-name.ts`; they are listed here (not read
 * from the folder at run time) so they work the same from `dist/`, a bundle or a test.
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial.js';
import * as crossdoc from './0002-crossdoc.js';
import * as nearDuplicates from './0003-near-duplicates.js';
import * as eventQueryIndexes from './0004-event-query-indexes.js';
import * as eventListIndexes from './0005-event-list-indexes.js';
import * as crossdocBlocking from './0006-crossdoc-blocking.js';
import * as quoteListIndex from './0007-quote-list-index.js';
import * as crossdocActorLookup from './0008-crossdoc-actor-lookup.js';
import * as nearSignatureOrder from './0009-near-signature-order.js';
import * as actorCounts from './0010-actor-counts.js';
import type { ColumnTypes } from './types.js';

export type { ColumnTypes, Dialect } from './types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the schema type holds
type AnyDb = Kysely<any>;

interface VersionedMigration {
  up(db: AnyDb, types: ColumnTypes): Promise<void>;
  down?(db: AnyDb, types: ColumnTypes): Promise<void>;
}

const migrations: Record<string, VersionedMigration> = {
  '0001-initial': initial,
  '0002-crossdoc': crossdoc,
  '0003-near-duplicates': nearDuplicates,
  '0004-event-query-indexes': eventQueryIndexes,
  '0005-event-list-indexes': eventListIndexes,
  '0006-crossdoc-blocking': crossdocBlocking,
  '0007-quote-list-index': quoteListIndex,
  '0008-crossdoc-actor-lookup': crossdocActorLookup,
  '0009-near-signature-order': nearSignatureOrder,
  '0010-actor-counts': actorCounts,
};

/** A Kysely migration provider binding the adapter's column types. */
export function migrationProvider(types: ColumnTypes): MigrationProvider {
  return {
    async getMigrations() {
      const bound: Record<string, Migration> = {};
      for (const [name, migration] of Object.entries(migrations)) {
        const down = migration.down;
        bound[name] = { up: (db) => migration.up(db, types), ...(down ? { down: (db: AnyDb) => down(db, types) } : {}) };
      }
      return bound;
    },
  };
}

/** The name of the newest migration: the schema version a store at the latest migration has. */
export const latestMigration = Object.keys(migrations).at(-1)!;
