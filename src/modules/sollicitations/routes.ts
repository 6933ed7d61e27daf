import type { FastifyPluginAsync } from 'fastify';
import { enveloppeRecherche } from '../structures/pagination.js';
import { operation, routeTable } from '../shared/route-table.js';
import * as referentiel from './referentiel.js';
import * as schemas from './schemas.js';

/**
 * The only sollicitation operations of PISTE (chorus-api §3.3): the two code-list look-ups, under
 * `/cpro/transverses/v1`. Creating, answering or closing a sollicitation has no API (the portal and
 * the control plane do it), and attachments download through `telecharger/pieceJointe`.
 */
const routes: FastifyPluginAsync = routeTable('Transverses', [
  operation({
    path: '/rechercher/categorieSollicitation',
    operationId: 'rechercherCategorieSollicitation',
    summary: 'Catégories de sollicitation (paginées)',
    body: schemas.rechercherCategorieSollicitationParam,
    response: schemas.wsRetourRechercherCategorieSollicitation,
    handler: (body) => {
      const page = referentiel.rechercherCategories(body);
      return { ...enveloppeRecherche(page.parametresRetour.total), ...page };
    },
  }),
  operation({
    path: '/rechercher/sousCategorieSollicitation',
    operationId: 'rechercherSousCategorieSollicitation',
    summary: 'Sous-catégories de sollicitation, groupées par catégorie (paginées)',
    body: schemas.rechercherSousCategorieSollicitationParam,
    response: schemas.wsRetourRechercherSousCategorieSollicitation,
    handler: (body) => {
      const page = referentiel.rechercherSousCategories(body);
      return { ...enveloppeRecherche(page.parametresRetour.total), ...page };
    },
  }),
]);

export default routes;
