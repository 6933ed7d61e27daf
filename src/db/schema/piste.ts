import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { sandboxes } from './sandboxes.js';

/**
 * PISTE OAuth access tokens. They belong to the gateway, not to the Chorus Pro world, so a sandbox
 * reset keeps them (a CI job's token survives its reset) and they expire on real time, not on the
 * sandbox clock (advancing a sandbox by 45 days must not log its clients out).
 */
export const pisteTokens = sqliteTable('piste_tokens', {
  accessToken: text('access_token').primaryKey(),
  sandboxId: text('sandbox_id')
    .notNull()
    .references(() => sandboxes.id, { onDelete: 'cascade' }),
  scope: text('scope').notNull(),
  expiresAt: integer('expires_at').notNull(),
});
