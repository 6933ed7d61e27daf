import type { FastifyReply, FastifyRequest } from 'fastify';
import { espacesOuverts, type CodeEspace } from '../modules/utilisateurs/espaces.js';
import type { PortailCaller } from '../types.js';
import { CHEMINS_ESPACES, libelleEspace } from './espaces.js';
import { dateHeureFr } from './format.js';
import { html, type Html } from './html.js';
import { ecrireSession } from './session.js';

/** Where the DSFR's compiled files are served (by the app itself, no CDN). */
export const DSFR = '/portail/dsfr';
/** Where the portal's own scripts are served (files, no inline script). */
export const SCRIPTS = '/portail/scripts';

/** Which tab of the navigation is the current page's. */
export type Onglet = 'accueil' | 'mon-compte' | 'messagerie' | 'notifications' | CodeEspace;

export interface Page {
  readonly titre: string;
  readonly contenu: Html;
  readonly onglet?: Onglet;
  /** Breadcrumb above the title: [libellé, lien relatif au portail] pairs, the current page last (no link). */
  readonly ariane?: readonly (readonly [string, string?])[];
}

function navigation(p: PortailCaller, onglet: Onglet | undefined): Html {
  if (!p.utilisateur) return html``;
  const entrees: [Onglet, string, string][] = [
    ['accueil', 'Accueil', '/'],
    ['mon-compte', 'Mon compte', '/mon-compte'],
    ...espacesOuverts(p.ctx, p.utilisateur.id).map((c): [Onglet, string, string] => [c, libelleEspace(c), `/${CHEMINS_ESPACES[c]}`]),
  ];
  return html`<nav class="fr-nav" id="navigation" role="navigation" aria-label="Espaces">
    <ul class="fr-nav__list">
      ${entrees.map(
        ([o, libelle, chemin]) =>
          html`<li class="fr-nav__item"><a class="fr-nav__link" href="${p.base}${chemin}"${o === onglet ? html` aria-current="page"` : ''}>${libelle}</a></li>`,
      )}
    </ul>
  </nav>`;
}

function outils(p: PortailCaller): Html {
  if (!p.utilisateur) {
    return html`<li><a class="fr-btn fr-icon-mail-line" href="${p.base}/courriels">Boîte de réception du bac à sable</a></li>
      <li><a class="fr-btn fr-icon-account-circle-line" href="${p.base}/connexion">Se connecter</a></li>
      <li><a class="fr-btn fr-icon-user-add-line" href="${p.base}/creer-compte">Créer un compte</a></li>`;
  }
  const u = p.utilisateur;
  return html`<li><a class="fr-btn fr-icon-mail-line" href="${p.base}/messagerie">Messagerie</a></li>
    <li><a class="fr-btn fr-icon-notification-3-line" href="${p.base}/notifications">Notifications</a></li>
    <li><a class="fr-btn fr-icon-account-circle-line" href="${p.base}/mon-compte">${[u.prenom, u.nom].filter(Boolean).join(' ')}</a></li>
    <li><form method="post" action="${p.base}/deconnexion">${champCsrf(p)}<button class="fr-btn fr-icon-logout-box-r-line" type="submit">Se déconnecter</button></form></li>`;
}

/** The hidden field every form carries: the session's CSRF token. */
export function champCsrf(p: PortailCaller): Html {
  return html`<input type="hidden" name="_csrf" value="${p.session.csrf}">`;
}

function ariane(p: PortailCaller, chemin: Page['ariane']): Html {
  if (!chemin?.length) return html``;
  return html`<nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
    <button class="fr-breadcrumb__button" aria-expanded="false" aria-controls="fil-ariane">Voir le fil d’Ariane</button>
    <div class="fr-collapse" id="fil-ariane"><ol class="fr-breadcrumb__list">
      ${chemin.map(([libelle, lien], i) =>
        i === chemin.length - 1 || lien === undefined
          ? html`<li><a class="fr-breadcrumb__link" aria-current="page">${libelle}</a></li>`
          : html`<li><a class="fr-breadcrumb__link" href="${p.base}${lien}">${libelle}</a></li>`,
      )}
    </ol></div>
  </nav>`;
}

function message(p: PortailCaller): Html {
  const m = p.session.message;
  if (!m) return html``;
  return html`<div class="fr-alert fr-alert--${m.type} fr-alert--sm fr-mb-3w" role="${m.type === 'error' ? 'alert' : 'status'}"><p>${m.texte}</p></div>`;
}

/** A whole page: DSFR header with the espaces, the sandbox banner, the content, the footer. */
export function document(p: PortailCaller, page: Page): Html {
  const horloge = dateHeureFr(p.ctx.now());
  return html`<!doctype html>
<html lang="fr" data-fr-scheme="light">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
  <title>${page.titre} — Chorus Pro (bac à sable)</title>
  <link rel="stylesheet" href="${DSFR}/dsfr.min.css">
  <link rel="stylesheet" href="${DSFR}/utility/icons/icons.min.css">
  <link rel="stylesheet" href="${SCRIPTS}/portail.css">
</head>
<body>
  <div class="fr-skiplinks"><nav class="fr-container" role="navigation" aria-label="Accès rapide"><ul class="fr-skiplinks__list">
    <li><a class="fr-link" href="#contenu">Contenu</a></li>${p.utilisateur ? html`<li><a class="fr-link" href="#navigation">Espaces</a></li>` : ''}
  </ul></nav></div>
  <header role="banner" class="fr-header">
    <div class="fr-header__body"><div class="fr-container"><div class="fr-header__body-row">
      <div class="fr-header__brand fr-enlarge-link">
        <div class="fr-header__brand-top">
          <div class="fr-header__logo"><p class="fr-logo">République<br>Française</p></div>
          <div class="fr-header__navbar">
            <button class="fr-btn--menu fr-btn" data-fr-opened="false" aria-controls="menu-principal" aria-haspopup="menu" id="bouton-menu" title="Menu">Menu</button>
          </div>
        </div>
        <div class="fr-header__service">
          <a href="${p.base}/" title="Accueil — Chorus Pro"><p class="fr-header__service-title">Chorus Pro <span class="fr-badge fr-badge--sm fr-badge--warning">Bac à sable</span></p></a>
          <p class="fr-header__service-tagline">Facturation électronique du secteur public</p>
        </div>
      </div>
      <div class="fr-header__tools"><div class="fr-header__tools-links"><ul class="fr-btns-group">${outils(p)}</ul></div></div>
    </div></div></div>
    <div class="fr-header__menu fr-modal" id="menu-principal" aria-labelledby="bouton-menu">
      <div class="fr-container">
        <button class="fr-btn--close fr-btn" aria-controls="menu-principal" title="Fermer">Fermer</button>
        <div class="fr-header__menu-links"></div>
        ${navigation(p, page.onglet)}
      </div>
    </div>
  </header>
  <div class="fr-notice fr-notice--info" id="bandeau-bac-a-sable"><div class="fr-container"><div class="fr-notice__body">
    <p class="fr-notice__title">Environnement de qualification — bac à sable « ${p.sandbox.nom} » : aucune facture n’est réellement transmise. Date du bac à sable : ${horloge}.</p>
  </div></div></div>
  <main id="contenu" role="main" tabindex="-1" class="fr-container fr-my-4w">
    ${ariane(p, page.ariane)}
    ${message(p)}
    ${page.contenu}
  </main>
  <footer class="fr-footer" role="contentinfo" id="pied-de-page"><div class="fr-container">
    <div class="fr-footer__body">
      <div class="fr-footer__brand fr-enlarge-link"><a href="${p.base}/" title="Accueil — Chorus Pro"><p class="fr-logo">République<br>Française</p></a></div>
      <div class="fr-footer__content"><p class="fr-footer__content-desc">Bac à sable de formation et d’intégration reproduisant l’environnement de qualification de Chorus Pro. Les données sont fictives et propres à ce bac à sable.</p></div>
    </div>
  </div></footer>
  <script type="module" src="${DSFR}/dsfr.module.min.js"></script>
</body>
</html>`;
}

/** Sends a page; the one-shot message it showed is then forgotten. */
export function rendre(request: FastifyRequest, reply: FastifyReply, page: Page, statut = 200): FastifyReply {
  const p = request.portail;
  const corps = document(p, page).texte;
  if (p.session.message) {
    p.session = { ...p.session, message: undefined };
    ecrireSession(request, reply, p.base, p.session);
  }
  return reply.code(statut).type('text/html; charset=utf-8').send(corps);
}

/** Redirects after a change (post/redirect/get), with a message for the next page. */
export function rediriger(request: FastifyRequest, reply: FastifyReply, chemin: string, message?: NonNullable<PortailCaller['session']['message']>): FastifyReply {
  const p = request.portail;
  if (message) {
    p.session = { ...p.session, message };
    ecrireSession(request, reply, p.base, p.session);
  }
  return reply.redirect(`${p.base}${chemin}`, 303);
}
