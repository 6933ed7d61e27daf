import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import { annuaire, certificatDepot, delaiPaiementFacture, ligneFournisseur } from '../factures/index.js';
import * as repo from '../factures/repository.js';
import { findUtilisateurByLogin } from '../utilisateurs/repository.js';
import { erreurResponses, sandboxParams } from './schemas.js';
import { contextOf, getSandbox } from './service.js';

const tags = ['Control plane'];
const security = [{ admin: [] }];
const factureParams = sandboxParams.extend({ idFacture: z.coerce.number().int() });

const delaiDto = z
  .object({
    delaiJours: z.number().int(),
    dateDebut: z.string(),
    dateEcheance: z.string().nullable(),
    suspendu: z.boolean(),
    joursSuspendus: z.number().int(),
    enRetard: z.boolean(),
    joursRetard: z.number().int(),
    tauxBce: z.number().nullable(),
    interetsMoratoires: z.number(),
    indemniteForfaitaire: z.number(),
  })
  .nullable();
const factureDto = z.object({
  facture: z.record(z.string(), z.unknown()),
  historique: z.array(
    z.object({ nature: z.string(), code: z.string(), date: z.string(), commentaire: z.string().nullable(), acteur: z.string().nullable(), utilisateur: z.string().nullable() }),
  ),
  delaiPaiement: delaiDto,
});
const notificationDto = z.object({
  id: z.number().int(),
  idFacture: z.number().int().nullable(),
  idSollicitation: z.number().int().nullable(),
  type: z.string(),
  message: z.string(),
  date: z.string(),
  lu: z.boolean(),
});

/** Control-plane view of invoices (payment delay in sandbox time) and users' notifications. Mounted under `/_sandbox`, behind the admin token. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const facture = (id: string, idFacture: number) => {
    const ctx = contextOf(app.db, getSandbox(app.db, id));
    const f = repo.findFacture(ctx, idFacture);
    if (!f) throw new ChorusError(erreurs.FACTURE_INCONNUE_BAC, `${erreurs.FACTURE_INCONNUE_BAC.libelle} (${idFacture})`);
    return { ctx, f };
  };

  app.get(
    '/sandboxes/:id/factures/:idFacture',
    { schema: { tags, security, summary: 'Une facture : statut, parties, montants, historique et délai de paiement (temps du bac à sable)', params: factureParams, response: { 200: factureDto, ...erreurResponses } } },
    async (request) => {
      const { ctx, f } = facture(request.params.id, request.params.idFacture);
      return {
        facture: ligneFournisseur(f, annuaire(ctx)),
        historique: repo.listHistorique(ctx, f.id).map((h) => ({
          nature: h.nature,
          code: h.code,
          date: h.date,
          commentaire: h.commentaire,
          acteur: h.acteur,
          utilisateur: h.nomUtilisateur,
        })),
        delaiPaiement: delaiPaiementFacture(ctx, f),
      };
    },
  );

  app.get(
    '/sandboxes/:id/factures/:idFacture/certificat-depot.pdf',
    { schema: { tags, security, summary: 'Certificat de dépôt (PDF, empreinte SHA-256 des données déposées)', params: factureParams, produces: ['application/pdf'] } },
    async (request, reply) => {
      const { ctx, f } = facture(request.params.id, request.params.idFacture);
      const pdf = await certificatDepot(ctx, f);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="certificat-depot-${f.id}.pdf"`)
        .send(Buffer.from(pdf));
    },
  );

  app.get(
    '/sandboxes/:id/notifications',
    {
      schema: {
        tags,
        security,
        summary: "Boîte de réception d'un utilisateur : factures de ses structures, rattachements, sollicitations (les plus récentes d'abord)",
        params: sandboxParams,
        querystring: z.object({ login: z.string().min(1).max(200) }),
        response: { 200: z.object({ notifications: z.array(notificationDto) }), ...erreurResponses },
      },
    },
    async (request) => {
      const ctx = contextOf(app.db, getSandbox(app.db, request.params.id));
      const u = findUtilisateurByLogin(ctx, request.query.login);
      if (!u) throw new ChorusError(erreurs.UTILISATEUR_INCONNU_BAC, `${erreurs.UTILISATEUR_INCONNU_BAC.libelle} (${request.query.login})`);
      return {
        notifications: repo.listNotifications(ctx, u.id).map((n) => ({ id: n.id, idFacture: n.factureId, idSollicitation: n.sollicitationId, type: n.type, message: n.message, date: n.date, lu: n.lu })),
      };
    },
  );
};

export default routes;
