import { readFileSync } from 'node:fs';

/**
 * A dependency-free reader of the official Swagger 2.0 files (fixtures/official): the request and
 * response models of an operation, `$ref`s resolved, to build the bodies typed clients send and to
 * validate what the sandbox answers.
 */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
}

interface Swagger {
  basePath: string;
  paths: Record<string, Record<string, { parameters?: { in: string; schema?: Schema }[]; responses: Record<string, { schema?: Schema }> }>>;
  definitions: Record<string, Schema>;
}

function load(name: string): Swagger {
  return JSON.parse(readFileSync(new URL(`../../fixtures/official/${name}.swagger.json`, import.meta.url), 'utf8')) as Swagger;
}

export const SWAGGERS = { factures: load('factures'), structures: load('structures') };

export interface Operation {
  api: keyof typeof SWAGGERS;
  chemin: string;
  requete?: Schema;
  reponse?: Schema;
}

/** Every operation of both files, with its full `/cpro/...` path. */
export function operations(): Operation[] {
  return (Object.keys(SWAGGERS) as (keyof typeof SWAGGERS)[]).flatMap((api) => {
    const s = SWAGGERS[api];
    return Object.entries(s.paths).map(([p, verbs]) => {
      const op = verbs.post ?? Object.values(verbs)[0];
      return {
        api,
        chemin: `${s.basePath}${p}`,
        requete: op.parameters?.find((x) => x.in === 'body')?.schema,
        reponse: op.responses['200']?.schema,
      };
    });
  });
}

export function resoudre(api: keyof typeof SWAGGERS, schema: Schema): Schema {
  let s = schema;
  while (s.$ref) s = SWAGGERS[api].definitions[s.$ref.replace('#/definitions/', '')];
  return s;
}

/**
 * The body a typed client sends when it fills nothing: every field present with its zero value
 * (`""`, `0`, `{}` filled the same way, `[]`; booleans `null`, as Java clients send them).
 */
export function corpsType(api: keyof typeof SWAGGERS, schema: Schema, profondeur = 0): unknown {
  const s = resoudre(api, schema);
  if (profondeur > 6) return null;
  switch (s.type) {
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return null;
    case 'array':
      return [];
    default:
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, corpsType(api, v, profondeur + 1)]));
  }
}

/** `base` with `dessus` laid over it, objects merged key by key. */
export function fusion(base: unknown, dessus: unknown): unknown {
  if (dessus === undefined) return base;
  if (base && dessus && typeof base === 'object' && typeof dessus === 'object' && !Array.isArray(base) && !Array.isArray(dessus)) {
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [k, v] of Object.entries(dessus as Record<string, unknown>)) out[k] = fusion(out[k], v);
    return out;
  }
  return dessus;
}

export interface Ecart {
  chemin: string;
  probleme: string;
}

/**
 * Differences between a response and the Swagger model: wrong JSON types, missing required
 * fields, enum values outside the list, and nulls where the model does not allow them.
 * Fields the model does not declare are not reported (the sandbox may add none, but that is
 * checked elsewhere).
 */
export function valider(api: keyof typeof SWAGGERS, schema: Schema, valeur: unknown, chemin = '$', ecarts: Ecart[] = []): Ecart[] {
  const s = resoudre(api, schema);
  if (valeur === null) {
    ecarts.push({ chemin, probleme: 'null' });
    return ecarts;
  }
  if (valeur === undefined) return ecarts;
  const type = s.type ?? (s.properties ? 'object' : undefined);
  switch (type) {
    case 'string':
      if (typeof valeur !== 'string') ecarts.push({ chemin, probleme: `string attendu, ${typeof valeur}` });
      else if (s.enum && !s.enum.includes(valeur)) ecarts.push({ chemin, probleme: `hors enum : ${valeur}` });
      break;
    case 'integer':
      if (!Number.isInteger(valeur)) ecarts.push({ chemin, probleme: `entier attendu, ${JSON.stringify(valeur)}` });
      break;
    case 'number':
      if (typeof valeur !== 'number') ecarts.push({ chemin, probleme: `nombre attendu, ${typeof valeur}` });
      break;
    case 'boolean':
      if (typeof valeur !== 'boolean') ecarts.push({ chemin, probleme: `booléen attendu, ${typeof valeur}` });
      break;
    case 'array':
      if (!Array.isArray(valeur)) ecarts.push({ chemin, probleme: 'tableau attendu' });
      else valeur.forEach((v, i) => s.items && valider(api, s.items, v, `${chemin}[${i}]`, ecarts));
      break;
    case 'object': {
      if (typeof valeur !== 'object' || Array.isArray(valeur)) {
        ecarts.push({ chemin, probleme: 'objet attendu' });
        break;
      }
      const o = valeur as Record<string, unknown>;
      for (const r of s.required ?? []) if (!(r in o)) ecarts.push({ chemin: `${chemin}.${r}`, probleme: 'obligatoire absent' });
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        // Decided: the real API sends null for what is unset, it does not omit declared fields.
        if (!(k in o)) ecarts.push({ chemin: `${chemin}.${k}`, probleme: 'absent' });
        else valider(api, v, o[k], `${chemin}.${k}`, ecarts);
      }
      break;
    }
    default:
      break;
  }
  return ecarts;
}
