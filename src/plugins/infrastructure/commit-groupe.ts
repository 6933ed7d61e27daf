import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { CommitGroupe } from '../../db/commit-groupe.js';

/** Requests whose wait for the COMMIT is done by a later onSend hook (the journal's, after its entry). */
const attenteDeleguee = new WeakSet<FastifyRequest>();

/** The journal writes its entry in onSend, after this plugin's hook: it then waits itself. */
export function deleguerAttente(request: FastifyRequest): void {
  attenteDeleguee.add(request);
}

/** The trivial routes touch no data (the benchmark's baseline is one): no transaction for them. */
const sansDonnees = (request: FastifyRequest) => request.url === '/_sandbox/health' || request.url.startsWith('/docs') || request.url.startsWith('/portail/dsfr/') || request.url.startsWith('/portail/scripts/');

/**
 * Group commit of every request's writes (src/db/commit-groupe.ts): a request joins the turn's
 * transaction when it arrives and again right before its handler (its body may have arrived in a
 * later turn), and its answer leaves only once that transaction is committed.
 */
export default fp(
  async function commitGroupe(app: FastifyInstance) {
    const groupe = new CommitGroupe(app.db.$client);
    app.decorate('commitGroupe', groupe);
    const joindre = async (request: FastifyRequest) => {
      if (!sansDonnees(request)) groupe.joindre();
    };
    app.addHook('onRequest', joindre);
    app.addHook('preHandler', joindre);
    app.addHook('onSend', async (request, _reply, payload) => {
      if (!attenteDeleguee.has(request)) await groupe.attendre();
      return payload;
    });
    // Registered after the db plugin, so this runs before the database closes.
    app.addHook('onClose', async () => groupe.valider());
  },
  { name: 'commit-groupe', dependencies: ['db'] },
);
