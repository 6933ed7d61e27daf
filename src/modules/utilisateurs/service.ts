import { nextId } from '../../db/sequences.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { formatDateTime } from '../../sandbox/dates.js';
import { paginer, type Page } from '../structures/pagination.js';
import { espacesOuvertsExplicites } from '../structures/espaces.js';
import { findService, findStructure, type ServiceRow, type StructureRow } from '../structures/repository.js';
import * as repo from './repository.js';
import { COLONNES_TRI_RATTACHEMENTS } from './schemas.js';

export type { UtilisateurRow } from './repository.js';

/** The account behind a login, in this sandbox (technical accounts authenticate `/cpro` calls). */
export function utilisateurParId(ctx: SandboxContext, id: number): repo.UtilisateurRow | undefined {
  return repo.findUtilisateur(ctx, id);
}

export function utilisateurParLogin(ctx: SandboxContext, login: string): repo.UtilisateurRow | undefined {
  return repo.findUtilisateurByLogin(ctx, login);
}

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
  if (repo.findUtilisateurByLogin(ctx, input.login)) {
    throw new ChorusError(erreurs.LOGIN_EXISTANT, `Un compte utilisateur porte déjà l'identifiant de connexion ${input.login}`);
  }
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
  if (repo.findRattachementDe(ctx, input.utilisateurId, input.structureId)) {
    throw new ChorusError(erreurs.RATTACHEMENT_EXISTANT);
  }
  const statut = input.statut ?? 'VALIDEE';
  // Exactly one gestionnaire principal per structure (chorus-domain §3.1).
  if (input.role === 'GESTIONNAIRE_PRINCIPAL' && gestionnairePrincipal(ctx, input.structureId)) {
    throw new ChorusError(erreurs.GESTIONNAIRE_PRINCIPAL_EXISTANT);
  }
  const now = formatDateTime(ctx.now());
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
  // A structure whose espaces a gestionnaire chose subscribes its users to those only.
  const ouverts = espacesOuvertsExplicites(ctx, input.structureId);
  for (const espace of ESPACES) {
    if (espace.codeEspace === 8 && !gestionnaire) continue;
    if (ouverts && !ouverts.has(espace.codeEspace)) continue;
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

export interface RattachementDetaille {
  rattachement: repo.RattachementRow;
  structure: StructureRow;
  services: { rattachementService: repo.RattachementServiceRow; service: ServiceRow }[];
}

function detailler(ctx: SandboxContext, rattachement: repo.RattachementRow): RattachementDetaille | undefined {
  const structure = findStructure(ctx, rattachement.structureId);
  if (!structure) return undefined;
  const services = repo
    .listRattachementsServices(ctx, rattachement.id)
    .map((rattachementService) => ({ rattachementService, service: findService(ctx, rattachementService.serviceId) }))
    .filter((x): x is RattachementDetaille['services'][number] => x.service !== undefined);
  return { rattachement, structure, services };
}

/** `monCompte/recuperer/rattachements`: every structure rattachement of the caller, whatever its status. */
export function recupererRattachementsMonCompte(
  ctx: SandboxContext,
  appelant: repo.UtilisateurRow,
  params: { nbResultatsParPage?: number; pageResultatDemandee?: number; triColonne?: string; triSens?: 'Descendant' | 'Ascendant' } = {},
): Page<RattachementDetaille> {
  const rows = repo
    .listRattachementsUtilisateur(ctx, appelant.id)
    .map((r) => detailler(ctx, r))
    .filter((x): x is RattachementDetaille => x !== undefined);
  const colonne = COLONNES_TRI_RATTACHEMENTS.find((c) => c.toLowerCase() === params.triColonne?.trim().toLowerCase());
  return paginer(
    rows,
    { ...params, triColonne: colonne },
    {
      IdStructure: (x) => x.structure.id,
      IdentifiantStructure: (x) => x.structure.identifiant,
      DesignationStructure: (x) => x.structure.raisonSociale,
      RoleUtilisateur: (x) => x.rattachement.role,
      StatutRattachementStructure: (x) => x.rattachement.statut,
    },
    'parametresRecherche',
  );
}

/** The structure's validated gestionnaire principal, if any. */
export function gestionnairePrincipal(ctx: SandboxContext, structureId: number): repo.UtilisateurRow | undefined {
  return repo
    .listRattachementsStructure(ctx, structureId)
    .find(({ rattachement }) => rattachement.role === 'GESTIONNAIRE_PRINCIPAL' && rattachement.statut === 'VALIDEE')?.utilisateur;
}
