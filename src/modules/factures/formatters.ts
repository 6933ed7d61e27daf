import { referentials } from '../../referentials/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { formatDate, formatDateHeureMinute } from '../../sandbox/dates.js';
import { findService, findStructure, listCoordonneesBancaires, type ServiceRow, type StructureRow } from '../structures/repository.js';
import { findUtilisateur } from '../utilisateurs/repository.js';
import type { LienPieceJointe } from './controles.js';
import type { FactureRow } from './repository.js';

/** Looks structures and services up once per answer (a page of invoices shares a few parties). */
export function annuaire(ctx: SandboxContext) {
  const structures = new Map<number, StructureRow | undefined>();
  const services = new Map<number, ServiceRow | undefined>();
  return {
    structure(id: number): StructureRow {
      if (!structures.has(id)) structures.set(id, findStructure(ctx, id));
      return structures.get(id)!;
    },
    service(id: number | null): ServiceRow | undefined {
      if (id === null) return undefined;
      if (!services.has(id)) services.set(id, findService(ctx, id));
      return services.get(id);
    },
    nomUtilisateur(id: number | null): string | null {
      if (id === null) return null;
      const u = findUtilisateur(ctx, id);
      return u ? [u.prenom, u.nom].filter(Boolean).join(' ') : null;
    },
  };
}
export type Annuaire = ReturnType<typeof annuaire>;

const designation = (s: StructureRow) => s.raisonSociale;

/** Fields common to every search row. */
export function ligneRecherche(f: FactureRow, a: Annuaire) {
  const fo = a.structure(f.fournisseurId);
  const de = a.structure(f.destinataireId);
  const sf = a.service(f.serviceFournisseurId);
  const se = a.service(f.serviceExecutantId);
  return {
    typeDemandePaiement: 'FACTURE',
    codeFournisseur: fo.identifiant,
    typeIdentifiantFournisseur: fo.typeIdentifiant,
    designationFournisseur: designation(fo),
    codeServiceFournisseur: sf?.code ?? null,
    nomServiceFournisseur: sf?.libelle ?? null,
    idDestinataire: de.id,
    codeDestinataire: de.identifiant,
    designationDestinataire: designation(de),
    idServiceExecutant: se?.id ?? null,
    codeServiceExecutant: se?.code ?? null,
    nomServiceExecutant: se?.libelle ?? null,
    typeFacture: f.typeFacture,
    numeroFacture: f.numeroFacture,
    dateFacture: f.dateFacture,
    dateDepot: formatDate(f.dateDepot),
    montantHT: f.montantHt,
    montantTTC: f.montantTtc,
    montantAPayer: f.montantAPayer,
    devise: f.devise,
    statut: f.statut,
    numeroMarche: f.numeroMarche,
    numeroBonCommande: f.numeroBonCommande,
    taille: null,
    dateHeureEtatCourant: f.dateHeureEtatCourant,
    commentaireEtatCourant: f.commentaireEtatCourant,
  };
}

export function ligneFournisseur(f: FactureRow, a: Annuaire) {
  return {
    identifiantFactureCPP: f.id,
    ...ligneRecherche(f, a),
    numeroFluxDepot: f.numeroFluxDepot,
    numeroFactureOrigine: f.numeroFactureOrigine,
    modeDepot: f.modeDepot,
    nomPrenomUtilisateurCreateur: a.nomUtilisateur(f.utilisateurCreateurId),
    rejetTraite: f.rejetTraite,
  };
}

export function ligneRecipiendaire(f: FactureRow, a: Annuaire) {
  return { idFacture: f.id, ...ligneRecherche(f, a), typeFactureTravaux: null, factureTelechargeeParDestinataire: f.factureTelechargeeParDestinataire };
}

export function demandePaiement(f: FactureRow, a: Annuaire, total: number) {
  const se = a.service(f.serviceExecutantId);
  return {
    idDemandePaiement: f.id,
    numeroDemandePaiement: f.numeroFacture,
    typeDemandePaiement: 'FACTURE',
    typeFacture: f.typeFacture,
    cadreFacturation: f.codeCadreFacturation,
    etatCourant: f.statut,
    dateHeureEtatCourant: f.dateHeureEtatCourant,
    dateFournisseur: f.dateFacture,
    dateDepot: formatDate(f.dateDepot),
    montantHT: f.montantHt,
    montantTTC: f.montantTtc,
    montantAPayer: f.montantAPayer,
    numeroMarche: f.numeroMarche,
    numeroBonCommande: f.numeroBonCommande,
    numeroFactureOrigine: f.numeroFactureOrigine,
    idStructureFournisseur: f.fournisseurId,
    idServiceFournisseur: f.serviceFournisseurId,
    idStructureDestinataire: f.destinataireId,
    idServiceDestinataire: f.serviceExecutantId,
    dpOuDpArchive: 'DEMANDE_PAIEMENT',
    commentaireEtatCourant: f.commentaireEtatCourant,
    numeroDpMandat: f.numeroDpMandat,
    identifiantStructureFournisseur: a.structure(f.fournisseurId).identifiant,
    identifiantStructureDestinataire: a.structure(f.destinataireId).identifiant,
    codeServiceDestinataire: se?.code ?? null,
    nomServiceDestinataire: se?.libelle ?? null,
    // A string in the Swagger (verbatim).
    nombreResultatTotal: String(total),
  };
}

const libellesPj = new Map(referentials.typesPieceJointe.entries.filter((t) => t.typeObjet === 'FACTURE').map((t) => [t.codeTypePieceJointe, t.libelleTypePieceJointe]));

/** One page of a sub-list, with its four counters. */
export function sousPage<T>(liste: readonly T[], page: number | undefined, taille: number | undefined, sens?: string) {
  const tri = sens?.trim().toLowerCase() === 'descendant' ? [...liste].reverse() : [...liste];
  const t = taille && taille > 0 ? taille : Math.max(tri.length, 1);
  const p = page && page > 0 ? page : 1;
  return { liste: tri.slice((p - 1) * t, p * t), page: p, pages: Math.ceil(tri.length / t), taille: t, total: tri.length };
}

export interface SousPages {
  lignes: ReturnType<typeof sousPage>;
  tva: ReturnType<typeof sousPage>;
  pj: ReturnType<typeof sousPage>;
}

/** The consulted invoice (FactureCppEmise / FactureCpp), sub-lists paged as asked. */
export function factureConsultee(ctx: SandboxContext, f: FactureRow, pages: SousPages, vue: 'EMISE' | 'RECUE') {
  const a = annuaire(ctx);
  const fo = a.structure(f.fournisseurId);
  const de = a.structure(f.destinataireId);
  const sf = a.service(f.serviceFournisseurId);
  const se = a.service(f.serviceExecutantId);
  const cb = f.coordonneesBancairesId ? listCoordonneesBancaires(ctx, fo.id).find((c) => c.id === f.coordonneesBancairesId) : undefined;
  const pjs = f.piecesJointes as LienPieceJointe[];
  const destinataire = {
    idDestinataire: de.id,
    codeDestinataire: de.identifiant,
    libelleDestinataire: de.raisonSociale,
    idServiceExecutant: se?.id ?? null,
    codeServiceExecutant: se?.code ?? null,
    libelleServiceExecutant: se?.libelle ?? null,
    adresseDestinataireDetail: de.adresse,
    adresseDestinataireCodePostal: de.codePostal,
    adresseDestinataireVille: de.ville,
    adresseDestinataireCodePays: de.codePays,
  };
  const fournisseur = {
    idFournisseur: fo.id,
    typeIdentifiantFournisseur: fo.typeIdentifiant,
    codeFournisseur: fo.identifiant,
    designationFournisseur: fo.raisonSociale,
    idServiceFournisseur: sf?.id ?? null,
    codeServiceFournisseur: sf?.code ?? null,
    libelleServiceFournisseur: sf?.libelle ?? null,
    adresseFournisseurDetail: fo.adresse,
    adresseFournisseurCodePostal: fo.codePostal,
    adresseFournisseurVille: fo.ville,
    adresseFournisseurCodePays: fo.codePays,
    numeroRcsFournisseur: fo.numeroRcs,
    coordBancairesFournisseurId: cb?.id ?? null,
    coordBancairesFournisseurType: cb ? 'IBAN' : null,
    coordBancairesFournisseurCompteBancaire: cb?.iban ?? null,
    coordBancairesBicSwift: cb?.bic ?? null,
    coordBancairesFournisseurLibelle: cb?.nom ?? null,
  };
  const commun = {
    identifiantFactureCPP: f.id,
    numeroFacture: f.numeroFacture,
    statutFacture: f.statut,
    modeDepot: f.modeDepot,
    commentaire: f.commentaire,
    cadreDeFacturation: { codeCadreFacturation: f.codeCadreFacturation },
    references: {
      dateFacture: f.dateFacture,
      dateDepot: formatDate(f.dateDepot),
      codeDeviseFacture: f.devise,
      typeFacture: f.typeFacture,
      typeTva: f.typeTva,
      motifExonerationTva: f.motifExonerationTva,
      numeroMarche: f.numeroMarche,
      numeroBonCommande: f.numeroBonCommande,
      numeroFactureOrigine: f.numeroFactureOrigine,
      modePaiement: f.modePaiement,
      dateCreationFacture: formatDateHeureMinute(f.dateDepot),
      tailleTotalePiecesJointes: 0,
      numeroDpMandat: f.numeroDpMandat,
    },
    montantTotal: {
      montantHtTotal: f.montantHt,
      montantTVA: f.montantTva,
      montantTtcAvantRemiseGlobalTTC: f.montantTtc,
      montantRemiseGlobaleTTC: f.montantRemiseGlobaleTtc,
      motifRemiseGlobaleTTC: f.motifRemiseGlobaleTtc,
      montantTtcTotal: f.montantTtc,
      montantAPayer: f.montantAPayer,
    },
    recapitulatifDeTva: {
      ligneTva: pages.tva.liste as never[],
      pageCouranteLignesRecapitulativesTVA: pages.tva.page,
      pagesLignesRecapitulativesTVA: pages.tva.pages,
      nbResultatsParPageLignesRecapitulativesTVA: pages.tva.taille,
      totalLignesRecapitulativesTVA: pages.tva.total,
    },
    lignesDePoste: {
      lignePoste: pages.lignes.liste as never[],
      pageCouranteLignesPoste: pages.lignes.page,
      pagesLignesPoste: pages.lignes.pages,
      nbResultatsParPageLignesPoste: pages.lignes.taille,
      totalLignesPoste: pages.lignes.total,
    },
    pieceJointePrincipale: { idLiaisonPieceJointePrincipale: f.pieceJointePrincipaleId, idPieceJointePrincipale: f.pieceJointePrincipaleId },
    listeDesPiecesJointes: {
      pieceJointe: (pages.pj.liste as LienPieceJointe[]).map((p) => ({
        pieceJointeTypeCode: p.pieceJointeTypeCode,
        pieceJointeTypeLibelle: libellesPj.get(p.pieceJointeTypeCode) ?? p.pieceJointeTypeCode,
        pieceJointeDesignation: p.pieceJointeDesignation,
        pieceJointeNumeroLigneFacture: p.pieceJointeNumeroLigneFacture,
        pieceJointeIdLiaison: p.pieceJointeIdLiaison,
        pieceJointeId: p.pieceJointeId,
        pieceJointeExtension: p.pieceJointeExtension,
      })),
      pageCouranteListePiecesJointe: pages.pj.page,
      pagesListePiecesJointe: pages.pj.pages,
      nbResultatsParPageListePiecesJointe: pages.pj.taille,
      totalListePiecesJointe: pjs.length,
    },
  };
  if (vue === 'RECUE') {
    return { ...commun, destinataire: { ...destinataire, destinataireEtat: de.categorie === 'ETAT' ? ('OUI' as const) : ('NON' as const) }, fournisseur };
  }
  return {
    ...commun,
    rejetTraite: f.rejetTraite,
    destinataire: { ...destinataire, designationDestinataire: de.raisonSociale, miseEnPaiementDestinataire: se?.miseEnPaiement ?? !de.statutMiseEnPaiementNestPasRemonte },
    fournisseur: { ...fournisseur, raisonSocialeFournisseur: fo.raisonSociale, nomFournisseur: fo.nom, prenomFournisseur: fo.prenom },
  };
}
