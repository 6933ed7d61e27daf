import { readFileSync } from 'node:fs';

/** A move of a circuit as the reference documents it (test/fixtures/circuits/*.json, transcribed by hand). */
export interface MouvementAttendu {
  de: string;
  vers: string;
  acteur: string;
  motif: boolean;
  champs: string[];
  /** Effects on the payment delay (chorus-domain §10), as the circuit declares them. */
  effets: string[];
  source: string;
}

export interface CircuitAttendu {
  cadres: string[];
  statutsFinaux: string[];
  aTraiterDestinataire: string[];
  mouvements: MouvementAttendu[];
  refus: { de: string; vers: string; acteur?: string; raison: string }[];
}

export function circuitAttendu(nom: 'simple' | 'validation' | 'travaux'): CircuitAttendu {
  return JSON.parse(readFileSync(new URL(`../fixtures/circuits/${nom}.json`, import.meta.url), 'utf8'));
}

/** The 56 statuses of the official Swagger's `statutFacture` enum, in its order (fixtures/official). */
export function statutsOfficiels(): string[] {
  const swagger = JSON.parse(readFileSync(new URL('../../fixtures/official/factures.swagger.json', import.meta.url), 'utf8'));
  return swagger.definitions.FactureCpp.properties.statutFacture.enum;
}
