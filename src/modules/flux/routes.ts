import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { operation } from '../shared/route-table.js';
import { erreurResponses, sandboxParams } from '../control-plane/schemas.js';
import { contextOf, getSandbox } from '../control-plane/service.js';
import * as schemas from './schemas.js';
import * as service from './service.js';

/** `POST /cpro/factures/v1/deposer/flux` (in the Factures route table). */
export const operationsFluxFactures = [
  operation({
    path: '/deposer/flux',
    operationId: 'deposerFluxFacture',
    summary: 'Déposer un flux de factures (UBL, CII, Factur-X ; fichier seul, .zip ou .tar.gz), intégré de façon asynchrone',
    body: schemas.deposerFluxFactureParam,
    response: schemas.wsRetourDeposerFluxFacture,
    // 30 MB compressed is 40 MB in base64, plus the JSON around it.
    bodyLimit: 42 * 1024 * 1024,
    handler: (body, caller) => service.deposerFlux(caller.ctx, caller.utilisateur, body),
  }),
];

/** `consulterCR` and `consulterCRDetaille` (in the Transverses route table). */
export const operationsFluxTransverses = [
  operation({
    path: '/consulterCR',
    operationId: 'consulterCR',
    summary: "Compte rendu d'un flux déposé (PDF en base64)",
    body: schemas.consulterCRParam,
    response: schemas.wsRetourConsulterCR,
    handler: (body, caller) => service.consulterCR(caller.ctx, caller.utilisateur, body.numeroFluxDepot),
  }),
  operation({
    path: '/consulterCRDetaille',
    operationId: 'consulterCRDetaille',
    summary: "Compte rendu détaillé d'un flux : état, erreurs techniques et erreurs par demande de paiement",
    body: schemas.consulterCRDetailleParam,
    response: schemas.wsRetourConsulterCRDetaille,
    handler: (body, caller) => service.consulterCRDetaille(caller.ctx, caller.utilisateur, body.numeroFluxDepot),
  }),
];

const tags = ['Control plane'];
const security = [{ admin: [] }];
const parametresFlux = z.object({ delaiIntegrationSecondes: z.number().int().min(0).max(30 * 24 * 3600) });

/** Control-plane flux tools (not on the real platform): "test a flux" and the integration delay. */
export const fluxControlPlane: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/sandboxes/:id/flux/tester',
    {
      bodyLimit: 42 * 1024 * 1024,
      schema: {
        tags,
        security,
        summary: "Tester un flux : toutes les couches de contrôle (fichier, XSD, EN 16931, Chorus, annuaire si idUtilisateur est donné), sans rien intégrer ; répond le compte rendu aussitôt",
        params: sandboxParams,
        querystring: z.object({
          idUtilisateur: z.coerce.number().int().optional(),
          reglesOfficielles: z.enum(['true', 'false']).optional().describe('true : toutes les règles EN 16931 officielles (XSLT du CEN), plus lent'),
        }),
        body: schemas.testerFluxParam,
        response: { 200: schemas.retourTesterFlux, ...erreurResponses },
      },
    },
    async (request) =>
      service.testerFlux(contextOf(app.db, getSandbox(app.db, request.params.id)), request.body, request.query.idUtilisateur ?? null, {
        reglesOfficielles: request.query.reglesOfficielles === 'true',
      }),
  );

  app.get(
    '/sandboxes/:id/flux/parametres',
    { schema: { tags, security, summary: "Délai d'intégration des flux (secondes du temps du bac à sable)", params: sandboxParams, response: { 200: parametresFlux, ...erreurResponses } } },
    async (request) => ({ delaiIntegrationSecondes: service.delaiIntegration(contextOf(app.db, getSandbox(app.db, request.params.id))) }),
  );

  app.put(
    '/sandboxes/:id/flux/parametres',
    { schema: { tags, security, summary: "Fixer le délai d'intégration des flux (0 : intégrés au prochain appel)", params: sandboxParams, body: parametresFlux, response: { 200: parametresFlux, ...erreurResponses } } },
    async (request) => {
      service.fixerDelaiIntegration(contextOf(app.db, getSandbox(app.db, request.params.id)), request.body.delaiIntegrationSecondes);
      return request.body;
    },
  );
};
