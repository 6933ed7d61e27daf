import { z } from 'zod';
import { champsCompte, champsRib, champsValideur } from '../../shared/wire.js';
import { enveloppe } from '../../structures/schemas.js';
import { parametresRetourDto, vide, identifiant } from '../../structures/pagination.js';
import { booleen, chaine, dateSouple, entier, liste, nombre, optionnel } from './champs.js';

/** Pagination object of the invoice searches (names differ per operation, content is the same). */
const pagination = optionnel(
  z.object({
    nbResultatsMaximum: entier(),
    getnbResultatsMaximum: entier(),
    pageResultatDemandee: entier(),
    nbResultatsParPage: entier(),
    triSens: chaine(20),
    triColonne: chaine(60),
  }),
);
const listeChaines = z.preprocess(
  (v) => (vide(v) ? undefined : typeof v === 'string' ? [v] : v),
  z.array(z.string()).optional(),
);
const listeEntiers = liste(entier().pipe(z.number().int()));

const filtresCommuns = {
  idUtilisateurCourant: identifiant(),
  numeroFacture: chaine(),
  periodeDateDepotDu: dateSouple(),
  periodeDateDepotAu: dateSouple(),
  cadreFacturation: chaine(60),
  statutCourant: listeChaines,
  periodeDateFactureDu: dateSouple(),
  periodeDateFactureAu: dateSouple(),
  montantHTMin: nombre(),
  montantHTMax: nombre(),
  montantTTCMin: nombre(),
  montantTTCMax: nombre(),
  montantApayerMin: nombre(),
  montantApayerMax: nombre(),
  montantAPayerMin: nombre().describe('Orthographe de rechercher/demandePaiement, acceptée aussi'),
  montantAPayerMax: nombre().describe('Orthographe de rechercher/demandePaiement, acceptée aussi'),
  numeroMarche: chaine(),
  numeroBonCommande: chaine(),
  recupererTaille: booleen(),
  periodeDateHeureEtatCourantDu: dateSouple(),
  periodeDateHeureEtatCourantAu: dateSouple(),
};

/** RechercherFactureParFournisseurParam (§3.1.8). */
export const rechercherFactureParFournisseurParam = z.object({
  ...filtresCommuns,
  listeDestinataire: liste(
    z.object({ idDestinataire: identifiant(), listeIdServiceExecutant: listeEntiers, raisonSocialeStuctDmd: chaine() }),
  ),
  rechercheSirenDestinataire: booleen(),
  typeFacture: chaine(20),
  idFournisseur: identifiant(),
  idServiceFournisseur: identifiant(),
  idStructureValideur: identifiant(),
  coordonneeBancaire: entier(),
  idUtilisateurCreateur: listeEntiers,
  numeroFactureOrigine: chaine(),
  modeDepot: chaine(40),
  numeroFluxDepot: chaine(60),
  rechercheFactureParFournisseur: pagination,
  rejetTraite: booleen(),
});
export type RechercherFournisseurInput = z.infer<typeof rechercherFactureParFournisseurParam>;

/** RechercherFactureRecipiendaireParam (§3.1.9). */
export const rechercherFactureRecipiendaireParam = z.object({
  ...filtresCommuns,
  typeDemandePaiement: chaine(30),
  idDestinataire: identifiant(),
  idServiceExecutant: identifiant(),
  listeTypeFacture: listeChaines,
  listeTypeFactureTravaux: listeChaines,
  listeFournisseurs: liste(z.object({ idFournisseur: identifiant(), listeIdService: listeEntiers })),
  rechercheSirenFournisseur: booleen(),
  idStructureValideur: identifiant(),
  factureTelechargeeParDestinataire: booleen(),
  paramRecherche: pagination,
});
export type RechercherRecipiendaireInput = z.infer<typeof rechercherFactureRecipiendaireParam>;

export const rechercherATraiterRecipiendaireParam = z.object({
  idUtilisateurCourant: identifiant(),
  idStructure: identifiant(),
  recupererTaille: booleen(),
  parametreRechercheFactureATraiterParRecipiendaire: pagination,
});
export const rechercherATraiterFournisseurParam = z.object({
  idUtilisateurCourant: identifiant(),
  idStructure: identifiant(),
  masquerRejetee: booleen(),
  recupererTaille: booleen(),
  rechercheFactureATraiterParFournisseur: pagination,
});

const n = <T extends z.ZodType>(t: T) => t.nullable();
const str = n(z.string());
const num = n(z.number());
const int = n(z.number().int());

const champsLigneRecherche = {
  typeDemandePaiement: z.string(),
  codeFournisseur: str,
  typeIdentifiantFournisseur: str,
  designationFournisseur: str,
  codeServiceFournisseur: str,
  nomServiceFournisseur: str,
  // Null for an OCR invoice (INTERPRETEE_OCR) until soumettre completes it (README "Wire conventions").
  idDestinataire: int,
  codeDestinataire: str,
  designationDestinataire: str,
  idServiceExecutant: int,
  codeServiceExecutant: str,
  nomServiceExecutant: str,
  typeFacture: z.string(),
  numeroFacture: str,
  dateFacture: str,
  dateDepot: z.string(),
  montantHT: num,
  montantTTC: num,
  montantAPayer: num,
  devise: z.string(),
  statut: z.string(),
  numeroMarche: str,
  numeroBonCommande: str,
  taille: num,
  dateHeureEtatCourant: z.string(),
  commentaireEtatCourant: str,
};

export const retourRechercherFactureParFournisseur = z.object({
  identifiantFactureCPP: z.number().int(),
  ...champsLigneRecherche,
  numeroFluxDepot: str,
  ...champsValideur(1),
  ...champsValideur(2),
  numeroFactureOrigine: str,
  modeDepot: z.string(),
  ...champsRib,
  ...champsCompte,
  coordBancairesFournisseurNomCb: str,
  affactureurCode: str,
  affactureurTypeIdentifiant: str,
  affactureurRaisonSociale: str,
  nomPrenomUtilisateurCreateur: str,
  rejetTraite: z.boolean(),
});
export const wsRetourRechercherFactureParFournisseur = enveloppe.extend({
  parametresRetour: parametresRetourDto,
  listeFactures: z.array(retourRechercherFactureParFournisseur),
});

export const factureRechercheRecipiendaire = z.object({
  idFacture: z.number().int(),
  ...champsLigneRecherche,
  typeFactureTravaux: str,
  factureTelechargeeParDestinataire: z.boolean(),
  codeMOE: str,
  typeIdentifiantMOE: str,
  designationMOE: str,
  codeMOA: str,
  typeIdentifiantMOA: str,
  designationMOA: str,
});
export const wsRetourRechercheFactureRecipiendaireRest = enveloppe.extend({
  pageCourante: z.number().int(),
  pages: z.number().int(),
  nbResultatsParPage: z.number().int(),
  total: z.number().int(),
  listeFactures: z.array(factureRechercheRecipiendaire),
});
export const wsRetourRechercherATraiterRecipiendaire = enveloppe.extend({
  parametresRetour: parametresRetourDto,
  listeFactures: z.array(factureRechercheRecipiendaire),
});
export const wsRetourRechercherATraiterFournisseur = enveloppe.extend({
  parametresRetour: parametresRetourDto,
  listeFactures: z.array(z.object({ identifiantFactureCPP: z.number().int(), ...champsLigneRecherche })),
});

/** RechercherDemandePaiementParam (§3.1.15): a subset of filters; the others are accepted and ignored. */
export const rechercherDemandePaiementParam = z.object({
  roleUtilisateur: chaine(20),
  numeroFacture: chaine(),
  typeDemandePaiement: chaine(30),
  typeFacture: chaine(20),
  cadreFacturation: chaine(60),
  statutCourant: listeChaines,
  periodeDateHeureEtatCourantDu: dateSouple(),
  periodeDateHeureEtatCourantAu: dateSouple(),
  periodeDateFournisseurDu: dateSouple(),
  periodeDateFournisseurAu: dateSouple(),
  periodeDateDepotDu: dateSouple(),
  periodeDateDepotAu: dateSouple(),
  montantHTMin: nombre(),
  montantHTMax: nombre(),
  montantTTCMin: nombre(),
  montantTTCMax: nombre(),
  montantAPayerMin: nombre(),
  montantAPayerMax: nombre(),
  montantApayerMin: nombre().describe('Orthographe des recherches fournisseur/recipiendaire, acceptée aussi'),
  montantApayerMax: nombre().describe('Orthographe des recherches fournisseur/recipiendaire, acceptée aussi'),
  numeroMarche: chaine(),
  numeroBonCommande: chaine(),
  numeroFactureOrigine: chaine(),
  structureFournisseur: optionnel(z.object({ idStructureFournisseur: identifiant() })),
  structureDestinataire: optionnel(z.object({ idStructureDestinataire: identifiant() })),
  structureMoe: optionnel(z.object({ idStructureMoe: identifiant() })),
  structureMoa: optionnel(z.object({ idStructureMoa: identifiant() })),
  numeroDossierFacturation: chaine(),
  structureValideur: optionnel(z.object({ idStructureValideur: identifiant() })),
  idServiceFournisseur: identifiant(),
  idServiceDestinataire: identifiant(),
  numeroDpMandat: chaine(),
});
export const demandePaiementDto = z.object({
  idDemandePaiement: z.number().int(),
  numeroDemandePaiement: str,
  typeDemandePaiement: z.string(),
  typeFacture: z.string(),
  typeFactureTravaux: str,
  cadreFacturation: str,
  etatCourant: z.string(),
  dateHeureEtatCourant: z.string(),
  dateFournisseur: str,
  dateDepot: z.string(),
  montantHT: num,
  montantTTC: num,
  montantAPayer: num,
  numeroMarche: str,
  numeroBonCommande: str,
  numeroFactureOrigine: str,
  idStructureFournisseur: z.number().int(),
  idServiceFournisseur: int,
  idStructureMoe: int,
  idServiceMoe: int,
  idStructureMoa: int,
  idServiceMoa: int,
  idStructureValideur1: int,
  idStructureValideur2: int,
  idStructureDestinataire: int,
  idServiceDestinataire: int,
  dpOuDpArchive: z.string(),
  numeroDossierFacturation: str,
  idDossierFacturation: int,
  commentaireEtatCourant: str,
  numeroDpMandat: str,
  siretFournisseurQualif: str,
  siretDestinataireQualif: str,
  identifiantStructureFournisseur: str,
  identifiantStructureDestinataire: str,
  codeServiceDestinataire: str,
  nomServiceDestinataire: str,
  nombreResultatTotal: z.string(),
});
export const wsRetourRechercherDemandePaiement = enveloppe.extend({
  listeDemandePaiement: z.array(demandePaiementDto),
  total: z.number().int(),
});
