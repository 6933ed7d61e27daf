import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { erreurs } from '../../errors/catalogue/index.js';
import { sendError } from '../infrastructure/errors.js';
import { estDeclaree } from './operations-declarees.js';

/**
 * What the PISTE gateway answers for a `/cpro` path the sandbox does not route. Registered inside
 * the `/cpro` context, after authentication: a bad token or `cpro-account` is a 401 whatever the
 * path (chorus-api §2.4, TS-LIVE probe). Then:
 * - a path the gateway does not declare → 403 with an empty body (observed: OCA#410, TS-LIVE
 *   probe of `/cpro/factures/v1/consulter/cr`);
 * - a declared operation the sandbox lacks (validator operations, facturesTravaux, deposer/flux,
 *   sollicitations…) → 501 with the envelope naming the operation. Choice: not 404, whose
 *   gateway meaning is "API non trouvée" (a wrong URL), nor 403 (a missing subscription); 501
 *   tells the integrator the URL is right and the sandbox is what lacks it;
 * - a served path called with another method → 405 with the envelope.
 */
export default fp(
  async function passerelle(app: FastifyInstance) {
    app.setNotFoundHandler((request, reply) => {
      const chemin = request.url.split('?')[0];
      if (app.hasRoute({ method: 'POST', url: chemin }) || app.hasRoute({ method: 'GET', url: chemin })) {
        return sendError(reply, erreurs.METHODE_NON_AUTORISEE, `${erreurs.METHODE_NON_AUTORISEE.libelle} : ${request.method} ${chemin}`);
      }
      if (estDeclaree(chemin)) {
        return sendError(reply, erreurs.OPERATION_NON_DISPONIBLE, `${erreurs.OPERATION_NON_DISPONIBLE.libelle} : ${request.method} ${chemin}`);
      }
      return reply.code(403).send();
    });
  },
  { name: 'passerelle', dependencies: ['cpro-auth'] },
);
