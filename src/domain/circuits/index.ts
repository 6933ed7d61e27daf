import { CIRCUIT_SIMPLE } from './simple.js';
import { CIRCUIT_TRAVAUX, CIRCUIT_TRAVAUX_PAIEMENT } from './travaux.js';
import { CIRCUIT_VALIDATION } from './validation.js';
import { STATUTS_FACTURE, type StatutFacture } from './statuts.js';
import type { Acteur, ActionSansChangement, Circuit, NomCircuit, Transition } from './types.js';

export * from './statuts.js';
export * from './types.js';
export { CIRCUIT_SIMPLE } from './simple.js';
export * from './travaux.js';
export { CIRCUIT_VALIDATION, DELAI_VALIDATION_JOURS, STATUTS_AVANT_DESTINATAIRE } from './validation.js';

/**
 * Every lifecycle of the sandbox, one module per circuit beside this file. A new circuit (validation,
 * works, flux integration) is a new module added here; services only ever ask `trouverTransition`.
 */
export const CIRCUITS: Readonly<Record<NomCircuit, Circuit>> = {
  SIMPLE: CIRCUIT_SIMPLE,
  TRAVAUX: CIRCUIT_TRAVAUX,
  TRAVAUX_PAIEMENT: CIRCUIT_TRAVAUX_PAIEMENT,
  VALIDATION: CIRCUIT_VALIDATION,
};

/** The circuit an invoice of that cadre follows, or undefined when no circuit takes that cadre. */
export function circuitDuCadre(codeCadreFacturation: string): Circuit | undefined {
  return Object.values(CIRCUITS).find((c) => c.cadres.includes(codeCadreFacturation));
}

/** The allowed move, or undefined (→ codeRetour 20002 « Incohérence … statut »). */
export function trouverTransition(
  circuit: NomCircuit,
  de: StatutFacture,
  vers: StatutFacture,
  acteur: Acteur,
): Transition | undefined {
  return CIRCUITS[circuit].transitions.find((t) => t.de === de && t.vers === vers && t.acteur === acteur);
}

export function transitionsDepuis(circuit: NomCircuit, statut: StatutFacture, acteur?: Acteur): Transition[] {
  return CIRCUITS[circuit].transitions.filter((t) => t.de === statut && (acteur === undefined || t.acteur === acteur));
}

/**
 * What an actor may set next from `statutCourant` (`recuperer/etats/traitement` for the recipient),
 * in the official order of the statuses.
 */
export function statutsPossibles(circuit: NomCircuit, statutCourant: StatutFacture, acteur: Acteur): StatutFacture[] {
  const cibles = new Set(transitionsDepuis(circuit, statutCourant, acteur).map((t) => t.vers));
  return STATUTS_FACTURE.filter((s) => cibles.has(s));
}

export function estStatutFinal(circuit: NomCircuit, statut: StatutFacture): boolean {
  return CIRCUITS[circuit].statutsFinaux.includes(statut);
}

/** A history action allowed to that actor in that status, or undefined. */
export function trouverAction(circuit: NomCircuit, code: string, statut: StatutFacture, acteur: Acteur): ActionSansChangement | undefined {
  return CIRCUITS[circuit].actions.find((a) => a.code === code && a.acteur === acteur && a.statuts.includes(statut));
}
