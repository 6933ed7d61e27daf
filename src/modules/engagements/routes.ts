import { operation, routeTable } from '../shared/route-table.js';
import { toRechercherEngagements } from './formatters.js';
import { rechercherEngagementParam, wsRetourRechercherEngagements } from './schemas.js';
import { rechercherEngagements } from './service.js';

/** The Engagements juridiques API, mounted under `/cpro/engagementsJuridiques/v1`. */
export const operations = [
  operation({
    path: '/rechercher',
    operationId: 'rechercherEngagementJuridique',
    summary: 'Rechercher les engagements juridiques (bons de commande) des structures de l’utilisateur',
    body: rechercherEngagementParam,
    response: wsRetourRechercherEngagements,
    handler: (b, { ctx, utilisateur }) => toRechercherEngagements(rechercherEngagements(ctx, utilisateur, b)),
  }),
];

export default routeTable('Engagements juridiques', operations);
