import type { FastifyInstance } from 'fastify';
import accueil from './accueil.js';
import boiteMail from './boite-mail.js';
import compte from './compte.js';
import connexion from './connexion.js';
import engagements from './engagements.js';
import facturesAValider from './factures-a-valider.js';
import facturesEmises from './factures-emises.js';
import facturesRecues from './factures-recues.js';
import facturesTravaux from './factures-travaux.js';
import gestionnaire from './gestionnaire.js';
import messagerie from './messagerie.js';
import monCompte from './mon-compte.js';
import sollicitations from './sollicitations.js';
import structures from './structures.js';

/**
 * The portal's pages: those anyone may open (login, account creation and activation), then the
 * others behind the login check. Each file is one espace or use case, its handlers thin: read the
 * form, call one service, render.
 */
export default async function pages(app: FastifyInstance): Promise<void> {
  await app.register(connexion);
  await app.register(compte); // créer un compte, activer (public)
  await app.register(boiteMail); // the sandbox's mailbox, readable before login (public)
  await app.register(async (prives) => {
    prives.addHook('preHandler', async (request, reply) => {
      if (!request.portail.utilisateur) return reply.redirect(`${request.portail.base}/connexion`, 303);
    });
    await prives.register(accueil);
    await prives.register(monCompte);
    await prives.register(structures);
    await prives.register(gestionnaire);
    await prives.register(facturesEmises);
    await prives.register(facturesRecues);
    await prives.register(facturesAValider);
    await prives.register(facturesTravaux);
    await prives.register(sollicitations);
    await prives.register(engagements);
    await prives.register(messagerie);
  });
}
