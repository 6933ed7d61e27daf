import type { FastifyRequest } from 'fastify';
import { espacesOuverts, type CodeEspace } from '../../modules/utilisateurs/espaces.js';
import { libelleEspace } from '../espaces.js';
import { html, type Html } from '../html.js';

/**
 * An espace's pages open only to users subscribed to it (chorus-domain §2.4: the espaces of one's
 * active abonnements), as its tab shows only to them: otherwise, the French page to send (403).
 */
export function refusEspace(request: FastifyRequest, code: CodeEspace): { titre: string; contenu: Html } | undefined {
  const p = request.portail;
  if (!p.utilisateur || espacesOuverts(p.ctx, p.utilisateur.id).includes(code)) return undefined;
  const espace = libelleEspace(code);
  return {
    titre: espace,
    contenu: html`<h1>${espace}</h1><div class="fr-alert fr-alert--error" role="alert"><p>Vous n’êtes pas abonné à l’espace « ${espace} » : demandez l’abonnement dans « Mon compte » à un gestionnaire de votre structure.</p></div>
      <p><a class="fr-link" href="${p.base}/">Revenir à l’accueil</a></p>`,
  };
}
