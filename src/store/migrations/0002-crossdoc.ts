/**
 * Migration 0002: the cross-article tables. `actor_aliases` maps every stored entity to the
 * canonical actor it was resolved to across articles (and why); `event_mention_links` keeps, for
 * every event mention, the features it was clustered on and why it joined its event (or started
 * it). Written with Kysely's schema builder only, so it runs on every adapter. It must not change
 * the tables of 0001.
 */
import type { Kysely } from 'kysely';
import type { ColumnTypes } from './types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the schema type of a later version
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, types: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('actor_aliases')
    .addColumn('entity_id', 'text', (c) => c.primaryKey())
    .addColumn('canonical_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('match_key', 'text', (c) => c.notNull())
    .addColumn('acronym', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('actor_aliases_match').on('actor_aliases').columns(['type', 'match_key']).execute();
  await db.schema.createIndex('actor_aliases_acronym').on('actor_aliases').columns(['type', 'acronym']).execute();
  await db.schema.createIndex('actor_aliases_canonical').on('actor_aliases').column('canonical_id').execute();

  await db.schema
    .createTable('event_mention_links')
    .addColumn('article_id', 'text', (c) => c.notNull())
    .addColumn('local_id', 'text', (c) => c.notNull())
    .addColumn('sentence', 'integer', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('cameo', 'text', (c) => c.notNull())
    .addColumn('source_actor', 'text')
    .addColumn('target_actor', 'text')
    .addColumn('reciprocal', 'integer', (c) => c.notNull())
    .addColumn('place_entity', 'text')
    .addColumn('date', types.isoText)
    .addColumn('dated', 'integer', (c) => c.notNull())
    .addColumn('negated', 'integer', (c) => c.notNull())
    .addColumn('modality', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('score', types.float, (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_mention_links_pk', ['article_id', 'local_id'])
    .execute();
  await db.schema.createIndex('event_mention_links_event_id').on('event_mention_links').column('event_id').execute();
  await db.schema.createIndex('event_mention_links_type_date').on('event_mention_links').columns(['type', 'date']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('event_mention_links').execute();
  await db.schema.dropTable('actor_aliases').execute();
}
