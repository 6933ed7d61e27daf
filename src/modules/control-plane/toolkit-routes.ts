import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { exporter } from '../toolkit/snapshot.js';
import { avancerHorloge, lireHorloge, reglerHorloge } from '../toolkit/horloge.js';
import { definirComportement, lireComportement } from '../toolkit/comportements.js';
import { lireJournal } from '../toolkit/journal.js';
import { definirPannes, lirePannes } from '../toolkit/pannes.js';
import {
  avancerBody,
  avancerDto,
  comportementSchema,
  exportDto,
  horlogeDto,
  journalDto,
  journalQuery,
  pannesDto,
  reglerHorlogeBody,
  reglesBody,
  structureParams,
} from '../toolkit/schemas.js';
import { erreurResponses, sandboxParams } from './schemas.js';
import { clockOf, contextOf, getSandbox } from './service.js';

const tags = ['Control plane'];
const security = [{ admin: [] }];
const s = (summary: string) => ({ tags, security, summary });

/** Toolkit: clock, journal, faults, export/snapshots, behaviours. Mounted under `/_sandbox`, behind the admin token. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.get('/sandboxes/:id/clock', { schema: { ...s('Lire l’horloge du bac à sable'), params: sandboxParams, response: { 200: horlogeDto, ...erreurResponses } } }, async (request) =>
    lireHorloge(app.db, request.params.id),
  );

  app.put(
    '/sandboxes/:id/clock',
    { schema: { ...s('Régler l’horloge : réelle, figée à une date, ou décalée'), params: sandboxParams, body: reglerHorlogeBody, response: { 200: horlogeDto, ...erreurResponses } } },
    async (request) => reglerHorloge(app.db, request.params.id, request.body),
  );

  app.post(
    '/sandboxes/:id/clock/advance',
    {
      schema: {
        ...s('Avancer l’horloge et exécuter tout ce qui arrive à échéance (acheteurs simulés…)'),
        params: sandboxParams,
        body: avancerBody,
        response: { 200: avancerDto, ...erreurResponses },
      },
    },
    async (request) => avancerHorloge(app.db, request.params.id, request.body, { joindre: () => app.commitGroupe.joindre() }),
  );

  app.get(
    '/sandboxes/:id/export',
    { schema: { ...s('Exporter un instantané complet (à repasser en `snapshot` à la création)'), params: sandboxParams, response: { 200: exportDto, ...erreurResponses } } },
    async (request) => {
      const sandbox = getSandbox(app.db, request.params.id);
      return exporter(app.db, sandbox, clockOf(sandbox));
    },
  );

  app.get(
    '/sandboxes/:id/journal',
    { schema: { ...s('Journal des appels /cpro du bac à sable (secrets masqués), du plus récent au plus ancien'), params: sandboxParams, querystring: journalQuery, response: { 200: journalDto, ...erreurResponses } } },
    async (request) => lireJournal(app.db, getSandbox(app.db, request.params.id).id, request.query),
  );

  app.get('/sandboxes/:id/faults', { schema: { ...s('Lire les pannes injectées'), params: sandboxParams, response: { 200: pannesDto, ...erreurResponses } } }, async (request) => ({
    regles: lirePannes(app.db, getSandbox(app.db, request.params.id).id),
  }));

  app.put(
    '/sandboxes/:id/faults',
    { schema: { ...s('Injecter des pannes sur les routes /cpro (liste vide : aucune)'), params: sandboxParams, body: reglesBody, response: { 200: pannesDto, ...erreurResponses } } },
    async (request) => ({ regles: definirPannes(app.db, getSandbox(app.db, request.params.id).id, request.body.regles) }),
  );

  app.get(
    '/sandboxes/:id/structures/:idStructureCPP/behaviour',
    { schema: { ...s('Comportement de l’acheteur public simulé'), params: structureParams, response: { 200: comportementSchema, ...erreurResponses } } },
    async (request) => lireComportement(contextOf(app.db, getSandbox(app.db, request.params.id)), request.params.idStructureCPP),
  );

  app.put(
    '/sandboxes/:id/structures/:idStructureCPP/behaviour',
    {
      schema: {
        ...s('Définir le comportement de l’acheteur public simulé (manuel ou automatique)'),
        params: structureParams,
        body: comportementSchema,
        response: { 200: comportementSchema, ...erreurResponses },
      },
    },
    async (request) => definirComportement(contextOf(app.db, getSandbox(app.db, request.params.id)), request.params.idStructureCPP, request.body),
  );
};

export default routes;
