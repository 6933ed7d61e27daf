import type { StatutFacture } from './statuts.js';
import { ligne, type Circuit, type Transition } from './types.js';

/**
 * Lifecycle of a simple invoice (cadres A1 / A2), as data.
 *
 * Sources: chorus-domain §6–§7 (table §7.2), chorus-api §4.1, §5.2–5.3, §3.1.4/5/11. The exact matrix of
 * `recupererEtatsPossiblesPourTraitement` is not public (chorus-domain §20, chorus-api §9.11): each
 * uncertain move is decided below, with its reason beside the row.
 */

const AVEC_MOTIF = { motifObligatoire: true } as const;
const SUSPENDRE = { motifObligatoire: true, effets: ['OUVRIR_SUSPENSION'] } as const;
const MANDATER = { champsObligatoires: ['numeroDPMandat'], effets: ['ENREGISTRER_MANDAT'] } as const;
const PAYER = { effets: ['DATER_PAIEMENT'] } as const;

const destinataire = (de: StatutFacture, vers: StatutFacture, description: string, options = {}): Transition =>
  ligne(de, vers, 'DESTINATAIRE', 'traiter/recue', description, options);

/** Statuses the recipient processes: just arrived, or back completed (« Complétée – mise à disposition », §6.1). */
const A_TRAITER_DESTINATAIRE = ['MISE_A_DISPOSITION', 'COMPLETEE'] as const satisfies readonly StatutFacture[];

const transitions: readonly Transition[] = [
  // --- Supplier: creation (§7.2 rows 1–3, chorus-api §3.1.3) ---
  ligne('BROUILLON', 'DEPOSEE', 'FOURNISSEUR', 'portail/envoyer', 'Brouillon validé et envoyé'),
  // Uncertain (§7.2 row 3): deleting a draft leaves a SUPPRIMEE trace rather than erasing the row, so
  // its history can still be read. ABANDONNEE has no documented trigger: not reachable.
  ligne('BROUILLON', 'SUPPRIMEE', 'FOURNISSEUR', 'portail/supprimer', 'Brouillon supprimé'),
  ligne('INTERPRETEE_OCR', 'DEPOSEE', 'FOURNISSEUR', 'soumettre', 'Facture OCR soumise (deposer/pdf puis soumettre)'),

  // --- System: routing (§7.2 row 4); the recipient's notification date is the legal receipt date (R2192-14) ---
  ligne('DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'SYSTEME', 'acheminement', 'Acheminement vers le destinataire'),
  ligne('EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'SYSTEME', 'acheminement', 'Mise à disposition du destinataire', {
    effets: ['DEMARRER_DELAI'],
  }),

  // --- Recipient: an invoice to process (§7.2 rows 5–9) ---
  ...A_TRAITER_DESTINATAIRE.flatMap((de) => [
    destinataire(de, 'SUSPENDUE', 'Suspendue : pièces justificatives manquantes', SUSPENDRE),
    destinataire(de, 'REJETEE', 'Rejetée : données de facturation erronées', AVEC_MOTIF),
    // Uncertain: the Swagger requires a motif only for REJETEE/SUSPENDUE; we require it for A_RECYCLER
    // too, because the supplier must know which routing data to correct (§7.3).
    destinataire(de, 'A_RECYCLER', "À recycler : erreur dans les données d'acheminement", AVEC_MOTIF),
    // Optional processing statuses (§7.1.3): the recipient may skip steps.
    destinataire(de, 'SERVICE_FAIT', 'Service fait constaté'),
    destinataire(de, 'MANDATEE', 'Mandatée / demande de paiement validée', MANDATER),
    destinataire(de, 'MISE_A_DISPOSITION_COMPTABLE', 'Mise à disposition du comptable'),
    destinataire(de, 'COMPTABILISEE', 'Comptabilisée'),
    destinataire(de, 'MISE_EN_PAIEMENT', 'Mise en paiement', PAYER),
  ]),

  // --- Recipient: onward processing, forward only (§6.2: no « mandatée » after « mise en paiement ») ---
  // Uncertain: suspension stays possible after SERVICE_FAIT since it is allowed until the payment order
  // (R2192-27); it is not from MANDATEE on.
  destinataire('SERVICE_FAIT', 'SUSPENDUE', 'Suspendue après service fait', SUSPENDRE),
  // §7.2 row 7 lists SERVICE_FAIT among the origins of a rejection.
  destinataire('SERVICE_FAIT', 'REJETEE', 'Rejetée après service fait', AVEC_MOTIF),
  // Uncertain: no A_RECYCLER after SERVICE_FAIT: once the service is certified, the routing was right.
  destinataire('SERVICE_FAIT', 'MANDATEE', 'Mandatée', MANDATER),
  destinataire('SERVICE_FAIT', 'MISE_A_DISPOSITION_COMPTABLE', 'Mise à disposition du comptable'),
  destinataire('SERVICE_FAIT', 'COMPTABILISEE', 'Comptabilisée'),
  destinataire('SERVICE_FAIT', 'MISE_EN_PAIEMENT', 'Mise en paiement', PAYER),

  // Uncertain: rejection still possible after MANDATEE and MISE_A_DISPOSITION_COMPTABLE, because the
  // accountant may reject the mandate and the ordonnateur then rejects the invoice (DGCL FAQ, §6.2 / notes §7.2).
  // No rejection from COMPTABILISEE on: the accountant has taken the mandate in charge.
  destinataire('MANDATEE', 'REJETEE', 'Rejetée après rejet du mandat', AVEC_MOTIF),
  destinataire('MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE', 'Mise à disposition du comptable'),
  destinataire('MANDATEE', 'COMPTABILISEE', 'Comptabilisée'),
  destinataire('MANDATEE', 'MISE_EN_PAIEMENT', 'Mise en paiement', PAYER),
  destinataire('MISE_A_DISPOSITION_COMPTABLE', 'REJETEE', 'Rejetée après rejet du mandat par le comptable', AVEC_MOTIF),
  destinataire('MISE_A_DISPOSITION_COMPTABLE', 'COMPTABILISEE', 'Comptabilisée'),
  destinataire('MISE_A_DISPOSITION_COMPTABLE', 'MISE_EN_PAIEMENT', 'Mise en paiement', PAYER),
  destinataire('COMPTABILISEE', 'MISE_EN_PAIEMENT', 'Mise en paiement', PAYER),

  // --- A suspended invoice (§7.2 row 11); leaving SUSPENDUE ends the interruption of the delay ---
  ligne('SUSPENDUE', 'COMPLETEE', 'FOURNISSEUR', 'completer', 'Complétée par le fournisseur (pièces et/ou commentaire)', {
    effets: ['FERMER_SUSPENSION'],
  }),
  // Uncertain: the Swagger accepts MISE_A_DISPOSITION as nouveauStatut and the PASTELL history shows
  // SUSPENDUE → MISE_A_DISPOSITION: the recipient may lift the suspension itself.
  destinataire('SUSPENDUE', 'MISE_A_DISPOSITION', 'Suspension levée par le destinataire', { effets: ['FERMER_SUSPENSION'] }),
  // Uncertain: rejection allowed from SUSPENDUE, or an invoice never completed would stay stuck.
  destinataire('SUSPENDUE', 'REJETEE', 'Rejetée faute de complément', { motifObligatoire: true, effets: ['FERMER_SUSPENSION'] }),

  // --- An invoice to recycle (§7.2 row 10) ---
  // Uncertain: straight to MISE_A_DISPOSITION (AIFE: « Elle passe alors au statut mise à disposition »)
  // without replaying DEPOSEE → EN_COURS_ACHEMINEMENT; the new recipient's delay starts afresh.
  ligne('A_RECYCLER', 'MISE_A_DISPOSITION', 'FOURNISSEUR', 'recycler', 'Recyclée : réacheminée au bon destinataire', {
    effets: ['REDEMARRER_DELAI'],
  }),

  // REJETEE is terminal: acknowledging the rejection or « Traiter le rejet » (traiterFacturesRejetees)
  // is not a status change but a history action (see `actions`).
  // PRISE_EN_COMPTE_DESTINATAIRE is not among the statuses of traiter/recue: not modelled.
];

export const CIRCUIT_SIMPLE: Circuit = {
  nom: 'SIMPLE',
  cadres: ['A1_FACTURE_FOURNISSEUR', 'A2_FACTURE_FOURNISSEUR_DEJA_PAYEE'],
  transitions,
  // REJETEE: a new invoice with a new number (§7.2 notes).
  statutsFinaux: ['REJETEE', 'MISE_EN_PAIEMENT', 'SUPPRIMEE'],
  aTraiter: {
    DESTINATAIRE: A_TRAITER_DESTINATAIRE,
  },
  actions: [
    { code: 'ACQUITTEMENT_REJET', acteur: 'FOURNISSEUR', statuts: ['REJETEE'] },
    { code: 'ACQUITTEMENT_SUSPENSION', acteur: 'FOURNISSEUR', statuts: ['SUSPENDUE'] },
    { code: 'TRAITEMENT_REJET', acteur: 'FOURNISSEUR', statuts: ['REJETEE'] },
  ],
};
