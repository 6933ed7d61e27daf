import { CIRCUIT_SIMPLE } from './simple.js';
import type { StatutFacture } from './statuts.js';
import { ligne, type Acteur, type Circuit, type Transition } from './types.js';

/**
 * Works invoices (marchés de travaux, CCAG-Travaux), as data. Sources: chorus-domain §9.2–§9.5,
 * §10.2, §10.5; chorus-api §3.6, §4.3, §4.9; complements §1, §4. The reference's table (§9.5) is
 * marked [INFERENCE]: each uncertain move is decided beside its row.
 *
 * Two circuits: TRAVAUX for the pieces exchanged between titulaire, MOE and MOA (they are never
 * paid themselves), TRAVAUX_PAIEMENT for the pieces sent to the service financier, which processes
 * them in « Factures reçues » as simple invoices (§9.1, §9.3 step 3).
 */

/** Who deposits a piece, to whom it goes (chorus-domain §9.3–§9.4). */
export type RoleTravaux = 'FOURNISSEUR' | 'MOE' | 'MOA';
export type AdresseTravaux = 'MOE' | 'MOA' | 'FOURNISSEUR' | 'DESTINATAIRE';

export interface PieceTravaux {
  readonly typeFactureTravaux: string;
  readonly deposant: RoleTravaux;
  /** Addressee; a titulaire's piece « to the MOE » goes to the MOA when the dossier has no MOE. */
  readonly adresse: AdresseTravaux;
  /** Cadres this piece may follow (« déposer la pièce de facturation suivante »); empty = initial deposit only. */
  readonly suit: readonly string[];
  /** May open a dossier (deposit without reference). */
  readonly initiale: boolean;
  /** Monthly (acompte) or end-of-contract (solde) dossier. */
  readonly nature: 'MENSUEL' | 'FINAL';
}

const MENSUELS_FOURNISSEUR = ['A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR', 'A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT', 'A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT'];
const FINAUX_FOURNISSEUR = ['A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR', 'A11_PROJET_DECOMPTE_FINAL_SOUSTRAITANT', 'A14_PROJET_DECOMPTE_FINAL_COTRAITANT'];

const projet = (typeFactureTravaux: string, nature: PieceTravaux['nature']): PieceTravaux => ({
  typeFactureTravaux,
  deposant: 'FOURNISSEUR',
  adresse: 'MOE',
  suit: [],
  initiale: true,
  nature,
});

/**
 * The works cadres the sandbox simulates. Not simulated: A5/A6 (« état d'acompte (validé)
 * fournisseur »: no narrative in the reference), A21 (TIC refund, not works), A24/A25 (the
 * sandbox itself turns the A22 into the A23 when the 10 days pass, so a MOE/MOA tacit piece
 * would have nothing left to follow).
 */
export const PIECES_TRAVAUX: Readonly<Record<string, PieceTravaux>> = {
  // Sub-contractor and co-contractor projets carry the same typeFactureTravaux as the titulaire's:
  // the cadre tells who deposited. DP_DE_SOUSTRAITANT_TRAVAUX (§4.9) has no narrative: unused.
  A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR: projet('PROJET_DECOMPTE_MENSUEL', 'MENSUEL'),
  A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT: projet('PROJET_DECOMPTE_MENSUEL', 'MENSUEL'),
  A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT: projet('PROJET_DECOMPTE_MENSUEL', 'MENSUEL'),
  A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR: projet('PROJET_DECOMPTE_FINAL', 'FINAL'),
  A11_PROJET_DECOMPTE_FINAL_SOUSTRAITANT: projet('PROJET_DECOMPTE_FINAL', 'FINAL'),
  A14_PROJET_DECOMPTE_FINAL_COTRAITANT: projet('PROJET_DECOMPTE_FINAL', 'FINAL'),
  A15_ETAT_ACOMPTE_MOE: { typeFactureTravaux: 'ETAT_ACOMPTE', deposant: 'MOE', adresse: 'MOA', suit: MENSUELS_FOURNISSEUR, initiale: false, nature: 'MENSUEL' },
  // [INFERENCE from label] §9.3: a MOE mandated to do so sends its état d'acompte validé for payment.
  A16_ETAT_ACOMPTE_VALIDE_MOE: { typeFactureTravaux: 'ETAT_ACOMPTE_VALIDE', deposant: 'MOE', adresse: 'DESTINATAIRE', suit: MENSUELS_FOURNISSEUR, initiale: false, nature: 'MENSUEL' },
  // Without MOE the MOA answers the titulaire's projet itself (§9.6 « structure avec MOA »).
  A19_ETAT_ACOMPTE_VALIDE_MOA: {
    typeFactureTravaux: 'ETAT_ACOMPTE_VALIDE',
    deposant: 'MOA',
    adresse: 'DESTINATAIRE',
    suit: ['A15_ETAT_ACOMPTE_MOE', ...MENSUELS_FOURNISSEUR],
    initiale: false,
    nature: 'MENSUEL',
  },
  A17_PROJET_DECOMPTE_GENERAL_MOE: { typeFactureTravaux: 'PROJET_DECOMPTE_GENERAL', deposant: 'MOE', adresse: 'MOA', suit: FINAUX_FOURNISSEUR, initiale: false, nature: 'FINAL' },
  // [INFERENCE] §9.4 step 3 variant: the MOE deposits the DG for the titulaire's signature.
  A18_DECOMPTE_GENERAL_MOE: { typeFactureTravaux: 'DECOMPTE_GENERAL', deposant: 'MOE', adresse: 'FOURNISSEUR', suit: FINAUX_FOURNISSEUR, initiale: false, nature: 'FINAL' },
  // The MOA's DG answers the MOE's A17, the titulaire's A7 when there is no MOE, or the A22 within the 10 days.
  A20_DECOMPTE_GENERAL_MOA: {
    typeFactureTravaux: 'DECOMPTE_GENERAL',
    deposant: 'MOA',
    adresse: 'FOURNISSEUR',
    suit: ['A17_PROJET_DECOMPTE_GENERAL_MOE', ...FINAUX_FOURNISSEUR, 'A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE'],
    initiale: false,
    nature: 'FINAL',
  },
  A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR: {
    typeFactureTravaux: 'DECOMPTE_GENERAL_SIGNE',
    deposant: 'FOURNISSEUR',
    adresse: 'DESTINATAIRE',
    suit: ['A20_DECOMPTE_GENERAL_MOA', 'A18_DECOMPTE_GENERAL_MOE'],
    initiale: false,
    nature: 'FINAL',
  },
  // CCAG-T art. 12.4.4: the tacit procedure needs the projet de décompte final sent through Chorus Pro.
  A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE: {
    typeFactureTravaux: 'PROJET_DECOMPTE_GENERAL_PROCEDURE_TACITE',
    deposant: 'FOURNISSEUR',
    adresse: 'MOA',
    suit: FINAUX_FOURNISSEUR,
    initiale: false,
    nature: 'FINAL',
  },
  // Deposited by the sandbox for the titulaire when the 10 days pass (never through the API).
  A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR: {
    typeFactureTravaux: 'DECOMPTE_GENERAL_DEFINITIF_TACITE',
    deposant: 'FOURNISSEUR',
    adresse: 'DESTINATAIRE',
    suit: ['A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE'],
    initiale: false,
    nature: 'FINAL',
  },
};

export const CADRE_DGD_TACITE = 'A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR';
export const CADRE_TACITE = 'A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE';
/** CCAG-T 2021 art. 12.4.4: the MOA has 10 days to notify a DG after the titulaire's A22. */
export const JOURS_DGD_TACITE = 10;

/** Works refusal motifs (complements §4.3, codes of `recupererMotifsRefusFactureTravaux`). */
export const MOTIFS_REFUS_TRAVAUX = ['AUTRE', 'MAUVAISE_MOE', 'MAUVAISE_MOA', 'ERREUR_MONTANT'] as const;
export type MotifRefusTravaux = (typeof MOTIFS_REFUS_TRAVAUX)[number];

/**
 * The status a refusal sets, by refusing actor, motif and depositor of the piece ([INFERENCE]
 * complements §4.3). Undefined: that actor cannot refuse for that motif. « Erreur de montant » is
 * never a refusal (§9.3, CCP R2192-34): the service answers it with its own error.
 */
export function statutDeRefus(refusant: RoleTravaux, motif: MotifRefusTravaux, deposant: RoleTravaux): StatutFacture | undefined {
  if (motif === 'ERREUR_MONTANT') return undefined;
  if (refusant === 'MOE') return motif === 'MAUVAISE_MOE' ? 'ERREUR_FOURNISSEUR_SUR_MOE' : motif === 'AUTRE' ? 'REFUSEE_MOE' : undefined;
  if (refusant === 'MOA') {
    if (motif === 'MAUVAISE_MOA') return deposant === 'MOE' ? 'ERREUR_MOE_SUR_MOA' : 'ERREUR_FOURNISSEUR_SUR_MOA';
    return motif === 'AUTRE' ? 'REFUSEE_MOA' : undefined;
  }
  return motif === 'AUTRE' ? 'REFUSEE_FOURNISSEUR' : undefined;
}

/** What each works actor has to act on (Synthèse of « Factures de travaux », rechercher/atraiter). */
const A_TRAITER_MOE = ['MISE_A_DISPOSITION_MOE', 'PRISE_EN_COMPTE_MOE'] as const satisfies readonly StatutFacture[];
// A_ASSOCIER_MOA: a projet de décompte addressed straight to the MOA, as observed on a MOA search (complements §4.4).
const A_TRAITER_MOA = ['MISE_A_DISPOSITION_MOA', 'A_ASSOCIER_MOA', 'PRISE_EN_COMPTE_MOA'] as const satisfies readonly StatutFacture[];
const A_TRAITER_FOURNISSEUR = ['A_ASSOCIER_FOURNISSEUR'] as const satisfies readonly StatutFacture[];

const DEMARRER = { effets: ['DEMARRER_DELAI'] } as const;
const MOTIF = { motifObligatoire: true } as const;
const REDEMARRER = { effets: ['REDEMARRER_DELAI'] } as const;

const systeme = (de: StatutFacture, vers: StatutFacture, description: string, options = {}): Transition =>
  ligne(de, vers, 'SYSTEME', 'acheminement', description, options);

const repondre = (acteur: Acteur, statuts: readonly StatutFacture[], refus: readonly StatutFacture[]): Transition[] =>
  statuts.flatMap((de) => [
    ligne(de, 'ASSOCIEE', acteur, 'facturesTravaux/soumettre', `Pièce suivante déposée par ${acteur === 'FOURNISSEUR' ? 'le titulaire' : `la ${acteur}`} : associée au dossier`),
    ...refus.map((vers) => ligne(de, vers, acteur, 'facturesTravaux/refuser', `Refusée par ${acteur === 'FOURNISSEUR' ? 'le titulaire' : `la ${acteur}`}`, MOTIF)),
  ]);

const transitionsTravaux: readonly Transition[] = [
  // --- Routing to the addressee (§9.5 column « status seen by addressee ») ---
  // The délai global de paiement of an acompte runs from the mise à disposition of the projet de
  // décompte mensuel to the MOE (§9.3 step 1, §10.2); without MOE, from its mise à disposition to
  // the MOA (R2192-12: receipt by the buyer). The dossier keeps that date for its paid piece.
  systeme('DEPOSEE', 'MISE_A_DISPOSITION_MOE', 'Mise à disposition de la maîtrise d’œuvre', DEMARRER),
  // Uncertain: §9.5 names TRANSMISE_MOA beside MISE_A_DISPOSITION_MOA; the sandbox uses the latter only.
  systeme('DEPOSEE', 'MISE_A_DISPOSITION_MOA', 'Mise à disposition de la maîtrise d’ouvrage'),
  systeme('DEPOSEE', 'A_ASSOCIER_MOA', 'Projet de décompte mis à disposition de la maîtrise d’ouvrage (sans MOE)', DEMARRER),
  systeme('DEPOSEE', 'A_ASSOCIER_FOURNISSEUR', 'Décompte général mis à disposition du titulaire pour signature'),

  // --- MOE (§9.5 rows 1, 4) ---
  ligne('MISE_A_DISPOSITION_MOE', 'PRISE_EN_COMPTE_MOE', 'MOE', 'facturesTravaux/prendreEnCompte', 'Prise en compte par la maîtrise d’œuvre'),
  // A MOE refusal stops the circuit (§9.3 step 2): REFUSEE_MOE and ERREUR_FOURNISSEUR_SUR_MOE are final.
  // ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE (§9.5) is not in the official enum and no source shows
  // a timeout on works pieces (complements §4.1): no move on the 7 days.
  ...repondre('MOE', A_TRAITER_MOE, ['REFUSEE_MOE', 'ERREUR_FOURNISSEUR_SUR_MOE']),

  // --- MOA (§9.5 rows 2, 5; row 1 without MOE) ---
  ligne('MISE_A_DISPOSITION_MOA', 'PRISE_EN_COMPTE_MOA', 'MOA', 'facturesTravaux/prendreEnCompte', 'Prise en compte par la maîtrise d’ouvrage'),
  ligne('A_ASSOCIER_MOA', 'PRISE_EN_COMPTE_MOA', 'MOA', 'facturesTravaux/prendreEnCompte', 'Prise en compte par la maîtrise d’ouvrage'),
  // A piece in A_ASSOCIER_MOA is always the titulaire's (no MOE): no ERREUR_MOE_SUR_MOA from there.
  ...repondre('MOA', A_TRAITER_MOA, ['REFUSEE_MOA', 'ERREUR_FOURNISSEUR_SUR_MOA']),
  ...(['MISE_A_DISPOSITION_MOA', 'PRISE_EN_COMPTE_MOA'] as const).map((de) =>
    ligne(de, 'ERREUR_MOE_SUR_MOA', 'MOA', 'facturesTravaux/refuser', 'Refusée par la MOA : erreur de la MOE sur la MOA', MOTIF),
  ),

  // --- Titulaire and the décompte général (§9.5 row 6) ---
  ...repondre('FOURNISSEUR', A_TRAITER_FOURNISSEUR, ['REFUSEE_FOURNISSEUR']),

  // --- Ask to complete, then complete (complements §1.2 COM-susp; statuses [INFERENCE] §1.2) ---
  // Uncertain: the reference gives A_COMPLETER (« Demande de complément ») or SUSPENDUE. Decided:
  // A_COMPLETER only, with a required commentaire (the only field of the COM example besides the id);
  // asked by the MOE or the MOA that the piece waits for, never by the titulaire.
  ...A_TRAITER_MOE.map((de) => ligne(de, 'A_COMPLETER', 'MOE', 'facturesTravaux/suspendre', 'Demande de complément de la maîtrise d’œuvre', MOTIF)),
  ...A_TRAITER_MOA.map((de) => ligne(de, 'A_COMPLETER', 'MOA', 'facturesTravaux/suspendre', 'Demande de complément de la maîtrise d’ouvrage', MOTIF)),
  // Uncertain (completer/completermoe bodies NOT FOUND): the completed piece is routed again to its
  // addressee, as on its deposit: the titulaire's to the MOE (A_ASSOCIER_MOA without MOE, the A22 to
  // the MOA); the MOE's (A15, A17) to the MOA. Nothing records who asked: the route decides.
  ligne('A_COMPLETER', 'MISE_A_DISPOSITION_MOE', 'FOURNISSEUR', 'facturesTravaux/completer', 'Complétée par le titulaire, remise à disposition de la maîtrise d’œuvre'),
  ligne('A_COMPLETER', 'A_ASSOCIER_MOA', 'FOURNISSEUR', 'facturesTravaux/completer', 'Complétée par le titulaire, remise à disposition de la maîtrise d’ouvrage (sans MOE)'),
  ligne('A_COMPLETER', 'MISE_A_DISPOSITION_MOA', 'FOURNISSEUR', 'facturesTravaux/completer', 'Complétée par le titulaire (A22), remise à disposition de la maîtrise d’ouvrage'),
  ligne('A_COMPLETER', 'MISE_A_DISPOSITION_MOA', 'MOE', 'facturesTravaux/completermoe', 'Complétée par la maîtrise d’œuvre, remise à disposition de la maîtrise d’ouvrage'),

  // --- Recycling: a piece addressed to the wrong MOE or MOA (complements §1.2 COM-dem, COM-recy, §4.3, §4.4) ---
  // demander/recyclage (DemanderRecyclagePiecePrecedente): the MOE or the MOA that received the piece (the
  // actor it waits for) sends it back to its depositor because it is not (or not its service) the right
  // addressee; commentaire required → A_RECYCLER (« A recycler – erreur des données d'acheminement »,
  // observed on works pieces, complements §4.4). Uncertain: the reference's [INFERENCE] status
  // EN_ATTENTE_RECYCLAGE_FOURNISSEUR is not used (the depositor may be the MOE, and A_RECYCLER is observed).
  ...A_TRAITER_MOE.map((de) => ligne(de, 'A_RECYCLER', 'MOE', 'facturesTravaux/demanderRecyclage', 'Recyclage demandé par la maîtrise d’œuvre : pièce mal adressée', MOTIF)),
  ...A_TRAITER_MOA.map((de) => ligne(de, 'A_RECYCLER', 'MOA', 'facturesTravaux/demanderRecyclage', 'Recyclage demandé par la maîtrise d’ouvrage : pièce mal adressée', MOTIF)),
  // recycler: the depositor corrects the addressee (MOE and/or MOA structure or service) of a piece in
  // A_RECYCLER, or in « ERREUR MOA » after a MAUVAISE_MOA refusal (complements §1.2: recycler repairs both;
  // this is also the issue's « correction du destinataire »). The piece goes back to its addressee as on its
  // deposit. A MOE refusal stays final (§9.3 « arrête systématiquement le circuit »): no recycling from
  // ERREUR_FOURNISSEUR_SUR_MOE. The titulaire's projet reaching the right MOE (or, without MOE, the right
  // MOA) restarts the délai global de paiement: the wrong structure's receipt was not the MOE's (§9.3 step 1).
  ligne('A_RECYCLER', 'MISE_A_DISPOSITION_MOE', 'FOURNISSEUR', 'facturesTravaux/recycler', 'Recyclée par le titulaire vers la maîtrise d’œuvre corrigée', REDEMARRER),
  ligne('A_RECYCLER', 'A_ASSOCIER_MOA', 'FOURNISSEUR', 'facturesTravaux/recycler', 'Recyclée par le titulaire vers la maîtrise d’ouvrage corrigée (sans MOE)', REDEMARRER),
  ligne('A_RECYCLER', 'MISE_A_DISPOSITION_MOA', 'FOURNISSEUR', 'facturesTravaux/recycler', 'Recyclée par le titulaire (A22) vers la maîtrise d’ouvrage corrigée'),
  ligne('A_RECYCLER', 'MISE_A_DISPOSITION_MOA', 'MOE', 'facturesTravaux/recycler', 'Recyclée par la maîtrise d’œuvre vers la maîtrise d’ouvrage corrigée'),
  ligne('ERREUR_FOURNISSEUR_SUR_MOA', 'A_ASSOCIER_MOA', 'FOURNISSEUR', 'facturesTravaux/recycler', 'Maîtrise d’ouvrage corrigée par le titulaire (sans MOE)', REDEMARRER),
  ligne('ERREUR_FOURNISSEUR_SUR_MOA', 'MISE_A_DISPOSITION_MOA', 'FOURNISSEUR', 'facturesTravaux/recycler', 'Maîtrise d’ouvrage corrigée par le titulaire (A22)'),
  ligne('ERREUR_MOE_SUR_MOA', 'MISE_A_DISPOSITION_MOA', 'MOE', 'facturesTravaux/recycler', 'Maîtrise d’ouvrage corrigée par la maîtrise d’œuvre'),

  // --- Tacit procedure (§9.4 step 5, §9.5 row 8) ---
  // Uncertain: which pieces become REMPLACEE_PAR_A22. Decided: those of the dossier still waiting for
  // the MOE or the MOA when the titulaire deposits his A22 (the projet de décompte final at the MOE,
  // the MOE's projet de décompte général at the MOA); pieces already associated keep ASSOCIEE.
  ...[...A_TRAITER_MOE, ...A_TRAITER_MOA].map((de) => ligne(de, 'REMPLACEE_PAR_A22', 'SYSTEME', 'facturesTravaux/soumettre', 'Remplacée par le projet de décompte général du titulaire (A22)')),
  // No DG from the MOA within 10 days: the A22 becomes the DGD tacite (A23), deposited by the sandbox.
  ...(['MISE_A_DISPOSITION_MOA', 'PRISE_EN_COMPTE_MOA'] as const).map((de) =>
    ligne(de, 'ASSOCIEE', 'SYSTEME', 'echeance/dgd-tacite', 'Devenu décompte général définitif tacite (10 jours sans décompte général)'),
  ),
];

export const CIRCUIT_TRAVAUX: Circuit = {
  nom: 'TRAVAUX',
  cadres: Object.entries(PIECES_TRAVAUX)
    .filter(([, p]) => p.adresse !== 'DESTINATAIRE')
    .map(([c]) => c),
  transitions: transitionsTravaux,
    // ERREUR_MOE_SUR_MOA and ERREUR_FOURNISSEUR_SUR_MOA are not final: the depositor may recycle the piece.
  statutsFinaux: ['ASSOCIEE', 'REFUSEE_MOE', 'ERREUR_FOURNISSEUR_SUR_MOE', 'REFUSEE_MOA', 'REFUSEE_FOURNISSEUR', 'REMPLACEE_PAR_A22'],
  aTraiter: { MOE: A_TRAITER_MOE, MOA: A_TRAITER_MOA, FOURNISSEUR: A_TRAITER_FOURNISSEUR },
  actions: [],
};

/**
 * The paid pieces (A16, A19, A8, A23): routed to the service financier, then processed as a simple
 * invoice (§9.3 step 3, §9.5 rows 3 and 7). Uncertain: suspension and recycling of a paid works piece
 * by the service financier (PASTELL sees A_RECYCLER and SUSPENDUE on them, and the COM-recy body of
 * `recycler` carries the payer's identifiantDestinataire/codeServiceExecutant) are not simulated: the
 * service financier cannot suspend or send back a works piece here; `facturesTravaux/v1/recycler`
 * corrects the MOE/MOA of the exchanged pieces only (TRAVAUX circuit).
 */
const transitionsPaiement: readonly Transition[] = [
  systeme('DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'Acheminement vers le service financier'),
  // The balance's delay runs from the DGD's receipt (§10.2): a final dossier's A8/A23 starts it here;
  // a monthly one keeps the start of its dossier (the projet's mise à disposition to the MOE).
  systeme('EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'Mise à disposition du service financier', DEMARRER),
  ...CIRCUIT_SIMPLE.transitions.filter(
    (t) => t.acteur === 'DESTINATAIRE' && t.de !== 'SUSPENDUE' && t.de !== 'COMPLETEE' && t.vers !== 'SUSPENDUE' && t.vers !== 'A_RECYCLER',
  ),
];

export const CIRCUIT_TRAVAUX_PAIEMENT: Circuit = {
  nom: 'TRAVAUX_PAIEMENT',
  cadres: Object.entries(PIECES_TRAVAUX)
    .filter(([, p]) => p.adresse === 'DESTINATAIRE')
    .map(([c]) => c),
  transitions: transitionsPaiement,
  statutsFinaux: ['REJETEE', 'MISE_EN_PAIEMENT'],
  aTraiter: { DESTINATAIRE: ['MISE_A_DISPOSITION'] },
  actions: [],
};

/** Works cadres that never reach the service financier: hidden from « Factures reçues ». */
export const CADRES_TRAVAUX_NON_PAYES: readonly string[] = CIRCUIT_TRAVAUX.cadres;
