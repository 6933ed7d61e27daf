import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import '../../types.js';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Decorates the instance with `adminOnly`, a hook requiring `Authorization: Bearer
 * <SANDBOX_ADMIN_TOKEN>` (the trainer's token), which the control plane puts on its routes.
 */
export default fp(
  async function adminAuth(app: FastifyInstance, opts: { adminToken: string }) {
    app.decorate('adminOnly', async function adminOnly(request: FastifyRequest): Promise<void> {
      const header = request.headers.authorization ?? '';
      const match = /^Bearer\s+(.+)$/i.exec(header);
      if (!match || !sameSecret(match[1].trim(), opts.adminToken)) {
        throw new ChorusError(erreurs.JETON_ADMIN_INVALIDE);
      }
    });
  },
  { name: 'admin-auth' },
);
