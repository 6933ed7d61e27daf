import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import controlPlane from './modules/control-plane/routes.js';
import cpro from './modules/cpro.js';
import piste from './modules/piste/routes.js';
import { masquerUrl } from './modules/toolkit/journal.js';
import database from './plugins/db.js';
import errors from './plugins/errors.js';
import openapi from './plugins/swagger.js';

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
  await app.register(openapi);

  await app.register(piste);
  await app.register(cpro, { prefix: '/cpro' });

  if (options.controlPlane) {
    await app.register(controlPlane, {
      prefix: '/_sandbox',
      adminToken: options.adminToken,
      defaultScenario: options.defaultScenario,
    });
  }
  return app;
}
