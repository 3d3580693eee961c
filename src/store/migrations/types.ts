/** The column types that differ between databases; each adapter passes its own to the migrations. */
export interface ColumnTypes {
  /** Bytes: `blob` in SQLite, `bytea` in PostgreSQL. */
  binary: 'blob' | 'bytea';
  /** A double: `real` in SQLite, `double precision` in PostgreSQL. */
  float: 'real' | 'double precision';
}
