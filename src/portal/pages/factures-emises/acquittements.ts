import type { FastifyInstance } from 'fastify';
import { acquittements, acquitter } from '../../../modules/notifications/acquittements.js';
import type { PortailCaller } from '../../../types.js';
import { badgeStatut, enTete, tableau } from '../../composants.js';
import { dateFr, dateHeureFr } from '../../format.js';
import { bouton, erreurService } from '../../formulaires.js';
import { html, type Html } from '../../html.js';
import { champCsrf, rediriger, rendre } from '../../layout.js';
import { idDuChemin } from './commun.js';

/**
 * The alert the home page shows right after login when rejected or suspended invoices wait for an
 * acknowledgement (chorus-domain §7.3, the platform's pop-up): a link to the list below.
 */
export function alerteAcquittements(p: PortailCaller): Html {
  const n = acquittements(p.ctx, p.utilisateur!).filter((a) => !a.acquittee).length;
  if (n === 0) return html``;
  return html`<div class="fr-alert fr-alert--warning fr-mb-4w" role="alert" id="alerte-acquittements">
    <h2 class="fr-alert__title">${n} facture${n > 1 ? 's' : ''} rejetée${n > 1 ? 's' : ''} ou suspendue${n > 1 ? 's' : ''} à acquitter</h2>
    <p>Des destinataires ont rejeté ou suspendu vos factures. Prenez-en connaissance et acquittez-les.</p>
    <p><a class="fr-btn fr-btn--sm fr-mt-1w" href="${p.base}/factures-emises/acquittements">Voir les factures à acquitter</a></p>
  </div>`;
}

/** « Factures à acquitter »: the rejections and suspensions not yet acknowledged, each with « Acquitter ». */
export default async function pageAcquittements(app: FastifyInstance): Promise<void> {
  app.get('/factures-emises/acquittements', async (request, reply) => {
    const p = request.portail;
    const liste = acquittements(p.ctx, p.utilisateur!).filter((a) => !a.acquittee);
    return rendre(request, reply, {
      titre: 'Factures à acquitter',
      onglet: 1,
      ariane: [['Accueil', '/'], ['Factures émises', '/factures-emises'], ['Factures à acquitter']],
      contenu: html`${enTete('Factures rejetées ou suspendues à acquitter', 'Acquitter indique au destinataire que vous avez pris connaissance de son motif. Une facture suspendue se complète ensuite ; une facture rejetée se redépose avec un nouveau numéro.')}
        ${tableau(
          'Factures rejetées ou suspendues non acquittées',
          ['Facture', 'Destinataire', 'Statut', 'Depuis le', 'Motif', 'Action'],
          liste.map((a) => [
            html`<a class="fr-link" href="${p.base}/factures-emises/${a.idFacture}">${a.numeroFacture ?? String(a.idFacture)}</a>`,
            a.destinataire ?? '',
            badgeStatut(a.statut),
            html`${dateHeureFr(a.depuis)}${a.acquittementObligatoire ? html`<br><span class="fr-badge fr-badge--sm fr-badge--error">Acquittement obligatoire</span>` : ''}`,
            a.motif ?? '',
            html`<form method="post" action="${p.base}/factures-emises/acquittements/${a.idFacture}">${champCsrf(p)}${bouton('Acquitter', { secondaire: true })}<span class="fr-sr-only"> la facture ${a.numeroFacture ?? ''}</span></form>`,
          ]),
          { vide: 'Aucune facture à acquitter.', id: 'liste-acquittements' },
        )}
        <p class="fr-mt-3w"><a class="fr-link" href="${p.base}/factures-emises">Revenir aux factures émises</a></p>
        <p class="fr-text--xs">Liste établie le ${dateFr(p.ctx.now())}.</p>`,
    });
  });

  app.post<{ Params: { idFacture: string } }>('/factures-emises/acquittements/:idFacture', async (request, reply) => {
    const p = request.portail;
    const id = idDuChemin(request.params.idFacture);
    if (id === undefined) return reply.callNotFound();
    try {
      const code = acquitter(p.ctx, p.utilisateur!, id);
      return rediriger(request, reply, '/factures-emises/acquittements', { type: 'success', texte: code === 'ACQUITTEMENT_REJET' ? 'Rejet acquitté.' : 'Suspension acquittée.' });
    } catch (e) {
      return rediriger(request, reply, '/factures-emises/acquittements', { type: 'error', texte: erreurService(e)._ ?? 'Acquittement impossible.' });
    }
  });
}
