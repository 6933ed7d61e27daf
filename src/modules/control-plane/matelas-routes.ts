import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Rng } from '../../domain/random.js';
import { transaction } from '../../db/transaction.js';
import type { SandboxContext } from '../../sandbox/context.js';
import * as organisation from '../structures/organisation.js';
import {
  coordonneesBody,
  engagementBody,
  rattachementBody,
  serviceBody,
  structureBody,
  traitementBody,
  utilisateurBody,
  versFicheStructure,
} from '../structures/organisation-schemas.js';
import { structureOuErreur } from '../structures/service.js';
import { demanderRattachement, refuserRattachement, validerRattachement } from '../utilisateurs/rattachements.js';
import * as matelas from './matelas.js';
import { erreurResponses, sandboxParams } from './schemas.js';
import { contextOf, getSandbox } from './service.js';

const tags = ['Control plane'];
const security = [{ admin: [] }];

const structureParams = sandboxParams.extend({ idStructureCPP: z.coerce.number().int().positive() });
const rattachementParams = sandboxParams.extend({ idRattachement: z.coerce.number().int().positive() });
const ROLES_ACCORDES = { GS: 'GESTIONNAIRE_SECONDAIRE', US: 'UTILISATEUR_SIMPLE' } as const;

/** Matelas de données (JSON, CSV) and trainer-built organisation. Mounted under `/_sandbox`, behind the admin token. */
const routes: FastifyPluginAsyncZod = async (app) => {
  // An unknown sandbox is a 404 whatever the body: checked before the body is validated.
  app.addHook('preValidation', async (request) => {
    const { id } = request.params as { id?: string };
    if (id !== undefined) getSandbox(app.db, id);
  });

  /** Runs a trainer action in one transaction, with the sandbox's context and a seeded generator. */
  function agir<T>(id: string, action: (ctx: SandboxContext, rng: Rng) => T): T {
    const sandbox = getSandbox(app.db, id);
    const ctx = contextOf(app.db, sandbox);
    return transaction(ctx.db, () => action(ctx, matelas.generateur(ctx, sandbox.seed)));
  }

  app.get(
    '/sandboxes/:id/matelas',
    { schema: { tags, security, summary: 'Matelas de données (JSON)', params: sandboxParams, response: { 200: matelas.matelasDto, ...erreurResponses } } },
    async (request) => matelas.construireMatelas(contextOf(app.db, getSandbox(app.db, request.params.id))),
  );

  app.get(
    '/sandboxes/:id/matelas.csv',
    {
      schema: {
        tags,
        security,
        summary: 'Matelas de données au format du portail de qualification (CSV Entite;Libelle;Valeur)',
        produces: ['text/csv'],
        params: sandboxParams,
        response: { 200: z.string().describe('text/csv; charset=utf-8'), ...erreurResponses },
      },
    },
    async (request, reply) => {
      const csv = matelas.matelasCsv(matelas.construireMatelas(contextOf(app.db, getSandbox(app.db, request.params.id))));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="matelas-${request.params.id}.csv"`)
        .send(csv);
    },
  );

  app.post(
    '/sandboxes/:id/structures',
    {
      schema: {
        tags,
        security,
        summary: 'Ajouter une structure (publique ou privée), ses services, son gestionnaire principal et son compte technique',
        params: sandboxParams,
        body: structureBody,
        response: { 201: matelas.structureCreeeDto, ...erreurResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const cree = agir(request.params.id, (ctx, rng) =>
        matelas.toStructureCreee(ctx, organisation.creerFicheStructure(ctx, rng, versFicheStructure(body))),
      );
      return reply.code(201).send(cree);
    },
  );

  app.post(
    '/sandboxes/:id/structures/:idStructureCPP/services',
    {
      schema: {
        tags,
        security,
        summary: 'Ajouter un service à une structure',
        params: structureParams,
        body: serviceBody,
        response: { 201: matelas.matelasServiceDto, ...erreurResponses },
      },
    },
    async (request, reply) => {
      const { id, idStructureCPP } = request.params;
      const service = agir(id, (ctx) => organisation.ajouterService(ctx, matelas.structureDuBac(ctx, idStructureCPP).id, request.body));
      return reply.code(201).send(matelas.toMatelasService(service));
    },
  );

  app.post(
    '/sandboxes/:id/structures/:idStructureCPP/coordonneesBancaires',
    {
      schema: {
        tags,
        security,
        summary: 'Ajouter des coordonnées bancaires à une structure',
        params: structureParams,
        body: coordonneesBody,
        response: { 201: matelas.matelasCoordonneeBancaireDto, ...erreurResponses },
      },
    },
    async (request, reply) => {
      const { id, idStructureCPP } = request.params;
      const cree = agir(id, (ctx, rng) => {
        const structure = matelas.structureDuBac(ctx, idStructureCPP);
        return matelas.toMatelasCoordonneeBancaire(structure, organisation.ajouterCoordonneeBancaire(ctx, rng, structure.id, request.body));
      });
      return reply.code(201).send(cree);
    },
  );

  app.post(
    '/sandboxes/:id/utilisateurs',
    {
      schema: {
        tags,
        security,
        summary: 'Ajouter un compte (GP, GS, US ou technique) rattaché à une structure et à des services',
        params: sandboxParams,
        body: utilisateurBody,
        response: { 201: matelas.matelasCompteDto, ...erreurResponses },
      },
    },
    async (request, reply) => {
      const { idStructureCPP, services, ...compte } = request.body;
      const cree = agir(request.params.id, (ctx, rng) => {
        const c = organisation.creerCompte(ctx, rng, { ...compte, structureId: idStructureCPP, codesServices: services });
        return matelas.toMatelasCompte(c.utilisateur, c.rattachement, c.structure);
      });
      return reply.code(201).send(cree);
    },
  );

  app.post(
    '/sandboxes/:id/engagements',
    {
      schema: {
        tags,
        security,
        summary: 'Ajouter un engagement juridique émis par une structure publique',
        params: sandboxParams,
        body: engagementBody,
        response: { 201: matelas.matelasEngagementDto, ...erreurResponses },
      },
    },
    async (request, reply) => {
      const { idStructureCPP, idFournisseur, ...engagement } = request.body;
      const cree = agir(request.params.id, (ctx, rng) =>
        matelas.toMatelasEngagement(ctx, organisation.ajouterEngagement(ctx, rng, { ...engagement, structureId: idStructureCPP, fournisseurId: idFournisseur })),
      );
      return reply.code(201).send(cree);
    },
  );

  app.post(
    '/sandboxes/:id/rattachements',
    {
      schema: {
        tags,
        security,
        summary: 'Un utilisateur demande son rattachement à une structure (EN_COURS_DE_VALIDATION)',
        params: sandboxParams,
        body: rattachementBody,
        response: { 201: matelas.rattachementDto, ...erreurResponses },
      },
    },
    async (request, reply) => {
      const { login, idStructureCPP, services, commentaire } = request.body;
      const cree = agir(request.params.id, (ctx) => {
        const utilisateur = matelas.utilisateurParLogin(ctx, login, 'login');
        const structure = structureOuErreur(ctx, idStructureCPP, 'idStructureCPP');
        const serviceIds = matelas.servicesParCodes(ctx, structure.id, services ?? []);
        return matelas.toRattachement(ctx, demanderRattachement(ctx, { utilisateurId: utilisateur.id, structureId: structure.id, serviceIds, commentaire }));
      });
      return reply.code(201).send(cree);
    },
  );

  for (const decision of ['valider', 'refuser'] as const) {
    app.post(
      `/sandboxes/:id/rattachements/:idRattachement/${decision}`,
      {
        schema: {
          tags,
          security,
          summary: `Un gestionnaire (GP ou GS) de la structure ${decision === 'valider' ? 'valide' : 'refuse'} une demande de rattachement`,
          params: rattachementParams,
          body: traitementBody,
          response: { 201: matelas.rattachementDto, ...erreurResponses },
        },
      },
      async (request, reply) => {
        const { id, idRattachement } = request.params;
        const { gestionnaire, role, commentaire } = request.body;
        const traite = agir(id, (ctx) => {
          const gestionnaireId = matelas.utilisateurParLogin(ctx, gestionnaire, 'gestionnaire').id;
          const rattachement =
            decision === 'valider'
              ? validerRattachement(ctx, { idRattachement, gestionnaireId, commentaire, role: role && ROLES_ACCORDES[role] })
              : refuserRattachement(ctx, { idRattachement, gestionnaireId, commentaire });
          return matelas.toRattachement(ctx, rattachement);
        });
        return reply.code(201).send(traite);
      },
    );
  }
};

export default routes;
