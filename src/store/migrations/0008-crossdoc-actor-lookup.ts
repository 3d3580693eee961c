/**
 * Migration 0008: the clustering look-up (`src/crossdoc/cluster-store.ts`) probes stored event links
 * by actor and date: an event is joined only through a link that shares an actor with the mention.
 * The (type, date) and (CAMEO root, date) indexes of 0002 and 0006 made it read every link of a type
 * in the dates reached, filtered by actor: a year-dated mention read a year of its type, and the
 * time of a save grew with the store (5 ms an article on a new store, 27 ms at 6,000 articles).
 * Two indexes, (source actor, date) and (target actor, date), make it a seek per actor and date
 * range; the two older indexes, used by nothing else, are dropped so writes do not pay for four.
 */
import type { Kysely } from 'kysely';
import type { ColumnTypes } from './types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the schema type of a later version
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _types: ColumnTypes): Promise<void> {
  await db.schema.createIndex('event_mention_links_source_date').on('event_mention_links').columns(['source_actor', 'date']).execute();
  await db.schema.createIndex('event_mention_links_target_date').on('event_mention_links').columns(['target_actor', 'date']).execute();
  await db.schema.dropIndex('event_mention_links_type_date').execute();
  await db.schema.dropIndex('event_mention_links_root_date').execute();
}

export async function down(db: AnyDb, _types: ColumnTypes): Promise<void> {
  await db.schema.createIndex('event_mention_links_root_date').on('event_mention_links').columns(['cameo_root', 'date']).execute();
  await db.schema.createIndex('event_mention_links_type_date').on('event_mention_links').columns(['type', 'date']).execute();
  await db.schema.dropIndex('event_mention_links_target_date').execute();
  await db.schema.dropIndex('event_mention_links_source_date').execute();
}
