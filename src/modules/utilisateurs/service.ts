import { nextId } from '../../db/sequences.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { formatDateTime } from '../../sandbox/dates.js';
import * as repo from './repository.js';

export type Role = 'GESTIONNAIRE_PRINCIPAL' | 'GESTIONNAIRE_SECONDAIRE' | 'UTILISATEUR_SIMPLE';

/**
 * Espaces opened to a user of a structure (chorus-domain §2.4). Since Chorus Pro v2.0, factures
 * émises/reçues and sollicitations are opened by default, so every attached user gets them.
 */
export const ESPACES = [
  { codeEspace: 1, libelleEspace: 'Factures émises' },
  { codeEspace: 2, libelleEspace: 'Factures reçues' },
  { codeEspace: 3, libelleEspace: 'Factures de travaux' },
  { codeEspace: 4, libelleEspace: 'Sollicitations émises' },
  { codeEspace: 5, libelleEspace: 'Sollicitations reçues' },
  { codeEspace: 6, libelleEspace: 'Engagements' },
  { codeEspace: 7, libelleEspace: 'Factures à valider' },
  { codeEspace: 8, libelleEspace: 'Activités du gestionnaire' },
] as const;

export interface NouvelUtilisateur {
  login: string;
  type: 'PERSONNE' | 'TECHNIQUE';
  nom: string;
  prenom?: string | null;
  email?: string | null;
  telephone?: string | null;
  motDePasse: string;
  dateExpirationMotDePasse?: string | null;
}

export function creerUtilisateur(ctx: SandboxContext, input: NouvelUtilisateur): repo.UtilisateurRow {
  return repo.insertUtilisateur(ctx, {
    ...input,
    email: input.email ?? (input.type === 'PERSONNE' ? input.login : null),
    id: nextId(ctx.db, ctx.sandboxId, 'utilisateur'),
    createdAt: formatDateTime(ctx.now()),
  });
}

/**
 * Attaches a user to a structure (validated at once: the gestionnaire's own initiative) and to the
 * given services, and subscribes him to the default espaces.
 */
export function rattacher(
  ctx: SandboxContext,
  input: { utilisateurId: number; structureId: number; role: Role; serviceIds: number[]; statut?: repo.RattachementRow['statut'] },
): repo.RattachementRow {
  const now = formatDateTime(ctx.now());
  const statut = input.statut ?? 'VALIDEE';
  const rattachement = repo.insertRattachement(ctx, {
    id: nextId(ctx.db, ctx.sandboxId, 'rattachement'),
    utilisateurId: input.utilisateurId,
    structureId: input.structureId,
    role: input.role,
    statut,
    dateCreation: now,
    dateValidation: statut === 'VALIDEE' ? now : null,
  });
  for (const serviceId of input.serviceIds) {
    repo.insertRattachementService(ctx, {
      id: nextId(ctx.db, ctx.sandboxId, 'rattachementService'),
      rattachementId: rattachement.id,
      utilisateurId: input.utilisateurId,
      serviceId,
      statut,
      dateDebut: now,
    });
  }
  const gestionnaire = input.role !== 'UTILISATEUR_SIMPLE';
  for (const espace of ESPACES) {
    if (espace.codeEspace === 8 && !gestionnaire) continue;
    repo.insertAbonnementEspace(ctx, {
      id: nextId(ctx.db, ctx.sandboxId, 'abonnementEspace'),
      utilisateurId: input.utilisateurId,
      structureId: input.structureId,
      codeEspace: espace.codeEspace,
      libelleEspace: espace.libelleEspace,
      typeHabilitation: 'MODIFICATION',
      etat: statut === 'VALIDEE' ? 'ACTIVE' : 'EN_COURS_DE_VALIDATION',
      dateCreation: now,
    });
  }
  return rattachement;
}
