import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ChorusError, type ErrorEntry } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** `/facture/lignePoste/0/lignePosteNumero` → `facture.lignePoste[0].lignePosteNumero`. */
function fieldName(instancePath: string, context: string | undefined): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (parts.length === 0) return context === 'body' || !context ? 'corps de la requête' : context;
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

/** The value at `instancePath` in what the client sent (undefined when absent). */
function valueAt(input: unknown, instancePath: string): unknown {
  let value = input;
  for (const part of instancePath.split('/').filter(Boolean)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A French libellé naming the offending field, from the first validation issue. */
export function libelleValidation(
  issue: ValidationIssue,
  context?: string,
  input?: unknown,
): { entry: ErrorEntry; libelle: string } {
  const champ = fieldName(issue.instancePath, context);
  const params = issue.params ?? {};
  // Zod reports a missing enum or literal as a wrong value: look at what was sent instead.
  const missing = issue.instancePath !== '' && issue.instancePath !== '/' && valueAt(input, issue.instancePath) === undefined;
  if (missing) return { entry: erreurs.CHAMP_OBLIGATOIRE, libelle: `Le champ '${champ}' est obligatoire` };
  let detail: string;
  switch (issue.keyword) {
    case 'invalid_type':
      detail = `type attendu : ${String(params.expected ?? 'autre')}`;
      break;
    case 'invalid_value':
    case 'invalid_enum_value':
      detail = Array.isArray(params.values) ? `valeurs admises : ${params.values.join(', ')}` : 'valeur non admise';
      break;
    case 'too_small':
      detail = `minimum : ${String(params.minimum)}`;
      break;
    case 'too_big':
      detail = `maximum : ${String(params.maximum)}`;
      break;
    case 'invalid_format':
    case 'invalid_string':
      detail = `format attendu : ${String(params.format ?? params.validation ?? 'autre')}`;
      break;
    default:
      detail = issue.message ?? 'valeur invalide';
  }
  return { entry: erreurs.CHAMP_INVALIDE, libelle: `Le champ '${champ}' n'est pas valide (${detail})` };
}

/** Maps a framework-level 4xx (bad JSON, wrong media type, body too large…) to the catalogue. */
function entryForStatus(status: number): ErrorEntry {
  switch (status) {
    case 401:
      return erreurs.NON_AUTHENTIFIE;
    case 403:
      return erreurs.ACCES_REFUSE;
    case 404:
      return erreurs.RESSOURCE_INTROUVABLE;
    case 405:
      return erreurs.METHODE_NON_AUTORISEE;
    case 413:
      return erreurs.CORPS_TROP_VOLUMINEUX;
    case 415:
      return erreurs.FORMAT_NON_SUPPORTE;
    default:
      return erreurs.CORPS_INVALIDE;
  }
}

export function sendError(reply: FastifyReply, entry: ErrorEntry, libelle: string = entry.libelle) {
  return reply.code(entry.httpStatus).send({ codeRetour: entry.codeRetour, libelle });
}

/**
 * The one error handler: every refusal leaves as `{codeRetour, libelle}` with the catalogue's
 * HTTP status; anything unexpected is logged and answered 500 without a stack trace.
 */
export default fp(
  async function errors(app: FastifyInstance) {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof ChorusError) {
        return reply.code(error.httpStatus).send({ codeRetour: error.codeRetour, libelle: error.libelle });
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const context = error.validationContext;
        const input = context === 'querystring' ? request.query : context === 'params' ? request.params : context === 'headers' ? request.headers : request.body;
        const { entry, libelle } = libelleValidation(error.validation[0] as ValidationIssue, context, input);
        return sendError(reply, entry, libelle);
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        const entry = entryForStatus(status);
        return sendError(reply, entry, status === 400 ? `${entry.libelle} : ${error.message}` : entry.libelle);
      }
      request.log.error({ err: error }, 'unexpected error');
      return sendError(reply, erreurs.ERREUR_INTERNE);
    });

    app.setNotFoundHandler((request, reply) =>
      sendError(reply, erreurs.RESSOURCE_INTROUVABLE, `API non trouvée : ${request.method} ${request.url.split('?')[0]}`),
    );

    // Operations without parameters are called with `{}` by most clients, some send no body at all.
    app.addHook('preValidation', async (request) => {
      if (request.method === 'POST' && (request.body === undefined || request.body === null)) request.body = {};
    });
  },
  { name: 'errors' },
);
