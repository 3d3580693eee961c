import type { Expression } from 'kysely';

/** The SQL dialects the store runs on: code that must differ between them branches on this, never on copies of a query. */
export type Dialect = 'sqlite' | 'postgres';

/** What differs between databases; each adapter passes its own to the query layer and the migrations. */
export interface ColumnTypes {
  dialect: Dialect;
  /** Bytes: `blob` in SQLite, `bytea` in PostgreSQL. */
  binary: 'blob' | 'bytea';
  /** A double: `real` in SQLite, `double precision` in PostgreSQL. */
  float: 'real' | 'double precision';
  /**
   * Text compared as ISO dates (`>= since`, `<= until~`, `like '2024-03%'`): `text` in SQLite
   * (byte order), `text collate "C"` in PostgreSQL, whose database collation (en_US and the like)
   * may order punctuation differently, and whose indexes serve `like 'prefix%'` only in "C".
   */
  isoText: 'text' | Expression<unknown>;
}
