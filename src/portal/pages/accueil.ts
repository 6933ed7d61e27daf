import type { FastifyInstance } from 'fastify';
import { espacesOuverts } from '../../modules/utilisateurs/espaces.js';
import { recupererRattachementsMonCompte } from '../../modules/utilisateurs/service.js';
import { CHEMINS_ESPACES, libelleEspace } from '../espaces.js';
import { html } from '../html.js';
import { rendre } from '../layout.js';
import { ecrireSession } from '../session.js';
import { alerteAcquittements, modaleAcquittements } from './factures-emises/acquittements.js';

const ROLES: Record<string, string> = {
  GESTIONNAIRE_PRINCIPAL: 'Gestionnaire principal',
  GESTIONNAIRE_SECONDAIRE: 'Gestionnaire secondaire',
  UTILISATEUR_SIMPLE: 'Utilisateur',
};

/** The home page after login: the user's structures and the espaces he can open, as tiles. */
export default async function accueil(app: FastifyInstance): Promise<void> {
  app.get('/', async (request, reply) => {
    const p = request.portail;
    const u = p.utilisateur!;
    const espaces = espacesOuverts(p.ctx, u.id);
    const rattachements = recupererRattachementsMonCompte(p.ctx, u, { nbResultatsParPage: 100 }).liste;
    const valides = rattachements.filter((r) => r.rattachement.statut === 'VALIDEE');
    // The first page after login opens the acknowledgements pop-up, once.
    const annoncer = p.session.annoncerAcquittements === true;
    if (annoncer) {
      p.session = { ...p.session, annoncerAcquittements: undefined };
      ecrireSession(request, reply, p.base, p.session);
    }
    return rendre(request, reply, {
      titre: 'Accueil',
      onglet: 'accueil',
      contenu: html`<h1>Bonjour ${[u.prenom, u.nom].filter(Boolean).join(' ')}</h1>
        ${alerteAcquittements(p)}
        ${annoncer ? modaleAcquittements(p) : ''}
        ${valides.length
          ? html`<p>Vous êtes rattaché à : ${valides.map((r, i) => html`${i ? ', ' : ''}<strong>${r.structure.raisonSociale}</strong> (${r.structure.identifiant}, ${ROLES[r.rattachement.role] ?? r.rattachement.role})`)}.</p>`
          : html`<div class="fr-callout fr-mb-4w"><h2 class="fr-callout__title">Vous ne voyez que « Mon compte »</h2>
              <p class="fr-callout__text">Vous n’êtes pas encore habilité sur une structure : demandez un rattachement à la structure de votre entreprise, ou créez sa fiche structure si elle n’existe pas encore.</p>
              <a class="fr-btn" href="${p.base}/mon-compte/completude">Voir ce qu’il manque à mon compte</a></div>`}
        <h2>Mes espaces</h2>
        <div class="fr-grid-row fr-grid-row--gutters">
          ${[
            html`<div class="fr-col-12 fr-col-sm-6 fr-col-lg-4"><div class="fr-tile fr-enlarge-link"><div class="fr-tile__body"><div class="fr-tile__content"><h3 class="fr-tile__title"><a href="${p.base}/mon-compte">Mon compte</a></h3><p class="fr-tile__detail">Informations personnelles, rattachements, abonnements aux espaces</p></div></div></div></div>`,
            ...espaces.map(
              (c) =>
                html`<div class="fr-col-12 fr-col-sm-6 fr-col-lg-4"><div class="fr-tile fr-enlarge-link"><div class="fr-tile__body"><div class="fr-tile__content"><h3 class="fr-tile__title"><a href="${p.base}/${CHEMINS_ESPACES[c]}">${libelleEspace(c)}</a></h3></div></div></div></div>`,
            ),
          ]}
        </div>`,
    });
  });
}
