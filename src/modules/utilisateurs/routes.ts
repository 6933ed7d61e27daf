import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { reponsesErreur } from '../structures/schemas.js';
import { toRecupererRattachements } from './formatters.js';
import { recupererRattachementsParam, wsRetourRecupererRattachements } from './schemas.js';
import { recupererRattachementsMonCompte } from './service.js';

/** Routes of the Utilisateurs API, mounted under `/cpro/utilisateurs/v1`. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/monCompte/recuperer/rattachements',
    {
      schema: {
        tags: ['Utilisateurs'],
        security: [{ piste: [], cproAccount: [] }],
        operationId: 'recupererRattachementsMonCompteUtilisateur',
        summary: 'Rattachements du compte appelant aux structures et à leurs services',
        body: recupererRattachementsParam,
        response: { 200: wsRetourRecupererRattachements, ...reponsesErreur },
      },
    },
    async (request) => {
      const { ctx, utilisateur } = request.cpro;
      return toRecupererRattachements(utilisateur, recupererRattachementsMonCompte(ctx, utilisateur, request.body.parametresRecherche));
    },
  );
};

export default routes;
