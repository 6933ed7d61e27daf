import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { annuaireRoutes } from './annuaire-routes.js';
import { referentielsRoutes } from './referentiels-routes.js';
import { healthCheck } from './schemas.js';
import { reponsesErreur } from '../structures/schemas.js';

/**
 * The Transverses API (`/cpro/transverses/v1`): health check, code lists, the caller's structures
 * and bank details, the directory of public recipients. Attachments (`ajouter/fichier`,
 * `telecharger/pieceJointe`, `rechercher/pj/*`) and flux reports (`consulterCR*`) belong to the
 * invoices module.
 */
const routes: FastifyPluginAsyncZod = async (app) => {
  // Behind the same PISTE authentication as every /cpro route: a bad account is a 401 here too.
  app.get(
    '/health-check',
    {
      schema: {
        tags: ['Transverses'],
        security: [{ piste: [], cproAccount: [] }],
        operationId: 'healthCheck',
        summary: "Disponibilité de l'API (réponse exacte de la passerelle, sans codeRetour)",
        response: { 200: healthCheck, 401: reponsesErreur[401] },
      },
    },
    async () => ({ body: "L'API CPRO est actuellement disponible et fonctionnel.", statusCodeValue: 200, statusCode: 'OK' }),
  );

  referentielsRoutes(app);
  annuaireRoutes(app);
};

export default routes;
