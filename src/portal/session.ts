import { randomBytes, timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The portal session lives in one signed cookie (HMAC by @fastify/cookie), scoped to the sandbox's
 * portal path: two sandboxes' portals opened in the same browser never share a session. It carries
 * the CSRF token every form posts back (synchroniser token), the logged-in user once both factors
 * passed, and a one-shot message for the next page.
 */
export interface Session {
  /**
   * The sandbox the session was opened in. Browsers only send the cookie to its own portal path, but
   * a cookie copied by hand to another sandbox's portal (same seed, same user ids) must open nothing.
   */
  readonly sandboxId: string;
  /** CSRF token of the session, posted back by every form as `_csrf`. */
  readonly csrf: string;
  /** The user, once logged in (password and, when asked, the second factor). */
  readonly utilisateurId?: number;
  /** The user whose password was right and who must now type the code sent by e-mail. */
  readonly attenteCode?: number;
  /** When the session was opened (epoch ms, real time): sessions last at most 12 hours. */
  readonly debut: number;
  /**
   * Set at login, cleared by the first page that reads it: that page announces, in a modal, the
   * rejections and suspensions not yet acknowledged (the platform's pop-up at login).
   */
  readonly annoncerAcquittements?: boolean;
  /** A message shown once by the next page (after a redirect). */
  readonly message?: { readonly type: 'success' | 'info' | 'warning' | 'error'; readonly texte: string };
}

export const COOKIE_SESSION = 'cpro_portail';
const DUREE_MAX_MS = 12 * 60 * 60 * 1000;

export function nouvelleSession(sandboxId: string): Session {
  return { sandboxId, csrf: randomBytes(18).toString('base64url'), debut: Date.now() };
}

export function lireSession(request: FastifyRequest, sandboxId: string): Session | undefined {
  const brut = request.cookies[COOKIE_SESSION];
  if (!brut) return undefined;
  const signe = request.unsignCookie(brut);
  if (!signe.valid || !signe.value) return undefined;
  try {
    const s = JSON.parse(Buffer.from(signe.value, 'base64url').toString('utf8')) as Session;
    if (s.sandboxId !== sandboxId || typeof s.csrf !== 'string' || typeof s.debut !== 'number' || Date.now() - s.debut > DUREE_MAX_MS) return undefined;
    return s;
  } catch {
    return undefined;
  }
}

export function ecrireSession(request: FastifyRequest, reply: FastifyReply, chemin: string, session: Session): void {
  reply.setCookie(COOKIE_SESSION, Buffer.from(JSON.stringify(session)).toString('base64url'), {
    path: chemin,
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    signed: true,
  });
}

export function csrfValide(session: Session, jeton: unknown): boolean {
  if (typeof jeton !== 'string') return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(jeton);
  return a.length === b.length && timingSafeEqual(a, b);
}
