import { exigerEspace } from '../acces.js';
import type { FastifyInstance } from 'fastify';
import { rechercherEngagements } from '../../modules/engagements/service.js';
import { enTete, pagination, tableau } from '../composants.js';
import { dateFr, montantFr } from '../format.js';
import { bouton, champ, erreurService, resumeErreurs, selection, type Erreurs, type Formulaire } from '../formulaires.js';
import { html } from '../html.js';
import { rendre } from '../layout.js';
import { numeroDePage } from '../parametres.js';

const TITRE = 'Engagements';
const NB_PAR_PAGE = 20;
const ETATS = [['COMMANDE', 'Commandé']] as const;

/**
 * « Engagements »: the engagements juridiques (bons de commande) issued by the user's public
 * structures or placed with his supplier structure, with a search by number and état
 * (engagementsJuridiques/v1/rechercher).
 */
export default async function engagements(app: FastifyInstance): Promise<void> {
  exigerEspace(app, 6);
  app.get('/engagements', async (request, reply) => {
    const p = request.portail;
    const q = (request.query ?? {}) as Record<string, string | undefined>;
    const valeurs: Formulaire = {};
    if (typeof q.numero === 'string' && q.numero.trim()) valeurs.numero = q.numero.trim();
    if (typeof q.etat === 'string' && q.etat.trim()) valeurs.etat = q.etat.trim();
    const numeroPage = numeroDePage(q.page);
    let erreurs: Erreurs = {};
    if ((valeurs.numero ?? '').length > 50) erreurs.numero = 'Le numéro d’engagement compte 50 caractères au plus';
    if (valeurs.etat && !ETATS.some(([e]) => e === valeurs.etat)) erreurs.etat = 'Choisissez un état de la liste';
    let page: ReturnType<typeof rechercherEngagements> | undefined;
    if (!Object.keys(erreurs).length) {
      try {
        page = rechercherEngagements(p.ctx, p.utilisateur!, {
          numeroEngagementJuridique: valeurs.numero,
          etatCourantEngagementJuridique: valeurs.etat,
          parametresRecherche: { nbResultatsParPage: NB_PAR_PAGE, pageResultatDemandee: numeroPage, triColonne: 'NumeroEngagementJuridique', triSens: 'Ascendant' },
        } as Parameters<typeof rechercherEngagements>[2]);
      } catch (e) {
        erreurs = erreurService(e, 'numero');
      }
    }
    const refuse = Object.keys(erreurs).length > 0;
    const r = page?.parametresRetour;
    const lien = (n: number) => `${p.base}/engagements?${new URLSearchParams({ ...valeurs, page: String(n) }).toString()}`;
    return rendre(
      request,
      reply,
      {
        titre: TITRE,
        onglet: 6,
        ariane: [['Accueil', '/'], [TITRE]],
        contenu: html`${enTete(TITRE, 'Les engagements juridiques (bons de commande) de vos structures : leur numéro est celui que le fournisseur reporte sur sa facture.')}
          ${resumeErreurs(refuse ? erreurs : undefined)}
          <form method="get" action="${p.base}/engagements" class="fr-mb-3w">
            <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
              <div class="fr-col-12 fr-col-md-5">${champ({ nom: 'numero', libelle: 'Numéro d’engagement juridique', aide: 'Numéro exact', valeurs, erreurs })}</div>
              <div class="fr-col-12 fr-col-md-4">${selection({ nom: 'etat', libelle: 'État', options: ETATS, vide: 'Tous les états', valeurs, erreurs })}</div>
              <div class="fr-col-12 fr-col-md-3">${bouton('Rechercher')}</div>
            </div>
          </form>
          ${page && r
            ? html`<p>${r.total} engagement${r.total > 1 ? 's' : ''}.</p>
              ${tableau(
                `Engagements juridiques (page ${r.pageCourante} sur ${Math.max(r.pages, 1)})`,
                ['Numéro', 'Libellé et fournisseur', 'Service', 'Montant TTC (HT)', 'Date de création', 'État'],
                page.liste.map((x) => [
                  x.engagement.numero,
                  html`${x.engagement.libelle ?? '—'}${x.fournisseur ? html`<br><span class="fr-text--xs">${x.fournisseur.raisonSociale}</span>` : ''}`,
                  x.service ? html`${x.service.libelle}<br><span class="fr-text--xs">${x.service.code}</span>` : '—',
                  html`${montantFr(x.engagement.montantTtc)}${x.engagement.montantHt !== null ? html`<br><span class="fr-text--xs">${montantFr(x.engagement.montantHt)} HT</span>` : ''}`,
                  dateFr(x.engagement.dateCreation),
                  ETATS.find(([e]) => e === x.engagement.statut)?.[1] ?? x.engagement.statut,
                ]),
                { vide: 'Aucun engagement ne correspond.', id: 'liste-engagements' },
              )}
              ${pagination(r.pageCourante, Math.max(r.pages, 1), lien)}`
            : ''}`,
      },
      refuse ? 400 : 200,
    );
  });
}
