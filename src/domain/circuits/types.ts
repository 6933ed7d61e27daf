import type { StatutFacture } from './statuts.js';

/**
 * Who moves a demande de paiement. FOURNISSEUR deposits (titulaire, sub- or co-contractor);
 * DESTINATAIRE is the public structure that pays; VALIDEUR the titulaire or mandataire of a
 * validation circuit (A9/A12); MOE and MOA the works actors; SYSTEME is Chorus Pro itself
 * (routing, tacit acceptances on the sandbox clock).
 */
export const ACTEURS = ['FOURNISSEUR', 'DESTINATAIRE', 'VALIDEUR', 'MOE', 'MOA', 'SYSTEME'] as const;
export type Acteur = (typeof ACTEURS)[number];

/** The operation (API or portal) that carries a move. */
export type Operation =
  | 'acheminement' // automatic, Chorus Pro
  | 'traiter/recue'
  | 'completer'
  | 'recycler'
  | 'soumettre'
  | 'portail/envoyer'
  | 'portail/supprimer'
  // Factures de travaux (chorus-api §3.6)
  | 'facturesTravaux/soumettre' // a piece deposited with reference to this one moves it on
  | 'facturesTravaux/prendreEnCompte'
  | 'facturesTravaux/refuser'
  | 'facturesTravaux/recycler'
  | 'facturesTravaux/demanderRecyclage' // demander/recyclage (DemanderRecyclagePiecePrecedente, complements §1.2)
  | 'facturesTravaux/suspendre' // suspendre/demander/completer/factureTravaux (complements §1.2)
  | 'facturesTravaux/completer'
  | 'facturesTravaux/completermoe'
  | 'echeance/dgd-tacite' // the 10 days of CCAG-T art. 12.4.4 have passed on the sandbox clock
  | 'traiter/factureAValider'
  | 'corriger/valideur/facture'
  | 'delai'; // a 15-day validation delay runs out on the sandbox clock (R2193-16)

/**
 * What a move does besides changing the status. The lifecycle service applies them; no service
 * tests `vers === …` to decide a side effect.
 */
export type Effet =
  /** The délai global de paiement starts: the invoice reaches its payer (R2192-14, chorus-domain §10.2). */
  | 'DEMARRER_DELAI'
  /** Recycled to a new payer: its delay starts afresh, the previous buyer's suspensions are forgotten. */
  | 'REDEMARRER_DELAI'
  /** A suspension interrupts the delay (R2192-27)… */
  | 'OUVRIR_SUSPENSION'
  /** …until the invoice leaves SUSPENDUE (completed, lifted or rejected). */
  | 'FERMER_SUSPENSION'
  /** The invoice is paid: the delay stops for good. */
  | 'DATER_PAIEMENT'
  /** The mandate number given with MANDATEE is kept on the invoice. */
  | 'ENREGISTRER_MANDAT'
  /** Validator 1 (2) accepted, expressly or tacitly: the date is kept (dateValidation1/2)… */
  | 'DATER_VALIDATION_1'
  | 'DATER_VALIDATION_2'
  /** …and the invoice goes on, to the second validator if there is one, else to the recipient. */
  | 'TRANSMETTRE';

export interface Transition {
  readonly de: StatutFacture;
  readonly vers: StatutFacture;
  readonly acteur: Acteur;
  readonly operation: Operation;
  /** `motif` required (traiter/recue: « obligation de motiver son choix »). */
  readonly motifObligatoire: boolean;
  /** Request fields that must be filled, by their wire names. */
  readonly champsObligatoires: readonly string[];
  readonly effets: readonly Effet[];
  readonly description: string;
}

/** A history action that leaves the status as it is (`histoActionCode`, chorus-domain §7.2 rows 12–13). */
export interface ActionSansChangement {
  readonly code: string;
  readonly acteur: Acteur;
  readonly statuts: readonly StatutFacture[];
}

export const NOMS_CIRCUITS = ['SIMPLE', 'VALIDATION', 'TRAVAUX', 'TRAVAUX_PAIEMENT'] as const;
export type NomCircuit = (typeof NOMS_CIRCUITS)[number];

/** One lifecycle, as data: the cadres that follow it, its moves, and what each actor must process. */
export interface Circuit {
  readonly nom: NomCircuit;
  /** `codeCadreFacturation` values whose invoices follow this circuit. */
  readonly cadres: readonly string[];
  readonly transitions: readonly Transition[];
  /** No move leaves these statuses. */
  readonly statutsFinaux: readonly StatutFacture[];
  /** Statuses in which an actor has something to do (the « à traiter » searches, the portal's Synthèse). */
  readonly aTraiter: Partial<Record<Acteur, readonly StatutFacture[]>>;
  readonly actions: readonly ActionSansChangement[];
}

type Options = Partial<Pick<Transition, 'motifObligatoire' | 'champsObligatoires' | 'effets'>>;

/** A row of a circuit table; options default to no motif, no required field, no effect. */
export function ligne(
  de: StatutFacture,
  vers: StatutFacture,
  acteur: Acteur,
  operation: Operation,
  description: string,
  options: Options = {},
): Transition {
  return {
    de,
    vers,
    acteur,
    operation,
    description,
    motifObligatoire: options.motifObligatoire ?? false,
    champsObligatoires: options.champsObligatoires ?? [],
    effets: options.effets ?? [],
  };
}
