import type { FastifyReply, FastifyRequest } from 'fastify';
import { badgeStatut } from '../composants.js';
import { html, type Html } from '../html.js';
import { rendre } from '../layout.js';

/**
 * Pieces shared by the pages of « Factures reçues », « Factures à valider » and « Engagements »: the
 * id read from the URL, the page of an unknown invoice, the status timeline.
 */

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
