/**
 * Migration 0004: indexes for paged event queries (the API and the CLI list events by date, then
 * id, often for one type). Without them every query of a common type reads and sorts all its
 * events before the first page; with them it reads one page. Also the index that finds an
 * event's first report (smallest article id, then local id) without sorting.
 */
import type { Kysely } from 'kysely';
import type { ColumnTypes } from './types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the schema type of a later version
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _types: ColumnTypes): Promise<void> {
  await db.schema.createIndex('events_date_id').on('events').columns(['date', 'id']).execute();
  await db.schema.createIndex('events_type_date_id').on('events').columns(['type', 'date', 'id']).execute();
  await db.schema.createIndex('event_mentions_event_first').on('event_mentions').columns(['event_id', 'article_id', 'local_id']).execute();
}

export async function down(db: AnyDb, _types: ColumnTypes): Promise<void> {
  await db.schema.dropIndex('event_mentions_event_first').execute();
  await db.schema.dropIndex('events_type_date_id').execute();
  await db.schema.dropIndex('events_date_id').execute();
}
