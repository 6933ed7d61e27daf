import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { acquittements, acquitter } from '../notifications/acquittements.js';
import { reglerRecaps } from '../notifications/recaps.js';
import * as repo from '../notifications/repository.js';
import * as notifications from '../notifications/service.js';
import { findUtilisateurByLogin, type UtilisateurRow } from '../utilisateurs/repository.js';
import { erreurResponses, sandboxParams } from './schemas.js';
import { contextOf, getSandbox } from './service.js';

const tags = ['Control plane'];
const security = [{ admin: [] }];
const s = (summary: string) => ({ tags, security, summary });
const loginQuery = z.object({ login: z.string().min(1).max(200) });

const courrielDto = z.object({ id: z.number().int(), de: z.string(), a: z.string(), sujet: z.string(), corps: z.string(), nature: z.string(), date: z.string() });
const acquittementDto = z.object({
  idFacture: z.number().int(),
  numeroFacture: z.string().nullable(),
  dateDepot: z.string(),
  destinataire: z.string().nullable(),
  statut: z.string(),
  depuis: z.string(),
  motif: z.string().nullable(),
  acquittee: z.boolean(),
  acquittementObligatoire: z.boolean().describe('Non acquittée depuis 7 jours ou plus (horloge du bac à sable)'),
});
const webhookDto = z.object({ idWebhook: z.number().int(), url: z.string(), evenements: z.array(z.string()), dateCreation: z.string() });
const livraisonDto = z.object({
  idLivraison: z.number().int(),
  idWebhook: z.number().int(),
  evenement: z.string(),
  statut: z.enum(['EN_ATTENTE', 'REUSSIE', 'ECHEC']),
  tentatives: z.number().int(),
  codeHttp: z.number().int().nullable(),
  dureeMs: z.number().int().nullable(),
  erreur: z.string().nullable(),
  prochainEssai: z.string().nullable(),
  dateDerniereTentative: z.string().nullable(),
  corps: z.string().describe('Le JSON envoyé, tel quel (la signature porte sur ces octets)'),
});

function utilisateur(ctx: SandboxContext, login: string): UtilisateurRow {
  const u = findUtilisateurByLogin(ctx, login);
  if (!u) throw new ChorusError(erreurs.UTILISATEUR_INCONNU_BAC, `${erreurs.UTILISATEUR_INCONNU_BAC.libelle} (${login})`);
  return u;
}

const toWebhook = (w: repo.WebhookRow) => ({ idWebhook: w.id, url: w.url, evenements: w.evenements, dateCreation: w.dateCreation });
const toLivraison = (l: repo.LivraisonRow) => ({
  idLivraison: l.id,
  idWebhook: l.webhookId,
  evenement: l.evenement,
  statut: l.statut,
  tentatives: l.tentatives,
  codeHttp: l.codeHttp,
  dureeMs: l.dureeMs,
  erreur: l.erreur,
  prochainEssai: l.prochainEssai === null ? null : new Date(l.prochainEssai).toISOString(),
  dateDerniereTentative: l.dateDerniereTentative,
  corps: l.corps,
});

/** Outbox, inbox flags, digests, acknowledgements and webhooks of a sandbox (`/_sandbox`, admin token). */
const routes: FastifyPluginAsyncZod = async (app) => {
  const ctxDe = (id: string) => contextOf(app.db, getSandbox(app.db, id));

  app.get(
    '/sandboxes/:id/outbox',
    {
      schema: {
        ...s('Les e-mails que la plateforme aurait envoyés (expéditeur, destinataire, objet, corps, date du bac à sable), les plus récents d’abord'),
        params: sandboxParams,
        querystring: z.object({ login: z.string().min(1).max(200).optional(), nature: z.enum(['NOTIFICATION', 'RECAP_QUOTIDIEN', 'RECAP_HEBDOMADAIRE', 'SECOND_FACTEUR', 'ACTIVATION_COMPTE']).optional() }),
        response: { 200: z.object({ courriels: z.array(courrielDto) }), ...erreurResponses },
      },
    },
    async (request) => {
      const ctx = ctxDe(request.params.id);
      const u = request.query.login ? utilisateur(ctx, request.query.login) : undefined;
      return { courriels: repo.listCourriels(ctx, { utilisateurId: u?.id, nature: request.query.nature }).map(({ sandboxId: _s, utilisateurId: _u, ...c }) => c) };
    },
  );

  app.post(
    '/sandboxes/:id/notifications/lues',
    {
      schema: {
        ...s('Marquer lues des notifications d’un utilisateur (toutes sans `ids`)'),
        params: sandboxParams,
        body: z.object({ login: z.string().min(1).max(200), ids: z.array(z.number().int()).max(1000).optional() }),
        response: { 200: z.object({ marquees: z.number().int() }), ...erreurResponses },
      },
    },
    async (request) => {
      const ctx = ctxDe(request.params.id);
      return { marquees: notifications.marquerLues(ctx, utilisateur(ctx, request.body.login).id, request.body.ids ?? null) };
    },
  );

  const reglages = z.object({ recapQuotidien: z.boolean(), recapHebdomadaire: z.boolean() });
  app.put(
    '/sandboxes/:id/notifications/reglages',
    {
      schema: {
        ...s('Notifications périodiques d’activité d’un utilisateur : récapitulatif quotidien et/ou hebdomadaire'),
        params: sandboxParams,
        querystring: loginQuery,
        body: reglages,
        response: { 200: reglages, ...erreurResponses },
      },
    },
    async (request) => {
      const ctx = ctxDe(request.params.id);
      reglerRecaps(ctx, utilisateur(ctx, request.query.login).id, request.body);
      return request.body;
    },
  );

  app.get(
    '/sandboxes/:id/acquittements',
    {
      schema: {
        ...s('Factures rejetées ou suspendues des structures d’un utilisateur, à acquitter (la fenêtre affichée à la connexion)'),
        params: sandboxParams,
        querystring: loginQuery,
        response: { 200: z.object({ factures: z.array(acquittementDto) }), ...erreurResponses },
      },
    },
    async (request) => {
      const ctx = ctxDe(request.params.id);
      return { factures: acquittements(ctx, utilisateur(ctx, request.query.login)) };
    },
  );

  app.post(
    '/sandboxes/:id/factures/:idFacture/acquitter',
    {
      schema: {
        ...s('Acquitter le rejet ou la suspension d’une facture comme un utilisateur du fournisseur (ACQUITTEMENT_REJET / ACQUITTEMENT_SUSPENSION)'),
        params: sandboxParams.extend({ idFacture: z.coerce.number().int() }),
        body: z.object({ login: z.string().min(1).max(200), commentaire: z.string().max(1000).optional() }),
        response: { 200: z.object({ action: z.string() }), ...erreurResponses },
      },
    },
    async (request) => {
      const ctx = ctxDe(request.params.id);
      return { action: acquitter(ctx, utilisateur(ctx, request.body.login), request.params.idFacture, request.body.commentaire) };
    },
  );

  // Webhooks (beyond the real platform, for CI)

  app.post(
    '/sandboxes/:id/webhooks',
    {
      schema: {
        ...s('Enregistrer un webhook : chaque notification est POSTée en JSON, signée (en-tête Chorus-Sandbox-Signature) ; le secret n’est montré qu’ici'),
        params: sandboxParams,
        body: z.object({
          url: z.string().min(1).max(2000),
          evenements: z.array(z.string().min(1).max(100)).max(100).optional().describe('Types de notification (STATUT_REJETEE, SOLLICITATION_REPONDUE…) ; par défaut tous (`*`)'),
        }),
        response: { 201: webhookDto.extend({ secret: z.string() }), ...erreurResponses },
      },
    },
    async (request, reply) => {
      const w = notifications.creerWebhook(ctxDe(request.params.id), request.body);
      return reply.code(201).send({ ...toWebhook(w), secret: w.secret });
    },
  );

  app.get(
    '/sandboxes/:id/webhooks',
    { schema: { ...s('Les webhooks du bac à sable (sans leur secret)'), params: sandboxParams, response: { 200: z.object({ webhooks: z.array(webhookDto) }), ...erreurResponses } } },
    async (request) => ({ webhooks: repo.listWebhooks(ctxDe(request.params.id)).map(toWebhook) }),
  );

  const webhookParams = sandboxParams.extend({ idWebhook: z.coerce.number().int() });
  app.delete(
    '/sandboxes/:id/webhooks/:idWebhook',
    { schema: { ...s('Supprimer un webhook'), params: webhookParams, response: { 204: z.null(), ...erreurResponses } } },
    async (request, reply) => {
      const ctx = ctxDe(request.params.id);
      notifications.webhookOuErreur(ctx, request.params.idWebhook);
      repo.supprimerWebhook(ctx, request.params.idWebhook);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/sandboxes/:id/webhooks/:idWebhook/livraisons',
    { schema: { ...s('Livraisons d’un webhook : statut, code HTTP, durée, tentatives'), params: webhookParams, response: { 200: z.object({ livraisons: z.array(livraisonDto) }), ...erreurResponses } } },
    async (request) => {
      const ctx = ctxDe(request.params.id);
      notifications.webhookOuErreur(ctx, request.params.idWebhook);
      return { livraisons: repo.listLivraisons(ctx, request.params.idWebhook).map(toLivraison) };
    },
  );

  app.post(
    '/sandboxes/:id/webhooks/livraisons/:idLivraison/renvoyer',
    { schema: { ...s('Renvoyer un événement (nouvelle livraison du même corps)'), params: sandboxParams.extend({ idLivraison: z.coerce.number().int() }), response: { 202: z.object({ renvoye: z.literal(true) }), ...erreurResponses } } },
    async (request, reply) => {
      notifications.renvoyerLivraison(ctxDe(request.params.id), request.params.idLivraison);
      return reply.code(202).send({ renvoye: true as const });
    },
  );
};

export default routes;
