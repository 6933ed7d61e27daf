import type { SandboxContext } from '../../sandbox/context.js';
import type { Role } from '../utilisateurs/service.js';
import * as urepo from '../utilisateurs/repository.js';
import { espacesDeStructure, structureGeree, type EspaceDeStructure } from './gestion.js';
import * as repo from './repository.js';

/**
 * What the portal shows a gestionnaire of a structure (chorus-domain §2–§3): the structures he
 * manages, and one structure's fiche with its services, bank details, espaces, users and technical
 * account. Read-only; every change goes through `gestion.ts`, which checks the same rights.
 */

export interface StructureGereeResume {
  id: number;
  identifiant: string;
  typeIdentifiant: string;
  raisonSociale: string;
  statut: string;
  role: Role;
}

/** The structures the user is a gestionnaire of (validated rattachement, GP or GS), by raison sociale. */
export function structuresGereesPar(ctx: SandboxContext, utilisateurId: number): StructureGereeResume[] {
  return urepo
    .listRattachementsValides(ctx, utilisateurId)
    .filter((r) => r.role !== 'UTILISATEUR_SIMPLE')
    .flatMap((r) => {
      const s = repo.findStructure(ctx, r.structureId);
      return s ? [{ id: s.id, identifiant: s.identifiant, typeIdentifiant: s.typeIdentifiant, raisonSociale: s.raisonSociale, statut: s.statut, role: r.role }] : [];
    })
    .sort((a, b) => a.raisonSociale.localeCompare(b.raisonSociale, 'fr'));
}

export interface UtilisateurDeStructure {
  id: number;
  login: string;
  nom: string;
  prenom: string | null;
  type: 'PERSONNE' | 'TECHNIQUE';
  statutCompte: string;
  role: Role;
  statutRattachement: string;
  dateCreation: string;
  dateValidation: string | null;
}

export interface FicheStructureGeree {
  structure: repo.StructureRow;
  /** The acting gestionnaire's role on it (GP-only actions are offered to the GP only). */
  role: Role;
  services: repo.ServiceRow[];
  coordonneesBancaires: repo.CoordonneeBancaireRow[];
  espaces: EspaceDeStructure[];
  /** Personal accounts attached or asking to be (the technical account is shown apart). */
  utilisateurs: UtilisateurDeStructure[];
  compteTechnique: { login: string; dateExpirationMotDePasse: string | null } | null;
}

/** The fiche of a structure for one of its gestionnaires; anyone else is refused (`structureGeree`). */
export function ficheStructureGeree(ctx: SandboxContext, gestionnaireId: number, structureId: number): FicheStructureGeree {
  const { structure, rattachement } = structureGeree(ctx, gestionnaireId, structureId);
  const rattaches = urepo.listRattachementsStructure(ctx, structure.id);
  const technique = rattaches.find(({ utilisateur: u, rattachement: r }) => u.type === 'TECHNIQUE' && r.statut === 'VALIDEE')?.utilisateur;
  return {
    structure,
    role: rattachement.role,
    services: repo.listServices(ctx, structure.id),
    coordonneesBancaires: repo.listCoordonneesBancaires(ctx, structure.id),
    espaces: espacesDeStructure(ctx, gestionnaireId, structure.id),
    utilisateurs: rattaches
      .filter(({ utilisateur: u }) => u.type === 'PERSONNE')
      .map(({ utilisateur: u, rattachement: r }) => ({
        id: u.id,
        login: u.login,
        nom: u.nom,
        prenom: u.prenom,
        type: u.type,
        statutCompte: u.statut,
        role: r.role,
        statutRattachement: r.statut,
        dateCreation: r.dateCreation,
        dateValidation: r.dateValidation,
      })),
    compteTechnique: technique ? { login: technique.login, dateExpirationMotDePasse: technique.dateExpirationMotDePasse } : null,
  };
}
