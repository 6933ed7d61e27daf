import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { reponsesErreur } from '../structures/schemas.js';
import { toRechercherEngagements } from './formatters.js';
import { rechercherEngagementParam, wsRetourRechercherEngagements } from './schemas.js';
import { rechercherEngagements } from './service.js';

/** Routes of the Engagements juridiques API, mounted under `/cpro/engagementsJuridiques/v1`. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/rechercher',
    {
      schema: {
        tags: ['Engagements juridiques'],
        security: [{ piste: [], cproAccount: [] }],
        operationId: 'rechercherEngagementJuridique',
        summary: 'Rechercher les engagements juridiques (bons de commande) des structures de l’utilisateur',
        body: rechercherEngagementParam,
        response: { 200: wsRetourRechercherEngagements, ...reponsesErreur },
      },
    },
    async (request) => {
      const { ctx, utilisateur } = request.cpro;
      return toRechercherEngagements(rechercherEngagements(ctx, utilisateur, request.body));
    },
  );
};

export default routes;
