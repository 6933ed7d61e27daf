import { nextId } from '../../db/sequences.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreursStructures } from '../../errors/catalogue/structures.js';
import {
  estIbanValide,
  TYPES_IDENTIFIANT_STRUCTURE,
  validerIdentifiantStructure,
  type TypeIdentifiantStructure,
} from '../../domain/identifiants.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { formatDateTime } from '../../sandbox/dates.js';
import { listRattachementsValides } from '../utilisateurs/repository.js';
import * as repo from './repository.js';

export { estIbanValide };

/** Every public structure exposes this reserved service; private suppliers may not invoice it. */
export const SERVICE_FACTURES_PUBLIQUES = 'FACTURES_PUBLIQUES';

export interface NouvelleStructure {
  entite?: string | null;
  typeStructure: 'PRIVEE' | 'PUBLIQUE';
  typeIdentifiant: string;
  identifiant: string;
  raisonSociale: string;
  statut?: 'ACTIF' | 'INACTIF';
  categorie?: string | null;
  email?: string | null;
  adresse?: string | null;
  codePostal?: string | null;
  ville?: string | null;
  codePays?: string;
  telephone?: string | null;
  codeServiceDoitEtreRenseigne?: boolean;
  numeroEjDoitEtreRenseigne?: boolean;
  gestionNumeroEjOuCodeService?: boolean;
  estMoa?: boolean;
  estMoaUniquement?: boolean;
  estValideurDelegue?: boolean;
  connexionEdi?: boolean;
  recevoirDonneesViaEdi?: boolean;
  statutMiseEnPaiementNestPasRemonte?: boolean;
  nonDiffusibleInsee?: boolean;
}

/** Creates a structure; a public one gets its reserved `FACTURES_PUBLIQUES` service. */
export function creerStructure(ctx: SandboxContext, input: NouvelleStructure): repo.StructureRow {
  const probleme = validerIdentifiantStructure(input.typeIdentifiant, input.identifiant);
  if (probleme) throw new ChorusError(erreursStructures.IDENTIFIANT_INVALIDE, probleme);
  if (repo.findStructureByIdentifiant(ctx, input.identifiant, input.typeIdentifiant)) {
    throw new ChorusError(erreursStructures.STRUCTURE_EXISTANTE);
  }
  const structure = repo.insertStructure(ctx, {
    ...input,
    id: nextId(ctx.db, ctx.sandboxId, 'structure'),
    createdAt: formatDateTime(ctx.now()),
  });
  if (structure.typeStructure === 'PUBLIQUE') {
    creerService(ctx, structure.id, {
      code: SERVICE_FACTURES_PUBLIQUES,
      libelle: 'Factures publiques',
      description: 'Service par défaut de la structure publique',
    });
  }
  return structure;
}

export interface NouveauService {
  code: string;
  libelle: string;
  description?: string | null;
  estActif?: boolean;
  numeroEngagementObligatoire?: boolean;
  miseEnPaiement?: boolean;
  dateFin?: string | null;
}

export function creerService(ctx: SandboxContext, structureId: number, input: NouveauService): repo.ServiceRow {
  if (!repo.findStructure(ctx, structureId)) throw new ChorusError(erreursStructures.STRUCTURE_INTROUVABLE);
  if (repo.findServiceByCode(ctx, structureId, input.code)) throw new ChorusError(erreursStructures.SERVICE_EXISTANT);
  const now = formatDateTime(ctx.now());
  return repo.insertService(ctx, {
    ...input,
    id: nextId(ctx.db, ctx.sandboxId, 'service'),
    structureId,
    dateDebut: now,
    // A day (no time of day): the wire shows it as `2050-12-31 00:00`, Paris time (OCA).
    dateFin: input.dateFin ?? '2050-12-31',
    createdAt: now,
    updatedAt: now,
  });
}

export function creerCoordonneeBancaire(
  ctx: SandboxContext,
  structureId: number,
  input: { nom: string; iban: string; bic?: string | null; titulaire?: string | null; affactureur?: boolean },
): repo.CoordonneeBancaireRow {
  const structure = repo.findStructure(ctx, structureId);
  if (!structure) throw new ChorusError(erreursStructures.STRUCTURE_INTROUVABLE);
  return repo.insertCoordonneeBancaire(ctx, {
    ...input,
    id: nextId(ctx.db, ctx.sandboxId, 'coordonneeBancaire'),
    structureId,
    titulaire: input.titulaire ?? structure.raisonSociale,
    createdAt: formatDateTime(ctx.now()),
  });
}

/** The structure of that id, or the 400 the API answers for an unknown id. */
export function structureOuErreur(ctx: SandboxContext, id: number, champ = 'idStructure'): repo.StructureRow {
  const structure = repo.findStructure(ctx, id);
  if (!structure) {
    throw new ChorusError(erreursStructures.STRUCTURE_INTROUVABLE, `La structure ${id} (${champ}) n'existe pas`);
  }
  return structure;
}

/** Ids of the structures a user is attached to (validated rattachements only). */
export function structuresRattachees(ctx: SandboxContext, utilisateurId: number): Set<number> {
  return new Set(listRattachementsValides(ctx, utilisateurId).map((r) => r.structureId));
}

/**
 * What a caller may read through the API (Swagger: "une structure à laquelle l'utilisateur est
 * rattaché ou une structure publique"), and only while it is active.
 */
export function structureLisible(ctx: SandboxContext, utilisateurId: number, id: number, champ = 'idStructure'): repo.StructureRow {
  const structure = structureOuErreur(ctx, id, champ);
  if (structure.typeStructure === 'PRIVEE' && !structuresRattachees(ctx, utilisateurId).has(structure.id)) {
    throw new ChorusError(erreursStructures.STRUCTURE_NON_RATTACHEE, `L'utilisateur n'est pas rattaché à la structure privée ${id} (${champ})`);
  }
  if (structure.statut !== 'ACTIF') {
    throw new ChorusError(erreursStructures.STRUCTURE_INACTIVE, `La structure ${id} (${champ}) n'est pas active`);
  }
  return structure;
}

/** `SIRET`, `siret ` → `SIRET`; anything outside the list is a catalogued 400 naming the field. */
export function typeIdentifiantOuErreur(valeur: string | undefined, champ: string): TypeIdentifiantStructure | undefined {
  if (valeur === undefined || valeur.trim() === '') return undefined;
  const type = valeur.trim().toUpperCase();
  if (!(TYPES_IDENTIFIANT_STRUCTURE as readonly string[]).includes(type)) {
    throw new ChorusError(
      erreursStructures.TYPE_IDENTIFIANT_INVALIDE,
      `Le champ '${champ}' n'est pas valide : ${valeur} (valeurs admises : ${TYPES_IDENTIFIANT_STRUCTURE.join(', ')})`,
    );
  }
  return type as TypeIdentifiantStructure;
}

/** A structure designated by its id, or by its identifier and type (SIRET by default). */
export function structureDesignee(
  ctx: SandboxContext,
  input: { idStructure?: number; identifiantStructure?: string; typeIdentifiantStructure?: string },
  prefixe = '',
): repo.StructureRow | undefined {
  const type = typeIdentifiantOuErreur(input.typeIdentifiantStructure, `${prefixe}typeIdentifiantStructure`);
  if (input.idStructure !== undefined) return structureOuErreur(ctx, input.idStructure, `${prefixe}idStructure`);
  const identifiant = input.identifiantStructure?.trim();
  if (!identifiant) return undefined;
  const structure = repo.findStructureByIdentifiant(ctx, identifiant, type ?? 'SIRET');
  if (!structure) {
    throw new ChorusError(
      erreursStructures.STRUCTURE_INTROUVABLE,
      `Aucune structure ${type ?? 'SIRET'} ${identifiant} (${prefixe}identifiantStructure)`,
    );
  }
  return structure;
}
