import type { z } from 'zod';
import type { TypeIdentifiantStructure } from '../../domain/identifiants.js';
import { erreurs } from '../../errors/catalogue/index.js';
import { formatDate } from '../../sandbox/dates.js';
import { enveloppeRecherche, type Page, type ParametresRetour } from '../structures/pagination.js';
import type { CoordonneeBancaireRow, ServiceRow, StructureRow } from '../structures/repository.js';
import type { Annuaire } from './annuaire.js';
import type * as schemas from './schemas-annuaire.js';

/** Rows → wire DTOs of the Transverses API, with the exact field names of the real clients. */

export const lu = { codeRetour: erreurs.SUCCES.codeRetour, libelle: erreurs.SUCCES.libelle };
/** `GCU_MSG_01_000`: the success libellé of deposits, also seen on annuaire and typedp answers (Go client). */
export const depot = { codeRetour: erreurs.SUCCES_DEPOT.codeRetour, libelle: erreurs.SUCCES_DEPOT.libelle };

/** Lists answered whole carry top-level pagination describing one page holding everything. */
export function toutEnUnePage(total: number): ParametresRetour {
  return { pageCourante: 1, pages: total === 0 ? 0 : 1, nbResultatsParPage: total, total };
}

export function toCoordonneesBancaires(rows: CoordonneeBancaireRow[]): z.infer<typeof schemas.wsRetourCoordonneesBancaires> {
  return {
    ...lu,
    listeCoordonneeBancaire: rows.map((c) => ({ idCoordonneeBancaire: c.id, nomCoordonneeBancaire: c.nom })),
    ...toutEnUnePage(rows.length),
  };
}

export function toStructuresActives(rows: StructureRow[]): z.infer<typeof schemas.wsRetourStructuresActives> {
  return {
    ...lu,
    listeStructures: rows.map((s) => ({ idStructureCPP: s.id, identifiant: s.identifiant, designationStructure: s.raisonSociale })),
    ...toutEnUnePage(rows.length),
  };
}

export function toStructuresPourUtilisateur(rows: StructureRow[]): z.infer<typeof schemas.wsRetourStructuresPourUtilisateur> {
  return {
    ...lu,
    listeStructures: rows.map((s) => ({
      idStructure: s.id,
      identifiantStructure: s.identifiant,
      designationStructure: s.raisonSociale,
      typeIdentifiantStructure: s.typeIdentifiant as TypeIdentifiantStructure,
    })),
  };
}

export function toRechercherDestinataire(page: Page<StructureRow>): z.infer<typeof schemas.wsRetourRechercherDestinataire> {
  return {
    ...enveloppeRecherche(page.parametresRetour.total),
    listeDestinataires: page.liste.map((s) => ({
      idStructureCPP: s.id,
      siret: s.identifiant,
      nomDestinataire: s.raisonSociale,
      adresseCodePostal: s.codePostal,
      adresseVille: s.ville,
    })),
    parametresRetour: page.parametresRetour,
  };
}

export function toRechercherServiceExecutant(page: Page<ServiceRow>): z.infer<typeof schemas.wsRetourRechercherServiceExecutant> {
  return {
    ...enveloppeRecherche(page.parametresRetour.total),
    listeServices: page.liste.map((s) => ({ idServicesCPP: s.id, codeServiceExecutant: s.code, nomServiceExecutant: s.libelle })),
    parametresRetour: page.parametresRetour,
  };
}

export function toTelechargerAnnuaire(annuaire: Annuaire): z.infer<typeof schemas.wsRetourTelechargerAnnuaire> {
  return { ...depot, fichierResultat: Buffer.from(annuaire.zip).toString('base64') };
}

/**
 * INSEE legal-category codes by public category, private ones as SAS (5710). Plausible codes of the
 * INSEE nomenclature chosen by the sandbox: the structures carry no legal form of their own.
 */
const CATEGORIE_JURIDIQUE: Record<string, string> = {
  ETAT: '7172',
  ETABLISSEMENT_PUBLIC_ETAT: '7389',
  COLLECTIVITE_TERRITORIALE: '7210',
  ETABLISSEMENT_PUBLIC_LOCAL: '7490',
  ETABLISSEMENT_PUBLIC_SANTE: '7364',
  SERVICE_SANTE_ARMEES: '7150',
  ENTREPRISE_PUBLIQUE: '5599',
};

/** INSEE-like record of a sandbox structure: SIREN and NIC split from the SIRET, dates from its creation. */
export function toInformationSiret(s: StructureRow): z.infer<typeof schemas.wsRetourInformationSiret> {
  const commune = [s.codePostal, s.ville].filter(Boolean).join(' ') || null;
  const adresse = [s.adresse, s.complementAdresse1, s.complementAdresse2, commune].filter(Boolean).join(' ') || null;
  const creation = formatDate(s.createdAt);
  return {
    ...lu,
    adresse,
    categorieEntreprise: s.typeStructure === 'PRIVEE' ? 'PME' : null,
    categorieJuridique: s.typeStructure === 'PUBLIQUE' ? (CATEGORIE_JURIDIQUE[s.categorie ?? ''] ?? '7490') : '5710',
    civilite: null,
    dateCreationEntreprise: creation,
    dateCreationEtablissement: creation,
    dateReactivationEtablissement: null,
    estActif: s.statut === 'ACTIF',
    localisationSiege: commune,
    nonDiffusibleInsee: s.nonDiffusibleInsee,
    numeroInterneClassement: s.identifiant.slice(9),
    raisonSociale: s.raisonSociale,
    // Each sandbox structure is its own head office; Chorus flags of this kind read OUI/NON.
    siege: 'OUI',
    siren: s.identifiant.slice(0, 9),
    siret: s.identifiant,
    siretPredecesseurSuccesseur: null,
  };
}
