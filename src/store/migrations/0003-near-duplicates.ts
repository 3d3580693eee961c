/**
 * Migration 0003: the near-duplicate index (`near-duplicates.ts`). `near_signatures` keeps each
 * article's MinHash signature and the order it was first stored in; `near_bands` holds its LSH band
 * keys, the lookup that finds candidate copies. Articles stored before this migration get no
 * signature (they are compared once saved again). Kysely's schema builder only.
 */
import type { Kysely } from 'kysely';
import type { ColumnTypes } from './types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the schema type of a later version
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, types: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('near_signatures')
    .addColumn('article_id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('minhash', types.binary, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('near_bands')
    .addColumn('band_key', 'integer', (c) => c.notNull())
    .addColumn('article_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('near_bands_pk', ['band_key', 'article_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('near_bands').execute();
  await db.schema.dropTable('near_signatures').execute();
}
