import type { Db } from './client.js';

/**
 * Runs `fn` in one SQLite transaction (BEGIN IMMEDIATE, nested calls become savepoints).
 * better-sqlite3 is synchronous, so the plain `db` handle used inside `fn` is inside the
 * transaction: services keep taking `Db` and stay unaware of it.
 */
export function transaction<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}
