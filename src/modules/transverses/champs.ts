import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';

/** A mandatory field of the request, or the 400 that names it. */
export function obligatoire<T>(valeur: T | undefined, champ: string): T {
  if (valeur === undefined || (typeof valeur === 'string' && valeur.trim() === '')) {
    throw new ChorusError(erreurs.CHAMP_OBLIGATOIRE, `Le champ '${champ}' est obligatoire`);
  }
  return valeur;
}

/** Lower case without accents, so that "etat" finds "ÉTAT" and "saint etienne" finds "Saint-Étienne". */
export function plier(texte: string | null | undefined): string {
  return (texte ?? '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[-'’]/g, ' ')
    .trim();
}

/**
 * The known column whose name matches `demandee` whatever its case. An unknown column is a 400
 * naming the field, as the documented sort lists of the official models are (README, "Wire
 * conventions"); absent or blank is no sort.
 */
export function colonneOuErreur<const C extends string>(colonnes: readonly C[], demandee: string | undefined, champ: string): C | undefined {
  if (demandee === undefined || demandee.trim() === '') return undefined;
  const colonne = colonneConnue(colonnes, demandee);
  if (!colonne) throw new ChorusError(erreurs.CHAMP_INVALIDE, `Le champ '${champ}' n'est pas valide (valeurs admises : ${colonnes.join(', ')})`);
  return colonne;
}

/** The known column whose name matches `demandee` whatever its case; an unknown column is ignored. */
export function colonneConnue<const C extends string>(colonnes: readonly C[], demandee: string | undefined): C | undefined {
  const cherchee = demandee?.trim().toLowerCase();
  return colonnes.find((c) => c.toLowerCase() === cherchee);
}
