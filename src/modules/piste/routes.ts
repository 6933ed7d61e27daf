import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { issueToken, OAuthError, type TokenRequest } from './service.js';

const tokenBody = z
  .object({
    grant_type: z.string().optional().describe('client_credentials'),
    client_id: z.string().optional(),
    client_secret: z.string().optional(),
    scope: z.string().optional().describe('openid (optionnel)'),
  })
  .describe('Formulaire application/x-www-form-urlencoded (JSON accepté aussi)');

const tokenDto = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
  scope: z.string(),
});

const oauthError = z.object({ error: z.string(), error_description: z.string() });

/** Client credentials sent with HTTP Basic (RFC 6749 §2.3.1) instead of the form. */
function basicCredentials(header: string | undefined): Pick<TokenRequest, 'client_id' | 'client_secret'> {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!match) return {};
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return {};
  return {
    client_id: decodeURIComponent(decoded.slice(0, colon)),
    client_secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

/** `POST /api/oauth/token`: the PISTE OAuth2 gateway. The client id identifies the sandbox. */
const piste: FastifyPluginAsyncZod = async (app) => {
  await app.register(formbody);

  // OAuth clients expect RFC 6749 errors here, not the Chorus envelope.
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof OAuthError) {
      return reply.code(400).send({ error: error.error, error_description: error.description });
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status === 415) {
      return reply.code(400).send({ error: 'invalid_request', error_description: 'Content-Type must be application/x-www-form-urlencoded' });
    }
    if (status >= 400 && status < 500) {
      return reply.code(400).send({ error: 'invalid_request', error_description: (error as Error).message });
    }
    throw error;
  });

  app.post(
    '/api/oauth/token',
    {
      schema: {
        tags: ['PISTE'],
        summary: 'Obtenir un jeton d’accès (grant client_credentials)',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: tokenBody,
        response: { 200: tokenDto, 400: oauthError },
      },
    },
    async (request, reply) => {
      const body = { ...basicCredentials(request.headers.authorization), ...stripEmpty(request.body) };
      reply.header('cache-control', 'no-store');
      return issueToken(app.db, body);
    },
  );
};

function stripEmpty(body: TokenRequest): TokenRequest {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== ''));
}

export default piste;
