/**
 * Migration 0005: indexes for the pages of `listEvents` (the API's and the CLI's event lists) and
 * the event aggregates. A page is read as the keys of the matching events in date, id order:
 * - `events_list_date` / `events_list_type` hold every column the filters test (type, CAMEO code,
 *   actor codes and entities, place) and what the aggregates sum (QuadClass, Goldstein), so finding
 *   a page, or a timeline, network or places aggregate, reads the index and never the table. They
 *   replace `events_date_id` and `events_type_date_id` of 0004, which are their prefixes.
 * - `events_<column>_date` for each actor and place column: a filter on an actor or place that few
 *   events have (or only late ones) finds its events directly and sorts them, instead of reading the
 *   events in date order until a page is full.
 * - `entities_lower_name`: a place given by name is one look-up.
 */
import { sql, type Kysely } from 'kysely';
import type { ColumnTypes } from './types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the schema type of a later version
type AnyDb = Kysely<any>;

const actorAndPlace = ['source_code', 'target_code', 'source_entity', 'target_entity', 'place_entity'];
/** What the filters test, then what the aggregates sum. */
const tested = ['source_code', 'target_code', 'source_entity', 'target_entity', 'place_entity', 'quad_class', 'goldstein'];

export async function up(db: AnyDb, _types: ColumnTypes): Promise<void> {
  await db.schema.createIndex('events_list_date').on('events').columns(['date', 'id', 'type', 'cameo', ...tested]).execute();
  await db.schema.createIndex('events_list_type').on('events').columns(['type', 'date', 'id', 'cameo', ...tested]).execute();
  await db.schema.dropIndex('events_type_date_id').execute();
  await db.schema.dropIndex('events_date_id').execute();
  await db.schema.createIndex('entities_lower_name').on('entities').expression(sql`lower(name)`).execute();
  for (const column of actorAndPlace) await db.schema.createIndex(`events_${column}_date`).on('events').columns([column, 'date', 'id']).execute();
}

export async function down(db: AnyDb, _types: ColumnTypes): Promise<void> {
  for (const column of actorAndPlace) await db.schema.dropIndex(`events_${column}_date`).execute();
  await db.schema.dropIndex('entities_lower_name').execute();
  await db.schema.createIndex('events_date_id').on('events').columns(['date', 'id']).execute();
  await db.schema.createIndex('events_type_date_id').on('events').columns(['type', 'date', 'id']).execute();
  await db.schema.dropIndex('events_list_type').execute();
  await db.schema.dropIndex('events_list_date').execute();
}
