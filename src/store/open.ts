/**
 * Opening a store from what a user typed: a file path (SQLite) or a URL (`sqlite:path`,
 * `postgres://user@host/db?schema=name`). The default is `./dateline.db`, or the `DATELINE_STORE`
 * environment variable. This is the one place that decides which adapter a location means.
 */
import { isPostgresUrl, openPostgresStore, parsePostgresUrl } from './postgres.js';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite.js';
import type { Store } from './store.js';

export const DEFAULT_STORE = './dateline.db';

export interface OpenStoreOptions {
  /** Queries only: nothing is created or migrated, and the store must exist. */
  readonly?: boolean;
  /** Apply pending migrations on opening (default: when not read-only). `dateline migrate` opens without, to report what it applies. */
  migrate?: boolean;
  /** SQLite: told once the store's checkpointing thread is ready (see `SqliteStoreOptions.onCheckpointer`). */
  onCheckpointer?: SqliteStoreOptions['onCheckpointer'];
}

/** The store location to use: the flag, else `DATELINE_STORE`, else `./dateline.db`. */
export function storeLocation(flag?: string): string {
  return flag ?? process.env['DATELINE_STORE'] ?? DEFAULT_STORE;
}

/** `location` safe to print: a PostgreSQL URL's password becomes `***` (messages should show this, not what the user typed). */
export function redactStoreLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    return parsePostgresUrl(location).redacted;
  } catch {
    return location.replace(/\/\/[^@/]*@/g, '//…@');
  }
}

/** Opens the store at `location` and (unless read-only or told not to) migrates it. */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<Store> {
  const readonly = options.readonly ?? false;
  const store = isPostgresUrl(location) ? await openPostgresStore(location, { readonly }) : openSqliteStore(location.replace(/^sqlite:(?:\/\/)?/i, ''), { readonly, ...(options.onCheckpointer ? { onCheckpointer: options.onCheckpointer } : {}) });
  if (options.migrate ?? !readonly) {
    try {
      await store.migrate();
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}
