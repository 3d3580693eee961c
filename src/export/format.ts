/**
 * Rows to the output formats of the query and export commands: `table` (aligned columns for a
 * terminal, long cells cut), `json` (one array), `jsonl` (one object a line), `csv`.
 */
import { toCsv, type Cell } from './csv.js';

export const rowFormats = ['table', 'json', 'jsonl', 'csv'] as const;
export type RowFormat = (typeof rowFormats)[number];

export interface TableColumn<T> {
  header: string;
  value: (row: T) => Cell;
  /** Widest the column gets in a table; longer cells end in `…`. */
  max?: number;
}

function cell(value: Cell, max: number): string {
  const text = value === null || value === undefined ? '' : String(value).replace(/\s+/g, ' ');
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

export function formatTable<T>(rows: readonly T[], columns: readonly TableColumn<T>[]): string {
  const cells = rows.map((row) => columns.map((column) => cell(column.value(row), column.max ?? 40)));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: string[]): string => values.map((value, i) => (i === values.length - 1 ? value : value.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}

/** `rows` in `format`; `columns` are the table's (json, jsonl and csv give every field). */
export function formatRows<T extends object>(rows: readonly T[], format: RowFormat, columns: readonly TableColumn<T>[]): string {
  switch (format) {
    case 'json':
      return JSON.stringify(rows, null, 2) + '\n';
    case 'jsonl':
      return rows.map((row) => JSON.stringify(row) + '\n').join('');
    case 'csv':
      return toCsv(rows as unknown as Record<string, Cell>[]);
    case 'table':
      return rows.length === 0 ? '(none)\n' : formatTable(rows, columns);
  }
}
