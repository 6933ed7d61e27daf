import type { FastifyPluginAsync } from 'fastify';
import cproAuth from '../plugins/cpro-auth.js';
import faults from '../plugins/faults.js';
import journal from '../plugins/journal.js';
import passerelle from '../plugins/passerelle.js';
import typesOfficiels from '../plugins/types-officiels.js';
import settle from '../plugins/settle.js';
import engagements from './engagements/routes.js';
import factures from './factures/routes.js';
import facturesFichiers from './factures/fichiers-routes.js';
import facturesPiecesJointes from './factures/pieces-jointes-routes.js';
import structures from './structures/routes.js';
import transverses from './transverses/routes.js';
import utilisateurs from './utilisateurs/routes.js';

/** The Chorus Pro APIs, all behind PISTE authentication, with their real path prefixes. */
const cpro: FastifyPluginAsync = async (app) => {
  await app.register(journal);
  await app.register(cproAuth);
  await app.register(passerelle);
  await app.register(typesOfficiels);
  await app.register(settle);
  await app.register(faults);
  await app.register(factures, { prefix: '/factures/v1' });
  await app.register(structures, { prefix: '/structures/v1' });
  await app.register(transverses, { prefix: '/transverses/v1' });
  await app.register(facturesFichiers, { prefix: '/transverses/v1' });
  await app.register(facturesPiecesJointes, { prefix: '/transverses/v1' });
  await app.register(utilisateurs, { prefix: '/utilisateurs/v1' });
  await app.register(engagements, { prefix: '/engagementsJuridiques/v1' });
};

export default cpro;
