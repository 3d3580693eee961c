/**
 * Opening a store from what a user typed: a file path (SQLite) or a URL (`sqlite:path`,
 * `postgres://…`). The default is `./dateline.db`, or the `DATELINE_STORE` environment variable.
 */
import { DatelineError } from '../core/diagnostics.js';
import { openSqliteStore } from './sqlite.js';
import type { Store } from './store.js';

export const DEFAULT_STORE = './dateline.db';

/** The store location to use: the flag, else `DATELINE_STORE`, else `./dateline.db`. */
export function storeLocation(flag?: string): string {
  return flag ?? process.env['DATELINE_STORE'] ?? DEFAULT_STORE;
}

/** Opens and migrates the store at `location`. */
export async function openStore(location: string, options: { readonly?: boolean } = {}): Promise<Store> {
  if (/^postgres(?:ql)?:\/\//i.test(location)) {
    throw new DatelineError('STORE_UNSUPPORTED', `PostgreSQL stores are not available yet (${location.replace(/\/\/[^@/]*@/, '//…@')}); use a SQLite file path`);
  }
  const path = location.replace(/^sqlite:(?:\/\/)?/i, '');
  const store = openSqliteStore(path, options);
  if (!options.readonly) await store.migrate();
  return store;
}
