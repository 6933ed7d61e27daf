// Versioned code lists ("référentiels") served by the Transverses API and used by business rules.
// The JSON files under fixtures/referentials/ are the single source of truth; each one is read
// once at import, validated, deep-frozen and exposed through typed accessors.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const FIXTURES_DIR = new URL('../../fixtures/referentials/', import.meta.url);

// ---------------------------------------------------------------------------------------------
// Row schemas. Strict objects: entries must already be in the wire shape of the real list rows,
// so a typo in a fixture fails loudly instead of leaking an unknown field to API clients.

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const TYPES_DEMANDE_PAIEMENT = ['FACTURE', 'FACTURE_TRAVAUX', 'MEMOIRE_JUSTICE', 'DEMANDE_REMBOURSEMENT'] as const;
const typeDemandePaiement = z.enum(TYPES_DEMANDE_PAIEMENT);
export type TypeDemandePaiement = z.infer<typeof typeDemandePaiement>;

// Category codes are the sandbox's own (no Chorus wire enum exists), so they are pinned here
// to give delaiPaiementJours() a typed argument.
export const CATEGORIES_STRUCTURE_PUBLIQUE = [
  'ETAT',
  'ETABLISSEMENT_PUBLIC_ETAT',
  'COLLECTIVITE_TERRITORIALE',
  'ETABLISSEMENT_PUBLIC_LOCAL',
  'ETABLISSEMENT_PUBLIC_SANTE',
  'SERVICE_SANTE_ARMEES',
  'ENTREPRISE_PUBLIQUE',
] as const;
const categorieStructurePublique = z.enum(CATEGORIES_STRUCTURE_PUBLIQUE);
export type CategorieStructurePublique = z.infer<typeof categorieStructurePublique>;

export const MOTIF_ACTIONS = ['REJETEE', 'SUSPENDUE', 'A_RECYCLER'] as const;

const code = z.string().min(1);

const rows = {
  devises: z.strictObject({ codeDevise: z.string().regex(/^[A-Z]{3}$/), libelleDevise: code }),
  pays: z.strictObject({ codePays: z.string().regex(/^[A-Z]{2}$/), libellePays: code }),
  tauxTva: z.strictObject({ codeTauxTva: code, libelleTauxTva: code, valeurTauxTva: z.number().min(0).max(100) }),
  motifsExonerationTva: z.strictObject({ codeMotifExonerationTva: code, libelleMotifExonerationTva: code }),
  modesDepot: z.strictObject({ modeDepot: code }),
  modesReglement: z.strictObject({ modePaiement: code }),
  cadresFacturation: z.strictObject({
    codeCadreFacturation: z.string().regex(/^A\d{1,2}_[A-Z_]+$/),
    libelle: code,
    typeDemandePaiement,
    // May be used in factures/v1/soumettre (swagger SoumettreFactureCadreDeFacturation enum).
    soumettreAutorise: z.boolean(),
    // A valideur (titulaire / mandataire) acts before the recipient (A9/A12 family).
    circuitValidation: z.boolean(),
  }),
  typesDemandePaiement: z.strictObject({ typeDemandePaiement }),
  statutsFacture: z.strictObject({ statut: z.string().regex(/^[A-Z0-9_]+$/), libelle: code }),
  typesIdentifiantStructure: z.strictObject({ typeIdentifiantStructure: code }),
  typesPieceJointe: z.strictObject({
    idTypePieceJointe: z.number().int().positive(),
    codeTypePieceJointe: z.string().min(1).max(30),
    libelleTypePieceJointe: code,
    typeObjet: z.enum([
      'STRUCTURE', 'UTILISATEUR', 'CB', 'MANDAT', 'FICHE_RACCORDEMENT', 'EJ', 'MEMOIRE', 'DMD_RBST', 'TRANSVERSE',
      'FACTURE_TRAVAUX', 'FACTURE', 'DMDE_CPTE_DEV_SI_EXT', 'SOLLICITATION', 'CERTIFICAT', 'PJ_REJET_EDI',
    ]),
  }),
  typesFactureTravaux: z.strictObject({ typeFactureTravaux: code }),
  formatsFlux: z.strictObject({ formatFlux: code }),
  syntaxesFlux: z.strictObject({ syntaxeFlux: code }),
  motifs: z.strictObject({ codeMotif: code, libelleMotif: code, actions: z.array(z.enum(MOTIF_ACTIONS)).min(1) }),
  tauxInteretBce: z.strictObject({ dateEffet: isoDate, taux: z.number().min(-10).max(100) }),
  categoriesStructurePublique: z.strictObject({
    categorie: categorieStructurePublique,
    libelle: code,
    delaiPaiementJours: z.number().int().positive(),
    articleCcp: code,
  }),
};

export type Devise = z.infer<typeof rows.devises>;
export type Pays = z.infer<typeof rows.pays>;
export type TauxTva = z.infer<typeof rows.tauxTva>;
export type MotifExonerationTva = z.infer<typeof rows.motifsExonerationTva>;
export type CadreFacturation = z.infer<typeof rows.cadresFacturation>;
export type StatutFactureRow = z.infer<typeof rows.statutsFacture>;
export type TypePieceJointe = z.infer<typeof rows.typesPieceJointe>;
export type Motif = z.infer<typeof rows.motifs>;
export type TauxInteretBce = z.infer<typeof rows.tauxInteretBce>;
export type CategorieStructure = z.infer<typeof rows.categoriesStructurePublique>;

const envelope = <E extends z.ZodType>(entries: E) =>
  z.strictObject({ version: isoDate, source: z.string().min(1), entries });

// file name -> schema of the whole file. Exported so tests (and a future admin endpoint) can
// enumerate the files and validate candidate content before it is dropped into the directory.
export const REFERENTIAL_SCHEMAS = {
  'devises.json': envelope(z.array(rows.devises).min(1)),
  'pays.json': envelope(z.array(rows.pays).min(1)),
  'tauxtva.json': envelope(z.array(rows.tauxTva).min(1)),
  'motifs-exoneration-tva.json': envelope(z.array(rows.motifsExonerationTva).min(1)),
  'modes-depot.json': envelope(z.array(rows.modesDepot).min(1)),
  'modes-reglement.json': envelope(z.array(rows.modesReglement).min(1)),
  'cadres-facturation.json': envelope(z.array(rows.cadresFacturation).min(1)),
  'types-demande-paiement.json': envelope(z.array(rows.typesDemandePaiement).min(1)),
  'statuts-facture.json': envelope(z.array(rows.statutsFacture).min(1)),
  'etats-par-type-dp.json': envelope(z.record(typeDemandePaiement, z.array(code).min(1))),
  'types-identifiant-structure.json': envelope(z.array(rows.typesIdentifiantStructure).min(1)),
  'types-piece-jointe.json': envelope(z.array(rows.typesPieceJointe).min(1)),
  'types-facture-travaux.json': envelope(z.array(rows.typesFactureTravaux).min(1)),
  'formats-flux.json': envelope(z.array(rows.formatsFlux).min(1)),
  'syntaxes-flux.json': envelope(z.array(rows.syntaxesFlux).min(1)),
  'motifs.json': envelope(z.array(rows.motifs).min(1)),
  'taux-interet-bce.json': envelope(z.array(rows.tauxInteretBce).min(1)),
  'categories-structure-publique.json': envelope(z.array(rows.categoriesStructurePublique).min(1)),
} as const;

export type ReferentialFile = keyof typeof REFERENTIAL_SCHEMAS;
export type Referential<F extends ReferentialFile> = DeepReadonly<z.infer<(typeof REFERENTIAL_SCHEMAS)[F]>>;

type DeepReadonly<T> = T extends (infer U)[]
  ? ReadonlyArray<DeepReadonly<U>>
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Validates raw content for one referential file; the error message always names the file. */
export function validateReferential<F extends ReferentialFile>(file: F, raw: unknown): Referential<F> {
  const result = REFERENTIAL_SCHEMAS[file].safeParse(raw);
  if (!result.success) {
    throw new Error(`Invalid referential fixtures/referentials/${file}:\n${z.prettifyError(result.error)}`);
  }
  return deepFreeze(result.data) as Referential<F>;
}

function load<F extends ReferentialFile>(file: F): Referential<F> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(new URL(file, FIXTURES_DIR), 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read referential fixtures/referentials/${file}: ${(err as Error).message}`);
  }
  return validateReferential(file, raw);
}

// ---------------------------------------------------------------------------------------------
// Loaded once, at import time: the lists are small and never change while the process runs.

export const referentials = Object.freeze({
  devises: load('devises.json'),
  pays: load('pays.json'),
  tauxTva: load('tauxtva.json'),
  motifsExonerationTva: load('motifs-exoneration-tva.json'),
  modesDepot: load('modes-depot.json'),
  modesReglement: load('modes-reglement.json'),
  cadresFacturation: load('cadres-facturation.json'),
  typesDemandePaiement: load('types-demande-paiement.json'),
  statutsFacture: load('statuts-facture.json'),
  etatsParTypeDp: load('etats-par-type-dp.json'),
  typesIdentifiantStructure: load('types-identifiant-structure.json'),
  typesPieceJointe: load('types-piece-jointe.json'),
  typesFactureTravaux: load('types-facture-travaux.json'),
  formatsFlux: load('formats-flux.json'),
  syntaxesFlux: load('syntaxes-flux.json'),
  motifs: load('motifs.json'),
  tauxInteretBce: load('taux-interet-bce.json'),
  categoriesStructurePublique: load('categories-structure-publique.json'),
});

/** The 56 invoice statuses, in the official swagger order. */
export const statutsFacture: readonly string[] = Object.freeze(referentials.statutsFacture.entries.map((s) => s.statut));

// Cross-file consistency checks that a per-file schema cannot express.
{
  const known = new Set(statutsFacture);
  for (const [type, etats] of Object.entries(referentials.etatsParTypeDp.entries)) {
    const unknown = (etats ?? []).filter((s) => !known.has(s));
    if (unknown.length) {
      throw new Error(`Invalid referential fixtures/referentials/etats-par-type-dp.json: ${type} lists unknown statuses ${unknown.join(', ')}`);
    }
  }
  const bce = referentials.tauxInteretBce.entries;
  for (let i = 1; i < bce.length; i++) {
    if (bce[i].dateEffet <= bce[i - 1].dateEffet) {
      throw new Error(`Invalid referential fixtures/referentials/taux-interet-bce.json: dateEffet must be strictly increasing (${bce[i].dateEffet})`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

const cadresByCode = new Map<string, CadreFacturation>();
for (const c of referentials.cadresFacturation.entries) {
  cadresByCode.set(c.codeCadreFacturation, c);
  cadresByCode.set(c.codeCadreFacturation.split('_')[0], c); // short form "A9"
}

/** Cadre by full wire code ("A9_FACTURE_SOUSTRAITANT") or short code ("A9"). */
export function findCadre(code: string): CadreFacturation | undefined {
  return cadresByCode.get(code);
}

const tauxTvaIndex = new Map(referentials.tauxTva.entries.map((t) => [t.codeTauxTva, t] as const));
export function tauxTvaByCode(code: string): TauxTva | undefined {
  return tauxTvaIndex.get(code);
}

const paysCodes = new Set(referentials.pays.entries.map((p) => p.codePays));
export function isKnownCodePays(code: string): boolean {
  return paysCodes.has(code);
}

const deviseCodes = new Set(referentials.devises.entries.map((d) => d.codeDevise));
export function isKnownDevise(code: string): boolean {
  return deviseCodes.has(code);
}

function calendarDay(date: string): string {
  const day = date.slice(0, 10);
  if (!/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(day)) throw new RangeError(`invalid date "${date}"`);
  return day;
}

/**
 * ECB main refinancing rate (percent) in force on `date` ("YYYY-MM-DD" or an ISO date-time; only
 * the calendar day counts): the rate whose dateEffet is the latest one on or before that day.
 * Throws RangeError for a malformed date or one before the recorded history.
 */
export function tauxBceAt(date: string): number {
  const day = calendarDay(date);
  const entries = referentials.tauxInteretBce.entries;
  let rate: number | undefined;
  for (const e of entries) {
    if (e.dateEffet > day) break; // ISO dates compare lexicographically
    rate = e.taux;
  }
  if (rate === undefined) {
    throw new RangeError(`tauxBceAt: no ECB rate recorded before ${entries[0].dateEffet} (asked ${day})`);
  }
  return rate;
}

/**
 * Moratorium interest rate (percent) for late payment starting on `date`: the ECB rate in force
 * on the first day of that semester + 8 points (CCP R2192-31, chorus-domain §10.4).
 */
export function tauxInteretsMoratoires(date: string): number {
  const day = calendarDay(date);
  const month = Number(day.slice(5, 7));
  const semesterStart = `${day.slice(0, 4)}-${month <= 6 ? '01' : '07'}-01`;
  // Round away binary noise (e.g. 3.65 + 8).
  return Math.round((tauxBceAt(semesterStart) + 8) * 100) / 100;
}

const delais = new Map(referentials.categoriesStructurePublique.entries.map((c) => [c.categorie, c.delaiPaiementJours] as const));
/** Maximum payment delay in days (délai global de paiement) for a category of public buyer. */
export function delaiPaiementJours(categorie: CategorieStructurePublique): number {
  const d = delais.get(categorie);
  if (d === undefined) throw new Error(`delaiPaiementJours: category ${categorie} missing from categories-structure-publique.json`);
  return d;
}

/** Statuses that exist for a payment-request type (official order). */
export function etatsPourTypeDemandePaiement(type: TypeDemandePaiement): readonly string[] {
  return referentials.etatsParTypeDp.entries[type] ?? [];
}
