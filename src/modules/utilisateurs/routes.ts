import { operation, routeTable } from '../shared/route-table.js';
import { toRecupererRattachements } from './formatters.js';
import { recupererRattachementsParam, wsRetourRecupererRattachements } from './schemas.js';
import { recupererRattachementsMonCompte } from './service.js';

/** The Utilisateurs API, mounted under `/cpro/utilisateurs/v1`. */
export const operations = [
  operation({
    path: '/monCompte/recuperer/rattachements',
    operationId: 'recupererRattachementsMonCompteUtilisateur',
    summary: 'Rattachements du compte appelant aux structures et à leurs services',
    body: recupererRattachementsParam,
    response: wsRetourRecupererRattachements,
    handler: (b, { ctx, utilisateur }) => toRecupererRattachements(utilisateur, recupererRattachementsMonCompte(ctx, utilisateur, b.parametresRecherche)),
  }),
];

export default routeTable('Utilisateurs', operations);
