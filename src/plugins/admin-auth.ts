import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ChorusError } from '../errors/chorus-error.js';
import { erreurs } from '../errors/catalogue/index.js';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A preHandler requiring `Authorization: Bearer <SANDBOX_ADMIN_TOKEN>` (the trainer's token). */
export function requireAdminToken(adminToken: string) {
  return async function adminOnly(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match || !sameSecret(match[1].trim(), adminToken)) {
      throw new ChorusError(erreurs.JETON_ADMIN_INVALIDE);
    }
  };
}
