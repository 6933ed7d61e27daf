import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { erreurs } from '../../errors/catalogue/index.js';
import { contextOf } from '../../modules/control-plane/service.js';
import { sandboxForToken } from '../../modules/piste/service.js';
import type { DumeCaller } from '../../types.js';

/**
 * Authenticates the DUME APIs (`/dume/…`). The real ones take a client certificate and no Chorus
 * Pro account, and the web utility needs no account at all: the sandbox asks only for a live PISTE
 * Bearer token, because that token is what names the sandbox (the tenant). No `cpro-account`.
 */
export default fp(
  async function dumeAuth(app: FastifyInstance) {
    app.decorateRequest('dume', null as unknown as DumeCaller);
    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
      const sandbox = bearer ? sandboxForToken(app.db, bearer[1]!) : undefined;
      if (!sandbox) {
        const description = bearer ? 'token invalid or expired' : 'missing bearer token';
        return reply
          .code(401)
          .header('www-authenticate', `Bearer realm="PISTE",error="${bearer ? 'invalid_token' : 'invalid_request'}",error_description="${description}"`)
          .send({ codeRetour: erreurs.NON_AUTHENTIFIE.codeRetour, libelle: `${erreurs.NON_AUTHENTIFIE.libelle} : ${description}` });
      }
      request.dume = { sandbox, ctx: contextOf(app.db, sandbox) };
    });
  },
  { name: 'dume-auth', dependencies: ['db'] },
);
