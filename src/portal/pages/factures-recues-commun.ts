import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { espacesOuverts, type CodeEspace } from '../../modules/utilisateurs/espaces.js';
import { libelleEspace } from '../espaces.js';
import { badgeStatut } from '../composants.js';
import { html, type Html } from '../html.js';
import { rendre } from '../layout.js';

/**
 * Pieces shared by the pages of « Factures reçues », « Factures à valider » and « Engagements »: the
 * espace check, the id read from the URL, the page of an unknown invoice, the status timeline.
 */

/**
 * Every page of the plugin is refused (403) to a user who has no active subscription to its espace on
 * a structure he is attached to (chorus-domain §2.4): the tab is not shown to him, the URL opens nothing.
 */
export function exigerEspace(app: FastifyInstance, code: CodeEspace): void {
  app.addHook('preHandler', async (request, reply) => {
    const p = request.portail;
    if (!p.utilisateur || espacesOuverts(p.ctx, p.utilisateur.id).includes(code)) return;
    const espace = libelleEspace(code);
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

/** The invoice id of the URL when it is one (a positive integer), else undefined. */
export function identifiantDe(params: unknown): number | undefined {
  const brut = (params as { idFacture?: string } | undefined)?.idFacture ?? '';
  if (!/^\d{1,12}$/.test(brut)) return undefined;
  const id = Number(brut);
  return id > 0 ? id : undefined;
}

export function pageIntrouvable(request: FastifyRequest, reply: FastifyReply, espace: string, chemin: string) {
  const p = request.portail;
  return rendre(
    request,
    reply,
    {
      titre: 'Facture introuvable',
      contenu: html`<h1>Facture introuvable</h1><div class="fr-alert fr-alert--error" role="alert"><p>Cette adresse ne désigne aucune facture.</p></div>
        <p><a class="fr-link" href="${p.base}${chemin}">Revenir à « ${espace} »</a></p>`,
    },
    404,
  );
}

/** `YYYY-MM-DD HH:MM` (Paris time, as the history gives it) read as jj/mm/aaaa à HH:MM. */
function passage(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2})$/.exec(date);
  return m ? `${m[3]}/${m[2]}/${m[1]} à ${m[4]}` : date;
}

interface Passage {
  histoStatutCode: string;
  histoStatutDatePassage: string;
  histoStatutCommentaire: string | null;
  histoStatutUtilisateurPrenom: string | null;
  histoStatutUtilisateurNom: string | null;
}

/** The statuses an invoice went through, oldest first, as a DSFR timeline-like list. */
export function historiqueStatuts(historique: readonly Passage[]): Html {
  if (historique.length === 0) return html`<p>Aucun statut.</p>`;
  return html`<ol class="fr-mb-3w" id="historique-statuts">
    ${historique.map(
      (h) => html`<li class="fr-mb-1w">${badgeStatut(h.histoStatutCode)} <span class="fr-text--sm">le ${passage(h.histoStatutDatePassage)}${h.histoStatutUtilisateurNom ? html`, par ${[h.histoStatutUtilisateurPrenom, h.histoStatutUtilisateurNom].filter(Boolean).join(' ')}` : ''}</span>${h.histoStatutCommentaire ? html`<br><span class="fr-text--sm">« ${h.histoStatutCommentaire} »</span>` : ''}</li>`,
    )}
  </ol>`;
}
