import { CIRCUIT_SIMPLE } from './simple.js';
import type { StatutFacture } from './statuts.js';
import { ligne, type Circuit, type Transition } from './types.js';

/**
 * Lifecycle of an invoice under validation (cadres A9 sous-traitant, A12 cotraitant), as data.
 *
 * Sources: chorus-domain §8.1–§8.4 (the table is [INFERENCE] there), §5 notes (valideur mandatory),
 * chorus-api §3.1.13–§3.1.14, CCP R2193-16 (15 days, tacit acceptance). Once accepted, the invoice
 * is deposited and routed exactly like a simple one: the simple circuit's rows from DEPOSEE on are
 * reused as they are. Each uncertain move is decided beside its row.
 */

/** A validator has 15 days from the mise à disposition to accept or refuse (R2193-16). */
export const DELAI_VALIDATION_JOURS = 15;

const AVEC_MOTIF = { motifObligatoire: true } as const;

const valideur = (de: StatutFacture, vers: StatutFacture, description: string, options = {}): Transition =>
  ligne(de, vers, 'VALIDEUR', 'traiter/factureAValider', description, options);
const systeme = (de: StatutFacture, vers: StatutFacture, description: string, options = {}): Transition =>
  ligne(de, vers, 'SYSTEME', 'acheminement', description, options);

/** Statuses of an invoice the public recipient does not see yet (still with its validators). */
export const STATUTS_AVANT_DESTINATAIRE = [
  'A_VALIDER_1',
  'ERREUR_FOURNISSEUR_SUR_VALIDEUR',
  'REFUSEE_1',
  'VALIDEE_1',
  'ABSENCE_VALIDATION_1_HORS_DELAI',
  'A_VALIDER_2',
  'ERREUR_COTRAITANT_SUR_VALIDEUR',
  'REFUSEE_2',
  'VALIDEE_2',
  'ABSENCE_VALIDATION_2_HORS_DELAI',
] as const satisfies readonly StatutFacture[];

const transitions: readonly Transition[] = [
  // --- Supplier: creation (§8.4 row 1). soumettre writes A_VALIDER_1 as the first status (as a simple
  // deposit writes DEPOSEE); the portal's draft goes the same way. ---
  ligne('BROUILLON', 'A_VALIDER_1', 'FOURNISSEUR', 'portail/envoyer', 'Mise à disposition du premier valideur'),

  // --- Validator 1 (§8.4 rows 2–4): titulaire (A9), mandataire (A12) or the co-contractor who sub-contracted ---
  valideur('A_VALIDER_1', 'VALIDEE_1', 'Validée par le premier valideur', { effets: ['DATER_VALIDATION_1', 'TRANSMETTRE'] }),
  // Uncertain: the refusal needs a motif (§8.3: the motif tells « Mauvais valideur » from any other).
  valideur('A_VALIDER_1', 'REFUSEE_1', 'Refusée par le premier valideur', AVEC_MOTIF),
  valideur('A_VALIDER_1', 'ERREUR_FOURNISSEUR_SUR_VALIDEUR', 'Refusée : le fournisseur s’est trompé de valideur', AVEC_MOTIF),
  // §8.4 row 5 / R2193-16: 15 days without an answer are a tacit acceptance.
  ligne('A_VALIDER_1', 'ABSENCE_VALIDATION_1_HORS_DELAI', 'SYSTEME', 'delai', 'Absence de validation dans le délai : acceptation tacite', {
    effets: ['DATER_VALIDATION_1', 'TRANSMETTRE'],
  }),
  // Uncertain: the depositor re-addresses it (corriger/valideur/facture) and the new validator gets
  // a fresh 15-day delay; no other way out (no documented abandonment).
  ligne('ERREUR_FOURNISSEUR_SUR_VALIDEUR', 'A_VALIDER_1', 'FOURNISSEUR', 'corriger/valideur/facture', 'Valideur corrigé par le fournisseur'),

  // --- After validator 1: to validator 2 when there is one, else deposited for the recipient ---
  systeme('VALIDEE_1', 'A_VALIDER_2', 'Mise à disposition du second valideur'),
  systeme('ABSENCE_VALIDATION_1_HORS_DELAI', 'A_VALIDER_2', 'Mise à disposition du second valideur'),
  systeme('VALIDEE_1', 'DEPOSEE', 'Déposée pour le destinataire après validation'),
  systeme('ABSENCE_VALIDATION_1_HORS_DELAI', 'DEPOSEE', 'Déposée pour le destinataire après validation tacite'),

  // --- Validator 2 (§8.4 row 6): the mandataire, for a sub-contractor of a co-contractor ---
  valideur('A_VALIDER_2', 'VALIDEE_2', 'Validée par le second valideur', { effets: ['DATER_VALIDATION_2', 'TRANSMETTRE'] }),
  valideur('A_VALIDER_2', 'REFUSEE_2', 'Refusée par le second valideur', AVEC_MOTIF),
  valideur('A_VALIDER_2', 'ERREUR_COTRAITANT_SUR_VALIDEUR', 'Refusée : le cotraitant s’est trompé de second valideur', AVEC_MOTIF),
  ligne('A_VALIDER_2', 'ABSENCE_VALIDATION_2_HORS_DELAI', 'SYSTEME', 'delai', 'Absence de validation dans le délai : acceptation tacite', {
    effets: ['DATER_VALIDATION_2', 'TRANSMETTRE'],
  }),
  // Uncertain: the status names the co-contractor's error, but the API's only correction operation
  // is the depositor's corriger/valideur/facture: the depositor names the right second validator and
  // the invoice goes back to A_VALIDER_2 (validator 1's acceptance stands).
  ligne('ERREUR_COTRAITANT_SUR_VALIDEUR', 'A_VALIDER_2', 'FOURNISSEUR', 'corriger/valideur/facture', 'Second valideur corrigé par le fournisseur'),
  systeme('VALIDEE_2', 'DEPOSEE', 'Déposée pour le destinataire après validation'),
  systeme('ABSENCE_VALIDATION_2_HORS_DELAI', 'DEPOSEE', 'Déposée pour le destinataire après validation tacite'),

  // --- Then as a simple invoice (§8.4 last row): routing, recipient processing, recycling ---
  ...CIRCUIT_SIMPLE.transitions.filter((t) => t.de !== 'BROUILLON' && t.de !== 'INTERPRETEE_OCR'),
];

export const CIRCUIT_VALIDATION: Circuit = {
  nom: 'VALIDATION',
  cadres: ['A9_FACTURE_SOUSTRAITANT', 'A12_FACTURE_COTRAITANT'],
  transitions,
  // REFUSEE_1/2: terminal for that piece (§8.4); the supplier deposits a new invoice.
  statutsFinaux: [...CIRCUIT_SIMPLE.statutsFinaux, 'REFUSEE_1', 'REFUSEE_2'],
  aTraiter: {
    ...CIRCUIT_SIMPLE.aTraiter,
    VALIDEUR: ['A_VALIDER_1', 'A_VALIDER_2'],
    FOURNISSEUR: ['ERREUR_FOURNISSEUR_SUR_VALIDEUR', 'ERREUR_COTRAITANT_SUR_VALIDEUR'],
  },
  actions: CIRCUIT_SIMPLE.actions,
};
