import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ChorusError, isChorusError } from '../errors/chorus-error.js';
import { erreurs } from '../errors/catalogue/index.js';
import { contextOf, listSandboxes, trouverSandbox, type SandboxRow } from '../modules/control-plane/service.js';
import { reglerEcheancesDues } from '../modules/toolkit/horloge.js';
import { utilisateurParId } from '../modules/utilisateurs/service.js';
import '../types.js';
import { html } from './html.js';
import { DSFR, SCRIPTS, rendre } from './layout.js';
import pages from './pages/index.js';
import { SCRIPT_OUVRIR_MODALE, STYLES_PORTAIL } from './scripts.js';
import { csrfValide, ecrireSession, lireSession, nouvelleSession } from './session.js';

/** Uploads through the portal (attachments, PDF invoices) are bounded like the API's files. */
export const TAILLE_MAX_FORMULAIRE = 12 * 1024 * 1024;

const dsfrDist = join(dirname(createRequire(import.meta.url).resolve('@gouvfr/dsfr/package.json')), 'dist');

function sandboxDuChemin(app: FastifyInstance, id: string): SandboxRow | undefined {
  return trouverSandbox(app.db, id);
}

/**
 * The French web portal, one per sandbox under `/portail/<sandboxId>/`: server-rendered DSFR
 * pages that call the same module services as the API (chorus-domain §0.4, the historic espaces).
 * Every page knows its sandbox, session and user (`request.portail`); every POST carries the
 * session's CSRF token; what fell due on the sandbox clock is settled before the page is built.
 */
export default async function portail(app: FastifyInstance, options: { secret: string }): Promise<void> {
  // The cookie key is derived from the trainer token, so sessions survive a restart with the same token.
  await app.register(cookie, { secret: createHash('sha256').update(`portail:${options.secret}`).digest() .toString('base64url') });
  await app.register(fastifyStatic, { root: dsfrDist, prefix: `${DSFR}/`, decorateReply: false, maxAge: '1d', index: false });

  // The portal's own script (opening the acknowledgements modal after login): a file, never inline.
  app.get(`${SCRIPTS}/portail.css`, { schema: { tags: ['Portail web (pages HTML)'], summary: 'Feuille de style du portail (quelques règles en plus du DSFR)' } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLES_PORTAIL),
  );
  app.get(`${SCRIPTS}/ouvrir-modale.js`, { schema: { tags: ['Portail web (pages HTML)'], summary: 'Script du portail : ouvre la fenêtre modale des acquittements à la connexion' } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(SCRIPT_OUVRIR_MODALE),
  );

  // `/portail` alone: the default sandbox's portal (the one `npm start` prints).
  app.get('/portail', { schema: { tags: ['Portail web (pages HTML)'], summary: 'Ouvre le portail du bac à sable « default »' } }, async (_request, reply) => {
    const sandbox = listSandboxes(app.db).find((s) => s.nom === 'default') ?? listSandboxes(app.db)[0];
    if (!sandbox) return reply.code(404).type('text/plain; charset=utf-8').send('Aucun bac à sable : créez-en un par le plan de contrôle.');
    return reply.redirect(`/portail/${sandbox.id}/`, 302);
  });

  await app.register(
    async (scope) => {
      await scope.register(formbody, { bodyLimit: TAILLE_MAX_FORMULAIRE });
      scope.decorateRequest('portail');
      // Listed in the OpenAPI under their own tag (HTML pages, not Chorus Pro operations), so the
      // "never a 5xx" property test sends them random input like every API route.
      scope.addHook('onRoute', (route) => {
        route.schema = {
          ...route.schema,
          tags: ['Portail web (pages HTML)'],
          summary: route.schema?.summary ?? `${route.method === 'POST' ? 'Formulaire' : 'Page'} du portail (HTML, session et jeton CSRF)`,
        };
      });

      scope.addHook('preHandler', async (request: FastifyRequest<{ Params: { sandboxId?: string } }>, reply) => {
        const sandbox = sandboxDuChemin(app, request.params.sandboxId ?? '');
        if (!sandbox) {
          return reply.code(404).type('text/html; charset=utf-8').send(html`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Bac à sable introuvable</title></head><body><main><h1>Bac à sable introuvable</h1><p>Aucun bac à sable ne porte l’identifiant « ${request.params.sandboxId} ». Le plan de contrôle donne l’adresse du portail de chaque bac à sable.</p></main></body></html>`.texte);
        }
        const ctx = contextOf(app.db, sandbox);
        try {
          await reglerEcheancesDues(ctx, { joindre: () => app.commitGroupe.joindre() });
        } catch (error) {
          request.log.error({ err: error }, 'settling the sandbox failed');
        }
        const base = `/portail/${sandbox.id}`;
        const lue = lireSession(request, sandbox.id);
        const session = lue ?? nouvelleSession(sandbox.id);
        if (!lue) ecrireSession(request, reply, base, session);
        const utilisateur = session.utilisateurId === undefined ? undefined : utilisateurParId(ctx, session.utilisateurId);
        request.portail = { sandbox, ctx, base, session, utilisateur: utilisateur?.statut === 'ACTIF' ? utilisateur : undefined };
        // A multipart form (file uploads of « Factures émises », @fastify/multipart with attachFieldsToBody)
        // carries its token as a field object `{ value }`: read its value like an urlencoded field.
        const champCsrf = (request.body as Record<string, unknown> | undefined)?._csrf;
        const jeton = champCsrf && typeof champCsrf === 'object' && 'value' in champCsrf ? (champCsrf as { value: unknown }).value : champCsrf;
        if (request.method === 'POST' && !csrfValide(session, jeton)) {
          throw new ChorusError(erreurs.JETON_CSRF_INVALIDE);
        }
      });

      // Never a raw 500 or a JSON envelope on a page: a French page saying what went wrong.
      scope.setErrorHandler((error: Error & { statusCode?: number }, request, reply: FastifyReply) => {
        const statut = isChorusError(error) ? error.httpStatus : error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
        if (statut >= 500) request.log.error({ err: error }, 'portal page failed');
        const texte = isChorusError(error)
          ? error.libelle
          : statut === 413
            ? 'Le fichier envoyé dépasse la taille autorisée.'
            : statut < 500
              ? 'La demande n’a pas pu être comprise.'
              : 'Une erreur technique est survenue ; réessayez.';
        if (!request.portail) return reply.code(statut).type('text/plain; charset=utf-8').send(texte);
        return rendre(request, reply, { titre: 'Erreur', contenu: html`<h1>Une erreur est survenue</h1><div class="fr-alert fr-alert--error" role="alert"><p>${texte}</p></div><p><a class="fr-link" href="${request.portail.base}/">Revenir à l’accueil</a></p>` }, statut);
      });

      await scope.register(pages);

      // A mistyped address inside a portal: a French page, not the API's JSON 404.
      scope.setNotFoundHandler(async (request, reply) => {
        if (!request.portail) return reply.code(404).type('text/plain; charset=utf-8').send('Page introuvable');
        return rendre(request, reply, { titre: 'Page introuvable', contenu: html`<h1>Page introuvable</h1><p>La page demandée n’existe pas dans ce portail.</p><p><a class="fr-link" href="${request.portail.base}/">Revenir à l’accueil</a></p>` }, 404);
      });
    },
    { prefix: '/portail/:sandboxId' },
  );
}
