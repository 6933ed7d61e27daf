import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { reglerEcheancesDues } from '../../modules/toolkit/horloge.js';
import '../../types.js';

/**
 * Settles a sandbox once per `/cpro` call, before the handler: what fell due on its clock
 * (simulated buyers' actions…) is applied first, so the handler sees the world as of the sandbox's
 * now. Before rather than after: a real-time clock moves simulated buyers between calls, and the
 * next call must see that; and work a call itself schedules "now" (a magic invoice number such as
 * `-REJET`, due at its mise à disposition) is applied by the settle of the client's next call, i.e.
 * before the client can look at the invoice. Nothing due costs one indexed look-up.
 */
export default fp(
  async function settle(app: FastifyInstance) {
    app.addHook('onRequest', async (request: FastifyRequest) => {
      if (!request.cpro) return;
      try {
        await reglerEcheancesDues(request.cpro.ctx, { joindre: () => app.commitGroupe.joindre() });
      } catch (error) {
        request.log.error({ err: error }, 'settling the sandbox failed');
      }
    });
  },
  { name: 'settle', dependencies: ['db', 'cpro-auth', 'commit-groupe'] },
);
