/**
 * Migration 0010: article and mention counts per canonical actor, kept by every save
 * (`applyActorDeltas` in `query-layer.ts`), so listing actors (`dateline actors`, `GET /api/actors`)
 * reads a page of counts in order instead of grouping every stored mention: 3.3–13 s on a
 * 50,000-article store (1.7–2.4 million mentions), now an index walk. Filled here from the mentions
 * stored before, with the same grouping the list used to run.
 */
import { sql, type Kysely } from 'kysely';
import type { ColumnTypes } from './types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the schema type of a later version
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _types: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('actor_counts')
    .addColumn('entity_id', 'text', (c) => c.primaryKey())
    .addColumn('articles', 'integer', (c) => c.notNull())
    .addColumn('mentions', 'integer', (c) => c.notNull())
    .execute();
  const canonical = sql`coalesce(${sql.ref('actor_aliases.canonical_id')}, ${sql.ref('mentions.entity_id')})`;
  await sql`insert into ${sql.table('actor_counts')} (${sql.ref('entity_id')}, ${sql.ref('articles')}, ${sql.ref('mentions')})
    select ${canonical}, count(distinct ${sql.ref('mentions.article_id')}), count(*)
    from ${sql.table('mentions')} left join ${sql.table('actor_aliases')} on ${sql.ref('actor_aliases.entity_id')} = ${sql.ref('mentions.entity_id')}
    group by ${canonical}`.execute(db);
  await sql`create index ${sql.id('actor_counts_order')} on ${sql.table('actor_counts')} (${sql.ref('articles')} desc, ${sql.ref('mentions')} desc, ${sql.ref('entity_id')})`.execute(db);
}

export async function down(db: AnyDb, _types: ColumnTypes): Promise<void> {
  await db.schema.dropTable('actor_counts').execute();
}
