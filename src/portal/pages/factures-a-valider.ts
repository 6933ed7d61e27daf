import { exigerEspace } from '../acces.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { deciderFactureAValider, facturesDuValideur, ficheFactureAValider } from '../../modules/factures/portail/valideur.js';
import { badgeStatut, enTete, fiche, libelleStatut, pagination, tableau } from '../composants.js';
import { dateFr, montantFr } from '../format.js';
import { bouton, champ, erreurService, lireFormulaire, resumeErreurs, selection, zoneTexte, type Erreurs, type Formulaire } from '../formulaires.js';
import { html, type Html } from '../html.js';
import { champCsrf, rediriger, rendre } from '../layout.js';
import { historiqueStatuts, pageIntrouvable } from './factures-recues-commun.js';
import { idDuChemin, numeroDePage } from '../parametres.js';

const TITRE = 'Factures à valider';
const ENTETES = ['Numéro', 'Fournisseur (sous-traitant ou cotraitant)', 'Destinataire', 'Date de dépôt', 'Montant TTC', 'Statut'];

type Ligne = ReturnType<typeof facturesDuValideur>['factures'][number];

function lignes(p: { base: string }, factures: readonly Ligne[]): Html[][] {
  return factures.map((f) => [
    html`<a href="${p.base}/factures-a-valider/${f.idFacture}">${f.numeroFacture ?? `n° ${f.idFacture}`}</a>`,
    html`${f.designationFournisseur}<br><span class="fr-text--xs">${f.identifiantFournisseur}</span>`,
    html`${f.designationDestinataire}`,
    html`${dateFr(f.dateDepot)}`,
    html`${montantFr(f.montantTTC, f.devise ?? 'EUR')}`,
    badgeStatut(f.statut),
  ]);
}

async function liste(request: FastifyRequest, reply: FastifyReply) {
  const p = request.portail;
  const q = (request.query ?? {}) as Record<string, string | undefined>;
  const valeurs: Formulaire = {};
  if (typeof q.numeroFacture === 'string' && q.numeroFacture.trim()) valeurs.numeroFacture = q.numeroFacture.trim().slice(0, 100);
  const numeroPage = numeroDePage(q.page);
  const r = facturesDuValideur(p.ctx, p.utilisateur!, { numeroFacture: valeurs.numeroFacture, page: numeroPage });
  const lien = (n: number) => `${p.base}/factures-a-valider?${new URLSearchParams({ ...valeurs, page: String(n) }).toString()}#resultats`;
  return rendre(request, reply, {
    titre: TITRE,
    onglet: 7,
    ariane: [['Accueil', '/'], [TITRE]],
    contenu: html`${enTete(TITRE, 'Les demandes de paiement de vos sous-traitants et cotraitants (cadres A9 et A12) : vous disposez de 15 jours pour les valider ou les refuser, faute de quoi elles sont acceptées tacitement.')}
      <h2 id="synthese">En attente de votre décision (${r.aTraiter.length})</h2>
      ${tableau('Factures en attente de votre validation', ENTETES, lignes(p, r.aTraiter), { vide: 'Aucune facture n’attend votre validation.', id: 'a-valider' })}
      <h2 class="fr-mt-4w" id="rechercher">Toutes les factures que vous validez</h2>
      <form method="get" action="${p.base}/factures-a-valider#resultats" class="fr-mb-3w">
        <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
          <div class="fr-col-12 fr-col-md-6">${champ({ nom: 'numeroFacture', libelle: 'Numéro de facture', valeurs })}</div>
          <div class="fr-col-12 fr-col-md-6">${bouton('Rechercher')}</div>
        </div>
      </form>
      <div id="resultats">
        <p>${r.total} facture${r.total > 1 ? 's' : ''}.</p>
        ${tableau(`Factures validées ou à valider (page ${r.page} sur ${r.pages})`, ENTETES, lignes(p, r.factures), { vide: 'Aucune facture.', id: 'liste-factures' })}
        ${pagination(r.page, r.pages, lien)}
      </div>`,
  });
}

function pageFiche(request: FastifyRequest, reply: FastifyReply, idFacture: number, valeurs: Formulaire = {}, erreurs?: Erreurs) {
  const p = request.portail;
  const r = ficheFactureAValider(p.ctx, p.utilisateur!, idFacture);
  const f = r.facture;
  const numero = f.numeroFacture ?? `n° ${f.identifiantFactureCPP}`;
  const devise = f.references.codeDeviseFacture ?? 'EUR';
  const erreurDecision = erreurs?.decision;
  return rendre(
    request,
    reply,
    {
      titre: `Facture ${numero} — ${TITRE}`,
      onglet: 7,
      ariane: [['Accueil', '/'], [TITRE, '/factures-a-valider'], [`Facture ${numero}`]],
      contenu: html`<h1>Facture ${numero} ${badgeStatut(f.statutFacture)}</h1>
        <h2>Fiche de la facture</h2>
        ${fiche([
          ['Fournisseur', `${f.fournisseur.designationFournisseur} (${f.fournisseur.typeIdentifiantFournisseur} ${f.fournisseur.codeFournisseur})`],
          ['Destinataire', `${f.destinataire.libelleDestinataire ?? ''} (${f.destinataire.codeDestinataire ?? ''})`],
          ['Service exécutant', f.destinataire.codeServiceExecutant],
          ['Cadre de facturation', f.cadreDeFacturation.codeCadreFacturation],
          ['Numéro de marché', f.references.numeroMarche],
          ['Engagement juridique', f.references.numeroBonCommande],
          ['Date de la facture', dateFr(f.references.dateFacture)],
          ['Date de dépôt', dateFr(f.references.dateDepot)],
          ['Montant HT', montantFr(f.montantTotal.montantHtTotal, devise)],
          ['Montant TTC', montantFr(f.montantTotal.montantTtcTotal, devise)],
          ['Net à payer', montantFr(f.montantTotal.montantAPayer, devise)],
          ['Commentaire du fournisseur', f.commentaire],
        ])}
        <h2>Historique des statuts</h2>
        ${historiqueStatuts(r.historique)}
        <h2 class="fr-mt-4w" id="decision">Votre décision</h2>
        ${r.aDecider
          ? html`<form method="post" action="${p.base}/factures-a-valider/${idFacture}/decider" novalidate>
              ${champCsrf(p)}
              ${resumeErreurs(erreurs)}
              <fieldset class="fr-fieldset${erreurDecision ? ' fr-fieldset--error' : ''}" id="champ-decision" aria-labelledby="legende-decision${erreurDecision ? ' champ-decision-erreur' : ''}">
                <legend class="fr-fieldset__legend" id="legende-decision">Décision <span aria-hidden="true">*</span></legend>
                ${(
                  [
                    ['VALIDATION', 'Valider', 'La facture part vers le destinataire public (ou vers le second valideur).'],
                    ['REFUS', 'Refuser', 'Motif obligatoire : « Mauvais valideur » la renvoie à son fournisseur pour désigner le bon valideur.'],
                  ] as const
                ).map(
                  ([v, l, a]) => html`<div class="fr-fieldset__element"><div class="fr-radio-group">
                    <input type="radio" id="decision-${v}" name="decision" value="${v}"${valeurs.decision === v ? html` checked` : ''}>
                    <label class="fr-label" for="decision-${v}">${l}<span class="fr-hint-text">${a}</span></label>
                  </div></div>`,
                )}
                ${erreurDecision ? html`<div class="fr-messages-group"><p class="fr-message fr-message--error" id="champ-decision-erreur">${erreurDecision}</p></div>` : ''}
              </fieldset>
              ${selection({ nom: 'codeMotif', libelle: 'Motif de refus', aide: 'Obligatoire pour refuser', options: r.motifs.map((m) => [m.codeMotif, m.libelleMotif] as const), vide: '— Choisir un motif —', valeurs, erreurs })}
              ${zoneTexte({ nom: 'complementInfo', libelle: 'Complément d’information', aide: 'Facultatif ; transmis avec votre décision', valeurs, erreurs })}
              ${bouton('Enregistrer la décision', { icone: 'fr-icon-check-line' })}
            </form>`
          : html`<p id="decision-impossible">Aucune décision ne vous est demandée sur cette facture (statut « ${libelleStatut(f.statutFacture)} »).</p>`}`,
    },
    erreurs ? 400 : 200,
  );
}

export default async function facturesAValider(app: FastifyInstance): Promise<void> {
  exigerEspace(app, 7);
  app.get('/factures-a-valider', liste);

  app.get('/factures-a-valider/:idFacture', async (request, reply) => {
    const id = idDuChemin((request.params as { idFacture?: string }).idFacture);
    if (id === undefined) return pageIntrouvable(request, reply, TITRE, '/factures-a-valider');
    return pageFiche(request, reply, id);
  });

  app.post('/factures-a-valider/:idFacture/decider', async (request, reply) => {
    const p = request.portail;
    const id = idDuChemin((request.params as { idFacture?: string }).idFacture);
    if (id === undefined) return pageIntrouvable(request, reply, TITRE, '/factures-a-valider');
    const f = lireFormulaire(request.body);
    const erreurs: Erreurs = {};
    if (f.decision !== 'VALIDATION' && f.decision !== 'REFUS') erreurs.decision = 'Choisissez « Valider » ou « Refuser »';
    if ((f.complementInfo ?? '').length > 2000) erreurs.complementInfo = 'Le complément compte 2 000 caractères au plus';
    if (Object.keys(erreurs).length) return pageFiche(request, reply, id, f, erreurs);
    try {
      const r = deciderFactureAValider(p.ctx, p.utilisateur!, { idFacture: id, decision: f.decision!, codeMotif: f.codeMotif, complementInfo: f.complementInfo });
      const texte =
        f.decision === 'VALIDATION'
          ? `La facture ${r.numeroFacture} est validée : statut « ${libelleStatut(r.statutFacture)} ».`
          : `La facture ${r.numeroFacture} est refusée : statut « ${libelleStatut(r.statutFacture)} ».`;
      return rediriger(request, reply, `/factures-a-valider/${id}`, { type: 'success', texte });
    } catch (e) {
      return pageFiche(request, reply, id, f, erreurService(e, 'decision'));
    }
  });
}
