import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { sandboxScoped } from './columns.js';

/**
 * Per user (`id` is the user's id): what the portal's login remembers between attempts. Failed
 * attempts lock the account for an hour after five (chorus-domain §0.4), and the second factor's
 * code sent by e-mail waits here until it is typed or expires. A reset forgets it, like the world.
 */
export const connexionsPortail = sqliteTable(
  'connexions_portail',
  {
    ...sandboxScoped(),
    echecs: integer('echecs').notNull().default(0),
    /** Epoch ms on the sandbox clock until which the login is refused. */
    verrouilleJusqua: integer('verrouille_jusqua'),
    codeSecondFacteur: text('code_second_facteur'),
    codeExpireA: integer('code_expire_a'),
    essaisCode: integer('essais_code').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] })],
);
