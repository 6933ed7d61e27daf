import type { FastifyInstance, FastifyRequest } from 'fastify';
import { espacesOuverts, type CodeEspace } from '../modules/utilisateurs/espaces.js';
import { libelleEspace } from './espaces.js';
import { html } from './html.js';
import { rendre } from './layout.js';

/**
 * Every page of an espace's plugin is refused (403) to a user who has no active subscription to that
 * espace on a structure he is attached to (chorus-domain §2.4): its tab is not shown to him, and its
 * URL opens nothing either. `code` may depend on the request when one plugin serves two espaces.
 */
export function exigerEspace(app: FastifyInstance, code: CodeEspace | ((request: FastifyRequest) => CodeEspace)): void {
  app.addHook('preHandler', async (request, reply) => {
    const p = request.portail;
    const espaceCode = typeof code === 'function' ? code(request) : code;
    if (!p.utilisateur || espacesOuverts(p.ctx, p.utilisateur.id).includes(espaceCode)) return;
    const espace = libelleEspace(espaceCode);
    return rendre(
      request,
      reply,
      {
        titre: espace,
        contenu: html`<h1>${espace}</h1><div class="fr-alert fr-alert--error" role="alert"><p>Vous n’êtes pas abonné à l’espace « ${espace} » : demandez l’abonnement dans « Mon compte » à un gestionnaire de votre structure.</p></div>
          <p><a class="fr-link" href="${p.base}/">Revenir à l’accueil</a></p>`,
      },
      403,
    );
  });
}
