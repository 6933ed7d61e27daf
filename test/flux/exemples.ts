import { cleLuhn } from '../../src/domain/identifiants.js';
import type { FactureLue } from '../../src/modules/flux/modele.js';

/** A SIRET with a valid key from its first 13 digits. */
export const siret = (debut13: string) => debut13 + cleLuhn(debut13);
export const SIRET_FOURNISSEUR = siret('4108290060001');
export const SIRET_DESTINATAIRE = siret('1100020110004');

/**
 * A valid EN 16931 invoice with Chorus routing data: two lines at 20 % and 10 %, A1, code service,
 * engagement, SIRETs with schemeID 1. Each test breaks one rule at a time on a copy.
 */
export function factureExemple(modifs: Partial<FactureLue> = {}): FactureLue {
  const adresse = { ligne1: '1 rue de la Paix', ville: 'Paris', codePostal: '75002', codePays: 'FR' };
  return {
    syntaxe: 'UBL',
    racine: 'Invoice',
    numero: 'FA-2026-0001',
    dateEmission: '2026-11-20',
    typeCode: '380',
    devise: 'EUR',
    note: 'Prestations de novembre',
    cadre: 'A1',
    specification: 'urn:cen.eu:en16931:2017',
    codeService: 'SERVICE_COMPTA',
    numeroEngagement: 'EJ-0001',
    numeroMarche: null,
    factureOrigine: null,
    fournisseur: { nom: 'Menuiserie Dupont', identifiant: { valeur: SIRET_FOURNISSEUR, schemeID: '1' }, numeroTva: 'FR32410829006', adresse },
    acheteur: { nom: 'Commune de Test', identifiant: { valeur: SIRET_DESTINATAIRE, schemeID: '1' }, numeroTva: null, adresse },
    valideur: null,
    modePaiement: '30',
    iban: 'FR7630006000011234567890189',
    lignes: [
      { numero: '1', quantite: 3, unite: 'C62', montantNet: 300, prixUnitaire: 100, quantiteBase: null, categorieTva: 'S', tauxTva: 20, denomination: 'Pose de fenêtres', reference: 'POSE' },
      { numero: '2', quantite: 2, unite: 'HUR', montantNet: 90.5, prixUnitaire: 45.25, quantiteBase: null, categorieTva: 'S', tauxTva: 10, denomination: 'Main-d’œuvre', reference: null },
    ],
    ventilationTva: [
      { base: 300, montant: 60, categorie: 'S', taux: 20, motifExoneration: null },
      { base: 90.5, montant: 9.05, categorie: 'S', taux: 10, motifExoneration: null },
    ],
    remisesCharges: [],
    totaux: { sommeLignes: 390.5, remises: null, charges: null, totalHT: 390.5, totalTVA: 69.05, totalTTC: 459.55, acompte: null, arrondi: null, aPayer: 459.55 },
    piecesJointes: [],
    ...modifs,
  };
}
