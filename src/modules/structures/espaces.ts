import type { SandboxContext } from '../../sandbox/context.js';
import { listAbonnementsStructure } from '../utilisateurs/repository.js';
import * as repo from './repository.js';

/**
 * Espaces opened on a structure (chorus-domain §2.4). A gestionnaire opens and closes them
 * (`espaces_structures`); a structure none was ever opened or closed on (the matelas's) has the
 * espaces its users hold an active subscription to, as `rechercherEspaces` has always derived them.
 */

/** The espaces a structure created from the portal starts with (§2.4, Chorus Pro v2.0 simplifications). */
export const ESPACES_PAR_DEFAUT = [1, 4, 5, 8] as const;

/** Codes of the espaces a gestionnaire explicitly opened on the structure, or null if none was ever set. */
export function espacesOuvertsExplicites(ctx: SandboxContext, structureId: number): Set<number> | null {
  const rows = repo.listEspacesStructure(ctx, structureId);
  if (rows.length === 0) return null;
  return new Set(rows.filter((r) => r.etat === 'OUVERT').map((r) => r.codeEspace));
}

/** Codes of the espaces open on the structure. */
export function espacesOuverts(ctx: SandboxContext, structureId: number): Set<number> {
  const explicites = espacesOuvertsExplicites(ctx, structureId);
  if (explicites) return explicites;
  return new Set(listAbonnementsStructure(ctx, structureId).filter((a) => a.etat === 'ACTIVE').map((a) => a.codeEspace));
}
