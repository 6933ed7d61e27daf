import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from './schema/index.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface Database_ {
  readonly sqlite: Database.Database;
  readonly db: Db;
  close(): void;
}

/**
 * drizzle prepares a new statement for every query it runs; on a busy sandbox preparing costs more
 * than executing. Statements are reusable in better-sqlite3 (we never iterate them), so keep them
 * by SQL text. Callers switch a statement to raw, pluck or expand mode as they need: switch it back
 * to plain rows before handing it out again.
 */
function cacheStatements(sqlite: Database.Database, max = 2000): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(source, statement);
    } else if (statement.reader) {
      statement.raw(false).pluck(false).expand(false);
    }
    return statement;
  }) as typeof sqlite.prepare;
}

/** Opens (creating when needed) the SQLite database, sets WAL mode and applies pending migrations. */
export function openDatabase(path: string): Database_ {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  if (path !== ':memory:') sqlite.pragma('journal_mode = WAL');
  // FULL: a committed (acknowledged) deposit survives a power cut too, not only a crash of the process.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  cacheStatements(sqlite);
  return { sqlite, db, close: () => sqlite.close() };
}

/**
 * Every table that holds a sandbox's world (it has a `sandbox_id` column), found from the schema
 * itself so that reset, delete and export can never forget a table added later. PISTE tokens belong
 * to the gateway and survive a reset; so do webhook endpoints (the CI's set-up, not the world).
 */
export const sandboxTables: readonly SQLiteTable[] = Object.values(schema as Record<string, unknown>).filter(
  (value): value is SQLiteTable =>
    is(value, SQLiteTable) &&
    'sandboxId' in getTableColumns(value) &&
    getTableName(value) !== 'piste_tokens' &&
    getTableName(value) !== 'webhooks',
);
