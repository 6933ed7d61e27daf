import { SOUS_PAGE_MAX } from '../../../domain/limites.js';
import { referentials } from '../../../referentials/index.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { formatDate, formatDateHeureIso, formatDateHeureMinute } from '../../../sandbox/dates.js';
import { findService, findStructure, listCoordonneesBancaires, type CoordonneeBancaireRow, type ServiceRow, type StructureRow } from '../../structures/repository.js';
import { adresseDe, compteDe, decomposerIban, ribDe, valideurDe } from '../../shared/wire.js';
import { findUtilisateur } from '../../utilisateurs/repository.js';
import type { LienPieceJointe } from '../depot/controles.js';
import { findFacture, findFactureParNumero, taillePiecesJointes, type FactureRow } from '../repository.js';
import { dossiersFacturation } from '../../../db/schema/index.js';
import { and, eq } from 'drizzle-orm';

/** A works piece's dossier (travaux module's table), read here to fill the consultation's MOE and MOA. */
function findDossierDe(ctx: SandboxContext, id: number) {
  return ctx.db.select().from(dossiersFacturation).where(and(eq(dossiersFacturation.sandboxId, ctx.sandboxId), eq(dossiersFacturation.id, id))).get();
}

/** Looks structures and services up once per answer (a page of invoices shares a few parties). */
export function annuaire(ctx: SandboxContext) {
  const structures = new Map<number, StructureRow | undefined>();
  const services = new Map<number, ServiceRow | undefined>();
  const coordonnees = new Map<number, CoordonneeBancaireRow[]>();
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
    /** The bank details an invoice was deposited with, if any. */
    coordonnees(f: FactureRow): CoordonneeBancaireRow | undefined {
      if (!f.coordonneesBancairesId) return undefined;
      if (!coordonnees.has(f.fournisseurId)) coordonnees.set(f.fournisseurId, listCoordonneesBancaires(ctx, f.fournisseurId));
      return coordonnees.get(f.fournisseurId)!.find((c) => c.id === f.coordonneesBancairesId);
    },
    nomUtilisateur(id: number | null): string | null {
      if (id === null) return null;
      const u = findUtilisateur(ctx, id);
      return u ? [u.prenom, u.nom].filter(Boolean).join(' ') : null;
    },
  };
}
export type Annuaire = ReturnType<typeof annuaire>;

/** The recipient of an invoice; an OCR invoice (INTERPRETEE_OCR, deposer/pdf) has none until soumettre. */
const destinataireDe = (f: Pick<FactureRow, 'destinataireId'>, a: Annuaire) => (f.destinataireId === null ? undefined : a.structure(f.destinataireId));
const SANS_ADRESSE = { adresse: null, complementAdresse1: null, complementAdresse2: null, codePostal: null, ville: null, codePays: null };

const designation = (s: StructureRow) => s.raisonSociale;

const libellesDevise = new Map(referentials.devises.entries.map((d) => [d.codeDevise, d.libelleDevise]));
const libellesMotifExoneration = new Map(referentials.motifsExonerationTva.entries.map((m) => [m.codeMotifExonerationTva, m.libelleMotifExonerationTva]));
// The referential has no numeric id: a rate's id is its rank in the list (TVA1 -> 1, TVA2 -> 2…).
const tauxTvaParCode = new Map(referentials.tauxTva.entries.map((t, i) => [t.codeTauxTva, { id: i + 1, libelle: t.libelleTauxTva }]));

/** Affactureur of the invoice: only when its bank details are those of a factor. */
function affactureurDe(cb: CoordonneeBancaireRow | undefined) {
  const oui = cb?.affactureur === true;
  return {
    affactureurId: null,
    affactureurCode: null,
    affactureurTypeIdentifiant: null,
    affactureurRaisonSociale: oui ? (cb.titulaire ?? cb.nom) : null,
    affactureurCodePays: oui ? decomposerIban(cb.iban).codePays : null,
  };
}

/** Valideur 1/2 of an invoice (A9/A12 circuits; null for A1/A2), with the day each accepted. */
function valideurs(f: FactureRow, a: Annuaire) {
  const v1 = f.valideur1Id === null ? undefined : a.structure(f.valideur1Id);
  const v2 = f.valideur2Id === null ? undefined : a.structure(f.valideur2Id);
  return {
    ...valideurDe(1, v1, f.dateValidation1 ? formatDate(f.dateValidation1) : null),
    ...valideurDe(2, v2, f.dateValidation2 ? formatDate(f.dateValidation2) : null),
  };
}

/** Fields common to every search row. */
export function ligneRecherche(f: FactureRow, a: Annuaire) {
  const fo = a.structure(f.fournisseurId);
  const de = destinataireDe(f, a);
  const sf = a.service(f.serviceFournisseurId);
  const se = a.service(f.serviceExecutantId);
  return {
    typeDemandePaiement: 'FACTURE',
    codeFournisseur: fo.identifiant,
    typeIdentifiantFournisseur: fo.typeIdentifiant,
    designationFournisseur: designation(fo),
    codeServiceFournisseur: sf?.code ?? null,
    nomServiceFournisseur: sf?.libelle ?? null,
    idDestinataire: de?.id ?? null,
    codeDestinataire: de?.identifiant ?? null,
    designationDestinataire: de ? designation(de) : null,
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
    dateHeureEtatCourant: formatDateHeureIso(f.dateHeureEtatCourant),
    commentaireEtatCourant: f.commentaireEtatCourant,
  };
}

export function ligneFournisseur(f: FactureRow, a: Annuaire) {
  const cb = a.coordonnees(f);
  const iban = decomposerIban(cb?.iban);
  const aff = affactureurDe(cb);
  return {
    identifiantFactureCPP: f.id,
    ...ligneRecherche(f, a),
    numeroFluxDepot: f.numeroFluxDepot,
    ...valideurs(f, a),
    numeroFactureOrigine: f.numeroFactureOrigine,
    modeDepot: f.modeDepot,
    ...ribDe(iban),
    ...compteDe(iban, cb?.iban ?? null),
    coordBancairesFournisseurNomCb: cb?.nom ?? null,
    affactureurCode: aff.affactureurCode,
    affactureurTypeIdentifiant: aff.affactureurTypeIdentifiant,
    affactureurRaisonSociale: aff.affactureurRaisonSociale,
    nomPrenomUtilisateurCreateur: a.nomUtilisateur(f.utilisateurCreateurId),
    rejetTraite: f.rejetTraite,
  };
}

export function ligneRecipiendaire(f: FactureRow, a: Annuaire) {
  return {
    idFacture: f.id,
    ...ligneRecherche(f, a),
    typeFactureTravaux: null,
    factureTelechargeeParDestinataire: f.factureTelechargeeParDestinataire,
    // Works invoices (MOE/MOA) are another API: always null here.
    codeMOE: null,
    typeIdentifiantMOE: null,
    designationMOE: null,
    codeMOA: null,
    typeIdentifiantMOA: null,
    designationMOA: null,
  };
}

/** The works dossier of a piece, as rechercher/demandePaiement shows it (null for an ordinary invoice). */
export interface DossierDemande {
  idDossierFacturation: number;
  numeroDossierFacturation: string;
  typeFactureTravaux: string;
  idStructureMoe: number | null;
  idServiceMoe: number | null;
  idStructureMoa: number;
  idServiceMoa: number | null;
}

export function demandePaiement(f: FactureRow, a: Annuaire, total: number, dossier?: DossierDemande) {
  const se = a.service(f.serviceExecutantId);
  return {
    idDemandePaiement: f.id,
    numeroDemandePaiement: f.numeroFacture,
    typeDemandePaiement: dossier ? 'FACTURE_TRAVAUX' : 'FACTURE',
    typeFacture: f.typeFacture,
    // Works pieces carry their type, MOE, MOA and dossier; A9/A12 invoices their validators.
    typeFactureTravaux: dossier?.typeFactureTravaux ?? null,
    cadreFacturation: f.codeCadreFacturation,
    etatCourant: f.statut,
    dateHeureEtatCourant: formatDateHeureIso(f.dateHeureEtatCourant),
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
    idStructureMoe: dossier?.idStructureMoe ?? null,
    idServiceMoe: dossier?.idServiceMoe ?? null,
    idStructureMoa: dossier?.idStructureMoa ?? null,
    idServiceMoa: dossier?.idServiceMoa ?? null,
    idStructureValideur1: f.valideur1Id,
    idStructureValideur2: f.valideur2Id,
    idStructureDestinataire: f.destinataireId,
    idServiceDestinataire: f.serviceExecutantId,
    dpOuDpArchive: 'DEMANDE_PAIEMENT',
    numeroDossierFacturation: dossier?.numeroDossierFacturation ?? null,
    idDossierFacturation: dossier?.idDossierFacturation ?? null,
    commentaireEtatCourant: f.commentaireEtatCourant,
    numeroDpMandat: f.numeroDpMandat,
    // The qualification SIRETs are the matelas ones: no second identifier here.
    siretFournisseurQualif: null,
    siretDestinataireQualif: null,
    identifiantStructureFournisseur: a.structure(f.fournisseurId).identifiant,
    identifiantStructureDestinataire: destinataireDe(f, a)?.identifiant ?? null,
    codeServiceDestinataire: se?.code ?? null,
    nomServiceDestinataire: se?.libelle ?? null,
    // A string in the Swagger (verbatim).
    nombreResultatTotal: String(total),
  };
}

const libellesPj = new Map(referentials.typesPieceJointe.entries.filter((t) => t.typeObjet === 'FACTURE').map((t) => [t.codeTypePieceJointe, t.libelleTypePieceJointe]));

/**
 * One page of a sub-list, with its four counters. Without a size, the page is the largest one
 * (SOUS_PAGE_MAX), so a small invoice comes whole; the size counter echoes the page size applied.
 */
export function sousPage<T>(liste: readonly T[], page: number | undefined, taille: number | undefined, sens?: string) {
  const tri = sens?.trim().toLowerCase() === 'descendant' ? [...liste].reverse() : [...liste];
  const t = taille && taille > 0 ? Math.min(taille, SOUS_PAGE_MAX) : SOUS_PAGE_MAX;
  const p = page && page > 0 ? page : 1;
  return { liste: tri.slice((p - 1) * t, p * t), page: p, pages: Math.ceil(tri.length / t), taille: t, total: tri.length };
}

const pick1 = (v: ReturnType<typeof valideurs>) => ({
  typeIdentifiantValideur1: v.typeIdentifiantValideur1,
  codeValideur1: v.codeValideur1,
  raisonSocialeValideur1: v.raisonSocialeValideur1,
  nomValideur1: v.nomValideur1,
  prenomValideur1: v.prenomValideur1,
  dateValidation1: v.dateValidation1,
});
const pick2 = (v: ReturnType<typeof valideurs>) => ({
  typeIdentifiantValideur2: v.typeIdentifiantValideur2,
  codeValideur2: v.codeValideur2,
  raisonSocialeValideur2: v.raisonSocialeValideur2,
  nomValideur2: v.nomValideur2,
  prenomValideur2: v.prenomValideur2,
  dateValidation2: v.dateValidation2,
});

export interface SousPages {
  lignes: ReturnType<typeof sousPage>;
  tva: ReturnType<typeof sousPage>;
  pj: ReturnType<typeof sousPage>;
}

/** CadreDeFacturationOutput: the valideurs of A9/A12; a works piece carries the MOE and MOA of its dossier. */
function cadreDeFacturation(ctx: SandboxContext, f: FactureRow, a: Annuaire) {
  const v = valideurs(f, a);
  const d = f.dossierFacturationId === null ? undefined : findDossierDe(ctx, f.dossierFacturationId);
  const moe = d?.moeId ? a.structure(d.moeId) : undefined;
  const moa = d ? a.structure(d.moaId) : undefined;
  const sMoe = d ? a.service(d.serviceMoeId) : undefined;
  const sMoa = d ? a.service(d.serviceMoaId) : undefined;
  return {
    codeCadreFacturation: f.codeCadreFacturation,
    idValideur1: f.valideur1Id,
    ...pick1(v),
    idValideur2: f.valideur2Id,
    ...pick2(v),
    idMoe: moe?.id ?? null,
    typeIdentifiantMoe: moe?.typeIdentifiant ?? null,
    identifiantMoe: moe?.identifiant ?? null,
    raisonSocialeMoe: moe?.raisonSociale ?? null,
    nomMoe: moe?.nom ?? null,
    prenomMoe: moe?.prenom ?? null,
    idServiceMoe: sMoe?.id ?? null,
    codeServiceMoe: sMoe?.code ?? null,
    nomServiceMoe: sMoe?.libelle ?? null,
    idMoa: moa?.id ?? null,
    typeIdentifiantMoa: moa?.typeIdentifiant ?? null,
    identifiantMoa: moa?.identifiant ?? null,
    raisonSocialeMoa: moa?.raisonSociale ?? null,
    idServiceMoa: sMoa?.id ?? null,
    codeServiceMoa: sMoa?.code ?? null,
    nomServiceMoa: sMoa?.libelle ?? null,
    designationValideur2: v.raisonSocialeValideur2,
    designationMoe: moe?.raisonSociale ?? null,
    designationMoa: moa?.raisonSociale ?? null,
  };
}

/** PiecePrecedente: the piece a works piece follows, or an AVOIR's origin invoice when the sandbox knows it for the same supplier. */
function piecePrecedente(ctx: SandboxContext, f: FactureRow, a: Annuaire) {
  const o =
    f.piecePrecedenteId !== null
      ? findFacture(ctx, f.piecePrecedenteId)
      : f.typeFacture === 'AVOIR' && f.numeroFactureOrigine
        ? findFactureParNumero(ctx, f.fournisseurId, f.numeroFactureOrigine, f.id)
        : undefined;
  const de = o ? destinataireDe(o, a) : undefined;
  const se = o ? a.service(o.serviceExecutantId) : undefined;
  return {
    cadreFacturationPiecePrecedente: o?.codeCadreFacturation ?? null,
    idPiecePrecedente: o?.id ?? null,
    numeroPiecePrecedente: o?.numeroFacture ?? null,
    idDestinatairePiecePrecedente: de?.id ?? null,
    identifiantDestinatairePiecePrecedente: de?.identifiant ?? null,
    raisonSocialeDestinatairePiecePrecedente: de?.raisonSociale ?? null,
    idServiceExecutantPiecePrecedente: se?.id ?? null,
    codeServiceExecutantPiecePrecedente: se?.code ?? null,
    nomServiceExecutantPiecePrecedente: se?.libelle ?? null,
  };
}

/** The consulted invoice (FactureCppEmise / FactureCpp), sub-lists paged as asked. */
export function factureConsultee(ctx: SandboxContext, f: FactureRow, pages: SousPages, vue: 'EMISE' | 'RECUE') {
  const a = annuaire(ctx);
  const fo = a.structure(f.fournisseurId);
  const de = destinataireDe(f, a);
  const sf = a.service(f.serviceFournisseurId);
  const se = a.service(f.serviceExecutantId);
  const cb = a.coordonnees(f);
  const iban = decomposerIban(cb?.iban);
  const pjs = f.piecesJointes as LienPieceJointe[];
  const precedente = piecePrecedente(ctx, f, a);
  const suivante = { cadreFacturationPieceSuivante: null, idPieceSuivante: null };
  const destinataire = {
    idDestinataire: de?.id ?? null,
    codeDestinataire: de?.identifiant ?? null,
    libelleDestinataire: de?.raisonSociale ?? null,
    idServiceExecutant: se?.id ?? null,
    codeServiceExecutant: se?.code ?? null,
    libelleServiceExecutant: se?.libelle ?? null,
    ...adresseDe('Destinataire', de ?? SANS_ADRESSE),
  };
  const fournisseur = {
    idFournisseur: fo.id,
    typeIdentifiantFournisseur: fo.typeIdentifiant,
    codeFournisseur: fo.identifiant,
    designationFournisseur: fo.raisonSociale,
    idServiceFournisseur: sf?.id ?? null,
    codeServiceFournisseur: sf?.code ?? null,
    libelleServiceFournisseur: sf?.libelle ?? null,
    ...adresseDe('Fournisseur', fo),
    numeroRcsFournisseur: fo.numeroRcs,
    ...ribDe(iban),
    coordBancairesCodeGuichet: iban.codeGuichet,
    coordBancairesBicSwift: cb?.bic ?? null,
    ...compteDe(iban, cb?.iban ?? null),
    coordBancairesFournisseurId: cb?.id ?? null,
    coordBancairesFournisseurType: cb ? 'IBAN' : null,
    coordBancairesFournisseurLibelle: cb?.nom ?? null,
    affactureur: affactureurDe(cb),
  };
  const commun = {
    identifiantFactureCPP: f.id,
    numeroFacture: f.numeroFacture,
    statutFacture: f.statut,
    modeDepot: f.modeDepot,
    commentaire: f.commentaire,
    cadreDeFacturation: cadreDeFacturation(ctx, f, a),
    piecePrecedente: precedente,
    references: {
      dateFacture: f.dateFacture,
      dateDepot: formatDate(f.dateDepot),
      codeDeviseFacture: f.devise,
      libelleDeviseFacture: libellesDevise.get(f.devise) ?? null,
      typeFacture: f.typeFacture,
      typeFactureTravaux: null,
      typeTva: f.typeTva,
      motifExonerationTva: f.motifExonerationTva,
      libelleMotifExonerationTva: f.motifExonerationTva ? (libellesMotifExoneration.get(f.motifExonerationTva) ?? null) : null,
      numeroMarche: f.numeroMarche,
      numeroBonCommande: f.numeroBonCommande,
      numeroFactureOrigine: f.numeroFactureOrigine,
      modePaiement: f.modePaiement,
      dateCreationFacture: formatDateHeureMinute(f.dateDepot),
      // Not stored by the sandbox.
      dateEcheancePaiement: null,
      // In bytes: the main attachment and every complementary one.
      tailleTotalePiecesJointes: taillePiecesJointes(ctx, [
        ...(f.pieceJointePrincipaleId ? [f.pieceJointePrincipaleId] : []),
        ...pjs.map((p) => p.pieceJointeId),
      ]),
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
      ligneTva: (pages.tva.liste as Record<string, unknown>[]).map((l) => {
        const t = typeof l.ligneTvaTauxRefCode === 'string' ? tauxTvaParCode.get(l.ligneTvaTauxRefCode) : undefined;
        return { ...l, ligneTvaTauxRefId: t?.id ?? null, ligneTvaTauxRefLibelle: t?.libelle ?? null } as never;
      }),
      pageCouranteLignesRecapitulativesTVA: pages.tva.page,
      pagesLignesRecapitulativesTVA: pages.tva.pages,
      nbResultatsParPageLignesRecapitulativesTVA: pages.tva.taille,
      totalLignesRecapitulativesTVA: pages.tva.total,
    },
    lignesDePoste: {
      lignePoste: (pages.lignes.liste as Record<string, unknown>[]).map((l) => ({ ...l, lignePosteUniteCode: null }) as never),
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
    return {
      ...commun,
      pieceSuivante: { ...suivante, numeroPieceSuivante: null },
      destinataire: { ...destinataire, destinataireEtat: de?.categorie === 'ETAT' ? ('OUI' as const) : ('NON' as const) },
      fournisseur,
    };
  }
  return {
    ...commun,
    rejetTraite: f.rejetTraite,
    // Swagger quirk: FactureCppEmise's PieceSuivante spells `numeroPieceSuiante`.
    pieceSuivante: { ...suivante, numeroPieceSuiante: null },
    destinataire: { ...destinataire, designationDestinataire: de?.raisonSociale ?? null, miseEnPaiementDestinataire: se?.miseEnPaiement ?? (de ? !de.statutMiseEnPaiementNestPasRemonte : false) },
    fournisseur: { ...fournisseur, raisonSocialeFournisseur: fo.raisonSociale, nomFournisseur: fo.nom, prenomFournisseur: fo.prenom },
  };
}
