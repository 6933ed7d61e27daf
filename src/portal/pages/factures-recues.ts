import { exigerEspace } from '../acces.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  facturesRecuesATraiter,
  ficheFactureRecue,
  rechercherFacturesRecues,
  statutsRecherchables,
  traiterFactureRecueSaisie,
  type ChoixTraitement,
} from '../../modules/factures/portail/recues.js';
import { telechargerGroupe } from '../../modules/factures/telechargement/service.js';
import { badgeStatut, enTete, fiche, libelleStatut, pagination, tableau } from '../composants.js';
import { dateFr, dateHeureFr, montantFr } from '../format.js';
import { bouton, champ, erreurService, lireFormulaire, resumeErreurs, selection, zoneTexte, type Erreurs, type Formulaire } from '../formulaires.js';
import { html, type Html } from '../html.js';
import { champCsrf, rediriger, rendre } from '../layout.js';
import { historiqueStatuts, pageIntrouvable } from './factures-recues-commun.js';
import { idDuChemin, numeroDePage } from '../parametres.js';

const TITRE = 'Factures reçues';
const CRITERES = ['numeroFacture', 'fournisseur', 'statut', 'dateDepotDu', 'dateDepotAu', 'codeService'] as const;

type Ligne = ReturnType<typeof rechercherFacturesRecues>['factures'][number];

function lignes(p: { base: string }, factures: readonly Ligne[]): Html[][] {
  return factures.map((f) => [
    html`<a href="${p.base}/factures-recues/${f.idFacture}">${f.numeroFacture ?? `n° ${f.idFacture}`}</a>`,
    html`${f.designationFournisseur}<br><span class="fr-text--xs">${f.codeFournisseur}</span>`,
    html`${f.codeServiceExecutant ?? '—'}`,
    html`${dateFr(f.dateDepot)}`,
    html`${montantFr(f.montantTTC, f.devise ?? 'EUR')}`,
    badgeStatut(f.statut),
  ]);
}

const ENTETES = ['Numéro', 'Fournisseur', 'Service', 'Date de dépôt', 'Montant TTC', 'Statut'];

/** « Factures reçues »: the to-do list (Synthèse) and the search, one page. */
async function liste(request: FastifyRequest, reply: FastifyReply) {
  const p = request.portail;
  const q = (request.query ?? {}) as Record<string, string | undefined>;
  const valeurs: Formulaire = {};
  for (const c of CRITERES) if (typeof q[c] === 'string' && q[c]!.trim()) valeurs[c] = q[c]!.trim().slice(0, 100);
  const numeroPage = numeroDePage(q.page);
  const erreurs: Erreurs = {};
  for (const c of ['dateDepotDu', 'dateDepotAu'] as const) {
    if (valeurs[c] && !/^\d{4}-\d{2}-\d{2}$/.test(valeurs[c])) erreurs[c] = 'Saisissez une date au format jj/mm/aaaa';
  }
  if (valeurs.statut && !statutsRecherchables().includes(valeurs.statut as never)) erreurs.statut = 'Choisissez un statut de la liste';
  const aTraiter = facturesRecuesATraiter(p.ctx, p.utilisateur!);
  const recherche = Object.keys(erreurs).length ? undefined : rechercherFacturesRecues(p.ctx, p.utilisateur!, { ...valeurs, page: numeroPage });
  const params = new URLSearchParams(valeurs);
  const lien = (n: number) => `${p.base}/factures-recues?${new URLSearchParams({ ...valeurs, page: String(n) }).toString()}#resultats`;
  return rendre(
    request,
    reply,
    {
      titre: TITRE,
      onglet: 2,
      ariane: [['Accueil', '/'], [TITRE]],
      contenu: html`${enTete(TITRE, 'Les factures adressées à vos structures et à vos services : traitez celles qui vous attendent, retrouvez les autres.')}
        <h2 id="synthese">À traiter (${aTraiter.total})</h2>
        ${tableau('Factures à traiter : mises à disposition ou complétées par leur fournisseur', ENTETES, lignes(p, aTraiter.factures), { vide: 'Aucune facture ne vous attend.', id: 'a-traiter' })}
        <h2 id="rechercher" class="fr-mt-4w">Rechercher une facture</h2>
        ${resumeErreurs(Object.keys(erreurs).length ? erreurs : undefined)}
        <form method="get" action="${p.base}/factures-recues#resultats" class="fr-mb-3w">
          <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-4">${champ({ nom: 'numeroFacture', libelle: 'Numéro de facture', valeurs, erreurs })}</div>
            <div class="fr-col-12 fr-col-md-4">${champ({ nom: 'fournisseur', libelle: 'Fournisseur', aide: 'SIRET ou raison sociale exacte', valeurs, erreurs })}</div>
            <div class="fr-col-12 fr-col-md-4">${champ({ nom: 'codeService', libelle: 'Code du service', valeurs, erreurs })}</div>
            <div class="fr-col-12 fr-col-md-4">${selection({ nom: 'statut', libelle: 'Statut', options: statutsRecherchables().map((s) => [s, libelleStatut(s)] as const), vide: 'Tous les statuts', valeurs, erreurs })}</div>
            <div class="fr-col-12 fr-col-md-4">${champ({ nom: 'dateDepotDu', libelle: 'Déposée à partir du', type: 'date', valeurs, erreurs })}</div>
            <div class="fr-col-12 fr-col-md-4">${champ({ nom: 'dateDepotAu', libelle: 'Déposée jusqu’au', type: 'date', valeurs, erreurs })}</div>
          </div>
          <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left fr-mt-2w">
            <li>${bouton('Rechercher', { icone: 'fr-icon-search-line' })}</li>
            <li><a class="fr-btn fr-btn--secondary" href="${p.base}/factures-recues">Effacer les critères</a></li>
          </ul>
        </form>
        <div id="resultats">
          ${recherche
            ? html`<p>${recherche.total} facture${recherche.total > 1 ? 's' : ''} trouvée${recherche.total > 1 ? 's' : ''}${params.size ? ' pour ces critères' : ''}.</p>
                ${tableau(`Résultats de la recherche (page ${recherche.page} sur ${recherche.pages})`, ENTETES, lignes(p, recherche.factures), { vide: 'Aucune facture ne correspond à ces critères.', id: 'liste-factures' })}
                ${pagination(recherche.page, recherche.pages, lien)}`
            : ''}
        </div>`,
    },
    Object.keys(erreurs).length ? 400 : 200,
  );
}

function delaiPaiement(d: ReturnType<typeof ficheFactureRecue>['delai'], datePaiement: string | null): Html {
  if (!d) return html`<p>Le délai de paiement court à partir de la mise à disposition de la facture.</p>`;
  return html`<div class="fr-callout${d.enRetard ? ' fr-callout--pink-tuile' : ''}" id="delai-paiement">
    <h3 class="fr-callout__title">Délai global de paiement : ${d.delaiJours} jours</h3>
    ${fiche([
      ['Point de départ (mise à disposition)', dateFr(d.dateDebut)],
      ['Date d’échéance', d.dateEcheance ? dateFr(d.dateEcheance) : 'suspendue'],
      ['Suspension', d.suspendu ? 'en cours : le délai est interrompu jusqu’au complément' : d.joursSuspendus ? `${d.joursSuspendus} jour(s) de suspension` : 'aucune'],
      ['Paiement', datePaiement ? `mise en paiement le ${dateFr(datePaiement)}` : d.enRetard ? `en retard de ${d.joursRetard} jour(s)` : 'en attente'],
      ...(d.enRetard || d.interetsMoratoires
        ? ([
            ['Intérêts moratoires', montantFr(d.interetsMoratoires)],
            ['Indemnité forfaitaire', montantFr(d.indemniteForfaitaire)],
          ] as const)
        : []),
    ])}
  </div>`;
}

const ACTIONS: Record<string, string> = {
  SERVICE_FAIT: 'Constater le service fait',
  SUSPENDUE: 'Suspendre',
  REJETEE: 'Rejeter',
  A_RECYCLER: 'Mettre à recycler',
  MANDATEE: 'Mandater',
  MISE_A_DISPOSITION_COMPTABLE: 'Mettre à disposition du comptable',
  COMPTABILISEE: 'Comptabiliser',
  MISE_EN_PAIEMENT: 'Mettre en paiement',
  MISE_A_DISPOSITION: 'Lever la suspension',
};
/** The order a buyer reads the choices in: the nominal path first, then the returns to the supplier. */
const ORDRE: readonly string[] = ['SERVICE_FAIT', 'MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE', 'COMPTABILISEE', 'MISE_EN_PAIEMENT', 'MISE_A_DISPOSITION', 'SUSPENDUE', 'A_RECYCLER', 'REJETEE'];

function formulaireTraitement(p: FastifyRequest['portail'], idFacture: number, choix: readonly ChoixTraitement[], valeurs: Formulaire, erreurs?: Erreurs): Html {
  if (choix.length === 0) return html`<p id="traitement-impossible">Aucun traitement n’est possible au statut actuel de la facture.</p>`;
  const erreurStatut = erreurs?.nouveauStatut;
  const motifs = [...new Map(choix.flatMap((c) => c.motifs).map((m) => [m.codeMotif, m] as const)).values()];
  const avecMotif = choix.filter((c) => c.motifObligatoire).map((c) => ACTIONS[c.statut] ?? libelleStatut(c.statut));
  const avecMandat = choix.filter((c) => c.mandatObligatoire).map((c) => ACTIONS[c.statut] ?? libelleStatut(c.statut));
  return html`<form method="post" action="${p.base}/factures-recues/${idFacture}/traiter" id="traiter" novalidate>
    ${champCsrf(p)}
    ${resumeErreurs(erreurs)}
    <fieldset class="fr-fieldset${erreurStatut ? ' fr-fieldset--error' : ''}" id="champ-nouveauStatut" aria-labelledby="legende-statut${erreurStatut ? ' champ-nouveauStatut-erreur' : ''}">
      <legend class="fr-fieldset__legend" id="legende-statut">Nouveau statut <span aria-hidden="true">*</span></legend>
      ${[...choix].sort((a, b) => ORDRE.indexOf(a.statut) - ORDRE.indexOf(b.statut)).map(
        (c) => html`<div class="fr-fieldset__element"><div class="fr-radio-group">
          <input type="radio" id="statut-${c.statut}" name="nouveauStatut" value="${c.statut}"${valeurs.nouveauStatut === c.statut ? html` checked` : ''}>
          <label class="fr-label" for="statut-${c.statut}">${ACTIONS[c.statut] ?? libelleStatut(c.statut)}<span class="fr-hint-text">Statut « ${libelleStatut(c.statut)} » — ${c.description}${c.motifObligatoire ? ' ; motif obligatoire' : ''}${c.mandatObligatoire ? ' ; numéro de mandat obligatoire' : ''}</span></label>
        </div></div>`,
      )}
      ${erreurStatut ? html`<div class="fr-messages-group"><p class="fr-message fr-message--error" id="champ-nouveauStatut-erreur">${erreurStatut}</p></div>` : ''}
    </fieldset>
    ${motifs.length
      ? selection({
          nom: 'codeMotif',
          libelle: 'Motif',
          aide: `Obligatoire pour : ${avecMotif.join(', ')}. La liste dépend du traitement choisi.`,
          options: motifs.map((m) => [m.codeMotif, `${m.libelleMotif} (${choix.filter((c) => c.motifs.some((x) => x.codeMotif === m.codeMotif)).map((c) => ACTIONS[c.statut] ?? c.statut).join(', ')})`] as const),
          vide: '— Choisir un motif —',
          valeurs,
          erreurs,
        })
      : ''}
    ${avecMandat.length ? champ({ nom: 'numeroDPMandat', libelle: 'Numéro de mandat', aide: `Obligatoire pour : ${avecMandat.join(', ')}`, valeurs, erreurs }) : ''}
    ${zoneTexte({ nom: 'commentaire', libelle: 'Commentaire au fournisseur', aide: 'Facultatif ; 2 000 caractères au plus', valeurs, erreurs })}
    ${bouton('Enregistrer le traitement', { icone: 'fr-icon-check-line' })}
  </form>`;
}

function pageFiche(request: FastifyRequest, reply: FastifyReply, idFacture: number, valeurs: Formulaire = {}, erreurs?: Erreurs) {
  const p = request.portail;
  const r = ficheFactureRecue(p.ctx, p.utilisateur!, idFacture);
  const f = r.facture;
  const numero = f.numeroFacture ?? `n° ${f.identifiantFactureCPP}`;
  return rendre(
    request,
    reply,
    {
      titre: `Facture ${numero} — ${TITRE}`,
      onglet: 2,
      ariane: [['Accueil', '/'], [TITRE, '/factures-recues'], [`Facture ${numero}`]],
      contenu: html`<h1>Facture ${numero} ${badgeStatut(f.statutFacture)}</h1>
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left fr-mb-3w">
          <li><a class="fr-btn fr-btn--secondary fr-btn--icon-left fr-icon-download-line" href="${p.base}/factures-recues/${idFacture}/pdf" download>Télécharger la facture (PDF)</a></li>
          ${r.choix.length ? html`<li><a class="fr-btn fr-btn--icon-left fr-icon-edit-line" href="#traitement">Traiter la facture</a></li>` : ''}
        </ul>
        <h2>Fiche de la facture</h2>
        ${fiche([
          ['Fournisseur', `${f.fournisseur.designationFournisseur} (${f.fournisseur.typeIdentifiantFournisseur} ${f.fournisseur.codeFournisseur})`],
          ['Destinataire', `${f.destinataire.libelleDestinataire ?? ''} (${f.destinataire.codeDestinataire ?? ''})`],
          ['Service exécutant', f.destinataire.codeServiceExecutant ? `${f.destinataire.codeServiceExecutant} — ${f.destinataire.libelleServiceExecutant ?? ''}` : ''],
          ['Engagement juridique (bon de commande)', f.references.numeroBonCommande],
          ['Numéro de marché', f.references.numeroMarche],
          ['Cadre de facturation', f.cadreDeFacturation.codeCadreFacturation],
          ['Date de la facture', dateFr(f.references.dateFacture)],
          ['Date de dépôt', dateFr(f.references.dateDepot)],
          ['Montant HT', montantFr(f.montantTotal.montantHtTotal, f.references.codeDeviseFacture ?? 'EUR')],
          ['TVA', montantFr(f.montantTotal.montantTVA, f.references.codeDeviseFacture ?? 'EUR')],
          ['Montant TTC', montantFr(f.montantTotal.montantTtcTotal, f.references.codeDeviseFacture ?? 'EUR')],
          ['Net à payer', montantFr(f.montantTotal.montantAPayer, f.references.codeDeviseFacture ?? 'EUR')],
          ['Numéro de mandat', r.numeroDpMandat],
          ['Commentaire du fournisseur', f.commentaire],
        ])}
        <h2>Délai de paiement</h2>
        ${delaiPaiement(r.delai, r.datePaiement)}
        <h2 class="fr-mt-4w">Historique des statuts</h2>
        ${historiqueStatuts(r.historique)}
        <h2 class="fr-mt-4w" id="traitement">Traiter la facture</h2>
        ${formulaireTraitement(p, idFacture, r.choix, valeurs, erreurs)}`,
    },
    erreurs ? 400 : 200,
  );
}

export default async function facturesRecues(app: FastifyInstance): Promise<void> {
  exigerEspace(app, 2);
  app.get('/factures-recues', liste);

  app.get('/factures-recues/:idFacture', async (request, reply) => {
    const id = idDuChemin((request.params as { idFacture?: string }).idFacture);
    if (id === undefined) return pageIntrouvable(request, reply, TITRE, '/factures-recues');
    return pageFiche(request, reply, id);
  });

  app.get('/factures-recues/:idFacture/pdf', async (request, reply) => {
    const p = request.portail;
    const id = idDuChemin((request.params as { idFacture?: string }).idFacture);
    if (id === undefined) return pageIntrouvable(request, reply, TITRE, '/factures-recues');
    const { fichierResultat } = await telechargerGroupe(p.ctx, p.utilisateur!, { format: 'PDF', listeFacture: [{ idFacture: id }] });
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="facture-${id}.pdf"`)
      .send(Buffer.from(fichierResultat, 'base64'));
  });

  app.post('/factures-recues/:idFacture/traiter', async (request, reply) => {
    const p = request.portail;
    const id = idDuChemin((request.params as { idFacture?: string }).idFacture);
    if (id === undefined) return pageIntrouvable(request, reply, TITRE, '/factures-recues');
    const f = lireFormulaire(request.body);
    const erreurs: Erreurs = {};
    if (!f.nouveauStatut) erreurs.nouveauStatut = 'Choisissez le traitement à appliquer';
    if ((f.commentaire ?? '').length > 2000) erreurs.commentaire = 'Le commentaire compte 2 000 caractères au plus';
    if ((f.numeroDPMandat ?? '').length > 100) erreurs.numeroDPMandat = 'Le numéro de mandat compte 100 caractères au plus';
    if (Object.keys(erreurs).length) return pageFiche(request, reply, id, f, erreurs);
    try {
      const r = traiterFactureRecueSaisie(p.ctx, p.utilisateur!, {
        idFacture: id,
        nouveauStatut: f.nouveauStatut!,
        codeMotif: f.codeMotif,
        commentaire: f.commentaire,
        numeroDPMandat: f.numeroDPMandat,
      });
      return rediriger(request, reply, `/factures-recues/${id}`, { type: 'success', texte: `La facture ${r.numeroFacture ?? id} est passée au statut « ${libelleStatut(r.nouveauStatut)} ».` });
    } catch (e) {
      return pageFiche(request, reply, id, f, erreurService(e, 'nouveauStatut'));
    }
  });
}
