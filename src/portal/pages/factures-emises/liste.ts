import type { FastifyInstance } from 'fastify';
import { acquittements } from '../../../modules/notifications/acquittements.js';
import { FAMILLES_STATUTS, rechercherFacturesEmises, syntheseFournisseur } from '../../../modules/factures/index.js';
import { badgeStatut, enTete, libelleStatut, pagination, tableau } from '../../composants.js';
import { dateFr, montantFr } from '../../format.js';
import { bouton, champ, selection, type Formulaire } from '../../formulaires.js';
import { html } from '../../html.js';
import { rendre } from '../../layout.js';
import { numeroDePage } from '../../parametres.js';

const PAR_PAGE = 10;
const CHAMPS = ['numeroFacture', 'statut', 'famille', 'destinataire', 'du', 'au'] as const;

/** « Factures émises »: the synthesis by status family, what waits for the supplier, and the search. */
export default async function liste(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Record<string, string | undefined> }>('/factures-emises', async (request, reply) => {
    const p = request.portail;
    const u = p.utilisateur!;
    const q = request.query;
    const v: Formulaire = {};
    for (const c of CHAMPS) if (typeof q[c] === 'string') v[c] = q[c]!.trim().slice(0, 100);
    const page = numeroDePage(q.page);
    const synthese = syntheseFournisseur(p.ctx, u);
    const aAcquitter = acquittements(p.ctx, u).filter((a) => !a.acquittee);
    const dates = (['du', 'au'] as const).every((k) => !v[k] || /^\d{4}-\d{2}-\d{2}$/.test(v[k]!));
    const resultat = rechercherFacturesEmises(
      p.ctx,
      u,
      { numeroFacture: v.numeroFacture, statut: v.statut, famille: v.famille, destinataire: v.destinataire, du: dates ? v.du : undefined, au: dates ? v.au : undefined, page },
      PAR_PAGE,
    );
    const pages = resultat.parametresRetour.pages;
    const lien = (n: number) => `${p.base}/factures-emises?${new URLSearchParams({ ...v, page: String(n) }).toString()}`;
    const statuts = [...new Set(FAMILLES_STATUTS.flatMap((f) => f.statuts))].map((s): [string, string] => [s, libelleStatut(s)]);
    return rendre(request, reply, {
      titre: 'Factures émises',
      onglet: 1,
      ariane: [['Accueil', '/'], ['Factures émises']],
      contenu: html`${enTete('Factures émises', 'Déposez vos factures et suivez-les jusqu’à leur mise en paiement.')}
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left fr-mb-3w">
          <li><a class="fr-btn fr-icon-edit-line fr-btn--icon-left" href="${p.base}/factures-emises/saisie">Saisir une facture</a></li>
          <li><a class="fr-btn fr-btn--secondary fr-icon-upload-line fr-btn--icon-left" href="${p.base}/factures-emises/depot-pdf">Déposer une facture PDF</a></li>
        </ul>
        ${aAcquitter.length
          ? html`<div class="fr-alert fr-alert--warning fr-mb-3w" id="alerte-acquittements"><h2 class="fr-alert__title">${aAcquitter.length} facture${aAcquitter.length > 1 ? 's' : ''} rejetée${aAcquitter.length > 1 ? 's' : ''} ou suspendue${aAcquitter.length > 1 ? 's' : ''} à acquitter</h2>
              <p><a href="${p.base}/factures-emises/acquittements">Voir et acquitter</a></p></div>`
          : ''}
        <h2>Synthèse</h2>
        <div class="fr-grid-row fr-grid-row--gutters fr-mb-3w" id="synthese">
          ${synthese.familles.map(
            (f) => html`<div class="fr-col-12 fr-col-md-3"><div class="fr-tile fr-enlarge-link"><div class="fr-tile__body"><div class="fr-tile__content">
              <h3 class="fr-tile__title"><a href="${p.base}/factures-emises?famille=${f.code}">${f.libelle}</a></h3>
              <p class="fr-tile__detail"><strong>${`${f.nombre} facture${f.nombre > 1 ? 's' : ''}`}</strong></p>
            </div></div></div></div>`,
          )}
        </div>
        <h2>Rechercher une facture</h2>
        <form method="get" action="${p.base}/factures-emises" class="fr-mb-3w" id="recherche">
          <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-4">${champ({ nom: 'numeroFacture', libelle: 'Numéro de facture', valeurs: v })}</div>
            <div class="fr-col-12 fr-col-md-4">${selection({ nom: 'statut', libelle: 'Statut', vide: 'Tous les statuts', options: statuts, valeurs: v })}</div>
            <div class="fr-col-12 fr-col-md-4">${champ({ nom: 'destinataire', libelle: 'Destinataire', aide: 'SIRET ou nom', valeurs: v })}</div>
            <div class="fr-col-12 fr-col-md-4">${champ({ nom: 'du', libelle: 'Déposée du', type: 'date', valeurs: v, erreurs: dates ? undefined : { du: 'Saisissez des dates valides (jj/mm/aaaa).' } })}</div>
            <div class="fr-col-12 fr-col-md-4">${champ({ nom: 'au', libelle: 'au', type: 'date', valeurs: v })}</div>
            ${v.famille ? html`<input type="hidden" name="famille" value="${v.famille}">` : ''}
            <div class="fr-col-12 fr-col-md-4 fr-mt-md-4w">${bouton('Rechercher', { icone: 'fr-icon-search-line' })}</div>
          </div>
        </form>
        <p>${resultat.parametresRetour.total} facture${resultat.parametresRetour.total > 1 ? 's' : ''} trouvée${resultat.parametresRetour.total > 1 ? 's' : ''}.</p>
        ${tableau(
          'Mes factures émises, les plus récentes d’abord',
          ['Numéro', 'Destinataire', 'Date de facture', 'Déposée le', 'Montant TTC', 'Statut'],
          resultat.listeFactures.map((f) => [
            html`<a class="fr-link" href="${p.base}/factures-emises/${f.identifiantFactureCPP}">${f.numeroFacture ?? `Facture PDF n° ${f.identifiantFactureCPP}`}</a>`,
            f.designationDestinataire ?? '—',
            dateFr(f.dateFacture),
            dateFr(f.dateDepot),
            montantFr(f.montantTTC),
            badgeStatut(f.statut),
          ]),
          { vide: 'Aucune facture ne correspond à cette recherche.', id: 'liste-factures' },
        )}
        ${pagination(page, pages, lien)}`,
    });
  });
}
