import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { clockNow } from '../../sandbox/clock.js';
import { clockOf } from '../../modules/control-plane/service.js';
import { sandboxForToken } from '../../modules/piste/service.js';
import { journaliser, serialiser } from '../../modules/toolkit/journal.js';
import { deleguerAttente } from '../infrastructure/commit-groupe.js';
import '../../types.js';

interface Trace {
  debut: bigint;
  corps?: unknown;
  reponse?: unknown;
}

const traces = new WeakMap<FastifyRequest, Trace>();

/** The sandbox behind the Bearer token, even when the call then failed (bad cpro-account → 401). */
function sandboxDe(app: FastifyInstance, request: FastifyRequest) {
  if (request.cpro) return request.cpro.sandbox;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return bearer ? sandboxForToken(app.db, bearer[1]) : undefined;
}

function codeRetourDe(payload: unknown): number | null {
  try {
    const body = typeof payload === 'string' ? JSON.parse(payload) : payload;
    return typeof body?.codeRetour === 'number' ? body.codeRetour : null;
  } catch {
    return null;
  }
}

/**
 * Records every `/cpro` call in its sandbox's request journal, secrets redacted. Calls without a
 * valid token belong to no sandbox and are not recorded. A journal failure never fails the call.
 */
export default fp(
  async function journal(app: FastifyInstance) {
    app.addHook('onRequest', async (request) => {
      traces.set(request, { debut: process.hrtime.bigint() });
      deleguerAttente(request);
    });
    // Before validation: the journal shows what the client sent, not what zod kept.
    app.addHook('preValidation', async (request) => {
      const trace = traces.get(request);
      if (trace) trace.corps = request.body;
    });
    app.addHook('onSend', async (request, reply, payload) => {
      const trace = traces.get(request);
      if (trace) trace.reponse = payload;
      // Written before the answer leaves, in the group transaction of the call's own writes (one
      // durable commit for both), and the answer waits for that commit (src/db/commit-groupe.ts).
      enregistrer(request, reply);
      await app.commitGroupe.attendre();
      return payload;
    });
    const enregistrer = (request: FastifyRequest, reply: FastifyReply) => {
      const trace = traces.get(request);
      if (!trace) return;
      try {
        const sandbox = sandboxDe(app, request);
        if (!sandbox) return;
        const { authorization, 'cpro-account': cproAccount, 'content-type': contentType } = request.headers;
        const entete = { authorization, 'cpro-account': cproAccount, 'content-type': contentType };
        const texteReponse = typeof trace.reponse === 'string' ? trace.reponse : trace.reponse instanceof Buffer ? '[binaire]' : null;
        app.commitGroupe.joindre();
        journaliser(app.db, sandbox.id, {
          date: clockNow(clockOf(request.cpro?.sandbox ?? sandbox)).toISOString(),
          methode: request.method,
          chemin: request.url.split('?')[0],
          statut: reply.statusCode,
          codeRetour: codeRetourDe(texteReponse),
          dureeMs: Math.round(Number(process.hrtime.bigint() - trace.debut) / 1e6),
          requete: serialiser({ query: request.query, headers: entete, corps: trace.corps ?? null }),
          reponse: serialiser(texteReponse),
        });
      } catch (error) {
        request.log.error({ err: error }, 'journal: entry not recorded');
      }
    };
  },
  { name: 'journal', dependencies: ['db', 'commit-groupe'] },
);
