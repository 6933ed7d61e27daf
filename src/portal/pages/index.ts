import type { FastifyInstance } from 'fastify';
import accueil from './accueil.js';
import connexion from './connexion.js';

/**
 * The portal's pages: those anyone may open (login, account creation and activation), then the
 * others behind the login check. Each file is one espace or use case, its handlers thin: read the
 * form, call one service, render.
 */
export default async function pages(app: FastifyInstance): Promise<void> {
  await app.register(connexion);
  await app.register(async (prives) => {
    prives.addHook('preHandler', async (request, reply) => {
      if (!request.portail.utilisateur) return reply.redirect(`${request.portail.base}/connexion`, 303);
    });
    await prives.register(accueil);
  });
}
