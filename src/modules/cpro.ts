import type { FastifyPluginAsync } from 'fastify';
import engagements from './engagements/routes.js';
import factures, { fichiersRoutes as facturesFichiers } from './factures/routes.js';
import facturesPiecesJointes from './factures/pieces-jointes/routes.js';
import { operationsFluxFactures, operationsFluxTransverses } from './flux/routes.js';
import { routeTable } from './shared/route-table.js';
import sollicitations from './sollicitations/routes.js';
import structures from './structures/routes.js';
import transverses from './transverses/routes.js';
import facturesTravaux from './travaux/routes.js';
import utilisateurs from './utilisateurs/routes.js';

/**
 * The Chorus Pro APIs with their real path prefixes. `app.ts` mounts them under `/cpro` behind the
 * application plugins (journal, PISTE auth, settle, faults), which give each handler `request.cpro`.
 */
const cpro: FastifyPluginAsync = async (app) => {
  await app.register(factures, { prefix: '/factures/v1' });
  await app.register(structures, { prefix: '/structures/v1' });
  await app.register(transverses, { prefix: '/transverses/v1' });
  await app.register(facturesFichiers, { prefix: '/transverses/v1' });
  await app.register(facturesPiecesJointes, { prefix: '/transverses/v1' });
  await app.register(routeTable('Factures', operationsFluxFactures), { prefix: '/factures/v1' });
  await app.register(routeTable('Transverses', operationsFluxTransverses), { prefix: '/transverses/v1' });
  await app.register(sollicitations, { prefix: '/transverses/v1' });
  await app.register(utilisateurs, { prefix: '/utilisateurs/v1' });
  await app.register(engagements, { prefix: '/engagementsJuridiques/v1' });
  await app.register(facturesTravaux, { prefix: '/facturesTravaux/v1' });
};

export default cpro;
