/**
 * Exports of a whole store for analysts: one table (events, articles, actors, quotes, errors) as
 * CSV or JSONL, written to a stream. Rows are the query layer's, so an export and a query agree.
 */
import type { Writable } from 'node:stream';
import type { Store } from '../store/store.js';
import { toCsv, type Cell } from './csv.js';

export const exportFormats = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof exportFormats)[number];
export const exportTables = ['events', 'articles', 'actors', 'quotes', 'errors'] as const;
export type ExportTable = (typeof exportTables)[number];

async function rowsOf(store: Store, table: ExportTable): Promise<object[]> {
  switch (table) {
    case 'events':
      return store.listEvents({ limit: 0 });
    case 'articles':
      return store.listArticles({ limit: 0 });
    case 'actors':
      return store.listActors({ limit: 0 });
    case 'quotes':
      return store.listQuotes({ limit: 0 });
    case 'errors':
      return store.listErrors({ limit: 0 });
  }
}

function write(out: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.write(text)) resolve();
    else {
      out.once('drain', resolve);
      out.once('error', reject);
    }
  });
}

/** Writes `table` of `store` to `out` in `format`; returns the number of rows. */
export async function exportTable(store: Store, table: ExportTable, format: ExportFormat, out: Writable): Promise<number> {
  const rows = await rowsOf(store, table);
  const chunk = 1000;
  for (let i = 0; i < rows.length; i += chunk) {
    const slice = rows.slice(i, i + chunk);
    let text: string;
    if (format === 'jsonl') text = slice.map((row) => JSON.stringify(row) + '\n').join('');
    else {
      text = toCsv(slice as Record<string, Cell>[]);
      if (i > 0) text = text.slice(text.indexOf('\r\n') + 2);
    }
    await write(out, text);
  }
  return rows.length;
}
