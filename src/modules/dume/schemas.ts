import { z } from 'zod';
import { CRITERES_SELECTION, NATURES_MARCHE, TYPES_PROCEDURE } from '../../domain/dume/criteres.js';
import { ROLES_OPERATEUR } from '../../domain/dume/modele.js';

/**
 * Bodies and answers of the DUME APIs. The real service takes one POST per API, a JSON body whose
 * `operation` names the operation, and the common parameters of complements §3.2. Where the pages
 * spell an operation's constant two ways (a copy-paste on the page, a missing "e"), both are
 * accepted. The answer wrapper of the real service is not public: the sandbox answers like the
 * other Chorus Pro APIs, `codeRetour` 0 and `libelle` beside the data, and `{codeRetour, libelle}`
 * with a 400 for a refusal.
 */

const texte = (max: number) => z.string().trim().min(1).max(max);
/** Numbers may come as strings from loosely typed clients. */
const entier = <T extends number>(valeurs: readonly T[]) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v),
    z.union(valeurs.map((v) => z.literal(v)) as unknown as [z.ZodLiteral<T>, z.ZodLiteral<T>], { error: `valeurs admises : ${valeurs.join(', ')}` }),
  );
/** 14 digits; the libellé says so in French (a regex would be reported as "format attendu : regex"). */
const siret = () => z.string().trim().refine((s) => /^\d{14}$/.test(s), '14 chiffres attendus');

/** idPlateforme length by typeIdPlateforme (1 SIRET 14, 2 EU VAT 1–18, 3 non-EU 3–18, 4 RIDET 9–10, 5 Tahiti 9). */
const LONGUEURS: Readonly<Record<number, readonly [number, number]>> = { 1: [14, 14], 2: [1, 18], 3: [3, 18], 4: [9, 10], 5: [9, 9] };

const communs = {
  typeIdPlateforme: entier([1, 2, 3, 4, 5] as const).optional().describe('1 SIRET, 2 TVA intracommunautaire, 3 hors UE, 4 RIDET, 5 Tahiti (SIRET si absent)'),
  idPlateforme: texte(18).optional().describe('Identifiant du profil d’acheteur (longueur selon typeIdPlateforme)'),
  idTechniquePlateforme: texte(50).optional().describe('Code de l’application partenaire (formulaire de raccordement Chorus Pro)'),
  idDemandeur: texte(18).optional().describe('SIRET ou identifiant fonctionnel du demandeur'),
  rsDemandeur: texte(200).optional().describe('Raison sociale du demandeur'),
};

function longueurPlateforme(b: { typeIdPlateforme?: unknown; idPlateforme?: unknown }, ctx: z.RefinementCtx) {
  if (typeof b.idPlateforme !== 'string') return;
  const type = typeof b.typeIdPlateforme === 'number' ? b.typeIdPlateforme : 1;
  const [min, max] = LONGUEURS[type]!;
  if (b.idPlateforme.length < min || b.idPlateforme.length > max) {
    ctx.addIssue({ code: 'custom', path: ['idPlateforme'], message: `longueur attendue ${min === max ? min : `${min} à ${max}`} pour typeIdPlateforme ${type}` });
  }
}

const siretOE = siret().describe('SIRET de l’opérateur économique');
const typeDonnees = entier([1, 2] as const).optional().describe('1 données publiées (défaut), 2 publiées et non publiées');
const format = entier([1, 2] as const).describe('1 PDF, 2 XML');
const idDume = z.string().trim().min(1).max(36).describe('Identifiant du DUME (8 caractères alphanumériques)');
const dumeXml = z.string().min(1).describe('XML du DUME, encodé en base64');

const variante = <const O extends readonly [string, ...string[]], S extends z.ZodRawShape>(operations: O, champs: S) =>
  z.object({ operation: z.enum(operations), ...communs, ...champs }).superRefine(longueurPlateforme);

/** The libellé of an unknown `operation`, in French. */
const inconnue = { error: 'opération inconnue de cette API' };

// ——— dumeA ———

export const rechercherDumesA = variante(['rechercherDumes'], {
  idConsultation: texte(50).optional(),
  siretAcheteur: siret().optional().describe('SIRET de l’acheteur'),
});
export const recupererDumeFormate = variante(['recupererDumeFormate', 'rechercherDumeA'], { idDume: idDume.optional(), idDumeO: idDume.optional(), format });
export const telechargerDumeAvecPJ = variante(['telechargerDumeAvecPJ', 'telechargerDumeavecPJ'], { idDume });
export const healthCheck = variante(['healthCheck'], {});

export const corpsDumeA = z.discriminatedUnion('operation', [rechercherDumesA, recupererDumeFormate, telechargerDumeAvecPJ, healthCheck], inconnue);

// ——— dumeOE ———

export const recupererModelDume = variante(['recupererModelDume'], {});
export const rechercherDumesOE = variante(['rechercherDumes'], { idConsultation: texte(50).optional(), siretOE: siretOE.optional() });
export const creerDumeOE = variante(['recupererDumeOEAvecDonnesEntreprise', 'recupererDumeOEAvecDonneesEntreprise', 'creerDumeOEavecSiretOE'], {
  siretOE,
  typeDonnees,
});
export const fusionnerDume = variante(['FusionnerDumeAvecDonneesEntreprise', 'FusionnerDumeAvecDonnesEntreprise'], {
  idDume: idDume.optional().describe('Identifiant du DUME acheteur (ou dumeA, jamais les deux)'),
  dumeA: dumeXml.optional().describe('XML du DUME acheteur encodé en base64 (ou idDume, jamais les deux)'),
  siretOE: siretOE.optional(),
  typeDonnees,
});

export const enregistrerDume = variante(['enregistrerDume'], {
  Dume: dumeXml.describe('XML du DUME OE (réponse ESPD) encodé en base64'),
  idDume: idDume.optional().describe('Obligatoire pour modifier un DUME déjà déposé'),
});

export const corpsDumeOE = z.discriminatedUnion(
  'operation',
  [recupererModelDume, rechercherDumesOE, recupererDumeFormate, creerDumeOE, fusionnerDume, enregistrerDume, healthCheck],
  inconnue,
);

// ——— donnees ———

export const recupererDonneesOE = variante(['recupererDonneesOE'], { siretOE, typeDonnees });
export const corpsDonnees = z.discriminatedUnion('operation', [recupererDonneesOE, healthCheck], inconnue);

// ——— Answers ———

const succes = { codeRetour: z.literal(0), libelle: z.string() };

export const resumeDume = z.object({
  idDume: z.string(),
  typeDume: z.enum(['DUME_A', 'DUME_OE']),
  dumeType: z.boolean(),
  idConsultation: z.string().nullable(),
  siret: z.string().nullable(),
  raisonSociale: z.string().nullable(),
  referenceMarche: z.string().nullable(),
  objetMarche: z.string().nullable(),
  idDumeA: z.string().nullable(),
  dateCreation: z.string(),
});

export const donneesOE = z.object({
  siret: z.string(),
  raisonSociale: z.string(),
  adresse: z.string().nullable(),
  codePostal: z.string().nullable(),
  ville: z.string().nullable(),
  codePays: z.string().nullable(),
  email: z.string().nullable(),
  tailleEntreprise: z.string().nullable(),
  chiffreAffaires: z.number().nullable(),
  effectifs: z.number().nullable(),
});

export const reponseDume = z.union([
  z.object({ ...succes, listeDumes: z.array(resumeDume), nombreResultats: z.number() }).describe('rechercherDumes'),
  z.object({ ...succes, idDume: z.string(), format: z.number(), nomFichier: z.string(), dume: z.string().describe('Fichier encodé en base64'), metadonnees: resumeDume }).describe('recupererDumeFormate'),
  z.object({ ...succes, idDume: z.string(), dume: z.string().describe('XML ESPD encodé en base64') }).describe('recupererModelDume, recupererDumeOEAvecDonnesEntreprise, Fusionner…'),
  z.object({
    ...succes,
    idDume: z.string(),
    dumesOE: z.array(z.object({ metadonnees: resumeDume, dume: z.string(), pdf: z.string(), attestations: z.array(z.object({ type: z.string(), fichier: z.string() })) })),
  }).describe('telechargerDumeAvecPJ'),
  z.object({ ...succes, donneesOE }).describe('recupererDonneesOE'),
  z.object({ ...succes, statut: z.literal('OK') }).describe('healthCheck'),
]);

// ——— Control plane ———

const adresse = z.object({ ligne: z.string().max(200), codePostal: z.string().max(10), ville: z.string().max(100), codePays: z.string().length(2) });

export const saisieDumeA = z.object({
  acheteur: z.object({
    nom: texte(200),
    siret: siret(),
    numeroAvisJOUE: texte(50).optional(),
    idConsultation: texte(50).optional(),
    referenceMarche: texte(100),
    objetMarche: texte(500),
    descriptionBreve: texte(2000).optional(),
    typeProcedure: z.enum(Object.keys(TYPES_PROCEDURE) as [keyof typeof TYPES_PROCEDURE]),
    natureMarche: z.enum(NATURES_MARCHE as ['TRAVAUX', 'FOURNITURES', 'SERVICES']).optional(),
    adresse: adresse.optional(),
  }),
  simplifie: z.boolean().optional(),
  criteresSelection: z.array(z.string().max(30)).max(CRITERES_SELECTION.length).optional().describe(`Codes ESPD : ${CRITERES_SELECTION.map((c) => c.code).join(', ')}`),
});

/** A trainer's DUME A for a structure of the sandbox: the buyer's data default to the structure's. */
export const saisieDumeAPourStructure = saisieDumeA.extend({
  acheteur: saisieDumeA.shape.acheteur.partial({ nom: true, siret: true, adresse: true }),
});

export const saisieDumeOE = z.object({
  siretOE: siretOE.optional().describe('Absent : un modèle vierge'),
  typeDonnees,
  dumeType: z.boolean().optional().describe('Un DUME type réutilisable de l’entreprise'),
  idDumeA: idDume.optional().describe('Fusionner avec ce DUME acheteur'),
  idDumeType: idDume.optional().describe('Fusionner avec ce DUME type plutôt qu’avec les données de l’entreprise'),
});

const valeurReponse = z.union([z.boolean(), z.number(), z.string().max(2000)]);
export const saisieReponses = z.object({
  exclusion: z.record(z.string().max(30), z.boolean()).optional(),
  selection: z.record(z.string().max(30), valeurReponse).optional(),
  dumeType: z.boolean().optional(),
});

const role = z.enum(Object.keys(ROLES_OPERATEUR) as [keyof typeof ROLES_OPERATEUR]);
export const saisieGroupement = z.object({
  role,
  nom: texte(200).optional(),
  membres: z.array(z.object({ identifiantDume: idDume, role })).max(50).default([]),
});

export const dumeCompletDto = z.object({ idDume: z.string(), metadonnees: resumeDume, contenu: z.record(z.string(), z.unknown()) });
