import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as consultation from './consultation.js';
import * as format from './formatters.js';
import * as schemas from './schemas.js';

const tags = ['Structures'];
const security = [{ piste: [], cproAccount: [] }];

/** Routes of the Structures API (6 operations of structures.swagger.json), mounted under `/cpro/structures/v1`. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/rechercher',
    {
      schema: {
        tags,
        security,
        operationId: 'rechercherStructure',
        summary: 'Rechercher des structures (publiques, et privées de l’utilisateur sauf restreindreStructuresPrivees=false)',
        body: schemas.rechercherStructureParam,
        response: { 200: schemas.wsRetourRechercherStructure, ...schemas.reponsesErreur },
      },
    },
    async (request) => {
      const { ctx, utilisateur } = request.cpro;
      return format.toRechercherStructure(consultation.rechercherStructures(ctx, utilisateur, request.body));
    },
  );

  app.post(
    '/consulter',
    {
      schema: {
        tags,
        security,
        operationId: 'consulterStructureAvecTVAIntraCom',
        summary: 'Consulter une structure publique ou une structure de l’utilisateur (paramètres obligatoires de facturation)',
        body: schemas.consulterStructureParam,
        response: { 200: schemas.wsRetourConsulterStructure, ...schemas.reponsesErreur },
      },
    },
    async (request) => {
      const { ctx, utilisateur } = request.cpro;
      return format.toConsulterStructure(consultation.consulterStructure(ctx, utilisateur, request.body));
    },
  );

  app.post(
    '/rechercher/services',
    {
      schema: {
        tags,
        security,
        operationId: 'rechercherServicesStructure',
        summary: 'Rechercher les services d’une structure',
        body: schemas.rechercherServicesParam,
        response: { 200: schemas.wsRetourRechercherServices, ...schemas.reponsesErreur },
      },
    },
    async (request) => {
      const { ctx, utilisateur } = request.cpro;
      return format.toRechercherServices(consultation.rechercherServices(ctx, utilisateur, request.body));
    },
  );

  app.post(
    '/consulter/service',
    {
      schema: {
        tags,
        security,
        operationId: 'consulterServiceStructure',
        summary: 'Consulter un service (paramètres : numéro d’engagement obligatoire, mise en paiement)',
        body: schemas.consulterServiceParam,
        response: { 200: schemas.wsRetourConsulterService, ...schemas.reponsesErreur },
      },
    },
    async (request) => {
      const { ctx, utilisateur } = request.cpro;
      return format.toConsulterService(consultation.consulterService(ctx, utilisateur, request.body));
    },
  );

  app.post(
    '/lister/rattachementsutilisateur',
    {
      schema: {
        tags,
        security,
        operationId: 'listerRattachementsStructureUtilisateur',
        summary: 'Lister les rattachements aux services d’un utilisateur (l’appelant par défaut) sur une structure',
        body: schemas.listerRattachementsParam,
        response: { 200: schemas.wsRetourListerRattachements, ...schemas.reponsesErreur },
      },
    },
    async (request) => {
      const { ctx, utilisateur } = request.cpro;
      return format.toListerRattachements(consultation.listerRattachementsStructureUtilisateur(ctx, utilisateur, request.body));
    },
  );

  app.post(
    '/rechercher/espaces',
    {
      schema: {
        tags,
        security,
        operationId: 'rechercherEspaces',
        summary: 'Rechercher les espaces ouverts sur une structure ou un service',
        body: schemas.rechercherEspacesParam,
        response: { 200: schemas.wsRetourRechercherEspaces, ...schemas.reponsesErreur },
      },
    },
    async (request) => {
      const { ctx, utilisateur } = request.cpro;
      return format.toRechercherEspaces(consultation.rechercherEspaces(ctx, utilisateur, request.body));
    },
  );
};

export default routes;
