import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { transaction } from '../../db/transaction.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { resume } from '../dume/formatters.js';
import {
  dumeCompletDto,
  resumeDume,
  saisieDumeAPourStructure,
  saisieDumeOE,
  saisieGroupement,
  saisieReponses,
} from '../dume/schemas.js';
import * as dume from '../dume/service.js';
import { structureOuErreur } from '../structures/service.js';
import { erreurResponses, sandboxParams } from './schemas.js';
import { contextOf, getSandbox } from './service.js';

const tags = ['Control plane'];
const security = [{ admin: [] }];

const structureParams = sandboxParams.extend({ idStructureCPP: z.coerce.number().int().positive() });
const dumeParams = sandboxParams.extend({ idDume: z.string().min(1).max(36) });
const complet = (d: dume.Dume) => ({ idDume: d.identifiant, metadonnees: resume(d), contenu: d as unknown as Record<string, unknown> });

/**
 * DUMEs for a trainer, standing in for the portal's "Marché → DUME" pages until they exist:
 * create a DUME A or a DUME OE for any structure of the sandbox, complete it, declare a
 * groupement, list them, read one, export it. Not part of the real API.
 */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preValidation', async (request) => {
    const { id } = request.params as { id?: string };
    if (id !== undefined) getSandbox(app.db, id);
  });

  function agir<T>(id: string, action: (ctx: SandboxContext) => T): T {
    const ctx = contextOf(app.db, getSandbox(app.db, id));
    return transaction(ctx.db, () => action(ctx));
  }

  app.get(
    '/sandboxes/:id/dumes',
    {
      schema: {
        tags,
        security,
        summary: 'Lister les DUME du bac à sable (filtres : type, siret, idConsultation)',
        params: sandboxParams,
        querystring: z.object({ type: z.enum(['DUME_A', 'DUME_OE']).optional(), siret: z.string().max(14).optional(), idConsultation: z.string().max(50).optional() }),
        response: { 200: z.object({ dumes: z.array(resumeDume) }), ...erreurResponses },
      },
    },
    async (request) => ({ dumes: agir(request.params.id, (ctx) => dume.rechercher(ctx, request.query)).map(resume) }),
  );

  app.post(
    '/sandboxes/:id/structures/:idStructureCPP/dumes/acheteur',
    {
      schema: {
        tags,
        security,
        summary: 'Créer un DUME acheteur (complet ou simplifié) pour une structure publique : nom, SIRET et adresse de la structure par défaut',
        params: structureParams,
        body: saisieDumeAPourStructure,
        response: { 201: dumeCompletDto, ...erreurResponses },
      },
    },
    async (request, reply) => {
      const d = agir(request.params.id, (ctx) => {
        const s = structureOuErreur(ctx, request.params.idStructureCPP, 'idStructureCPP');
        const b = request.body;
        return dume.creerDumeA(ctx, {
          ...b,
          acheteur: {
            ...b.acheteur,
            nom: b.acheteur.nom ?? s.raisonSociale,
            siret: b.acheteur.siret ?? s.identifiant,
            adresse: b.acheteur.adresse ?? (s.ville ? { ligne: s.adresse ?? '', codePostal: s.codePostal ?? '', ville: s.ville, codePays: s.codePays } : undefined),
          },
        });
      });
      return reply.code(201).send(complet(d));
    },
  );

  app.post(
    '/sandboxes/:id/dumes/operateur',
    {
      schema: {
        tags,
        security,
        summary: 'Créer un DUME opérateur économique : modèle vierge, depuis un SIRET, DUME type, ou fusion avec un DUME acheteur',
        params: sandboxParams,
        body: saisieDumeOE,
        response: { 201: dumeCompletDto, ...erreurResponses },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const d = agir(request.params.id, (ctx) => {
        if (b.idDumeA) return dume.fusionnerDume(ctx, { idDume: b.idDumeA, siretOE: b.siretOE, typeDonnees: b.typeDonnees, idDumeType: b.idDumeType });
        if (b.siretOE) return dume.creerDumeOE(ctx, b.siretOE, b.typeDonnees, b.dumeType ?? false);
        return dume.creerModele(ctx);
      });
      return reply.code(201).send(complet(d));
    },
  );

  app.get(
    '/sandboxes/:id/dumes/:idDume',
    { schema: { tags, security, summary: 'Consulter un DUME (modèle complet)', params: dumeParams, response: { 200: dumeCompletDto, ...erreurResponses } } },
    async (request) => complet(agir(request.params.id, (ctx) => dume.lireDume(ctx, request.params.idDume))),
  );

  app.get(
    '/sandboxes/:id/dumes/:idDume/export',
    {
      schema: {
        tags,
        security,
        summary: 'Exporter un DUME : XML ESPD (format=xml) ou PDF en clair (format=pdf)',
        produces: ['application/xml', 'application/pdf'],
        params: dumeParams,
        querystring: z.object({ format: z.enum(['xml', 'pdf']).default('xml') }),
        response: { 200: z.any().describe('application/xml ou application/pdf'), ...erreurResponses },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(app.db, getSandbox(app.db, request.params.id));
      const f = await dume.formater(ctx, request.params.idDume, request.query.format === 'pdf' ? 1 : 2);
      return reply
        .header('content-type', f.format === 1 ? 'application/pdf' : 'application/xml; charset=utf-8')
        .header('content-disposition', `attachment; filename="${f.nomFichier}"`)
        .send(f.contenu);
    },
  );

  app.post(
    '/sandboxes/:id/dumes/:idDume/reponses',
    {
      schema: {
        tags,
        security,
        summary: 'Compléter un DUME OE : réponses aux motifs d’exclusion et aux critères de sélection, DUME type',
        params: dumeParams,
        body: saisieReponses,
        response: { 200: dumeCompletDto, ...erreurResponses },
      },
    },
    async (request) => complet(agir(request.params.id, (ctx) => dume.completerDume(ctx, request.params.idDume, request.body))),
  );

  app.post(
    '/sandboxes/:id/dumes/:idDume/groupement',
    {
      schema: {
        tags,
        security,
        summary: 'Déclarer le rôle d’un DUME OE (candidat seul, mandataire, membre, sous-traitant) et lier les DUME des autres participants',
        params: dumeParams,
        body: saisieGroupement,
        response: { 200: dumeCompletDto, ...erreurResponses },
      },
    },
    async (request) =>
      complet(
        agir(request.params.id, (ctx) =>
          dume.declarerRole(ctx, request.params.idDume, request.body.role, { nom: request.body.nom, membres: request.body.membres }),
        ),
      ),
  );
};

export default routes;
