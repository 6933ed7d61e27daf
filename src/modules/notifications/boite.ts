import type { SandboxContext } from '../../sandbox/context.js';
import * as repo from './repository.js';

/** How many mails the public mailbox shows for one address (the most recent). */
export const COURRIELS_MAX = 50;

/**
 * The sandbox's mailbox seen from one address, as a test mail catcher (Mailpit) shows it: every mail
 * the platform sent to that address, most recent first. It needs no login on purpose: a trainee
 * must read his activation link and his login code before he can log in. It only reaches the mails
 * of its own sandbox.
 */
export function courrielsRecusPar(ctx: SandboxContext, adresse: string): repo.CourrielRow[] {
  const a = adresse.trim().toLowerCase();
  if (!a) return [];
  return repo
    .listCourriels(ctx, {})
    .filter((c) => c.a.toLowerCase() === a)
    .slice(0, COURRIELS_MAX);
}
