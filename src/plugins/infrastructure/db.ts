import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { openDatabase } from '../../db/client.js';
import '../../types.js';

/** Opens the SQLite database (migrations applied) and closes it with the app. */
export default fp(
  async function database(app: FastifyInstance, opts: { path: string }) {
    const database = openDatabase(opts.path);
    app.decorate('db', database.db);
    app.addHook('onClose', async () => database.close());
  },
  { name: 'db' },
);
