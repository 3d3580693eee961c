/**
 * Migration 0009: an index on `near_signatures.seq`. Storing an article's signature gives it the
 * next place in the order of first storing (`max(seq) + 1`, read by the insert itself), and without
 * an index that maximum read the whole table for every article saved: 1.7 ms an article on a
 * 12,000-article store, growing with it. Not unique: concurrent PostgreSQL writers may read the same
 * maximum, and ties are broken by id (`compareAge` in `near-duplicates.ts`).
 */
import type { Kysely } from 'kysely';
import type { ColumnTypes } from './types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the schema type of a later version
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _types: ColumnTypes): Promise<void> {
  await db.schema.createIndex('near_signatures_seq').on('near_signatures').column('seq').execute();
}

export async function down(db: AnyDb, _types: ColumnTypes): Promise<void> {
  await db.schema.dropIndex('near_signatures_seq').execute();
}
