import type { SandboxContext } from '../../sandbox/context.js';
import * as repo from './repository.js';
import { ESPACES } from './service.js';

export type CodeEspace = (typeof ESPACES)[number]['codeEspace'];

/**
 * The espaces a user can open (chorus-domain §2.4): those of his active subscriptions on the
 * structures he is validly attached to. « Mon compte » is everyone's and is not an espace here. A
 * user who sees only « Mon compte » is not yet habilité on a structure: the portal says so.
 */
export function espacesOuverts(ctx: SandboxContext, utilisateurId: number): CodeEspace[] {
  const structures = new Set(repo.listRattachementsValides(ctx, utilisateurId).map((r) => r.structureId));
  const codes = new Set<number>();
  for (const s of structures) {
    for (const a of repo.listAbonnementsStructure(ctx, s)) {
      if (a.utilisateurId === utilisateurId && a.etat === 'ACTIVE') codes.add(a.codeEspace);
    }
  }
  return ESPACES.map((e) => e.codeEspace).filter((c) => codes.has(c));
}
