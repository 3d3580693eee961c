/**
 * The events table as Apache Parquet (hyparquet-writer), partitioned hive-style by the month of the
 * event date: `<folder>/month=2020-01/events.parquet`, and `month=unknown` for events with no date
 * or only a year. Columns are the query layer's event rows (`EventRow`, whatever fields it has), so a Parquet export, a
 * CSV export and `dateline events` agree. Writes only under the folder it is given; partitions of
 * an earlier export there (`month=*` folders) are replaced, nothing else is touched.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import type { ColumnSource } from 'hyparquet-writer';
import type { EventRow, Store } from '../store/store.js';

type ParquetType = 'STRING' | 'INT32' | 'DOUBLE' | 'BOOLEAN';

/** Columns whose Parquet type is fixed whatever the values (a Goldstein score of 3.0 is still a double). */
const fixedTypes: Partial<Record<keyof EventRow, ParquetType>> = { quadClass: 'INT32', goldstein: 'DOUBLE', negated: 'BOOLEAN', mentions: 'INT32' };

/**
 * The columns of the event rows with their Parquet types, decided over all rows (so every partition
 * has the same schema): booleans, whole numbers (INT32), other numbers (DOUBLE), the rest text.
 */
export function eventColumns(events: readonly EventRow[]): [keyof EventRow, ParquetType][] {
  const names = new Set<keyof EventRow>();
  for (const event of events) for (const name of Object.keys(event) as (keyof EventRow)[]) names.add(name);
  return [...names].map((name) => {
    const fixed = fixedTypes[name];
    if (fixed) return [name, fixed];
    const values = events.map((event) => event[name]).filter((value) => value !== null && value !== undefined);
    if (values.length > 0 && values.every((value) => typeof value === 'boolean')) return [name, 'BOOLEAN'];
    if (values.length > 0 && values.every((value) => typeof value === 'number')) {
      return [name, values.every((value) => Number.isInteger(value) && Math.abs(value as number) < 2 ** 31) ? 'INT32' : 'DOUBLE'];
    }
    return [name, 'STRING'];
  });
}

/** The partition of an event date: its month (`2020-01`), or `unknown`. */
export function monthPartition(date: string | null): string {
  return date?.match(/^\d{4}-\d{2}/)?.[0] ?? 'unknown';
}

export interface ParquetExport {
  /** Rows per partition, by partition value (`2020-01`, `unknown`). */
  partitions: Record<string, number>;
  rows: number;
}

/** Writes the store's events under `folder`, one Parquet file per month. */
export async function exportParquet(store: Store, folder: string): Promise<ParquetExport> {
  const events = await store.listEvents({ limit: 0 });
  const byMonth = new Map<string, EventRow[]>();
  for (const event of events) {
    const month = monthPartition(event.date);
    const list = byMonth.get(month);
    if (list) list.push(event);
    else byMonth.set(month, [event]);
  }
  mkdirSync(folder, { recursive: true });
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name.startsWith('month=')) rmSync(join(folder, entry.name), { recursive: true, force: true });
  }
  const columns = eventColumns(events);
  const partitions: Record<string, number> = {};
  for (const month of [...byMonth.keys()].sort()) {
    const rows = byMonth.get(month)!;
    const partition = join(folder, `month=${month}`);
    mkdirSync(partition, { recursive: true });
    const columnData: ColumnSource[] = columns.map(([name, type]) => ({ name, type, data: rows.map((row) => (type === 'STRING' && row[name] !== null && row[name] !== undefined ? String(row[name]) : (row[name] ?? null))) }));
    parquetWriteFile({ filename: join(partition, 'events.parquet'), columnData, kvMetadata: [{ key: 'dateline.partition', value: `month=${month}` }] });
    partitions[month] = rows.length;
  }
  return { partitions, rows: events.length };
}
