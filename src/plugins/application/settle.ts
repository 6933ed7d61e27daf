import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { reglerEcheancesDues } from '../../modules/toolkit/horloge.js';
import '../../types.js';

/**
 * Settles a sandbox on every `/cpro` call: what fell due on its clock (simulated buyers' actions…)
 * runs before the handler, so a real-time clock moves simulated buyers too, and again after it, so a
 * magic invoice is already rejected/suspended/paid when the client looks.
 */
export default fp(
  async function settle(app: FastifyInstance) {
    const settleNow = async (request: FastifyRequest) => {
      if (!request.cpro) return;
      try {
        reglerEcheancesDues(request.cpro.ctx);
      } catch (error) {
        request.log.error({ err: error }, 'settling the sandbox failed');
      }
    };
    app.addHook('onRequest', settleNow);
    app.addHook('onResponse', settleNow);
  },
  { name: 'settle', dependencies: ['db', 'cpro-auth'] },
);
