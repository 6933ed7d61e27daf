/**
 * Cohérence des montants d'une facture saisie par API (SAISIE_API), chorus-api §3.1.1.
 *
 * Conventions du bac à sable (la référence ne fixe pas l'algorithme d'arrondi) :
 * - HT d'une ligne = quantité × montant unitaire HT − remise HT de la ligne (remise = montant total
 *   de la ligne, pas par unité), arrondi au centime (comme le montant net de ligne EN 16931, BT-131) ;
 * - base HT par taux = somme des HT de ligne ; TVA par taux = base × taux / 100 arrondie au centime,
 *   une fois par taux (jamais par ligne) ;
 * - arrondi « moitié vers le haut » en valeur absolue ; tout le calcul est en décimal exact (BigInt).
 */
import {
  centimesVersNombre,
  comparer,
  decimal,
  depuisCentimes,
  diviserPuissanceDix,
  multiplier,
  soustraire,
  valeurAbsolue,
  versCentimes,
  versTexte,
  type Decimal,
} from './decimal.js';

export interface LignePosteSaisie {
  lignePosteQuantite: number;
  /** Nom du fil (Swagger `LignePosteSoumettreInput`). */
  lignePosteMontantUnitaireHT?: number | null;
  /** Alias accepté, absent du fil. */
  lignePostePrixUnitaire?: number | null;
  lignePosteMontantRemiseHT?: number | null;
  /** Code de taux (`recuperer/tauxtva`, ex. TVA1). */
  lignePosteTauxTva?: string | null;
  /** Taux en pourcentage (ex. 20) ; prioritaire sur le code. */
  lignePosteTauxTvaManuel?: number | null;
  /** Présent en consultation ; vérifié s'il est fourni. */
  lignePosteMontantHtApresRemise?: number | null;
}

export interface LigneTvaSaisie {
  /** Code de taux en entrée de `soumettre`. */
  ligneTvaTaux?: string | null;
  /** Code de taux en consultation (`ligneTvaTauxRefCode`). */
  ligneTvaTauxRefCode?: string | null;
  ligneTvaTauxManuel?: number | null;
  ligneTvaMontantBaseHtParTaux: number;
  ligneTvaMontantTvaParTaux: number;
}

export interface MontantTotalSaisi {
  montantHtTotal: number;
  montantTVA: number;
  montantTtcTotal: number;
  montantRemiseGlobaleTTC?: number | null;
  montantAPayer: number;
}

export interface FactureMontants {
  typeFacture?: 'FACTURE' | 'AVOIR' | string;
  /** `cadreDeFacturation.codeCadreFacturation`. */
  codeCadreFacturation?: string;
  lignePoste?: readonly LignePosteSaisie[] | null;
  ligneTva?: readonly LigneTvaSaisie[] | null;
  montantTotal: MontantTotalSaisi;
}

/** Taux de TVA par code (`codeTauxTva` → pourcentage), ex. { TVA1: 0 }. */
export type TauxParCode = Readonly<Record<string, number>>;

export interface MontantsCalcules {
  lignes: { montantHtApresRemise: number; taux: number }[];
  /** Récapitulatif par taux, du plus fort au plus faible. */
  parTaux: { taux: number; montantBaseHt: number; montantTva: number }[];
  montantHtTotal: number;
  montantTVA: number;
  montantTtcTotal: number;
  montantRemiseGlobaleTTC: number;
  montantAPayer: number;
}

export interface EcartMontant {
  /** Nom du champ sur le fil, ex. `montantTVA` ou `ligneTva[1].ligneTvaMontantTvaParTaux`. */
  champ: string;
  attendu: number | string | null;
  recu: number | string | null;
}

/**
 * Écart toléré sur chaque montant comparé : 0,01. La référence ne fixe aucune tolérance ; un centime
 * absorbe les montants envoyés avec plus de deux décimales (exemple réel 16.6667 / 3.3333, chorus-api §7)
 * et l'arrondi par ligne d'un logiciel qui arrondit autrement.
 */
export const TOLERANCE_MONTANT = 0.01;
const TOLERANCE = decimal(TOLERANCE_MONTANT);

export const CADRE_DEJA_PAYEE = 'A2_FACTURE_FOURNISSEUR_DEJA_PAYEE';

function resoudreTaux(manuel: number | null | undefined, code: string | null | undefined, taux: TauxParCode) {
  if (manuel !== undefined && manuel !== null) return decimal(manuel);
  if (code) return Object.hasOwn(taux, code) ? decimal(taux[code]) : undefined;
  // Sans taux ni code : 0 % (franchise, exonération, SANS_TVA). Une TVA déclarée à tort ressort alors sur montantTVA.
  return decimal(0);
}

interface Centimes {
  lignes: { ht: bigint; taux: Decimal }[];
  parTaux: { taux: Decimal; base: bigint; tva: bigint }[];
  ht: bigint;
  tva: bigint;
  ttc: bigint;
}

function calculerCentimes(lignes: readonly LignePosteSaisie[], tauxParCode: TauxParCode): Centimes {
  const groupes = new Map<string, { taux: Decimal; base: bigint }>();
  const calculees = lignes.map((l, i) => {
    const taux = resoudreTaux(l.lignePosteTauxTvaManuel, l.lignePosteTauxTva, tauxParCode);
    if (!taux) throw new RangeError(`Taux de TVA inconnu : ${l.lignePosteTauxTva} (lignePoste[${i}].lignePosteTauxTva)`);
    const unitaire = l.lignePosteMontantUnitaireHT ?? l.lignePostePrixUnitaire;
    if (unitaire === undefined || unitaire === null) {
      throw new RangeError(`Montant unitaire HT absent (lignePoste[${i}].lignePosteMontantUnitaireHT)`);
    }
    const brut = multiplier(decimal(l.lignePosteQuantite), decimal(unitaire));
    const ht = versCentimes(soustraire(brut, decimal(l.lignePosteMontantRemiseHT ?? 0)));
    const cle = versTexte(taux);
    const g = groupes.get(cle) ?? { taux, base: 0n };
    groupes.set(cle, { taux, base: g.base + ht });
    return { ht, taux };
  });
  const parTaux = [...groupes.values()]
    .sort((a, b) => comparer(b.taux, a.taux))
    .map(({ taux, base }) => ({
      taux,
      base,
      tva: versCentimes(diviserPuissanceDix(multiplier(depuisCentimes(base), taux), 2)),
    }));
  const ht = parTaux.reduce((s, g) => s + g.base, 0n);
  const tva = parTaux.reduce((s, g) => s + g.tva, 0n);
  return { lignes: calculees, parTaux, ht, tva, ttc: ht + tva };
}

/**
 * Montant à payer attendu. A1 : TTC − remise globale TTC. A2 (« facture déjà payée ») : 0, rien n'est dû
 * (règle GOBL 06 « montant à payer = 0 » citée par formats.md ; lecture cohérente avec chorus-domain §5).
 */
function aPayer(ttc: bigint, remise: bigint, codeCadre?: string): bigint {
  return codeCadre === CADRE_DEJA_PAYEE ? 0n : ttc - remise;
}

export function calculerMontants(
  lignes: readonly LignePosteSaisie[],
  tauxParCode: TauxParCode,
  options: { montantRemiseGlobaleTTC?: number | null; codeCadreFacturation?: string } = {},
): MontantsCalcules {
  const c = calculerCentimes(lignes, tauxParCode);
  const remise = versCentimes(decimal(options.montantRemiseGlobaleTTC ?? 0));
  const n = centimesVersNombre;
  return {
    lignes: c.lignes.map((l) => ({ montantHtApresRemise: n(l.ht), taux: Number(versTexte(l.taux)) })),
    parTaux: c.parTaux.map((g) => ({ taux: Number(versTexte(g.taux)), montantBaseHt: n(g.base), montantTva: n(g.tva) })),
    montantHtTotal: n(c.ht),
    montantTVA: n(c.tva),
    montantTtcTotal: n(c.ttc),
    montantRemiseGlobaleTTC: n(remise),
    montantAPayer: n(aPayer(c.ttc, remise, options.codeCadreFacturation)),
  };
}

function estNombre(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/**
 * Compare les montants reçus à ceux recalculés : depuis les lignes de poste si elles existent, sinon
 * depuis le récapitulatif de TVA, sinon la seule cohérence HT + TVA = TTC (dépôt PDF sans lignes).
 *
 * AVOIR : la référence ne dit pas si un avoir est saisi en positif (le type porte le signe, comme le
 * code 381 en CII) ou en négatif. On accepte les deux : pour un avoir, les valeurs absolues sont comparées.
 * La remise globale suit le signe du document (avoir négatif ⇒ remise négative), montantAPayer = TTC − remise.
 */
export function verifierMontants(facture: FactureMontants, tauxParCode: TauxParCode): EcartMontant[] {
  const ecarts: EcartMontant[] = [];
  const avoir = facture.typeFacture === 'AVOIR';

  const comparerMontant = (champ: string, attendu: bigint, recu: unknown) => {
    if (!estNombre(recu)) {
      ecarts.push({ champ, attendu: centimesVersNombre(attendu), recu: typeof recu === 'string' ? recu : null });
      return;
    }
    let a: Decimal = depuisCentimes(attendu);
    let r = decimal(recu);
    if (avoir) [a, r] = [valeurAbsolue(a), valeurAbsolue(r)];
    if (comparer(valeurAbsolue(soustraire(a, r)), TOLERANCE) > 0) {
      ecarts.push({ champ, attendu: centimesVersNombre(attendu), recu });
    }
  };

  const lignes = facture.lignePoste ?? [];
  const recap = facture.ligneTva ?? [];
  let attendu: { ht: bigint; tva: bigint } | undefined;
  if (lignes.length > 0 && lignesExploitables(lignes, tauxParCode, ecarts)) {
    const c = calculerCentimes(lignes, tauxParCode);
    lignes.forEach((l, i) => {
      if (l.lignePosteMontantHtApresRemise !== undefined && l.lignePosteMontantHtApresRemise !== null) {
        comparerMontant(`lignePoste[${i}].lignePosteMontantHtApresRemise`, c.lignes[i].ht, l.lignePosteMontantHtApresRemise);
      }
    });
    if (recap.length > 0) verifierRecapitulatif(recap, c.parTaux, tauxParCode, ecarts, comparerMontant);
    attendu = { ht: c.ht, tva: c.tva };
  } else if (recap.length > 0) {
    attendu = attenduDepuisRecapitulatif(recap, tauxParCode, ecarts, comparerMontant);
  }

  const total = facture.montantTotal;
  const lu = (x: unknown) => (estNombre(x) ? versCentimes(decimal(x)) : 0n);
  const ht = attendu?.ht ?? lu(total.montantHtTotal);
  const tva = attendu?.tva ?? lu(total.montantTVA);
  const remise = lu(total.montantRemiseGlobaleTTC ?? 0);
  comparerMontant('montantHtTotal', ht, total.montantHtTotal);
  comparerMontant('montantTVA', tva, total.montantTVA);
  comparerMontant('montantTtcTotal', ht + tva, total.montantTtcTotal);
  comparerMontant('montantAPayer', aPayer(ht + tva, remise, facture.codeCadreFacturation), total.montantAPayer);
  return ecarts;
}

type ComparerMontant = (champ: string, attendu: bigint, recu: unknown) => void;

/** Sans lignes de poste : totaux = somme du récapitulatif, et chaque TVA = base × taux. */
function attenduDepuisRecapitulatif(
  recap: readonly LigneTvaSaisie[],
  tauxParCode: TauxParCode,
  ecarts: EcartMontant[],
  comparerMontant: ComparerMontant,
): { ht: bigint; tva: bigint } {
  let ht = 0n;
  let tva = 0n;
  recap.forEach((l, j) => {
    const base = estNombre(l.ligneTvaMontantBaseHtParTaux) ? versCentimes(decimal(l.ligneTvaMontantBaseHtParTaux)) : 0n;
    const code = l.ligneTvaTaux ?? l.ligneTvaTauxRefCode;
    const taux = resoudreTaux(l.ligneTvaTauxManuel, code, tauxParCode);
    if (taux) {
      const tvaCalculee = versCentimes(diviserPuissanceDix(multiplier(depuisCentimes(base), taux), 2));
      comparerMontant(`ligneTva[${j}].ligneTvaMontantTvaParTaux`, tvaCalculee, l.ligneTvaMontantTvaParTaux);
    } else {
      ecarts.push({ champ: `ligneTva[${j}].ligneTvaTaux`, attendu: null, recu: code ?? null });
    }
    ht += base;
    tva += estNombre(l.ligneTvaMontantTvaParTaux) ? versCentimes(decimal(l.ligneTvaMontantTvaParTaux)) : 0n;
  });
  return { ht, tva };
}

/** Signale les lignes inexploitables ; renvoie false si le calcul depuis les lignes est impossible. */
function lignesExploitables(lignes: readonly LignePosteSaisie[], taux: TauxParCode, ecarts: EcartMontant[]): boolean {
  let ok = true;
  lignes.forEach((l, i) => {
    if (!estNombre(l.lignePosteQuantite)) {
      ecarts.push({ champ: `lignePoste[${i}].lignePosteQuantite`, attendu: null, recu: l.lignePosteQuantite ?? null });
      ok = false;
    }
    const unitaire = l.lignePosteMontantUnitaireHT ?? l.lignePostePrixUnitaire;
    if (!estNombre(unitaire)) {
      ecarts.push({ champ: `lignePoste[${i}].lignePosteMontantUnitaireHT`, attendu: null, recu: unitaire ?? null });
      ok = false;
    }
    if (l.lignePosteMontantRemiseHT !== undefined && l.lignePosteMontantRemiseHT !== null && !estNombre(l.lignePosteMontantRemiseHT)) {
      ecarts.push({ champ: `lignePoste[${i}].lignePosteMontantRemiseHT`, attendu: null, recu: l.lignePosteMontantRemiseHT });
      ok = false;
    }
    if (!resoudreTaux(l.lignePosteTauxTvaManuel, l.lignePosteTauxTva, taux)) {
      ecarts.push({ champ: `lignePoste[${i}].lignePosteTauxTva`, attendu: null, recu: l.lignePosteTauxTva ?? null });
      ok = false;
    }
  });
  return ok;
}

/** Chaque ligne du récapitulatif doit correspondre à un taux des lignes de poste, et réciproquement. */
function verifierRecapitulatif(
  recap: readonly LigneTvaSaisie[],
  parTaux: Centimes['parTaux'],
  tauxParCode: TauxParCode,
  ecarts: EcartMontant[],
  comparerMontant: ComparerMontant,
): void {
  const couverts = new Set<string>();
  recap.forEach((l, j) => {
    const code = l.ligneTvaTaux ?? l.ligneTvaTauxRefCode;
    const taux = resoudreTaux(l.ligneTvaTauxManuel, code, tauxParCode);
    const champTaux = l.ligneTvaTauxManuel !== undefined && l.ligneTvaTauxManuel !== null
      ? `ligneTva[${j}].ligneTvaTauxManuel`
      : `ligneTva[${j}].ligneTvaTaux`;
    const groupe = taux && parTaux.find((g) => comparer(g.taux, taux) === 0);
    if (!groupe) {
      ecarts.push({ champ: champTaux, attendu: null, recu: l.ligneTvaTauxManuel ?? code ?? null });
      return;
    }
    couverts.add(versTexte(groupe.taux));
    comparerMontant(`ligneTva[${j}].ligneTvaMontantBaseHtParTaux`, groupe.base, l.ligneTvaMontantBaseHtParTaux);
    comparerMontant(`ligneTva[${j}].ligneTvaMontantTvaParTaux`, groupe.tva, l.ligneTvaMontantTvaParTaux);
  });
  for (const g of parTaux) {
    if (!couverts.has(versTexte(g.taux))) ecarts.push({ champ: 'ligneTva', attendu: Number(versTexte(g.taux)), recu: null });
  }
}
