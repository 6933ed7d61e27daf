import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { erreurs } from '../../errors/catalogue/index.js';
import { contextOf } from '../../modules/control-plane/service.js';
import { sandboxForToken } from '../../modules/piste/service.js';
import { utilisateurParLogin } from '../../modules/utilisateurs/service.js';
import type { CproCaller } from '../../types.js';

function unauthorized(reply: FastifyReply, error: string, description: string) {
  return reply
    .code(401)
    .header('www-authenticate', `Bearer realm="PISTE",error="${error}",error_description="${description}"`)
    .send({ codeRetour: erreurs.NON_AUTHENTIFIE.codeRetour, libelle: `${erreurs.NON_AUTHENTIFIE.libelle} : ${description}` });
}

/** `cpro-account: base64("login:password")`; undefined when absent or not decodable. */
function decodeCproAccount(header: string | string[] | undefined): { login: string; password: string } | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  const decoded = Buffer.from(header.trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { login: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Authenticates every `/cpro` call as the PISTE gateway does: a live Bearer token (which names the
 * sandbox) and a `cpro-account` technical account of that same sandbox. Anything else is a 401
 * with a `WWW-Authenticate` header; an account of another sandbox is simply unknown here.
 */
export default fp(
  async function cproAuth(app: FastifyInstance) {
    app.decorateRequest('cpro', null as unknown as CproCaller);
    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
      if (!bearer) return unauthorized(reply, 'invalid_request', 'missing bearer token');
      const sandbox = sandboxForToken(app.db, bearer[1]);
      if (!sandbox) return unauthorized(reply, 'invalid_token', 'token invalid or expired');

      const account = decodeCproAccount(request.headers['cpro-account']);
      if (!account) return unauthorized(reply, 'Unauthorized', 'missing or malformed cpro-account header');
      const ctx = contextOf(app.db, sandbox);
      const utilisateur = utilisateurParLogin(ctx, account.login);
      const valid =
        utilisateur !== undefined &&
        utilisateur.type === 'TECHNIQUE' &&
        utilisateur.statut === 'ACTIF' &&
        utilisateur.motDePasse === account.password;
      if (!valid) return unauthorized(reply, 'Unauthorized', 'login or password incorrects');
      // The technical password's expiry is a Chorus Pro rule, so it follows the sandbox clock.
      if (utilisateur.dateExpirationMotDePasse && new Date(utilisateur.dateExpirationMotDePasse) <= ctx.now()) {
        return unauthorized(reply, 'Unauthorized', 'password expired');
      }
      request.cpro = { sandbox, ctx, utilisateur };
    });
  },
  { name: 'cpro-auth', dependencies: ['db'] },
);
