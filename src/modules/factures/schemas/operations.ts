import { z } from 'zod';
import { STATUTS_FACTURE } from '../../../domain/circuits/index.js';
import { enveloppe, reponsesErreur } from '../../structures/schemas.js';
import {
  booleen,
  chaine,
  chaineRequise,
  dateRequise,
  dateSouple,
  entier,
  entierRequis,
  enumSouple,
  liste,
  listeSansVides,
  nombre,
  nombreRequis,
  optionnel, identifiant
} from './champs.js';

export { enveloppe, reponsesErreur };

export const MODES_DEPOT_SOUMETTRE = ['SAISIE_API', 'DEPOT_PDF_API', 'DEPOT_PDF_SIGNE_API'] as const;
export const MODES_PAIEMENT = ['CHEQUE', 'PRELEVEMENT', 'VIREMENT', 'ESPECE', 'AUTRE', 'REPORT'] as const;
export const TYPES_TVA = ['TVA_SUR_DEBIT', 'TVA_SUR_ENCAISSEMENT', 'EXONERATION', 'SANS_TVA'] as const;
export const statutFacture = z.enum(STATUTS_FACTURE);

const pieceJointeComplementaire = z.object({
  pieceJointeComplementaireDesignation: chaineRequise(100),
  pieceJointeComplementaireType: chaineRequise(30),
  pieceJointeComplementaireNumeroLigneFacture: entier(),
  pieceJointeComplementaireId: entierRequis(),
  pieceJointeComplementaireIdLiaison: entier(),
});
export type PieceJointeComplementaireInput = z.infer<typeof pieceJointeComplementaire>;

export const lignePosteInput = z.object({
  lignePosteNumero: entier(),
  lignePosteReference: chaine(),
  lignePosteDenomination: chaine(),
  lignePosteQuantite: nombreRequis(),
  lignePosteUnite: chaine(),
  lignePosteMontantUnitaireHT: nombre(),
  lignePosteMontantRemiseHT: nombre(),
  lignePosteTauxTva: chaine(),
  lignePosteTauxTvaManuel: nombre(),
});

export const ligneTvaInput = z.object({
  ligneTvaTaux: chaine(),
  ligneTvaMontantBaseHtParTaux: nombreRequis(),
  ligneTvaMontantTvaParTaux: nombreRequis(),
  ligneTvaTauxManuel: nombre(),
});

export const referencesInput = z.object({
  deviseFacture: chaine(3),
  typeFacture: enumSouple(['FACTURE', 'AVOIR']),
  typeTva: enumSouple(TYPES_TVA),
  motifExonerationTva: chaine(),
  numeroMarche: chaine(),
  numeroBonCommande: chaine(50),
  numeroFactureOrigine: chaine(),
  modePaiement: enumSouple(MODES_PAIEMENT),
});

const destinataireInput = z.object({ codeDestinataire: chaineRequise(100), codeServiceExecutant: chaine(100) });

/** SoumettreFactureParam (chorus-api §3.1.1). */
export const soumettreFactureParam = z.object({
  idUtilisateurCourant: identifiant(),
  modeDepot: enumSouple(MODES_DEPOT_SOUMETTRE).pipe(z.enum(MODES_DEPOT_SOUMETTRE)),
  // CS2017 : varchar(20), alphanumérique plus - _ / +.
  numeroFactureSaisi: chaineRequise(20).pipe(z.string().regex(/^[A-Za-z0-9\-_/+]+$/, { message: 'caractères admis : lettres, chiffres, - _ / +' })),
  dateFacture: dateRequise(),
  destinataire: destinataireInput,
  fournisseur: z.object({
    idFournisseur: entierRequis(),
    idServiceFournisseur: identifiant(),
    codeCoordonneesBancairesFournisseur: entier(),
  }),
  cadreDeFacturation: z.object({
    codeCadreFacturation: chaineRequise(60),
    codeStructureValideur: chaine(),
    codeServiceValideur: chaine(),
  }),
  references: optionnel(referencesInput),
  lignePoste: liste(lignePosteInput),
  ligneTva: liste(ligneTvaInput),
  montantTotal: z.object({
    montantHtTotal: nombreRequis(),
    montantTVA: nombreRequis(),
    montantTtcTotal: nombreRequis(),
    montantRemiseGlobaleTTC: nombre(),
    motifRemiseGlobaleTTC: chaine(),
    montantAPayer: nombreRequis(),
  }),
  pieceJointePrincipale: listeSansVides(
    z.object({ pieceJointePrincipaleDesignation: chaine(), pieceJointePrincipaleId: entierRequis() }),
    true,
  ),
  pieceJointeComplementaire: listeSansVides(pieceJointeComplementaire),
  commentaire: chaine(2000),
});
export type SoumettreFactureInput = z.infer<typeof soumettreFactureParam>;

export const wsRetourSoumettreFacture = enveloppe.extend({
  identifiantFactureCPP: z.number().int(),
  numeroFacture: z.string(),
  statutFacture: statutFacture,
  dateDepot: z.string(),
  identifiantStructure: z.string(),
  empreinteCertificatDepot: z.string(),
});

/** AjouterFichierDansSysteme (chorus-api §3.3). */
export const ajouterFichierParam = z.object({
  idUtilisateurCourant: identifiant(),
  pieceJointeFichier: chaineRequise(Number.MAX_SAFE_INTEGER),
  pieceJointeNom: chaineRequise(50).pipe(z.string().regex(/\.[A-Za-z0-9]{1,10}$/, { message: "le nom doit porter une extension" })),
  pieceJointeTypeMime: chaineRequise(100),
  pieceJointeExtension: chaineRequise(10),
});
export const wsRetourAjouterFichier = enveloppe.extend({ pieceJointeId: z.number().int() });

export const deposerPdfFactureParam = z.object({
  idUtilisateurCourant: identifiant(),
  fichierFacture: chaineRequise(Number.MAX_SAFE_INTEGER),
  nomFichier: chaineRequise(200),
  formatDepot: enumSouple(['PDF_NON_SIGNE', 'PDF_SIGNE_PADES', 'PDF_SIGNE_XADES']),
});
const n = <T extends z.ZodType>(t: T) => t.nullable();
export const wsRetourDeposerPdfFacture = enveloppe.extend({
  numeroFacture: n(z.string()),
  dateFacture: n(z.string()),
  codeDestinataire: n(z.string()),
  codeServiceExecutant: n(z.string()),
  codeFournisseur: n(z.string()),
  codeDeviseFacture: n(z.string()),
  typeFacture: n(z.string()),
  typeTva: n(z.string()),
  numeroBonCommande: n(z.string()),
  montantTtcAvantRemiseGlobalTTC: n(z.number()),
  montantAPayer: n(z.number()),
  montantHtTotal: n(z.number()),
  montantTVA: n(z.number()),
  pieceJointeId: z.number().int(),
});

/** TraiterUneFactureRecueParam (§3.1.11). */
export const traiterFactureRecueParam = z.object({
  idUtilisateurCourant: identifiant(),
  idFacture: entierRequis(),
  nouveauStatut: enumSouple(STATUTS_FACTURE).pipe(statutFacture),
  motif: chaine(1000),
  numeroDPMandat: chaine(100),
  commentaire: chaine(2000),
});
export const wsRetourTraiterFacture = enveloppe.extend({
  idFacture: z.number().int(),
  numeroFacture: z.string().nullable(),
  dateTraitement: z.string(),
  nouveauStatut: statutFacture,
});

export const completerFactureParam = z.object({
  idUtilisateurCourant: identifiant(),
  identifiantFactureCPP: entierRequis(),
  pieceJointeComplementaire: liste(pieceJointeComplementaire),
  commentaire: chaine(2000),
});
/** Counters the Swagger declares on answers that have no list: null, as every unset field. */
export const compteursInutilises = {
  pageCourante: z.null(),
  pages: z.null(),
  nbResultatsParPage: z.null(),
  total: z.null(),
};
export const COMPTEURS_INUTILISES = { pageCourante: null, pages: null, nbResultatsParPage: null, total: null };

export const wsRetourCompleterFacture = enveloppe.extend({
  identifiantFactureCPP: z.number().int(),
  numeroFacture: z.string().nullable(),
  dateTraitement: z.string(),
  ...compteursInutilises,
});

export const recyclerFactureParam = z.object({
  idUtilisateurCourant: identifiant(),
  identifiantFactureCPP: entierRequis(),
  destinataire: optionnel(z.object({ codeDestinataire: chaine(100), codeServiceExecutant: chaine(100) })),
  commentaire: chaine(2000),
  // `reference`, singular (Swagger RecyclerFactureParam); only the engagement number is routing data.
  reference: optionnel(referencesInput.partial()),
});
export const wsRetourRecyclerFacture = enveloppe.extend({
  identifiantFactureCPP: z.number().int(),
  numeroFacture: z.string().nullable(),
  statutFacture: statutFacture,
  dateDepot: z.string(),
});

export const traiterFacturesRejeteesParam = z.object({
  idUtilisateurCourant: identifiant(),
  listeDemandePaiement: z.array(z.object({ idDemandePaiement: entierRequis() })).min(1),
  motifRejet: chaine(1000),
  cpltInfos: chaine(2000),
});

export const telechargerGroupeFactureParam = z.object({
  idUtilisateurCourant: identifiant(),
  idEspace: identifiant(),
  // The Swagger's description says "XML, PDF ou ZIP" while clients send PDF or PIVOT: XML is the
  // pivot format, ZIP asks for the PDFs in an archive even for a single invoice.
  format: enumSouple(['PDF', 'PIVOT', 'XML', 'ZIP']).pipe(z.enum(['PDF', 'PIVOT', 'XML', 'ZIP'])),
  avecPiecesJointesComplementaires: z.preprocess(
    (v) => (v === true ? 'OUI' : v === false ? 'NON' : typeof v === 'string' ? v.trim().toUpperCase() : v === null ? undefined : v),
    z.enum(['OUI', 'NON']).optional(),
  ),
  listeFacture: z.array(z.object({ idFacture: entierRequis() })).min(1).max(100),
});
export const wsRetourTelechargerGroupeFacture = enveloppe.extend({ fichierResultat: z.string() });

export { booleen, dateSouple };
