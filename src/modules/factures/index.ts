/**
 * The invoices module's public surface: what other modules (the control plane, the simulated
 * buyers, scenarios) and application plugins may call. Inside, one folder per use case:
 * `depot/` (soumettre, deposer/pdf, ajouter/fichier), `traitement/` (the lifecycle and the moves of
 * recipient and supplier), `consultation/` (searches, consultations, history, formatters),
 * `telechargement/` (PDF rendering, telecharger/groupe), `portail/` (what the portal's « Factures reçues » and
 * « Factures à valider » pages call, built on the API's services), over one `repository.ts` and `schemas/`.
 */
export { soumettre, tauxParCode } from './depot/soumission.js';
export { ajouterFichier, deposerPdf } from './depot/fichiers.js';
export { ajouterPieceJointeBrouillon, enregistrerBrouillon, envoyerBrouillon, modifierBrouillon, saisieDuBrouillon, supprimerBrouillon } from './depot/brouillon.js';
export { CADRES_AVEC_VALIDEUR, CADRES_SAISIE, completerFactureEmise, recyclerFactureEmise, typesPieceJointeFacture, completerFacturePdf, contexteSaisie, deposerFacturePdf, factureOcr, saisirFacture, totauxSaisie, type LigneSaisie, type Saisie } from './depot/saisie.js';
export { FAMILLES_STATUTS, ficheFactureEmise, fichierFactureEmise, rechercherFacturesEmises, syntheseFournisseur, type RechercheEmises } from './consultation/fiche.js';
export { acheminer, appliquerTransition, type Transition } from './traitement/lifecycle.js';
export * from './traitement/service.js';
export { delaiPaiementFacture } from './traitement/delai.js';
export { annuaire, ligneFournisseur } from './consultation/formatters.js';
export { certificatDepot } from './telechargement/pdf.js';
export { factureDe, nomDe, type Appelant, type Role } from './perimetre.js';
export { loadFactures } from './scenario.js';
export type { FactureRow, HistoriqueRow } from './repository.js';
export { statutApresDecision } from './validation/service.js';
export { rangAValider } from './validation/valideurs.js';
