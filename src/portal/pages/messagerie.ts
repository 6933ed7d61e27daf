import type { FastifyInstance } from 'fastify';
import { courrielsDe, marquerLues, notificationsDe } from '../../modules/notifications/service.js';
import { enTete, pagination, tableau } from '../composants.js';
import { dateHeureFr } from '../format.js';
import { bouton, caseACocher, valeursMultiples } from '../formulaires.js';
import { html } from '../html.js';
import { champCsrf, rediriger, rendre } from '../layout.js';
import { numeroDePage } from '../parametres.js';

const PAR_PAGE = 20;

const NATURES: Record<string, string> = {
  NOTIFICATION: 'Notification',
  RECAP_QUOTIDIEN: 'Récapitulatif quotidien',
  RECAP_HEBDOMADAIRE: 'Récapitulatif hebdomadaire',
  SECOND_FACTEUR: 'Code de connexion',
  ACTIVATION: 'Activation du compte',
};

/**
 * « Messagerie »: the e-mails the platform sent to the logged-in user (the sandbox outbox: second-factor
 * codes, notifications, digests), most recent first; « Notifications »: his inbox, to mark as read.
 */
export default async function messagerie(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { page?: string } }>('/messagerie', async (request, reply) => {
    const p = request.portail;
    const tous = courrielsDe(p.ctx, p.utilisateur!.id);
    const pages = Math.max(1, Math.ceil(tous.length / PAR_PAGE));
    const page = Math.min(numeroDePage(request.query.page), pages);
    const courriels = tous.slice((page - 1) * PAR_PAGE, page * PAR_PAGE);
    return rendre(request, reply, {
      titre: 'Messagerie',
      onglet: 'messagerie',
      ariane: [['Accueil', '/'], ['Messagerie']],
      contenu: html`${enTete('Messagerie', 'Les courriels que Chorus Pro vous a envoyés dans ce bac à sable : codes de connexion, notifications et récapitulatifs. Aucun courriel ne quitte le bac à sable.')}
        <p>${tous.length === 0 ? 'Aucun courriel.' : `${tous.length} courriel${tous.length > 1 ? 's' : ''}, les plus récents d’abord.`}</p>
        <div class="fr-accordions-group" id="courriels">
        ${courriels.map(
          (c, i) => html`<section class="fr-accordion courriel">
            <h2 class="fr-accordion__title"><button type="button" class="fr-accordion__btn" aria-expanded="${i === 0 ? 'true' : 'false'}" aria-controls="courriel-${c.id}">${c.sujet} — ${dateHeureFr(c.date)}</button></h2>
            <div class="fr-collapse${i === 0 ? ' fr-collapse--expanded' : ''}" id="courriel-${c.id}">
              <p class="fr-text--sm fr-mb-1w">${NATURES[c.nature] ?? c.nature} — reçu le ${dateHeureFr(c.date)} — de ${c.de} à ${c.a}</p>
              <div style="white-space: pre-line">${c.corps}</div>
            </div>
          </section>`,
        )}
        </div>
        ${pagination(page, pages, (n) => `${p.base}/messagerie?page=${n}`)}`,
    });
  });

  app.get<{ Querystring: { page?: string } }>('/notifications', async (request, reply) => {
    const p = request.portail;
    const toutes = notificationsDe(p.ctx, p.utilisateur!.id);
    const pages = Math.max(1, Math.ceil(toutes.length / PAR_PAGE));
    const page = Math.min(numeroDePage(request.query.page), pages);
    const liste = toutes.slice((page - 1) * PAR_PAGE, page * PAR_PAGE);
    const nonLues = toutes.filter((n) => !n.lu).length;
    return rendre(request, reply, {
      titre: 'Notifications',
      onglet: 'notifications',
      ariane: [['Accueil', '/'], ['Notifications']],
      contenu: html`${enTete('Notifications', 'Les changements de statut de vos factures, vos rattachements et vos sollicitations.')}
        <p class="fr-text--sm" id="reglage-recapitulatifs">Pour recevoir aussi, par courriel, un récapitulatif quotidien ou hebdomadaire de ces événements (dans votre « Messagerie »), <a class="fr-link fr-text--sm" href="${p.base}/mon-compte#notifications">réglez vos notifications dans « Mon compte »</a>.</p>
        <p id="compteur-non-lues">${nonLues === 0 ? 'Aucune notification non lue.' : `${nonLues} notification${nonLues > 1 ? 's' : ''} non lue${nonLues > 1 ? 's' : ''}.`}</p>
        <form method="post" action="${p.base}/notifications/lues">
          ${champCsrf(p)}
          ${tableau(
            'Mes notifications, les plus récentes d’abord',
            ['Sélection', 'Date', 'Message', 'Objet', 'État'],
            liste.map((n) => [
              n.lu ? '' : caseACocher({ nom: 'ids', valeur: String(n.id), coche: false, libelle: html`<span class="fr-sr-only">Sélectionner la notification du ${dateHeureFr(n.date)}</span>` as unknown as string }),
              dateHeureFr(n.date),
              n.lu ? n.message : html`<strong>${n.message}</strong>`,
              n.factureId !== null ? `Facture ${n.factureId}` : n.sollicitationId !== null ? `Sollicitation ${n.sollicitationId}` : '',
              n.lu ? html`<span class="fr-badge fr-badge--sm">Lue</span>` : html`<span class="fr-badge fr-badge--sm fr-badge--new">Non lue</span>`,
            ]),
            { vide: 'Aucune notification.', id: 'liste-notifications' },
          )}
          ${nonLues ? html`<ul class="fr-btns-group fr-btns-group--inline-md">
            <li>${bouton('Marquer comme lues', { nom: 'quoi', valeur: 'selection' })}</li>
            <li>${bouton('Tout marquer comme lu', { nom: 'quoi', valeur: 'tout', secondaire: true })}</li>
          </ul>` : ''}
        </form>
        ${pagination(page, pages, (n) => `${p.base}/notifications?page=${n}`)}`,
    });
  });

  app.post('/notifications/lues', async (request, reply) => {
    const p = request.portail;
    const tout = valeursMultiples(request.body, 'quoi').includes('tout');
    const ids = valeursMultiples(request.body, 'ids').filter((x) => /^\d{1,12}$/.test(x)).map(Number);
    if (!tout && ids.length === 0) return rediriger(request, reply, '/notifications', { type: 'warning', texte: 'Cochez au moins une notification à marquer comme lue.' });
    // Only the user's own notifications change: the service is scoped to his id.
    const n = marquerLues(p.ctx, p.utilisateur!.id, tout ? null : ids);
    return rediriger(request, reply, '/notifications', { type: 'success', texte: `${n} notification${n > 1 ? 's' : ''} marquée${n > 1 ? 's' : ''} comme lue${n > 1 ? 's' : ''}.` });
  });
}
