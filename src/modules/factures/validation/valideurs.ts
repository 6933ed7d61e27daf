import { ChorusError } from '../../../errors/chorus-error.js';
import { erreurs } from '../../../errors/catalogue/index.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { findServiceByCode, findStructure, findStructureByIdentifiant, type StructureRow } from '../../structures/repository.js';
import { structuresRattachees } from '../../structures/service.js';
import type { FactureRow } from '../repository.js';

const refus = (entry: { codeRetour: number; libelle: string; httpStatus: number }, detail: string) =>
  new ChorusError(entry, `${entry.libelle} : ${detail}`);

export interface Valideurs {
  valideur1Id: number;
  serviceValideur1Id: number | null;
  valideur2Id: number | null;
}

/** A validator designated by its identifier (SIRET by default) and optional service code, checked as a deposit control. */
export function controlerValideur(
  ctx: SandboxContext,
  fournisseurId: number,
  designation: { identifiant?: string; typeIdentifiant?: string; idStructure?: number; codeService?: string },
  champs: { structure: string; service: string },
): { structure: StructureRow; serviceId: number | null } {
  const identifiant = designation.identifiant?.trim() ?? '';
  const structure = designation.idStructure
    ? findStructure(ctx, designation.idStructure)
    : identifiant
      ? findStructureByIdentifiant(ctx, identifiant, designation.typeIdentifiant?.trim().toUpperCase() || 'SIRET')
      : undefined;
  if (!identifiant && !designation.idStructure) throw refus(erreurs.VALIDEUR_OBLIGATOIRE, champs.structure);
  const nom = identifiant || String(designation.idStructure);
  if (!structure) throw refus(erreurs.VALIDEUR_INTROUVABLE, `'${nom}' (${champs.structure})`);
  if (structure.statut !== 'ACTIF') throw refus(erreurs.VALIDEUR_INACTIF, `'${nom}' (${champs.structure})`);
  if (structure.typeStructure !== 'PRIVEE') throw refus(erreurs.VALIDEUR_NON_PRIVE, `'${nom}' est une structure publique (${champs.structure})`);
  if (structure.id === fournisseurId) throw refus(erreurs.VALIDEUR_EST_FOURNISSEUR, `'${nom}' (${champs.structure})`);
  const code = designation.codeService?.trim();
  if (!code) return { structure, serviceId: null };
  const service = findServiceByCode(ctx, structure.id, code);
  if (!service || !service.estActif) throw refus(erreurs.SERVICE_VALIDEUR_INVALIDE, `'${code}' (${champs.service})`);
  return { structure, serviceId: service.id };
}

/**
 * The validators of a new A9/A12 invoice. Designation of the second validator (the choice,
 * written in the README): the API names only one validator, so the second one comes from the
 * groupement as the sandbox knows it. An A9 invoice whose validator is a co-contractor with a
 * mandataire (structure field `mandataireId`, matelas « mandataire ») is validated first by that
 * co-contractor, then by the mandataire (chorus-domain §8.1 « sous-traitance de cotraitance »).
 * An A12 invoice is the co-contractor's own: the mandataire is its only validator.
 */
export function valideursDuDepot(
  ctx: SandboxContext,
  cadre: string,
  fournisseurId: number,
  c: { codeStructureValideur?: string; codeServiceValideur?: string },
): Valideurs {
  const { structure, serviceId } = controlerValideur(ctx, fournisseurId, { identifiant: c.codeStructureValideur, codeService: c.codeServiceValideur }, {
    structure: 'cadreDeFacturation.codeStructureValideur',
    service: 'cadreDeFacturation.codeServiceValideur',
  });
  const mandataire = cadre === 'A9_FACTURE_SOUSTRAITANT' && structure.mandataireId ? findStructure(ctx, structure.mandataireId) : undefined;
  const valideur2Id = mandataire && mandataire.statut === 'ACTIF' && mandataire.id !== fournisseurId ? mandataire.id : null;
  return { valideur1Id: structure.id, serviceValideur1Id: serviceId, valideur2Id };
}

/** Validator level (1 or 2) whose turn it is in `statut`, or null. */
export function rangAValider(statut: string): 1 | 2 | null {
  return statut === 'A_VALIDER_1' ? 1 : statut === 'A_VALIDER_2' ? 2 : null;
}

/**
 * Whether a user's structures make him a validator who may see the invoice: validator 1 always;
 * validator 2 once validator 1 has accepted (expressly or tacitly), never before (the invoice is
 * not his yet).
 */
export function estValideurDe(structures: Set<number>, f: Pick<FactureRow, 'valideur1Id' | 'valideur2Id' | 'dateValidation1'>): boolean {
  return (
    (f.valideur1Id !== null && structures.has(f.valideur1Id)) ||
    (f.valideur2Id !== null && f.dateValidation1 !== null && structures.has(f.valideur2Id))
  );
}

export function structuresDuValideur(ctx: SandboxContext, utilisateurId: number): Set<number> {
  return structuresRattachees(ctx, utilisateurId);
}
