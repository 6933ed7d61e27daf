import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ChorusError } from '../../errors/chorus-error.js';
import { LIGNES_POSTE_MAX, LIGNES_TVA_MAX, PIECES_JOINTES_COMPLEMENTAIRES_MAX } from '../../domain/limites.js';
import { erreurs } from '../../errors/catalogue/index.js';

/**
 * Checks a request body against the official Swagger request model of its operation (Factures
 * and Structures, fixtures/official), before the route's own zod schema: the JSON type of every
 * documented field and the documented enums, including fields the sandbox ignores (champsDeTri,
 * rechercheSirenFournisseur…), which zod would otherwise drop whatever their type.
 *
 * Liberal where real clients are (chorus-api §2.6, §9): null and blank strings are absent, unknown
 * fields are ignored, integers and numbers may come as numeric strings, strings as numbers (SIRET),
 * booleans as "true"/"false"/"OUI"/"NON", a list as one item, an object as a one-item list
 * (pieceJointePrincipale), enums in any case with surrounding spaces (GO's "Ascendant ").
 * A wrong type or a value outside an enum is a 400 naming the field.
 */
interface Schema {
  $ref?: string;
  type?: string;
  enum?: string[];
  items?: Schema;
  properties?: Record<string, Schema>;
}
interface Swagger {
  basePath: string;
  paths: Record<string, { post?: { parameters?: { in: string; schema?: Schema }[] } }>;
  definitions: Record<string, Schema>;
}

function charger(nom: string): Swagger {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/official/${nom}.swagger.json`, import.meta.url), 'utf8')) as Swagger;
}

/** Enum values the sandbox accepts beyond the Swagger's, because real clients send them. */
const TOLERES: Record<string, readonly string[]> = {
  // GO's constant (chorus-api §9.3); the Swagger only lists the five roles.
  roleUtilisateur: ['VALIDEUR'],
};

/** Enums the services check themselves, with a catalogued business code rather than 10002. */
const ENUMS_VERIFIES_PAR_LE_SERVICE = new Set(['typeIdentifiantStructure']);

const PROFONDEUR_MAX = 12;

const LISTES_PLAFONNEES: Record<string, number> = {
  lignePoste: LIGNES_POSTE_MAX,
  ligneTva: LIGNES_TVA_MAX,
  pieceJointeComplementaire: PIECES_JOINTES_COMPLEMENTAIRES_MAX,
};

interface Modele {
  swagger: Swagger;
  racine: Schema;
  /** Enums a model leaves as a plain string where a sibling model lists the values. */
  complements: Record<string, readonly string[]>;
}

function modeles(): Map<string, Modele> {
  const out = new Map<string, Modele>();
  const factures = charger('factures');
  // rechercher/fournisseur types statutCourant as plain strings; the recipient search lists the 56 statuses.
  const statuts = factures.definitions.TraiterUneFactureRecueParam?.properties?.nouveauStatut?.enum ?? [];
  const complements = { statutCourant: statuts };
  for (const swagger of [factures, charger('structures')]) {
    for (const [chemin, op] of Object.entries(swagger.paths)) {
      const racine = op.post?.parameters?.find((p) => p.in === 'body')?.schema;
      if (racine) out.set(`${swagger.basePath}${chemin}`, { swagger, racine, complements });
    }
  }
  return out;
}

const vide = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
const numerique = (v: unknown) => typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v));

function refus(champ: string, detail: string): ChorusError {
  return new ChorusError(erreurs.CHAMP_INVALIDE, `Le champ '${champ}' n'est pas valide (${detail})`);
}

function verifier(m: Modele, schema: Schema, valeur: unknown, champ: string, profondeur: number): void {
  if (vide(valeur) || profondeur > PROFONDEUR_MAX) return;
  let s = schema;
  while (s.$ref) s = m.swagger.definitions[s.$ref.replace('#/definitions/', '')] ?? {};
  const type = s.type ?? (s.properties ? 'object' : undefined);
  const nom = champ.replace(/\[\d+\]$/, '').split('.').pop() ?? champ;
  switch (type) {
    case 'string': {
      if (typeof valeur !== 'string' && typeof valeur !== 'number') throw refus(champ, 'type attendu : string');
      const liste = s.enum ?? m.complements[nom];
      if (liste && typeof valeur === 'string' && !ENUMS_VERIFIES_PAR_LE_SERVICE.has(nom)) {
        const v = valeur.trim().toLowerCase();
        const admis = [...liste, ...(TOLERES[nom] ?? [])];
        if (!admis.some((e) => e.toLowerCase() === v)) throw refus(champ, `valeurs admises : ${liste.join(', ')}`);
      }
      return;
    }
    case 'integer':
      if (!(typeof valeur === 'number' && Number.isInteger(valeur)) && !(numerique(valeur) && Number.isInteger(Number(valeur)))) {
        throw refus(champ, 'type attendu : integer');
      }
      return;
    case 'number':
      if (typeof valeur !== 'number' && !numerique(valeur)) throw refus(champ, 'type attendu : number');
      return;
    case 'boolean':
      if (typeof valeur !== 'boolean' && !(typeof valeur === 'string' && /^(true|false|oui|non)$/i.test(valeur.trim()))) {
        throw refus(champ, 'type attendu : boolean');
      }
      return;
    case 'array': {
      const items = Array.isArray(valeur) ? valeur : [valeur];
      items.forEach((item, i) => s.items && verifier(m, s.items, item, `${champ}[${i}]`, profondeur + 1));
      return;
    }
    case 'object': {
      if (Array.isArray(valeur)) {
        // An object sent as a list of such objects (pieceJointePrincipale, chorus-api §9.1).
        valeur.forEach((item, i) => verifier(m, s, item, `${champ}[${i}]`, profondeur + 1));
        return;
      }
      if (typeof valeur !== 'object') throw refus(champ, 'type attendu : object');
      for (const [k, v] of Object.entries(valeur as Record<string, unknown>)) {
        const propriete = s.properties?.[k];
        if (propriete) verifier(m, propriete, v, champ ? `${champ}.${k}` : k, profondeur + 1);
      }
      return;
    }
    default:
      return;
  }
}

/**
 * Known client spellings rewritten to the documented ones before any check (chorus-api §9.3):
 * GO's pagination key `triSense` is `triSens`; GO sends `cadreFacturation` of the invoice searches
 * as an object `{codeCadreFacturation}` where the Swagger has the code itself.
 */
export function aliasClients(valeur: unknown, profondeur = 0): unknown {
  if (profondeur > 8 || valeur === null || typeof valeur !== 'object') return valeur;
  if (Array.isArray(valeur)) {
    const items = valeur.map((v) => aliasClients(v, profondeur + 1));
    return items.some((v, i) => v !== valeur[i]) ? items : valeur;
  }
  // A copy only where something changes: the journal keeps what the client sent.
  const o = valeur as Record<string, unknown>;
  let copie: Record<string, unknown> | undefined;
  const ecrire = (k: string, v: unknown) => {
    copie ??= { ...o };
    copie[k] = v;
  };
  if ('triSense' in o && (o.triSens === undefined || o.triSens === null || o.triSens === '')) ecrire('triSens', o.triSense);
  const cadre = o.cadreFacturation;
  if (cadre && typeof cadre === 'object' && !Array.isArray(cadre)) {
    const c = cadre as Record<string, unknown>;
    ecrire('cadreFacturation', c.codeCadreFacturation ?? c.cadreFacturation ?? c.code ?? null);
  }
  for (const [k, v] of Object.entries(o)) {
    if (k === 'cadreFacturation' && copie) continue;
    const w = aliasClients(v, profondeur + 1);
    if (w !== v) ecrire(k, w);
  }
  return copie ?? o;
}

export default fp(
  async function typesOfficiels(app: FastifyInstance) {
    const parChemin = modeles();
    app.addHook('preValidation', async (request: FastifyRequest) => {
      if (request.method !== 'POST') return;
      request.body = aliasClients(request.body);
      const m = parChemin.get(request.routeOptions.url ?? '');
      if (!m || request.body === null || typeof request.body !== 'object' || Array.isArray(request.body)) return;
      // Oversized lists are refused before anything walks them (100,000 lines stalled every sandbox).
      const corps = request.body as Record<string, unknown>;
      for (const [champ, max] of Object.entries(LISTES_PLAFONNEES)) {
        const liste = corps[champ];
        if (Array.isArray(liste) && liste.length > max) {
          throw new ChorusError(erreurs.TROP_DE_LIGNES, `${erreurs.TROP_DE_LIGNES.libelle} : ${liste.length} éléments, ${max} au plus (${champ})`);
        }
      }
      verifier(m, m.racine, request.body, '', 0);
    });
  },
  { name: 'types-officiels' },
);
