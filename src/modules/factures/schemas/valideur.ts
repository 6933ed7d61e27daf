import { z } from 'zod';
import { enveloppe } from '../../structures/schemas.js';
import { parametresRetourDto, vide, identifiant } from '../../structures/pagination.js';
import { booleen, chaine, dateSouple, entier, entierRequis, nombre, optionnel } from './champs.js';

/** The validator side of the Factures API (chorus-api §3.1.13–§3.1.14), field names of the official Swagger. */

export const traiterFactureAValiderParam = z.object({
  idUtilisateurCourant: identifiant(),
  idFacture: entierRequis(),
  action: chaine(40),
  typeValideur: chaine(40),
  idValideur: identifiant(),
  motifRefus: chaine(1000),
  complementInfo: chaine(2000),
  idPieceJointe: identifiant().describe('Envoyé par les clients GO ; accepté et ignoré'),
});
export const wsRetourTraiterFactureAValider = enveloppe.extend({
  idFacture: z.number().int(),
  numeroFacture: z.string(),
  dateTraitement: z.string(),
  statutFacture: z.string(),
});

export const corrigerValideurFactureParam = z.object({
  idUtilisateurCourant: identifiant(),
  idFacture: entierRequis(),
  idStructure: identifiant(),
  typeIdentifiantStructure: chaine(20),
  identifiantStructure: chaine(80),
});
export const wsRetourCorrigerValideurFacture = enveloppe.extend({ idFacture: z.number().int() });

export const recupererStatutsFactureVisiblesParValideurParam = z.object({ idUtilisateurCourant: identifiant() });
export const wsRetourRecupererStatutsFactureVisiblesParValideur = enveloppe.extend({
  listeStatutFacture: z.array(z.object({ codeStatutFacture: z.string() })),
});

const pagination = optionnel(
  z.object({
    pageResultatDemandee: entier(),
    nbResultatsParPage: entier(),
    triSens: chaine(20),
    triColonne: chaine(60),
    ordreTriGenerique: chaine(20),
    taillePageGenerique: entier(),
    indexPageGenerique: entier(),
  }),
);
const listeChaines = z.preprocess((v) => (vide(v) ? undefined : typeof v === 'string' ? [v] : v), z.array(z.string()).optional());

export const rechercherFactureParValideurParam = z.object({
  idUtilisateurCourant: identifiant(),
  typeDemandePaiement: chaine(30),
  idDestinataire: identifiant(),
  rechercheSirenDestinataire: booleen(),
  idServiceExecutant: identifiant(),
  numeroFacture: chaine(),
  periodeDateDepotDu: dateSouple(),
  periodeDateDepotAu: dateSouple(),
  listeTypeFacture: listeChaines,
  listeTypeFactureTravaux: listeChaines,
  idFournisseur: identifiant(),
  rechercheSirenFournisseur: booleen(),
  idServiceFournisseur: identifiant(),
  idStructureValideur: identifiant(),
  idStructureMoe: identifiant(),
  idStructureMoa: identifiant(),
  cadreFacturation: chaine(60),
  statutCourant: listeChaines,
  periodeDateFactureDu: dateSouple(),
  periodeDateFactureAu: dateSouple(),
  montantHTMin: nombre(),
  montantHTMax: nombre(),
  montantTTCMin: nombre(),
  montantTTCMax: nombre(),
  montantAPayerMin: nombre(),
  montantAPayerMax: nombre(),
  numeroMarche: chaine(),
  numeroEngagement: chaine(),
  pagination,
});
export type RechercherValideurInput = z.infer<typeof rechercherFactureParValideurParam>;

export const rechercherFactureATraiterParValideurParam = z.object({
  idUtilisateurCourant: identifiant(),
  idStructure: identifiant(),
  typeIdentifiantStructure: chaine(20),
  identifiantStructure: chaine(80),
  pagination,
});

const str = z.string().nullable();
const int = z.number().int().nullable();

/** FactureRechercheValideur: the validator named is the one whose structure the caller represents. */
export const factureRechercheValideur = z.object({
  idFacture: z.number().int(),
  typeDemandePaiement: z.string(),
  idFournisseur: z.number().int(),
  identifiantFournisseur: str,
  typeIdentifiantFournisseur: str,
  designationFournisseur: str,
  codeServiceFournisseur: str,
  nomServiceFournisseur: str,
  idMoe: int,
  typeIdentifiantMoe: str,
  identifiantMoe: str,
  designationMoe: str,
  idServiceMoe: int,
  codeServiceMoe: str,
  nomServiceMoe: str,
  idMoa: int,
  typeIdentifiantMoa: str,
  identifiantMoa: str,
  designationMoa: str,
  idServiceMoa: int,
  codeServiceMoa: str,
  nomServiceMoa: str,
  idDestinataire: z.number().int(),
  typeIdentifiantDestinataire: str,
  identifiantDestinataire: str,
  designationDestinataire: str,
  idServiceExecutant: int,
  codeServiceExecutant: str,
  nomServiceExecutant: str,
  idValideur: int,
  typeIdentifiantValideur: str,
  identifiantValideur: str,
  designationValideur: str,
  typeFacture: z.string(),
  typeFactureTravaux: str,
  numeroFacture: z.string(),
  dateFacture: z.string(),
  dateDepot: z.string(),
  montantHT: z.number(),
  montantTTC: z.number(),
  montantAPayer: z.number(),
  devise: str,
  statut: z.string(),
  numeroMarche: str,
  numeroEngagement: str,
});
export const wsRetourRechercherFactureParValideur = enveloppe.extend({
  parametresRetour: parametresRetourDto,
  listeFactures: z.array(factureRechercheValideur),
});
