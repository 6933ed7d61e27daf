/**
 * The catégories and sous-catégories of sollicitations. The real codes and labels are not public
 * (complements §2: only placeholder fixtures exist), so these are the sandbox's own, built from the
 * documented uses (chorus-domain §12): a question to a public client about an invoice or an
 * engagement goes to the « service métier » of the structure; a gestionnaire principal, a public
 * structure, an account or the portal itself go to the Chorus Pro support desk.
 */
export type Destination = 'STRUCTURE' | 'SUPPORT';

export interface Categorie {
  idTechniqueCategorie: number;
  codeCategorie: string;
  libelleCategorie: string;
  estActif: boolean;
}

export interface SousCategorie {
  code: string;
  libelle: string;
  estActif: boolean;
  idTechniqueCategorie: number;
  /** Who receives a sollicitation of this pair (« en fonction de la combinaison sélectionnée »). */
  destination: Destination;
  /** The canned answer the simulated addressee gives. */
  reponseType: string;
}

export const CATEGORIES: readonly Categorie[] = [
  { idTechniqueCategorie: 1, codeCategorie: 'FACTURE', libelleCategorie: 'Facture', estActif: true },
  { idTechniqueCategorie: 2, codeCategorie: 'ENGAGEMENT', libelleCategorie: 'Engagement juridique', estActif: true },
  { idTechniqueCategorie: 3, codeCategorie: 'STRUCTURE', libelleCategorie: 'Structure', estActif: true },
  { idTechniqueCategorie: 4, codeCategorie: 'COMPTE', libelleCategorie: 'Compte utilisateur', estActif: true },
  { idTechniqueCategorie: 5, codeCategorie: 'PORTAIL', libelleCategorie: 'Fonctionnement du portail et des API', estActif: true },
];

const facture = 'Votre demande a bien été examinée par le service en charge du traitement des factures. ';
const support = 'Le support Chorus Pro a traité votre demande. ';

export const SOUS_CATEGORIES: readonly SousCategorie[] = [
  { code: 'FACTURE_TRAITEMENT', libelle: "Question sur le traitement d'une facture", estActif: true, idTechniqueCategorie: 1, destination: 'STRUCTURE', reponseType: `${facture}La facture est en cours de traitement par nos services.` },
  { code: 'FACTURE_PAIEMENT', libelle: "Paiement d'une facture", estActif: true, idTechniqueCategorie: 1, destination: 'STRUCTURE', reponseType: `${facture}Le paiement suivra la mise en paiement par le comptable public.` },
  { code: 'FACTURE_REJET', libelle: "Contestation d'un rejet ou d'une suspension", estActif: true, idTechniqueCategorie: 1, destination: 'STRUCTURE', reponseType: `${facture}Le motif indiqué dans l'historique de la facture est maintenu.` },
  { code: 'ENGAGEMENT_QUESTION', libelle: 'Question sur un engagement juridique', estActif: true, idTechniqueCategorie: 2, destination: 'STRUCTURE', reponseType: "Le service gestionnaire confirme le numéro d'engagement juridique à porter sur vos factures." },
  { code: 'STRUCTURE_GESTIONNAIRE', libelle: "Désignation d'un nouveau gestionnaire principal", estActif: true, idTechniqueCategorie: 3, destination: 'SUPPORT', reponseType: `${support}Le nouveau gestionnaire principal est désigné.` },
  { code: 'STRUCTURE_PUBLIQUE', libelle: "Création ou désactivation d'une structure publique", estActif: true, idTechniqueCategorie: 3, destination: 'SUPPORT', reponseType: `${support}La demande sur la structure publique est enregistrée.` },
  { code: 'COMPTE_ACCES', libelle: 'Accès au compte utilisateur', estActif: true, idTechniqueCategorie: 4, destination: 'SUPPORT', reponseType: `${support}Vous pouvez réinitialiser votre mot de passe depuis la page de connexion.` },
  { code: 'COMPTE_RATTACHEMENT', libelle: 'Rattachement à une structure', estActif: true, idTechniqueCategorie: 4, destination: 'SUPPORT', reponseType: `${support}Votre demande de rattachement doit être validée par un gestionnaire de la structure.` },
  { code: 'PORTAIL_FONCTIONNEMENT', libelle: 'Fonctionnement du portail', estActif: true, idTechniqueCategorie: 5, destination: 'SUPPORT', reponseType: `${support}La documentation de la communauté Chorus Pro décrit cette fonctionnalité.` },
  { code: 'PORTAIL_RACCORDEMENT', libelle: 'Raccordement API ou EDI', estActif: true, idTechniqueCategorie: 5, destination: 'SUPPORT', reponseType: `${support}Les spécifications externes décrivent le raccordement en mode API.` },
];

/** When these lists were written (the look-up's dateCreation / dateDerniereModification). */
export const DATE_REFERENTIEL = '2026-01-01T00:00:00.000Z';

export function categorieParCode(code: string): Categorie | undefined {
  return CATEGORIES.find((c) => c.codeCategorie === code);
}

export function sousCategorie(categorie: Categorie, code: string): SousCategorie | undefined {
  return SOUS_CATEGORIES.find((s) => s.code === code && s.idTechniqueCategorie === categorie.idTechniqueCategorie);
}
