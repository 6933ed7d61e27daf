import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { erreurs } from '../../errors/catalogue/index.js';
import { lirePannes, panneDeclenchee } from '../../modules/toolkit/pannes.js';
import '../../types.js';

/** Runs after PISTE auth on `/cpro` routes: injects the faults a trainer configured (latency, status, envelope). */
export default fp(
  async function faults(app: FastifyInstance) {
    app.addHook('onRequest', async (request, reply) => {
      if (!request.cpro) return;
      const regle = panneDeclenchee(lirePannes(app.db, request.cpro.sandbox.id), request.url.split('?')[0]);
      if (!regle) return;
      if (regle.latenceMs) await sleep(regle.latenceMs);
      if (regle.statut === undefined) return;
      return reply.code(regle.statut).send({
        codeRetour: regle.codeRetour ?? (regle.statut >= 500 ? erreurs.ERREUR_INTERNE.codeRetour : regle.statut),
        libelle: regle.libelle ?? `Panne simulée (règle ${regle.route})`,
      });
    });
  },
  { name: 'faults', dependencies: ['db', 'cpro-auth'] },
);
