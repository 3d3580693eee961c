/**
 * Migration 0001: the tables of DESIGN §3 (articles, entities, mentions, events, event_mentions,
 * quotes, times, framing, diagnostics) plus the documents ledger. Written with Kysely's schema
 * builder only; the few types that differ between databases come from the adapter.
 */
import type { Kysely } from 'kysely';
import type { ColumnTypes } from './types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the schema type of a later version
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, types: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text')
    .addColumn('byline', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('published', types.isoText)
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('uri', 'text')
    .addColumn('outlet', 'text')
    .addColumn('canonical_url', 'text')
    .addColumn('charset_rule', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('record', types.binary, (c) => c.notNull())
    .addColumn('schema_version', 'integer', (c) => c.notNull())
    .addColumn('entity_count', 'integer', (c) => c.notNull())
    .addColumn('event_count', 'integer', (c) => c.notNull())
    .addColumn('quote_count', 'integer', (c) => c.notNull())
    .addColumn('error_count', 'integer', (c) => c.notNull())
    .addColumn('duplicate_of', 'text')
    .addColumn('near_duplicate_of', 'text')
    .addColumn('near_similarity', types.float)
    .addColumn('ingested_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('articles_canonical_url').on('articles').column('canonical_url').execute();
  await db.schema.createIndex('articles_published').on('articles').column('published').execute();

  await db.schema
    .createTable('documents')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('uri', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('line', 'integer')
    .addColumn('article_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('error_stage', 'text')
    .addColumn('ingested_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('documents_article_id').on('documents').column('article_id').execute();
  await db.schema.createIndex('documents_status').on('documents').column('status').execute();

  await db.schema
    .createTable('entities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('country', 'text')
    .addColumn('sector', 'text')
    .addColumn('lat', types.float)
    .addColumn('lon', types.float)
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mentions')
    .addColumn('article_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('span_start', 'integer', (c) => c.notNull())
    .addColumn('span_end', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mentions_pk', ['article_id', 'seq'])
    .execute();
  await db.schema.createIndex('mentions_entity_id').on('mentions').column('entity_id').execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('mode', 'text')
    .addColumn('cameo', 'text', (c) => c.notNull())
    .addColumn('quad_class', 'integer', (c) => c.notNull())
    .addColumn('goldstein', types.float, (c) => c.notNull())
    .addColumn('source_code', 'text')
    .addColumn('source_entity', 'text')
    .addColumn('source_text', 'text')
    .addColumn('target_code', 'text')
    .addColumn('target_entity', 'text')
    .addColumn('target_text', 'text')
    .addColumn('place_entity', 'text')
    .addColumn('date', types.isoText)
    .addColumn('negated', 'integer', (c) => c.notNull())
    .addColumn('modality', 'text', (c) => c.notNull())
    .addColumn('mention_count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_date').on('events').column('date').execute();
  await db.schema.createIndex('events_type').on('events').column('type').execute();

  await db.schema
    .createTable('event_mentions')
    .addColumn('article_id', 'text', (c) => c.notNull())
    .addColumn('local_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('sentence', 'integer', (c) => c.notNull())
    .addColumn('trigger_start', 'integer', (c) => c.notNull())
    .addColumn('trigger_end', 'integer', (c) => c.notNull())
    .addColumn('evidence_start', 'integer', (c) => c.notNull())
    .addColumn('evidence_end', 'integer', (c) => c.notNull())
    .addColumn('evidence_text', 'text', (c) => c.notNull())
    .addColumn('time_value', 'text')
    .addColumn('background', 'integer', (c) => c.notNull())
    .addColumn('main', 'integer', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('confidence', types.float, (c) => c.notNull())
    .addPrimaryKeyConstraint('event_mentions_pk', ['article_id', 'local_id'])
    .execute();
  await db.schema.createIndex('event_mentions_event_id').on('event_mentions').column('event_id').execute();

  await db.schema
    .createTable('quotes')
    .addColumn('article_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('span_start', 'integer', (c) => c.notNull())
    .addColumn('span_end', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('speaker_entity', 'text')
    .addColumn('speaker_text', 'text')
    .addColumn('attribution', 'text', (c) => c.notNull())
    .addColumn('cue_start', 'integer')
    .addColumn('cue_end', 'integer')
    .addColumn('confidence', types.float, (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('quotes_pk', ['article_id', 'seq'])
    .execute();
  await db.schema.createIndex('quotes_speaker_entity').on('quotes').column('speaker_entity').execute();

  await db.schema
    .createTable('times')
    .addColumn('article_id', 'text', (c) => c.notNull())
    .addColumn('time_id', 'text', (c) => c.notNull())
    .addColumn('span_start', 'integer', (c) => c.notNull())
    .addColumn('span_end', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('precision', 'text', (c) => c.notNull())
    .addColumn('anchor', 'text', (c) => c.notNull())
    .addColumn('resolved', 'integer', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('times_pk', ['article_id', 'time_id'])
    .execute();

  await db.schema
    .createTable('framing')
    .addColumn('article_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('span_start', 'integer', (c) => c.notNull())
    .addColumn('span_end', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('framing_pk', ['article_id', 'seq'])
    .execute();

  await db.schema
    .createTable('diagnostics')
    .addColumn('article_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('span_start', 'integer')
    .addColumn('span_end', 'integer')
    .addPrimaryKeyConstraint('diagnostics_pk', ['article_id', 'seq'])
    .execute();
  await db.schema.createIndex('diagnostics_severity').on('diagnostics').column('severity').execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['diagnostics', 'framing', 'times', 'quotes', 'event_mentions', 'events', 'mentions', 'entities', 'documents', 'articles']) {
    await db.schema.dropTable(table).execute();
  }
}
