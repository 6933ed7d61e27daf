import { z } from 'zod';
import { STATUTS_FACTURE } from '../../domain/circuits/index.js';
import { enveloppe } from '../structures/schemas.js';
import { vide } from '../structures/pagination.js';
import { booleen, chaine, chaineRequise, dateRequise, dateSouple, entier, entierRequis, listeSansVides, nombre, nombreRequis, optionnel } from '../factures/schemas/champs.js';

/**
 * DTOs of the Factures de travaux API (`/cpro/facturesTravaux/v1`). No Swagger of this API is public
 * (complements §1.1): `rechercher` follows the COM and PASTELL requests (complements §1.3); the other
 * bodies are the sandbox's choice, named after the 2017 classes (chorus-api §3.6) and the Factures API
 * fields, and documented in the README.
 */

const idFactureTravaux = entierRequis().pipe(z.number().int().positive());

const listeChaines = z.preprocess((v) => (vide(v) ? undefined : typeof v === 'string' ? [v] : v), z.array(z.string()).optional());

/** soumettre: a works piece in PDF mode, opening a dossier or following `piecePrecedente`. */
export const soumettreFactureTravauxParam = z.object({
  idUtilisateurCourant: entier(),
  numeroFactureTravaux: chaineRequise(20),
  dateFactureTravaux: dateRequise(),
  // Works pieces are deposited, never keyed in (chorus-domain §9.1): PDF modes only.
  modeDepot: z.preprocess((v) => (vide(v) ? 'DEPOT_PDF_API' : v), z.enum(['DEPOT_PDF_API', 'DEPOT_PDF_SIGNE_API'])),
  cadreDeFacturation: z.object({ codeCadreFacturation: chaineRequise(80) }),
  /** Checked against the cadre when given (PROJET_DECOMPTE_MENSUEL for A4…). */
  typeFactureTravaux: chaine(60),
  piecePrecedente: optionnel(z.object({ idFactureTravaux: entierRequis() })),
  /** Initial deposit only: the titulaire (or sub-/co-contractor). */
  fournisseur: optionnel(z.object({ idFournisseur: entierRequis(), idServiceFournisseur: entier() })),
  /** Initial deposit only: absent when the contract has no maître d'œuvre. */
  moe: optionnel(z.object({ idStructureMoe: entierRequis(), idServiceMoe: entier() })),
  moa: optionnel(z.object({ idStructureMoa: entierRequis(), idServiceMoa: entier() })),
  /** Initial deposit only: the service financier that pays; the MOA when absent. */
  destinataire: optionnel(z.object({ codeDestinataire: chaineRequise(80), codeServiceExecutant: chaine(100) })),
  references: optionnel(z.object({ numeroMarche: chaine(50), numeroBonCommande: chaine(50), deviseFacture: chaine(3) })),
  montantTotal: z.object({
    montantHtTotal: nombreRequis(),
    montantTVA: nombreRequis(),
    montantTtcTotal: nombreRequis(),
    montantAPayer: nombre(),
  }),
  pieceJointePrincipale: listeSansVides(z.object({ pieceJointePrincipaleId: entierRequis(), pieceJointePrincipaleDesignation: chaine(100) }), true),
  commentaire: chaine(1000),
});
export type SoumettreFactureTravauxInput = z.infer<typeof soumettreFactureTravauxParam>;

export const wsRetourSoumettreFactureTravaux = enveloppe.extend({
  idFactureTravaux: z.number().int(),
  numeroFactureTravaux: z.string(),
  typeFactureTravaux: z.string(),
  statutFactureTravaux: z.string(),
  dateDepot: z.string(),
  idDossierFacturation: z.number().int(),
  numeroDossierFacturation: z.string(),
});

export const pieceParam = z.object({ idUtilisateurCourant: entier(), idFactureTravaux });

export const refuserFactureTravauxParam = z.object({
  idUtilisateurCourant: entier(),
  idFactureTravaux,
  /** codeMotif of recupererMotifsRefusFactureTravaux (complements §4.3), or ERREUR_MONTANT, which is refused. */
  motifRefus: chaineRequise(60),
  commentaire: chaine(1000),
});

/** suspendre/demander/completer/factureTravaux (complements §1.2, COM-susp): the id and a commentaire. */
export const suspendreFactureTravauxParam = z.object({ idUtilisateurCourant: entier(), idFactureTravaux, commentaire: chaine(1000) });

/** completer / completermoe: bodies NOT FOUND (complements §1.2); the sandbox takes the id, a commentaire and optional new attachments are not simulated. */
export const completerFactureTravauxParam = z.object({ idUtilisateurCourant: entier(), idFactureTravaux, commentaire: chaine(1000) });

/** demander/recyclage (COM-dem sends only idFactureTravaux): the sandbox requires a commentaire saying why the piece is misaddressed. */
export const demanderRecyclageParam = z.object({ idUtilisateurCourant: entier(), idFactureTravaux, commentaire: chaine(1000) });

/**
 * recycler: COM-recy's body names the payer (identifiantDestinataire, codeServiceExecutant) of a paid piece,
 * not simulated; the sandbox's body names the corrected MOE and/or MOA as soumettre does (at least one).
 */
export const recyclerFactureTravauxParam = z.object({
  idUtilisateurCourant: entier(),
  idFactureTravaux,
  moe: optionnel(z.object({ idStructureMoe: entierRequis(), idServiceMoe: entier() })),
  moa: optionnel(z.object({ idStructureMoa: entierRequis(), idServiceMoa: entier() })),
  commentaire: chaine(1000),
});

export const wsRetourTraiterFactureTravaux = enveloppe.extend({
  idFactureTravaux: z.number().int(),
  numeroFactureTravaux: z.string(),
  statutFactureTravaux: z.string(),
  dateTraitement: z.string(),
});

const ROLES = ['FOURNISSEUR', 'MOE', 'MOA'] as const;
const role = z.preprocess((v) => (vide(v) ? undefined : typeof v === 'string' ? v.trim().toUpperCase() : v), z.enum(ROLES).optional());

const pagination = optionnel(
  z.object({ pageResultatDemandee: entier(), nbResultatsParPage: entier(), triSens: chaine(20), triColonne: chaine(60) }),
);

/** rechercher (complements §1.3: the COM example's fields and PASTELL's). */
export const rechercherFactureTravauxParam = z.object({
  idUtilisateurCourant: entier(),
  roleUtilisateur: role,
  idStructureFournisseur: entier(),
  idServiceFournisseur: entier(),
  idStructureMoe: entier(),
  idServiceMoe: entier(),
  idStructureMoa: entier(),
  idServiceMoa: entier(),
  idDestinataire: entier(),
  idServiceExecutant: entier(),
  listeTypeFactureTravaux: listeChaines,
  cadreFacturation: chaine(80),
  // A bare string in the COM example despite its name: both accepted.
  listeStatutCourant: listeChaines,
  numeroFactureTravaux: chaine(20),
  numeroMarche: chaine(50),
  numeroDossierFacturation: chaine(30),
  periodeDateDepotDu: dateSouple(),
  periodeDateDepotAu: dateSouple(),
  periodeDateHeureEtatCourantDu: dateSouple(),
  periodeDateHeureEtatCourantAu: dateSouple(),
  uniquementSansPieceSuivante: booleen(),
  flagTelecharge: booleen(),
  rechercheFactureTravaux: pagination,
});
export type RechercherFactureTravauxInput = z.infer<typeof rechercherFactureTravauxParam>;

export const rechercherATraiterParam = z.object({ idUtilisateurCourant: entier(), roleUtilisateur: role, rechercheFactureTravaux: pagination });

const str = z.string().nullable();
const int = z.number().int().nullable();
const num = z.number().nullable();

/** A row of listeFacturesTravaux (complements §1.3: union of COM-search and the PASTELL row). */
export const factureTravauxRecherche = z.object({
  idFactureTravaux: z.number().int(),
  numeroFactureTravaux: z.string(),
  typeDemandePaiement: z.string(),
  typeFactureTravaux: z.string(),
  cadreFacturation: z.string(),
  statutFactureTravaux: z.string(),
  dateFactureTravaux: z.string(),
  dateDepot: z.string(),
  dateHeureEtatCourant: z.string(),
  idFournisseur: z.number().int(),
  identifiantFournisseur: z.string(),
  typeIdentifiantFournisseur: z.string(),
  designationFournisseur: z.string(),
  codeServiceFournisseur: str,
  idStructureMoe: int,
  identifiantMoe: str,
  designationMoe: str,
  codeServiceMoe: str,
  idStructureMoa: z.number().int(),
  identifiantMoa: z.string(),
  designationMoa: z.string(),
  codeServiceMoa: str,
  idDestinataire: z.number().int(),
  identifiantDestinataire: z.string(),
  designationDestinataire: z.string(),
  idServiceExecutant: int,
  codeServiceExecutant: str,
  idDossierFacturation: z.number().int(),
  numeroDossierFacturation: z.string(),
  idPiecePrecedente: int,
  devise: z.string(),
  montantHT: z.number(),
  montantTTC: z.number(),
  montantAPayer: num,
  factureTelechargeeParDestinataire: z.boolean(),
});

const parametresRetour = z.object({ pageCourante: z.number().int(), pages: z.number().int(), nbResultatsParPage: z.number().int(), total: z.number().int() });

export const wsRetourRechercherFactureTravaux = enveloppe.extend({
  listeFacturesTravaux: z.array(factureTravauxRecherche),
  parametresRetour,
});

/**
 * rechercher/atraiter: each row also says which role of the caller is expected (roleAttendu) and what
 * (actionAttendue): A_TRAITER (answer the piece as its addressee), A_COMPLETER or A_RECYCLER (the
 * depositor — titulaire, or MOE for its A15/A17 — completes or recycles a piece sent back to it).
 */
export const wsRetourRechercherATraiter = enveloppe.extend({
  listeFacturesTravaux: z.array(
    factureTravauxRecherche.extend({
      roleAttendu: z.enum(['FOURNISSEUR', 'MOE', 'MOA']),
      actionAttendue: z.enum(['A_TRAITER', 'A_COMPLETER', 'A_RECYCLER']),
    }),
  ),
  parametresRetour,
});

/** consulter: `factureTravaux` with the sub-objects named by the 2017 classes (complements §1.2). */
export const wsRetourConsulterFactureTravaux = enveloppe.extend({
  factureTravaux: z.object({
    idFactureTravaux: z.number().int(),
    numeroFactureTravaux: z.string(),
    typeFactureTravaux: z.string(),
    statutFactureTravaux: z.string(),
    dateFactureTravaux: z.string(),
    dateDepot: z.string(),
    dateHeureEtatCourant: z.string(),
    commentaireEtatCourant: str,
    modeDepot: z.string(),
    cadreDeFacturation: z.object({
      codeCadreFacturation: z.string(),
      idMoe: int,
      identifiantMoe: str,
      raisonSocialeMoe: str,
      idServiceMoe: int,
      codeServiceMoe: str,
      idMoa: z.number().int(),
      identifiantMoa: z.string(),
      raisonSocialeMoa: z.string(),
      idServiceMoa: int,
      codeServiceMoa: str,
    }),
    fournisseur: z.object({ idFournisseur: z.number().int(), identifiantFournisseur: z.string(), typeIdentifiantFournisseur: z.string(), raisonSocialeFournisseur: z.string(), idServiceFournisseur: int }),
    destinataire: z.object({ idDestinataire: z.number().int(), codeDestinataire: z.string(), raisonSocialeDestinataire: z.string(), idServiceExecutant: int, codeServiceExecutant: str }),
    references: z.object({ numeroMarche: str, numeroBonCommande: str, deviseFacture: z.string(), numeroDossierFacturation: z.string(), idDossierFacturation: z.number().int() }),
    montantsTotaux: z.object({ montantHtTotal: z.number(), montantTVA: z.number(), montantTtcTotal: z.number(), montantAPayer: z.number() }),
    pieceJointePrincipale: z.array(z.object({ pieceJointePrincipaleId: z.number().int() })),
    piecePrecedente: z.object({ idFactureTravaux: z.number().int(), numeroFactureTravaux: z.string(), typeFactureTravaux: z.string(), statutFactureTravaux: z.string() }).nullable(),
  }),
});

const historique = z.object({ histoStatutCode: z.string(), histoStatutDatePassage: z.string(), histoStatutCommentaire: str });

/** consulter/dossierfacturation: `listeFactureTravaux`, rows with their `historiqueDemandePaiement` (complements §1.2). */
export const wsRetourConsulterDossierFacturation = enveloppe.extend({
  idDossierFacturation: z.number().int(),
  numeroDossierFacturation: z.string(),
  listeFactureTravaux: z.array(factureTravauxRecherche.extend({ historiqueDemandePaiement: z.array(historique) })),
});

/** demander/recyclage: the COM-dem answer's idPiecePrecedente beside the usual treatment answer. */
export const wsRetourDemanderRecyclage = wsRetourTraiterFactureTravaux.extend({ idPiecePrecedente: z.number().int().nullable() });

/** recycler: the COM-recy answer's dateDepotFactureTravaux beside the usual treatment answer. */
export const wsRetourRecyclerFactureTravaux = wsRetourTraiterFactureTravaux.extend({ dateDepotFactureTravaux: z.string() });
