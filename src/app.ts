import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import controlPlane from './modules/control-plane/routes.js';
import cpro from './modules/cpro.js';
import dume from './modules/dume/routes.js';
import piste from './modules/piste/routes.js';
import portail from './portal/index.js';
import { masquerUrl } from './modules/toolkit/journal.js';
import adminAuth from './plugins/application/admin-auth.js';
import cproAuth from './plugins/application/cpro-auth.js';
import dumeAuth from './plugins/application/dume-auth.js';
import faults from './plugins/application/faults.js';
import journal from './plugins/application/journal.js';
import passerelle from './plugins/application/passerelle.js';
import settle from './plugins/application/settle.js';
import typesOfficiels from './plugins/application/types-officiels.js';
import commitGroupe from './plugins/infrastructure/commit-groupe.js';
import database from './plugins/infrastructure/db.js';
import errors from './plugins/infrastructure/errors.js';
import openapi from './plugins/infrastructure/swagger.js';

export type AppOptions = Pick<Config, 'databasePath' | 'adminToken' | 'controlPlane' | 'defaultScenario'> & {
  /** pino level (and a destination stream, for tests); no logging when absent. */
  logger?: { level: string; stream?: NodeJS.WritableStream };
};

/** Request headers are logged (they help integrators debug) but these secrets never are. */
const REDACTED = ['req.headers.authorization', 'req.headers["cpro-account"]'];

function loggerOptions(logger: AppOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  return {
    level: logger.level,
    ...(logger.stream ? { stream: logger.stream } : {}),
    redact: { paths: REDACTED, censor: '[redacted]' },
    serializers: {
      // Secrets also travel in query strings (client_secret, access_token): never logged.
      req: (request) => ({ method: request.method, url: masquerUrl(request.url), headers: request.headers }),
    },
  };
}

/** Builds the whole application without listening: plugins in order, then the API modules. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(options.logger),
    requestIdHeader: 'x-request-id',
    // 10 MB files travel base64-encoded inside JSON (+33 %), with room for the rest of the body.
    bodyLimit: 16 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The real API speaks JSON only: any other content type is a 415 (the OAuth route adds forms).
  app.removeContentTypeParser('text/plain');
  // Parameterless operations are sometimes sent with a JSON content type and no body at all.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (typeof body !== 'string' || body.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(body));
    } catch {
      done(Object.assign(new Error('Body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errors);
  await app.register(database, { path: options.databasePath });
  await app.register(commitGroupe);
  await app.register(openapi);

  await app.register(piste);
  // Application plugins are scoped to what they guard: PISTE auth and its companions to `/cpro`.
  await app.register(
    async (scope) => {
      await scope.register(journal);
      await scope.register(cproAuth);
      await scope.register(passerelle);
      await scope.register(typesOfficiels);
      await scope.register(settle);
      await scope.register(faults);
      await scope.register(cpro);
    },
    { prefix: '/cpro' },
  );
  // The DUME APIs live on their own host in reality (…/dume/dumeA): same paths here, PISTE token
  // only; their calls go to the sandbox's request journal like the /cpro ones.
  await app.register(
    async (scope) => {
      await scope.register(journal);
      await scope.register(dumeAuth);
      await scope.register(dume);
    },
    { prefix: '/dume' },
  );

  await app.register(portail, { secret: options.adminToken });

  if (options.controlPlane) {
    await app.register(adminAuth, { adminToken: options.adminToken });
    await app.register(controlPlane, { prefix: '/_sandbox', defaultScenario: options.defaultScenario });
  }
  return app;
}
