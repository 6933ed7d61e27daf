/**
 * Cycle de vie d'une facture simple (cadres A1 / A2) décrit comme des données.
 *
 * Sources : chorus-domain §6–§7 (tableau §7.2), chorus-api §4.1, §5.2–5.3, §3.1.4/5/11.
 * La matrice exacte de `recupererEtatsPossiblesPourTraitement` n'est pas publique
 * (chorus-domain §20, chorus-api §9.11) : chaque mouvement incertain est tranché
 * ci-dessous, avec la raison en commentaire à côté de la ligne.
 */

/** Les 56 statuts du fil (`statutFacture`, `nouveauStatut`…), dans l'ordre officiel du Swagger. */
export const STATUTS_FACTURE = [
  'BROUILLON',
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
  'DEPOSEE',
  'ERREUR_FOURNISSEUR_SUR_MOE',
  'EN_COURS_ACHEMINEMENT',
  'MISE_A_DISPOSITION',
  'A_RECYCLER',
  'SUSPENDUE',
  'REJETEE',
  'MANDATEE',
  'MISE_EN_PAIEMENT',
  'COMPTABILISEE',
  'MISE_A_DISPOSITION_COMPTABLE',
  'ABANDONNEE',
  'SUPPRIMEE',
  'ASSOCIEE',
  'EN_COURS_TRAITEMENT_PIVOT_S',
  'A_VALIDER_MOE',
  'REFUSEE_MOE',
  'EN_ATTENTE_RECYCLAGE_FOURNISSEUR',
  'ERREUR_MOE_SUR_FOURNISSEUR',
  'ERREUR_MOA_SUR_FOURNISSEUR',
  'INTERPRETEE_OCR',
  'COMPLETEE',
  'ERREUR_FOURNISSEUR_SUR_MOA',
  'ERREUR_MOE_SUR_MOA',
  'ERREUR_DESTINATAIRE_PD',
  'ERREUR_DESTINATAIRE_EA',
  'SERVICE_FAIT',
  'NON_CONFORME',
  'A_ASSOCIER_MOE',
  'ERREUR_DE_MOE',
  'MISE_A_DISPOSITION_MOE',
  'PRISE_EN_COMPTE_MOE',
  'A_ASSOCIER_MOA',
  'ERREUR_DE_MOA',
  'REFUSEE_MOA',
  'A_ASSOCIER_FOURNISSEUR',
  'REFUSEE_FOURNISSEUR',
  'A_COMPLETER',
  'TRANSMISE_MOA',
  'PRISE_EN_COMPTE_DESTINATAIRE',
  'REMPLACEE_PAR_A22',
  'DUPLIQUE_APRES_REFUS',
  'MISE_A_DISPOSITION_MOA',
  'PRISE_EN_COMPTE_MOA',
  'TECHNIQUE_INCONNU',
] as const;

export type StatutFacture = (typeof STATUTS_FACTURE)[number];

export function estStatutFacture(valeur: unknown): valeur is StatutFacture {
  return typeof valeur === 'string' && (STATUTS_FACTURE as readonly string[]).includes(valeur);
}

/**
 * Qui déclenche le changement de statut.
 * Les statuts « comptables » (MISE_A_DISPOSITION_COMPTABLE, COMPTABILISEE, MISE_EN_PAIEMENT)
 * sont posés côté public : dans le bac à sable ils passent par `traiter/recue`
 * (le Swagger les autorise en `nouveauStatut`), donc acteur DESTINATAIRE.
 */
export const ACTEURS = ['SYSTEME', 'DESTINATAIRE', 'FOURNISSEUR'] as const;
export type Acteur = (typeof ACTEURS)[number];

/** Opération (API ou portail) qui porte la transition. */
export type OperationTransition =
  | 'acheminement' // automatique, Chorus Pro
  | 'traiter/recue'
  | 'completer'
  | 'recycler'
  | 'soumettre'
  | 'portail/envoyer'
  | 'portail/supprimer';

export interface TransitionFacture {
  readonly from: StatutFacture;
  readonly to: StatutFacture;
  readonly actor: Acteur;
  readonly operation: OperationTransition;
  /** `motif` exigé (traiter/recue : « obligation de motiver son choix »). */
  readonly motifObligatoire: boolean;
  /** Champs de la requête qui doivent être renseignés, noms du fil. */
  readonly champsObligatoires?: readonly string[];
  readonly description: string;
}

type Options = Pick<TransitionFacture, 'motifObligatoire' | 'champsObligatoires'>;
const SANS_MOTIF: Options = { motifObligatoire: false };
const AVEC_MOTIF: Options = { motifObligatoire: true };
const MANDAT: Options = { motifObligatoire: false, champsObligatoires: ['numeroDPMandat'] };

function systeme(from: StatutFacture, to: StatutFacture, description: string): TransitionFacture {
  return { from, to, actor: 'SYSTEME', operation: 'acheminement', ...SANS_MOTIF, description };
}
function destinataire(
  from: StatutFacture,
  to: StatutFacture,
  options: Options,
  description: string,
): TransitionFacture {
  return { from, to, actor: 'DESTINATAIRE', operation: 'traiter/recue', ...options, description };
}
function fournisseur(
  from: StatutFacture,
  to: StatutFacture,
  operation: OperationTransition,
  description: string,
): TransitionFacture {
  return { from, to, actor: 'FOURNISSEUR', operation, ...SANS_MOTIF, description };
}

/**
 * Statuts « à traiter » par le destinataire : la facture vient d'arriver ou revient
 * complétée (« Complétée – mise à disposition », §6.1) ; §7.2 lignes 5 à 8 les traitent pareil.
 */
const A_TRAITER = ['MISE_A_DISPOSITION', 'COMPLETEE'] as const;

export const TRANSITIONS_FACTURE: readonly TransitionFacture[] = [
  // --- Fournisseur : création (§7.2 lignes 1–3, chorus-api §3.1.3) ---
  fournisseur('BROUILLON', 'DEPOSEE', 'portail/envoyer', 'Brouillon validé et envoyé'),
  // Incertain (§7.2 ligne 3) : la suppression d'un brouillon laisse une trace SUPPRIMEE plutôt que
  // d'effacer la ligne, pour que l'historique reste consultable. ABANDONNEE n'a aucun déclencheur documenté : non atteignable.
  fournisseur('BROUILLON', 'SUPPRIMEE', 'portail/supprimer', 'Brouillon supprimé'),
  fournisseur('INTERPRETEE_OCR', 'DEPOSEE', 'soumettre', 'Facture OCR soumise (deposer/pdf puis soumettre)'),

  // --- Système : acheminement (§7.2 ligne 4) ---
  systeme('DEPOSEE', 'EN_COURS_ACHEMINEMENT', "Acheminement vers le destinataire"),
  systeme('EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'Mise à disposition du destinataire'),

  // --- Destinataire : facture à traiter (§7.2 lignes 5–9) ---
  ...A_TRAITER.flatMap((from) => [
    destinataire(from, 'SUSPENDUE', AVEC_MOTIF, 'Suspendue : pièces justificatives manquantes'),
    destinataire(from, 'REJETEE', AVEC_MOTIF, 'Rejetée : données de facturation erronées'),
    // Incertain : le Swagger n'exige le motif que pour REJETEE/SUSPENDUE ; on l'exige aussi pour
    // A_RECYCLER, car le fournisseur doit savoir quelle donnée d'acheminement corriger (§7.3).
    destinataire(from, 'A_RECYCLER', AVEC_MOTIF, "À recycler : erreur dans les données d'acheminement"),
    // Statuts de traitement facultatifs (§7.1.3) : le destinataire peut sauter des étapes.
    destinataire(from, 'SERVICE_FAIT', SANS_MOTIF, 'Service fait constaté'),
    destinataire(from, 'MANDATEE', MANDAT, 'Mandatée / demande de paiement validée'),
    destinataire(from, 'MISE_A_DISPOSITION_COMPTABLE', SANS_MOTIF, 'Mise à disposition du comptable'),
    destinataire(from, 'COMPTABILISEE', SANS_MOTIF, 'Comptabilisée'),
    destinataire(from, 'MISE_EN_PAIEMENT', SANS_MOTIF, 'Mise en paiement'),
  ]),

  // --- Destinataire : suite du traitement, uniquement vers l'avant (§6.2 : éviter « mandatée » après « mise en paiement ») ---
  // Incertain : la suspension reste possible après SERVICE_FAIT car elle est permise jusqu'à
  // l'ordonnancement (R2192-27) ; elle ne l'est plus à partir de MANDATEE.
  destinataire('SERVICE_FAIT', 'SUSPENDUE', AVEC_MOTIF, 'Suspendue après service fait'),
  // §7.2 ligne 7 liste SERVICE_FAIT parmi les origines du rejet.
  destinataire('SERVICE_FAIT', 'REJETEE', AVEC_MOTIF, 'Rejetée après service fait'),
  // Incertain : pas d'A_RECYCLER après SERVICE_FAIT : si le service fait est constaté, l'acheminement était juste.
  destinataire('SERVICE_FAIT', 'MANDATEE', MANDAT, 'Mandatée'),
  destinataire('SERVICE_FAIT', 'MISE_A_DISPOSITION_COMPTABLE', SANS_MOTIF, 'Mise à disposition du comptable'),
  destinataire('SERVICE_FAIT', 'COMPTABILISEE', SANS_MOTIF, 'Comptabilisée'),
  destinataire('SERVICE_FAIT', 'MISE_EN_PAIEMENT', SANS_MOTIF, 'Mise en paiement'),

  // Incertain : rejet encore possible après MANDATEE et MISE_A_DISPOSITION_COMPTABLE, parce que le comptable
  // peut rejeter le mandat et que l'ordonnateur rejette alors la facture (FAQ DGCL, §6.2 / notes §7.2).
  // Plus de rejet à partir de COMPTABILISEE : le comptable a pris le mandat en charge.
  destinataire('MANDATEE', 'REJETEE', AVEC_MOTIF, 'Rejetée après rejet du mandat'),
  destinataire('MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE', SANS_MOTIF, 'Mise à disposition du comptable'),
  destinataire('MANDATEE', 'COMPTABILISEE', SANS_MOTIF, 'Comptabilisée'),
  destinataire('MANDATEE', 'MISE_EN_PAIEMENT', SANS_MOTIF, 'Mise en paiement'),
  destinataire('MISE_A_DISPOSITION_COMPTABLE', 'REJETEE', AVEC_MOTIF, 'Rejetée après rejet du mandat par le comptable'),
  destinataire('MISE_A_DISPOSITION_COMPTABLE', 'COMPTABILISEE', SANS_MOTIF, 'Comptabilisée'),
  destinataire('MISE_A_DISPOSITION_COMPTABLE', 'MISE_EN_PAIEMENT', SANS_MOTIF, 'Mise en paiement'),
  destinataire('COMPTABILISEE', 'MISE_EN_PAIEMENT', SANS_MOTIF, 'Mise en paiement'),

  // --- Facture suspendue (§7.2 ligne 11) ---
  fournisseur('SUSPENDUE', 'COMPLETEE', 'completer', 'Complétée par le fournisseur (pièces et/ou commentaire)'),
  // Incertain : le Swagger accepte MISE_A_DISPOSITION en nouveauStatut et l'historique PASTELL montre
  // SUSPENDUE → MISE_A_DISPOSITION : le destinataire peut lever lui-même la suspension.
  destinataire('SUSPENDUE', 'MISE_A_DISPOSITION', SANS_MOTIF, 'Suspension levée par le destinataire'),
  // Incertain : rejet permis depuis SUSPENDUE, sinon une facture jamais complétée resterait bloquée.
  destinataire('SUSPENDUE', 'REJETEE', AVEC_MOTIF, 'Rejetée faute de complément'),

  // --- Facture à recycler (§7.2 ligne 10) ---
  // Incertain : on passe directement à MISE_A_DISPOSITION (texte AIFE : « Elle passe alors au statut
  // mise à disposition ») sans rejouer DEPOSEE → EN_COURS_ACHEMINEMENT.
  fournisseur('A_RECYCLER', 'MISE_A_DISPOSITION', 'recycler', 'Recyclée : réacheminée au bon destinataire'),

  // REJETEE est terminal : acquitter le rejet ou « Traiter le rejet » (traiterFacturesRejetees) n'est
  // pas un changement de statut mais une action d'historique (voir ACTIONS_SANS_CHANGEMENT_STATUT).
  // PRISE_EN_COMPTE_DESTINATAIRE n'est pas dans la liste des statuts de traiter/recue : non modélisé.
];

/**
 * Actions qui ne changent pas le statut mais sont tracées dans l'historique
 * (`histoActionCode`, §7.2 lignes 12–13).
 */
export const ACTIONS_SANS_CHANGEMENT_STATUT = [
  { code: 'ACQUITTEMENT_REJET', actor: 'FOURNISSEUR', statuts: ['REJETEE'] },
  { code: 'ACQUITTEMENT_SUSPENSION', actor: 'FOURNISSEUR', statuts: ['SUSPENDUE'] },
  { code: 'TRAITEMENT_REJET', actor: 'FOURNISSEUR', statuts: ['REJETEE'] },
] as const satisfies readonly { code: string; actor: Acteur; statuts: readonly StatutFacture[] }[];

/** Fin du cycle : plus aucune transition (REJETEE : nouvelle facture, nouveau numéro). */
export const STATUTS_FINAUX_FACTURE: readonly StatutFacture[] = ['REJETEE', 'MISE_EN_PAIEMENT', 'SUPPRIMEE'];

export function transitionsDepuis(statut: StatutFacture, actor?: Acteur): TransitionFacture[] {
  return TRANSITIONS_FACTURE.filter((t) => t.from === statut && (actor === undefined || t.actor === actor));
}

/** La transition autorisée, ou `undefined` (→ codeRetour 20002 « Incohérence … statut »). */
export function trouverTransition(
  from: StatutFacture,
  to: StatutFacture,
  actor: Acteur,
): TransitionFacture | undefined {
  return TRANSITIONS_FACTURE.find((t) => t.from === from && t.to === to && t.actor === actor);
}

/** Ce que le destinataire peut poser depuis `statutCourant` (`recuperer/etats/traitement`), ordre officiel. */
export function statutsPossiblesPourTraitement(statutCourant: StatutFacture): StatutFacture[] {
  const cibles = new Set(transitionsDepuis(statutCourant, 'DESTINATAIRE').map((t) => t.to));
  return STATUTS_FACTURE.filter((s) => cibles.has(s));
}

export function estStatutFinal(statut: StatutFacture): boolean {
  return STATUTS_FINAUX_FACTURE.includes(statut);
}
