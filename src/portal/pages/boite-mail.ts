import type { FastifyInstance, FastifyRequest } from 'fastify';
import { courrielsRecusPar } from '../../modules/notifications/boite.js';
import { dateHeureFr } from '../format.js';
import { bouton, champ } from '../formulaires.js';
import { html } from '../html.js';
import { rendre } from '../layout.js';

/** Links of a mail's body (activation link…) made clickable; everything else stays escaped text. */
function corpsAvecLiens(request: FastifyRequest, corps: string) {
  const base = request.portail.base;
  return corps.split(/(\/portail\/[^\s]+)/g).map((morceau) => (morceau.startsWith(`${base}/`) ? html`<a href="${morceau}">${morceau}</a>` : morceau));
}

/**
 * « Boîte de réception du bac à sable »: the mails sent to an address, readable without login, the
 * way a trainee reads his real mailbox (activation link, login code). Sandbox-only, says so.
 */
export default async function boiteMail(app: FastifyInstance): Promise<void> {
  app.get('/courriels', async (request, reply) => {
    const p = request.portail;
    const adresse = typeof (request.query as { adresse?: unknown }).adresse === 'string' ? (request.query as { adresse: string }).adresse.trim() : '';
    const mails = adresse ? courrielsRecusPar(p.ctx, adresse) : [];
    return rendre(request, reply, {
      titre: 'Boîte de réception du bac à sable',
      contenu: html`<h1>Boîte de réception du bac à sable</h1>
        <div class="fr-callout fr-mb-3w"><p class="fr-callout__text">Propre au bac à sable : la plateforme réelle envoie ces courriels à votre adresse. Ici, ils sont gardés dans le bac à sable et se lisent sur cette page, sans connexion : lien d’activation, code de connexion, notifications.</p></div>
        <form method="get" action="${p.base}/courriels" class="fr-mb-4w">
          ${champ({ nom: 'adresse', libelle: 'Adresse électronique', type: 'email', valeurs: { adresse }, autocomplete: 'email' })}
          ${bouton('Afficher les courriels')}
        </form>
        ${adresse
          ? mails.length
            ? html`<h2>${mails.length} courriel${mails.length > 1 ? 's' : ''} pour ${adresse}</h2>
              <div class="fr-accordions-group">${mails.map(
                (m, i) => html`<section class="fr-accordion courriel">
                  <h3 class="fr-accordion__title"><button type="button" class="fr-accordion__btn" aria-expanded="${i === 0 ? 'true' : 'false'}" aria-controls="courriel-${m.id}">${m.sujet} — ${dateHeureFr(m.date)}</button></h3>
                  <div class="fr-collapse${i === 0 ? ' fr-collapse--expanded' : ''}" id="courriel-${m.id}">
                    <p class="fr-text--sm">De ${m.de}, à ${m.a}, le ${dateHeureFr(m.date)}</p>
                    <pre style="white-space: pre-wrap; font-family: inherit">${corpsAvecLiens(request, m.corps)}</pre>
                  </div>
                </section>`,
              )}</div>`
            : html`<p>Aucun courriel pour ${adresse} dans ce bac à sable.</p>`
          : ''}`,
    });
  });
}
