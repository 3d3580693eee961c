/** CSV (RFC 4180): comma-separated, fields with a comma, quote or line break quoted, quotes doubled, CRLF line ends. */

export type Cell = string | number | boolean | null | undefined;

export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly Cell[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** Rows of flat objects as CSV with a header line; `columns` defaults to the first row's keys. */
export function toCsv(rows: readonly Record<string, Cell>[], columns: readonly string[] = Object.keys(rows[0] ?? {})): string {
  return csvLine(columns) + rows.map((row) => csvLine(columns.map((column) => row[column]))).join('');
}
