/**
 * Migration 0006: an index-friendly candidate look-up for cross-article clustering (`src/crossdoc`).
 * A mention's candidate events hold a link of the same PLOVER type or the same CAMEO root, dated
 * near it; `type IN … OR cameo LIKE 'root%'` with date ranges used no index and read every link
 * stored. The CAMEO root gets its own column (filled in for the links stored before) and an index
 * (root, date) beside 0002's (type, date), so the look-up is two index range scans per date range.
 */
import { sql, type Kysely } from 'kysely';
import type { ColumnTypes } from './types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the schema type of a later version
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _types: ColumnTypes): Promise<void> {
  await db.schema.alterTable('event_mention_links').addColumn('cameo_root', 'text').execute();
  await db.updateTable('event_mention_links').set({ cameo_root: sql`substr(cameo, 1, 2)` }).execute();
  await db.schema.createIndex('event_mention_links_root_date').on('event_mention_links').columns(['cameo_root', 'date']).execute();
}

export async function down(db: AnyDb, _types: ColumnTypes): Promise<void> {
  await db.schema.dropIndex('event_mention_links_root_date').execute();
  await db.schema.alterTable('event_mention_links').dropColumn('cameo_root').execute();
}
