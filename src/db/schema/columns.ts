import { integer, text } from 'drizzle-orm/sqlite-core';
import { sandboxes } from './sandboxes.js';

/**
 * Columns every business table starts with: the owning sandbox and an id drawn from that
 * sandbox's own sequence. Primary keys are (sandbox_id, id), so two sandboxes built from the same
 * scenario and seed hold the same ids without ever sharing a row.
 */
export const sandboxScoped = () => ({
  sandboxId: text('sandbox_id')
    .notNull()
    .references(() => sandboxes.id, { onDelete: 'cascade' }),
  id: integer('id').notNull(),
});

export const bool = (name: string) => integer(name, { mode: 'boolean' }).notNull().default(false);
