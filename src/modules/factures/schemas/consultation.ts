import { z } from 'zod';
import { champsAdresse, champsCompte, champsRib, champsValideur } from '../../shared/wire.js';
import { enveloppe } from '../../structures/schemas.js';
import { chaine, entier, entierRequis, optionnel, identifiant } from './champs.js';

const pLignesPoste = optionnel(z.object({ pageResultatDemandeeLignesPoste: entier(), nbResultatsParPageLignesPoste: entier(), triSensListeLignesPoste: chaine(20), triColonneListeLignesPoste: chaine(60) }));
const pPj = optionnel(z.object({ pageResultatDemandeeListePieceJointe: entier(), nbResultatsParPageListePieceJointe: entier(), triSensListePiecesJointes: chaine(20), triColonneListePiecesJointes: chaine(60) }));
const pTva = optionnel(z.object({ pageResultatDemandeeListeRecapitulatifTVA: entier(), nbResultatsParPageListeListeRecapitulatifTVA: entier(), triSensListeRecapitulatifTVA: chaine(20), triColonneListeRecapitulatifTVA: chaine(60) }));

/** ConsulterFactureParFournisseurParam: the Swagger's `getp…` names and GO's `p…` names are both read. */
export const consulterFactureParFournisseurParam = z.object({
  idUtilisateurCourant: identifiant(),
  identifiantFactureCPP: entierRequis(),
  codeLangue: chaine(5),
  getpLignesPoste: pLignesPoste,
  pLignesPoste: pLignesPoste,
  getpListePiecesJointes: pPj,
  pListePiecesJointes: pPj,
  getpLigneRecapTva: pTva,
  pLigneRecapTva: pTva,
});
export const consulterFactureParRecipiendaireParam = z.object({
  idUtilisateurCourant: identifiant(),
  identifiantFactureCPP: entierRequis(),
  codeLangue: chaine(5),
  rechercheLignePoste: pLignesPoste,
  recherchePj: pPj,
  rechercheligneTvaRecap: pTva,
});
/** ConsulterFactureParValideurParam (capital L in rechercheLigneTvaRecap, unlike the recipient's). */
export const consulterFactureParValideurParam = z.object({
  idUtilisateurCourant: identifiant(),
  identifiantFactureCPP: entierRequis(),
  codeLangue: chaine(5),
  rechercheLignePoste: pLignesPoste,
  recherchePj: pPj,
  rechercheLigneTvaRecap: pTva,
});
export type PaginationsConsultation = {
  lignes?: z.infer<typeof pLignesPoste>;
  pj?: z.infer<typeof pPj>;
  tva?: z.infer<typeof pTva>;
};

const n = <T extends z.ZodType>(t: T) => t.nullable();
const str = n(z.string());
const num = n(z.number());
const int = n(z.number().int());

// Recipient, cadre, number, date and amounts are null for an OCR invoice (INTERPRETEE_OCR) until soumettre.
const destinataire = z.object({
  idDestinataire: int,
  codeDestinataire: str,
  libelleDestinataire: str,
  idServiceExecutant: int,
  codeServiceExecutant: str,
  libelleServiceExecutant: str,
  ...champsAdresse('Destinataire'),
});
const affactureur = z.object({
  affactureurId: int,
  affactureurCode: str,
  affactureurTypeIdentifiant: str,
  affactureurRaisonSociale: str,
  affactureurCodePays: str,
});
const fournisseur = z.object({
  idFournisseur: z.number().int(),
  typeIdentifiantFournisseur: z.string(),
  codeFournisseur: z.string(),
  designationFournisseur: z.string(),
  idServiceFournisseur: int,
  codeServiceFournisseur: str,
  libelleServiceFournisseur: str,
  ...champsAdresse('Fournisseur'),
  numeroRcsFournisseur: str,
  ...champsRib,
  coordBancairesCodeGuichet: str,
  coordBancairesBicSwift: str,
  ...champsCompte,
  coordBancairesFournisseurId: int,
  coordBancairesFournisseurType: str,
  coordBancairesFournisseurLibelle: str,
  affactureur,
});
/** CadreDeFacturationOutput: valideurs, MOE and MOA (null for the A1/A2 cadres handled today). */
const cadreDeFacturation = z.object({
  codeCadreFacturation: str,
  idValideur1: int,
  ...champsValideur(1),
  idValideur2: int,
  ...champsValideur(2),
  idMoe: int,
  typeIdentifiantMoe: str,
  identifiantMoe: str,
  raisonSocialeMoe: str,
  nomMoe: str,
  prenomMoe: str,
  idServiceMoe: int,
  codeServiceMoe: str,
  nomServiceMoe: str,
  idMoa: int,
  typeIdentifiantMoa: str,
  identifiantMoa: str,
  raisonSocialeMoa: str,
  idServiceMoa: int,
  codeServiceMoa: str,
  nomServiceMoa: str,
  designationValideur2: str,
  designationMoe: str,
  designationMoa: str,
});
/** PiecePrecedente and PiecePrecedenteConsulterFactureRecipiendaireOutput (same fields). */
const piecePrecedente = z.object({
  cadreFacturationPiecePrecedente: str,
  idPiecePrecedente: int,
  numeroPiecePrecedente: str,
  idDestinatairePiecePrecedente: int,
  identifiantDestinatairePiecePrecedente: str,
  raisonSocialeDestinatairePiecePrecedente: str,
  idServiceExecutantPiecePrecedente: int,
  codeServiceExecutantPiecePrecedente: str,
  nomServiceExecutantPiecePrecedente: str,
});
/**
 * Swagger quirk, kept verbatim: PieceSuivante (FactureCppEmise, consulter/fournisseur) spells
 * `numeroPieceSuiante`, while PieceSuivanteConsulterFactureRecipiendaireOutput (FactureCpp,
 * consulter/recipiendaire) spells `numeroPieceSuivante`.
 */
const pieceSuivanteEmise = z.object({ cadreFacturationPieceSuivante: str, idPieceSuivante: int, numeroPieceSuiante: str });
const pieceSuivanteRecue = z.object({ cadreFacturationPieceSuivante: str, idPieceSuivante: int, numeroPieceSuivante: str });
const references = z.object({
  dateFacture: str,
  dateDepot: z.string(),
  codeDeviseFacture: z.string(),
  libelleDeviseFacture: str,
  typeFacture: z.string(),
  typeFactureTravaux: str,
  typeTva: str,
  motifExonerationTva: str,
  libelleMotifExonerationTva: str,
  numeroMarche: str,
  numeroBonCommande: str,
  numeroFactureOrigine: str,
  modePaiement: str,
  dateCreationFacture: z.string(),
  dateEcheancePaiement: str,
  tailleTotalePiecesJointes: z.number(),
  numeroDpMandat: str,
});
const montantTotal = z.object({
  montantHtTotal: num,
  montantTVA: num,
  montantTtcAvantRemiseGlobalTTC: num,
  montantRemiseGlobaleTTC: num,
  motifRemiseGlobaleTTC: str,
  montantTtcTotal: num,
  montantAPayer: num,
});
const ligneTva = z.object({
  ligneTvaTauxRefId: int,
  ligneTvaTauxRefCode: str,
  ligneTvaTauxRefLibelle: str,
  ligneTvaTauxRefValeur: num,
  ligneTvaTauxManuel: num,
  ligneTvaMontantBaseHtParTaux: z.number(),
  ligneTvaMontantTvaParTaux: z.number(),
});
const lignePoste = z.object({
  lignePosteNumero: z.number().int(),
  lignePosteReference: str,
  lignePosteDenomination: str,
  lignePosteQuantite: z.number(),
  lignePosteUniteCode: int,
  lignePosteUniteLibelle: str,
  lignePosteMontantUnitaireHT: num,
  lignePosteMontantRemiseHT: num,
  lignePosteTauxTva: str,
  lignePosteTauxTvaManuel: num,
  lignePosteMontantHtApresRemise: z.number(),
  lignePosteMontantTva: z.number(),
  lignePosteMontantTtcApresRemise: z.number(),
});
const pieceJointe = z.object({
  pieceJointeTypeCode: z.string(),
  pieceJointeTypeLibelle: z.string(),
  pieceJointeDesignation: z.string(),
  pieceJointeNumeroLigneFacture: int,
  pieceJointeIdLiaison: z.number().int(),
  pieceJointeId: z.number().int(),
  pieceJointeExtension: z.string(),
});

const factureCommune = {
  identifiantFactureCPP: z.number().int(),
  numeroFacture: str,
  statutFacture: z.string(),
  modeDepot: z.string(),
  commentaire: str,
  destinataire,
  fournisseur,
  cadreDeFacturation,
  piecePrecedente,
  references,
  montantTotal,
  recapitulatifDeTva: z.object({
    ligneTva: z.array(ligneTva),
    pageCouranteLignesRecapitulativesTVA: z.number().int(),
    pagesLignesRecapitulativesTVA: z.number().int(),
    nbResultatsParPageLignesRecapitulativesTVA: z.number().int(),
    totalLignesRecapitulativesTVA: z.number().int(),
  }),
  lignesDePoste: z.object({
    lignePoste: z.array(lignePoste),
    pageCouranteLignesPoste: z.number().int(),
    pagesLignesPoste: z.number().int(),
    nbResultatsParPageLignesPoste: z.number().int(),
    totalLignesPoste: z.number().int(),
  }),
  pieceJointePrincipale: z.object({ idLiaisonPieceJointePrincipale: int, idPieceJointePrincipale: int }),
  listeDesPiecesJointes: z.object({
    pieceJointe: z.array(pieceJointe),
    pageCouranteListePiecesJointe: z.number().int(),
    pagesListePiecesJointe: z.number().int(),
    nbResultatsParPageListePiecesJointe: z.number().int(),
    totalListePiecesJointe: z.number().int(),
  }),
};

/** FactureCppEmise (supplier view) and FactureCpp (recipient view). */
export const factureCppEmise = z.object({
  ...factureCommune,
  rejetTraite: z.boolean(),
  pieceSuivante: pieceSuivanteEmise,
  destinataire: destinataire.extend({ designationDestinataire: str, miseEnPaiementDestinataire: z.boolean() }),
  fournisseur: fournisseur.extend({ raisonSocialeFournisseur: z.string(), nomFournisseur: str, prenomFournisseur: str }),
});
export const factureCpp = z.object({
  ...factureCommune,
  pieceSuivante: pieceSuivanteRecue,
  destinataire: destinataire.extend({ destinataireEtat: z.enum(['OUI', 'NON']) }),
});
export const wsRetourFacturesEmises = enveloppe.extend({ facture: factureCppEmise });
export const wsRetourFacturesRecues = enveloppe.extend({ facture: factureCpp });

/** ConsulterHistoriqueFactureParam (§3.1.7). */
export const consulterHistoriqueFactureParam = z.object({
  idUtilisateurCourant: identifiant(),
  idFacture: entierRequis(),
  idEspace: identifiant(),
  nbResultatsMaximum: entier(),
  paramRechercheHistoStatuts: optionnel(z.object({ pageResultatDemandeeListeHistoStatut: entier(), nbResultatsParPageListeHistoStatut: entier(), triSensListeHistoStatut: chaine(20), triColonneListeHistoStatut: chaine(60) })),
  paramRechercheHistoEvenementsComplementaires: optionnel(z.object({ pageResultatDemandeeListeHistoEvenement: entier(), nbResultatsParPageListeHistoEvenement: entier(), triSensListeHistoEvenement: chaine(20), triColonneListeHistoEvenement: chaine(60) })),
  paramRechercheHistoActionsUtilisateurs: optionnel(z.object({ pageResultatDemandeeListeHistoAction: entier(), nbResultatsParPageListeHistoAction: entier(), triSensListeHistoAction: chaine(20), triColonneListeHistoAction: chaine(60) })),
});
export type ConsulterHistoriqueInput = z.infer<typeof consulterHistoriqueFactureParam>;

export const wsRetourConsulterHistoriqueFacture = enveloppe.extend({
  idFacture: z.number().int(),
  numeroFacture: str,
  modeDepot: z.string(),
  statutCourantCode: z.string(),
  historiquesDesStatuts: z.object({
    histoStatut: z.array(
      z.object({
        histoStatutId: z.number().int(),
        histoStatutCode: z.string(),
        histoStatutDatePassage: z.string(),
        histoStatutCommentaire: str,
        histoStatutUtilisateurPrenom: str,
        histoStatutUtilisateurNom: str,
        histoStatutUtilisateurEmail: str,
        histoStatutUtilisateurTelephone: str,
      }),
    ),
    pageCouranteHistoStatut: z.number().int(),
    pagesHistoStatut: z.number().int(),
    nbResultatsParPageHistoStatut: z.number().int(),
    totalHistoStatut: z.number().int(),
  }),
  historiquesDesEvenementsComplementaires: z.object({
    evenement: z.array(z.object({ evenementId: z.number().int(), evenementLibelle: z.string(), evenementQui: str, evenementDateHeure: z.string() })),
    pageCouranteEvenement: z.number().int(),
    pagesEvenement: z.number().int(),
    nbResultatsParPageEvenement: z.number().int(),
    totalEvenement: z.number().int(),
  }),
  historiquesDesActionsUtilisateurs: z.object({
    histoAction: z.array(
      z.object({
        histoActionId: z.number().int(),
        histoActionCode: z.string(),
        histoActionDateHeure: z.string(),
        histoActionUtilisateurPrenom: str,
        histoActionUtilisateurNom: str,
        histoActionUtilisateurEmail: str,
        histoActionUtilisateurTelephone: str,
      }),
    ),
    pageCouranteHistoAction: z.number().int(),
    pagesHistoAction: z.number().int(),
    nbResultatsParPageHistoAction: z.number().int(),
    totalHistoAction: z.number().int(),
  }),
  derniereAction: z.object({ derniereActionId: int, derniereActionCode: str }),
});
