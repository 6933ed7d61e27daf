import type { FastifyInstance } from 'fastify';
import { acquittements, acquitter } from '../../../modules/notifications/acquittements.js';
import type { PortailCaller } from '../../../types.js';
import { badgeStatut, enTete, tableau } from '../../composants.js';
import { dateFr, dateHeureFr } from '../../format.js';
import { bouton, erreurService, lireFormulaire } from '../../formulaires.js';
import { html, type Html } from '../../html.js';
import { SCRIPTS, champCsrf, rediriger, rendre } from '../../layout.js';
import { idDuChemin } from '../../parametres.js';

const LISTE = '/factures-emises/acquittements';

/**
 * Where « Acquitter » comes back to: the page it was clicked on, given by the form's hidden `retour`
 * field, among the portal pages that offer it only (the home page's pop-up, this list); anything else,
 * an external URL above all, is ignored for the list.
 */
const RETOURS: readonly string[] = ['/', LISTE];
const retourDe = (corps: unknown): string => {
  const r = lireFormulaire(corps).retour;
  return r !== undefined && RETOURS.includes(r) ? r : LISTE;
};

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

/**
 * The pop-up at login (chorus-domain §7.3): a DSFR modal listing the rejections and suspensions not
 * yet acknowledged, each with « Acquitter », and « Plus tard ». It opens on load through the DSFR's
 * API, from the portal's script file; the home page's alert stays for later.
 */
export function modaleAcquittements(p: PortailCaller): Html {
  const liste = acquittements(p.ctx, p.utilisateur!).filter((a) => !a.acquittee);
  if (liste.length === 0) return html``;
  const n = liste.length;
  return html`<dialog aria-labelledby="modale-acquittements-titre" id="modale-acquittements" class="fr-modal" role="dialog" data-ouvrir-au-chargement>
    <div class="fr-container fr-container--fluid fr-container-md"><div class="fr-grid-row fr-grid-row--center"><div class="fr-col-12 fr-col-md-10 fr-col-lg-8">
      <div class="fr-modal__body">
        <div class="fr-modal__header"><button class="fr-btn--close fr-btn" title="Fermer la fenêtre" aria-controls="modale-acquittements">Fermer</button></div>
        <div class="fr-modal__content">
          <h2 id="modale-acquittements-titre" class="fr-modal__title"><span class="fr-icon-warning-line fr-icon--lg" aria-hidden="true"></span> ${n} facture${n > 1 ? 's' : ''} rejetée${n > 1 ? 's' : ''} ou suspendue${n > 1 ? 's' : ''} à acquitter</h2>
          <p>Des destinataires ont rejeté ou suspendu vos factures. Prenez connaissance du motif et acquittez-les ; une facture suspendue se complète ensuite, une facture rejetée se redépose avec un nouveau numéro.</p>
          ${tableau(
            'Factures à acquitter',
            ['Facture', 'Statut', 'Motif', 'Action'],
            liste.map((a) => [
              html`<a class="fr-link" href="${p.base}/factures-emises/${a.idFacture}">${a.numeroFacture ?? String(a.idFacture)}</a>`,
              badgeStatut(a.statut),
              a.motif ?? '',
              html`<form method="post" action="${p.base}/factures-emises/acquittements/${a.idFacture}">${champCsrf(p)}<input type="hidden" name="retour" value="/"><button class="fr-btn fr-btn--sm" type="submit">Acquitter<span class="fr-sr-only"> la facture ${a.numeroFacture ?? ''}</span></button></form>`,
            ]),
            { id: 'modale-liste-acquittements' },
          )}
        </div>
        <div class="fr-modal__footer"><ul class="fr-btns-group fr-btns-group--right fr-btns-group--inline-lg">
          <li><a class="fr-btn fr-btn--secondary" href="${p.base}/factures-emises/acquittements">Voir toutes les factures à acquitter</a></li>
          <li><button class="fr-btn fr-btn--tertiary" type="button" data-fermer-modale="modale-acquittements">Plus tard</button></li>
        </ul></div>
      </div>
    </div></div></div>
  </dialog>
  <script type="module" src="${SCRIPTS}/ouvrir-modale.js"></script>`;
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
            html`<form method="post" action="${p.base}/factures-emises/acquittements/${a.idFacture}">${champCsrf(p)}<input type="hidden" name="retour" value="${LISTE}">${bouton('Acquitter', { secondaire: true })}<span class="fr-sr-only"> la facture ${a.numeroFacture ?? ''}</span></form>`,
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
    const retour = retourDe(request.body);
    try {
      const code = acquitter(p.ctx, p.utilisateur!, id);
      return rediriger(request, reply, retour, { type: 'success', texte: code === 'ACQUITTEMENT_REJET' ? 'Rejet acquitté.' : 'Suspension acquittée.' });
    } catch (e) {
      return rediriger(request, reply, retour, { type: 'error', texte: erreurService(e)._ ?? 'Acquittement impossible.' });
    }
  });
}
