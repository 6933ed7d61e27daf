import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { version } from '../../version.js';
import { toSandboxDto } from './formatters.js';
import dumeRoutes from './dume-routes.js';
import facturesRoutes from './factures-routes.js';
import { fluxControlPlane } from '../flux/routes.js';
import matelasRoutes from './matelas-routes.js';
import notificationsRoutes from './notifications-routes.js';
import sollicitationsRoutes from './sollicitations-routes.js';
import toolkitRoutes from './toolkit-routes.js';
import { classeDto, creerSandboxBody, erreurResponses, healthDto, sandboxDto, sandboxParams } from './schemas.js';
import * as service from './service.js';
import { reglerSecondFacteur } from '../utilisateurs/connexion.js';

export interface ControlPlaneOptions {
  defaultScenario: string;
}

const tags = ['Control plane'];
const security = [{ admin: [] }];

/** `/_sandbox`: the trainer's and CI's control plane (not part of the real Chorus Pro API). */
const controlPlane: FastifyPluginAsyncZod<ControlPlaneOptions> = async (app, opts) => {
  app.get(
    '/health',
    { schema: { tags, summary: 'État du service (sans jeton)', response: { 200: healthDto } } },
    async () => ({ status: 'ok' as const, version, sandboxes: service.countSandboxes(app.db) }),
  );

  // Every other control-plane route needs the admin token.
  app.register(async (instance) => {
    const admin = instance.withTypeProvider<ZodTypeProvider>();
    admin.addHook('onRequest', app.adminOnly);

    admin.post(
      '/sandboxes',
      {
        schema: {
          tags,
          security,
          summary: 'Créer un bac à sable depuis un scénario (ou une classe de `nombre` bacs à sable)',
          body: creerSandboxBody,
          response: { 201: z.union([sandboxDto, classeDto]), ...erreurResponses },
        },
      },
      async (request, reply) => {
        if (request.body.nombre !== undefined) {
          const classe = service.createSandboxes(app.db, { ...request.body, nombre: request.body.nombre }, opts.defaultScenario);
          return reply.code(201).send({ sandboxes: classe.map((sandbox) => toSandboxDto(sandbox, app.db)) });
        }
        const sandbox = service.createSandbox(app.db, request.body, opts.defaultScenario);
        return reply.code(201).send(toSandboxDto(sandbox, app.db));
      },
    );

    admin.get(
      '/sandboxes',
      {
        schema: {
          tags,
          security,
          summary: 'Lister les bacs à sable',
          response: { 200: z.object({ sandboxes: z.array(sandboxDto) }), 401: erreurResponses[401] },
        },
      },
      async () => ({ sandboxes: service.listSandboxes(app.db).map((sandbox) => toSandboxDto(sandbox)) }),
    );

    admin.get(
      '/sandboxes/:id',
      {
        schema: { tags, security, summary: 'Consulter un bac à sable', params: sandboxParams, response: { 200: sandboxDto, ...erreurResponses } },
      },
      async (request) => toSandboxDto(service.getSandbox(app.db, request.params.id)),
    );

    admin.delete(
      '/sandboxes/:id',
      {
        schema: { tags, security, summary: 'Supprimer un bac à sable et toutes ses données', params: sandboxParams, response: { 204: z.null(), ...erreurResponses } },
      },
      async (request, reply) => {
        service.deleteSandbox(app.db, request.params.id);
        return reply.code(204).send(null);
      },
    );

    admin.post(
      '/sandboxes/:id/reset',
      {
        schema: {
          tags,
          security,
          summary: 'Remettre un bac à sable dans l’état de son scénario (données, horloge, séquences)',
          params: sandboxParams,
          response: { 200: sandboxDto, ...erreurResponses },
        },
      },
      async (request) => toSandboxDto(service.resetSandbox(app.db, request.params.id), app.db),
    );

    admin.put(
      '/sandboxes/:id/portail',
      {
        schema: {
          tags,
          security,
          summary: 'Réglages du portail web du bac à sable : second facteur de connexion (code envoyé par courriel) exigé ou non',
          params: sandboxParams,
          body: z.object({ secondFacteur: z.boolean().describe('true (défaut) : après le mot de passe, un code à six chiffres est envoyé dans la messagerie du bac à sable') }),
          response: { 200: sandboxDto, ...erreurResponses },
        },
      },
      async (request) => {
        const sandbox = service.getSandbox(app.db, request.params.id);
        reglerSecondFacteur(service.contextOf(app.db, sandbox), request.body.secondFacteur);
        return toSandboxDto(service.getSandbox(app.db, request.params.id));
      },
    );

    // Not `opts` itself: it carries this plugin's `prefix`, which would be applied a second time.
    const sousOptions: ControlPlaneOptions = { defaultScenario: opts.defaultScenario };
    await admin.register(matelasRoutes, sousOptions);
    await admin.register(toolkitRoutes, sousOptions);
    await admin.register(facturesRoutes, sousOptions);
    await admin.register(dumeRoutes, sousOptions);
    await admin.register(fluxControlPlane);
    await admin.register(sollicitationsRoutes, sousOptions);
    await admin.register(notificationsRoutes, sousOptions);
  });
};

export default controlPlane;
