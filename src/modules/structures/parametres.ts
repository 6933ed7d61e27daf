import { z } from 'zod';
import type { StructureRow } from './repository.js';

/**
 * A structure's parameters, declared once: their wire names (scenario files, control-plane bodies,
 * the matelas export) and the columns that hold them.
 */
const COLONNES = {
  codeServiceDoitEtreRenseigne: 'codeServiceDoitEtreRenseigne',
  numeroEJDoitEtreRenseigne: 'numeroEjDoitEtreRenseigne',
  gestionNumeroEJOuCodeService: 'gestionNumeroEjOuCodeService',
  estMOA: 'estMoa',
  estMOAUniquement: 'estMoaUniquement',
  estValideurDelegue: 'estValideurDelegue',
  connexionEDI: 'connexionEdi',
  recevoirDonneesViaEDI: 'recevoirDonneesViaEdi',
  statutMiseEnPaiementNestPasRemonte: 'statutMiseEnPaiementNestPasRemonte',
  nonDiffusibleInsee: 'nonDiffusibleInsee',
} as const satisfies Record<string, keyof StructureRow>;

type NomParametre = keyof typeof COLONNES;
type Colonne = (typeof COLONNES)[NomParametre];

/** Every parameter, as the matelas export shows them. */
export const parametresStructure = z.object(
  Object.fromEntries(Object.keys(COLONNES).map((nom) => [nom, z.boolean()])) as { [K in NomParametre]: z.ZodBoolean },
);

/** The parameters a scenario or a trainer may set, each optional. */
export const parametresStructureSaisis = parametresStructure.partial();

/** The parameters of a structure under their wire names (`parametres` of `consulter`). */
export type ParametresSaisis = z.infer<typeof parametresStructureSaisis>;

/** Wire parameter names → the structure's columns (scenario files and trainer bodies use the former). */
export function colonnesParametres(p: ParametresSaisis): { [C in Colonne]: boolean | undefined } {
  const colonnes = {} as { [C in Colonne]: boolean | undefined };
  for (const [nom, colonne] of Object.entries(COLONNES) as [NomParametre, Colonne][]) colonnes[colonne] = p[nom];
  return colonnes;
}

/** The structure's columns → its parameters under their wire names. */
export function parametresDe(s: Pick<StructureRow, Colonne>): z.infer<typeof parametresStructure> {
  const parametres = {} as z.infer<typeof parametresStructure>;
  for (const [nom, colonne] of Object.entries(COLONNES) as [NomParametre, Colonne][]) parametres[nom] = s[colonne];
  return parametres;
}
