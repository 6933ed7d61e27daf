import { nextId } from '../../db/sequences.js';
import { identifiantDume } from '../../domain/dume/identifiant.js';
import { xmlDumeAcheteur, xmlDumeOperateur } from './espd-xml.js';
import {
  completer,
  creerDumeAcheteur,
  declarerGroupement,
  dumeOperateurDepuisEntreprise,
  fusionner,
  modeleDumeOperateur,
  type DonneesEntreprise,
  type DumeAcheteur,
  type Creation,
  type DumeOperateur,
  type Groupement,
  type RoleOperateur,
  type SaisieDumeAcheteur,
  type TailleEntreprise,
  type ValeurReponse,
} from '../../domain/dume/modele.js';
import { erreursDume } from '../../errors/catalogue/dume.js';
import { ChorusError } from '../../errors/chorus-error.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { findStructureByIdentifiant } from '../structures/repository.js';
import { lireDumeAcheteur, lireXmlDumeOperateur, TAILLE_MAX_XML } from './espd.js';
import { pdfDumeAcheteur, pdfDumeOperateur } from './pdf.js';
import * as repo from './repository.js';

/**
 * The DUME service of a sandbox: what the dumeA, dumeOE and donnees APIs and the control plane
 * call. No Fastify here. DUMEs are stored whole (the domain object as JSON) with their search keys.
 */

export type Dume = DumeAcheteur | DumeOperateur;

const refus = (code: keyof typeof erreursDume, detail?: string) =>
  new ChorusError(erreursDume[code], detail ? `${erreursDume[code].libelle} : ${detail}` : erreursDume[code].libelle);

/** Today in Paris, from the sandbox clock (a DUME is dated like the real service's, in French time). */
const aujourdhui = (ctx: SandboxContext) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' }).format(ctx.now());

/**
 * Builds and stores a new DUME: its row id is the next value of the sandbox's DUME sequence (whose
 * start depends on the seed, see scenarios/apply.ts) and its wire identifier is derived from it.
 */
function nouveau<T extends Dume>(ctx: SandboxContext, construire: (c: Creation) => T): T {
  const id = nextId(ctx.db, ctx.sandboxId, 'dume');
  const dume = construire({ identifiant: identifiantDume(id, 0), date: aujourdhui(ctx) });
  repo.insererDume(ctx, { id, identifiant: dume.identifiant, type: dume.type, dateCreation: dume.dateCreation, ...ligne(dume) });
  return dume;
}

/** The stored JSON and the search keys drawn from a DUME. */
function ligne(dume: Dume) {
  return {
    siret: dume.type === 'DUME_A' ? dume.acheteur.siret : (dume.entreprise?.siret ?? null),
    idConsultation: dume.type === 'DUME_A' ? (dume.acheteur.idConsultation ?? null) : (dume.dumeAcheteur?.acheteur.idConsultation ?? null),
    identifiantDumeA: dume.type === 'DUME_OE' ? (dume.dumeAcheteur?.identifiant ?? null) : null,
    dumeType: dume.type === 'DUME_OE' && dume.dumeType,
    contenu: JSON.stringify(dume),
  };
}

function remplacer(ctx: SandboxContext, dume: DumeOperateur): DumeOperateur {
  repo.remplacerDume(ctx, dume.identifiant, ligne(dume));
  return dume;
}

export function lireDume(ctx: SandboxContext, identifiant: string): Dume {
  const row = repo.dumeParIdentifiant(ctx, identifiant.trim());
  if (!row) throw refus('DUME_INCONNU', identifiant);
  return JSON.parse(row.contenu) as Dume;
}

export function lireDumeOperateur(ctx: SandboxContext, identifiant: string): DumeOperateur {
  const d = lireDume(ctx, identifiant);
  if (d.type !== 'DUME_OE') throw refus('DUME_TYPE_NON_DUME_OE', identifiant);
  return d;
}

// ——— Company data ———

/**
 * "Private" company data (typeDonnees 2): the sandbox has no turnover or headcount for its
 * structures, so it derives stable, plausible figures from the SIRET, as training data.
 */
function donneesPrivees(siret: string): { effectifs: number; chiffreAffaires: number; taille: TailleEntreprise } {
  let h = 0;
  for (const c of siret) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  const effectifs = 3 + (h % 180);
  const taille: TailleEntreprise = effectifs < 10 ? 'micro' : effectifs < 50 ? 'small' : 'medium';
  return { effectifs, chiffreAffaires: effectifs * 85_000 + (h % 97) * 1_000, taille };
}

/** `recupererDonneesOE`: what the sandbox knows of the company with this SIRET (1 published, 2 with unpublished). */
export function donneesEntreprise(ctx: SandboxContext, siretOE: string, typeDonnees: 1 | 2 = 1): DonneesEntreprise {
  const s = findStructureByIdentifiant(ctx, siretOE.trim(), 'SIRET');
  if (!s) throw refus('DUME_SIRET_INCONNU', siretOE);
  const publiques: DonneesEntreprise = {
    siret: s.identifiant,
    raisonSociale: s.raisonSociale,
    adresse: s.ville ? { ligne: s.adresse ?? '', codePostal: s.codePostal ?? '', ville: s.ville, codePays: s.codePays } : undefined,
    email: s.email ?? undefined,
  };
  return typeDonnees === 2 ? { ...publiques, ...donneesPrivees(s.identifiant) } : publiques;
}

// ——— DUME A ———

export function creerDumeA(ctx: SandboxContext, saisie: SaisieDumeAcheteur): DumeAcheteur {
  return nouveau(ctx, (c) => creerDumeAcheteur(saisie, c));
}

export interface CritereRecherche {
  readonly type?: 'DUME_A' | 'DUME_OE' | undefined;
  readonly idConsultation?: string | undefined;
  readonly siret?: string | undefined;
  readonly idDumeA?: string | undefined;
}

export function rechercher(ctx: SandboxContext, c: CritereRecherche): Dume[] {
  return repo
    .rechercherDumes(ctx, { type: c.type, idConsultation: c.idConsultation, siret: c.siret, identifiantDumeA: c.idDumeA })
    .map((r) => JSON.parse(r.contenu) as Dume);
}

// ——— Formats ———

export const xmlDe = (d: Dume) => (d.type === 'DUME_A' ? xmlDumeAcheteur(d) : xmlDumeOperateur(d));
export const pdfDe = (d: Dume) => (d.type === 'DUME_A' ? pdfDumeAcheteur(d) : pdfDumeOperateur(d));

export interface DumeFormate {
  readonly dume: Dume;
  readonly format: 1 | 2;
  readonly nomFichier: string;
  readonly contenu: Buffer;
}

/** `recupererDumeFormate`: 1 = PDF en clair, 2 = the ESPD XML. */
export async function formater(ctx: SandboxContext, identifiant: string, format: 1 | 2): Promise<DumeFormate> {
  const dume = lireDume(ctx, identifiant);
  return format === 1
    ? { dume, format, nomFichier: `DUME_${dume.identifiant}.pdf`, contenu: Buffer.from(await pdfDe(dume)) }
    : { dume, format, nomFichier: `DUME_${dume.identifiant}.xml`, contenu: Buffer.from(xmlDe(dume), 'utf8') };
}

// ——— DUME OE ———

/** `recupererModelDume`: a blank DUME OE, stored so that it can be completed and found again. */
export function creerModele(ctx: SandboxContext): DumeOperateur {
  return nouveau(ctx, modeleDumeOperateur);
}

/** `creerDumeOEavecSiretOE` / `recupererDumeOEAvecDonnesEntreprise`: pre-filled with the company's data. */
export function creerDumeOE(ctx: SandboxContext, siretOE: string, typeDonnees: 1 | 2 = 1, dumeType = false): DumeOperateur {
  const entreprise = donneesEntreprise(ctx, siretOE, typeDonnees);
  return nouveau(ctx, (c) => dumeOperateurDepuisEntreprise(entreprise, c, dumeType));
}

/** XML of a DUME as the API receives it: base64 ("uuencode" on the real pages), or plain XML. */
export function decoderXml(valeur: string): string {
  const v = valeur.trim();
  // Refused before decoding: memory stays bounded by the XML limit, not by the body limit.
  if (v.length > (TAILLE_MAX_XML / 3) * 4 + 4096) throw refus('DUME_XML_TROP_GROS');
  if (v.startsWith('<')) return v;
  if (!/^[A-Za-z0-9+/=\s_-]+$/.test(v)) throw refus('DUME_XML_BASE64');
  const xml = Buffer.from(v, 'base64').toString('utf8').replace(/^\uFEFF/, '');
  if (!xml.trimStart().startsWith('<')) throw refus('DUME_XML_BASE64');
  return xml;
}

export interface DemandeFusion {
  readonly idDume?: string | undefined;
  readonly dumeA?: string | undefined;
  readonly siretOE?: string | undefined;
  readonly typeDonnees?: 1 | 2 | undefined;
  /** A DUME type of the company to merge with, instead of its raw data. */
  readonly idDumeType?: string | undefined;
}

/**
 * `FusionnerDumeAvecDonneesEntreprise`: a DUME OE answering a DUME A given by its identifier or
 * its XML (never both), completed with the company's data. With typeDonnees 2, the company's
 * unpublished data include its latest DUME type, if it saved one (or the one named).
 */
export function fusionnerDume(ctx: SandboxContext, d: DemandeFusion): DumeOperateur {
  if (d.idDume && d.dumeA) throw refus('DUME_IDENTIFIANT_ET_XML');
  if (!d.idDume && !d.dumeA) throw refus('DUME_NI_IDENTIFIANT_NI_XML');
  let dumeA: DumeAcheteur;
  if (d.idDume) {
    const trouve = lireDume(ctx, d.idDume);
    if (trouve.type !== 'DUME_A') throw refus('DUME_TYPE_NON_DUME_A', d.idDume);
    dumeA = trouve;
  } else {
    const lu = lireDumeAcheteur(decoderXml(d.dumeA!));
    // An imported DUME A keeps its own identifier when it is one of this sandbox's shape.
    dumeA = creerDumeAcheteur({ acheteur: lu.acheteur, simplifie: lu.simplifie, criteresSelection: lu.criteresSelection }, {
      identifiant: lu.identifiant ?? 'inconnu',
      date: aujourdhui(ctx),
    });
  }
  const typeDonnees = d.typeDonnees ?? 1;
  const entreprise = d.siretOE ? donneesEntreprise(ctx, d.siretOE, typeDonnees) : undefined;
  let dumeType: DumeOperateur | undefined;
  if (d.idDumeType) dumeType = lireDumeOperateur(ctx, d.idDumeType);
  else if (entreprise && typeDonnees === 2) {
    dumeType = rechercher(ctx, { type: 'DUME_OE', siret: entreprise.siret })
      .filter((x): x is DumeOperateur => x.type === 'DUME_OE' && x.dumeType)
      .at(-1);
  }
  return nouveau(ctx, (c) => fusionner(dumeA, { entreprise, dumeType }, c));
}

/** Completes a stored DUME OE (the portal's form, the control plane until then). */
export function completerDume(
  ctx: SandboxContext,
  identifiant: string,
  reponses: { exclusion?: Record<string, boolean> | undefined; selection?: Record<string, ValeurReponse> | undefined; dumeType?: boolean | undefined },
): DumeOperateur {
  const avant = lireDumeOperateur(ctx, identifiant);
  return remplacer(ctx, { ...completer(avant, reponses), dumeType: reponses.dumeType ?? avant.dumeType });
}

/** Declares the DUME's role and links the others; every linked DUME must exist in the sandbox. */
export function declarerRole(ctx: SandboxContext, identifiant: string, role: RoleOperateur, groupement?: Groupement): DumeOperateur {
  const avant = lireDumeOperateur(ctx, identifiant);
  const membres = (groupement?.membres ?? []).map((m) => {
    const lie = lireDumeOperateur(ctx, m.identifiantDume);
    return { ...m, raisonSociale: m.raisonSociale ?? lie.entreprise?.raisonSociale, siret: m.siret ?? lie.entreprise?.siret };
  });
  return remplacer(ctx, declarerGroupement(avant, role, groupement ? { nom: groupement.nom, membres } : undefined));
}

/**
 * `enregistrerDume` (dumeOE): saves a DUME OE received as ESPD XML, completed by the company's own
 * software; with `idDume`, it replaces that draft (same identifier), as the real service modifies
 * a deposited draft. The DUME A it answers is linked when the sandbox holds it.
 */
export function enregistrerDume(ctx: SandboxContext, dume: string, idDume?: string): DumeOperateur {
  const lu = lireXmlDumeOperateur(decoderXml(dume));
  const avant = idDume ? lireDumeOperateur(ctx, idDume) : undefined;
  const trouve = lu.identifiantDumeA ? repo.dumeParIdentifiant(ctx, lu.identifiantDumeA) : undefined;
  const dumeA = trouve?.type === 'DUME_A' ? (JSON.parse(trouve.contenu) as DumeAcheteur) : avant?.dumeAcheteur;
  const construire = (c: Creation): DumeOperateur => {
    const base: DumeOperateur = { ...modeleDumeOperateur(c), dumeType: avant?.dumeType ?? false, entreprise: lu.entreprise, dumeAcheteur: dumeA };
    return declarerGroupement(completer(base, { exclusion: lu.reponsesExclusion, selection: lu.reponsesSelection }), lu.role, lu.groupement);
  };
  if (avant) return remplacer(ctx, construire({ identifiant: avant.identifiant, date: avant.dateCreation }));
  return nouveau(ctx, construire);
}

export interface DumeAvecPJ {
  readonly dume: DumeOperateur;
  readonly xml: Buffer;
  readonly pdf: Buffer;
}

/**
 * `telechargerDumeAvecPJ`: the DUME OEs answering a DUME A, each with its XML and its PDF. The
 * real service adds API Entreprise certificates; the sandbox has none to add (an empty list).
 */
export async function dumesAvecPJ(ctx: SandboxContext, idDumeA: string): Promise<DumeAvecPJ[]> {
  const a = lireDume(ctx, idDumeA);
  if (a.type !== 'DUME_A') throw refus('DUME_TYPE_NON_DUME_A', idDumeA);
  const oe = rechercher(ctx, { type: 'DUME_OE', idDumeA: a.identifiant }) as DumeOperateur[];
  return Promise.all(oe.map(async (dume) => ({ dume, xml: Buffer.from(xmlDumeOperateur(dume), 'utf8'), pdf: Buffer.from(await pdfDumeOperateur(dume)) })));
}
