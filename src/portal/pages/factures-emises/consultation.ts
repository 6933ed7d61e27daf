import { enPieceJointe } from '../../telechargement.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ajouterPieceJointeBrouillon,
  completerFactureEmise,
  envoyerBrouillon,
  ficheFactureEmise,
  fichierFactureEmise,
  recyclerFactureEmise,
  supprimerBrouillon,
  typesPieceJointeFacture,
} from '../../../modules/factures/index.js';
import { acquitter } from '../../../modules/notifications/acquittements.js';
import { badgeStatut, fiche, libelleStatut, tableau } from '../../composants.js';
import { dateFr, dateHeureFr, montantFr } from '../../format.js';
import { bouton, champ, erreurService, lireFormulaire, resumeErreurs, selection, zoneTexte, type Erreurs, type Formulaire } from '../../formulaires.js';
import { html, type Html } from '../../html.js';
import { champCsrf, rediriger, rendre } from '../../layout.js';
import { lireMultipart } from './commun.js';
import { idDuChemin } from '../../parametres.js';

type Fiche = ReturnType<typeof ficheFactureEmise>;

/** What a supplier does with a returned invoice (chorus-domain §7.3), by status. */
const CONSIGNES: Record<string, string> = {
  SUSPENDUE: 'Le destinataire a suspendu cette facture : complétez-la (pièce justificative et/ou commentaire) pour qu’il reprenne son traitement. Le délai de paiement est interrompu jusqu’au complément.',
  REJETEE: 'Le destinataire a rejeté cette facture : elle ne peut plus être modifiée. Acquittez le rejet puis déposez une nouvelle facture, avec un nouveau numéro, en corrigeant ce qui est indiqué dans le motif.',
  A_RECYCLER: 'Le destinataire indique une erreur dans les données d’acheminement : recyclez la facture vers le bon destinataire, service ou engagement. Seules ces données peuvent changer.',
  BROUILLON: 'Cette facture est un brouillon : elle n’est pas transmise tant que vous ne l’avez pas validée et envoyée.',
  INTERPRETEE_OCR: 'Cette facture PDF a été interprétée : complétez ses données puis envoyez-la.',
};

function delai(f: Fiche): Html {
  const d = f.delaiPaiement;
  if (!d) return html`<p>Le délai de paiement court à partir de la mise à disposition de la facture au destinataire.</p>`;
  return html`${fiche([
    ['Délai de paiement', `${d.delaiJours} jours`],
    ['Début du délai (mise à disposition)', dateFr(d.dateDebut)],
    ['Date d’échéance', d.dateEcheance ? dateFr(d.dateEcheance) : ''],
    ['Interruptions (suspensions)', d.joursSuspendus ? `${d.joursSuspendus} jour${d.joursSuspendus > 1 ? 's' : ''}${d.suspendu ? ' — suspension en cours' : ''}` : d.suspendu ? 'Suspension en cours' : 'Aucune'],
    ['Date de mise en paiement', f.datePaiement ? dateFr(f.datePaiement) : ''],
    ['Retard', d.enRetard ? `${d.joursRetard} jour${d.joursRetard > 1 ? 's' : ''} : intérêts moratoires ${montantFr(d.interetsMoratoires)} et indemnité forfaitaire ${montantFr(d.indemniteForfaitaire)}` : 'Aucun'],
  ])}`;
}

/** Type and file of an attachment (multipart), with the refusal beside the file. */
function champsPieceJointe(v: Formulaire, erreurs: Erreurs | undefined, libelle: string): Html {
  return html`<div class="fr-fieldset__element">${selection({ nom: 'typePieceJointe', libelle: 'Type de la pièce jointe', options: typesPieceJointeFacture().map((t): [string, string] => [t.code, t.libelle]), valeurs: { typePieceJointe: v.typePieceJointe || 'AUTRE' } })}</div>
    <div class="fr-fieldset__element"><div class="fr-upload-group${erreurs?.fichier ? ' fr-input-group--error' : ''}">
      <label class="fr-label" for="champ-fichier">${libelle}<span class="fr-hint-text">10 Mo au plus.</span></label>
      <input class="fr-upload" type="file" id="champ-fichier" name="fichier"${erreurs?.fichier ? html` aria-describedby="champ-fichier-erreur" aria-invalid="true"` : ''}>
      ${erreurs?.fichier ? html`<p class="fr-error-text" id="champ-fichier-erreur">${erreurs.fichier}</p>` : ''}
    </div></div>`;
}

function actions(p: FastifyRequest['portail'], f: Fiche, v: Formulaire, erreurs?: Erreurs): Html {
  const a = f.actions;
  const base = `${p.base}/factures-emises/${f.idFacture}`;
  const blocs: Html[] = [];
  if (a.completerPdf) blocs.push(html`<p><a class="fr-btn" href="${p.base}/factures-emises/depot-pdf/${f.idFacture}">Compléter la facture PDF</a></p>`);
  if (a.envoyer || a.supprimer) {
    blocs.push(html`<ul class="fr-btns-group fr-btns-group--inline-md">
      ${a.envoyer ? html`<li><form method="post" action="${base}/envoyer">${champCsrf(p)}${bouton('Valider et envoyer')}</form></li>` : ''}
      ${a.envoyer && f.statut === 'BROUILLON' ? html`<li><a class="fr-btn fr-btn--secondary fr-btn--icon-left fr-icon-edit-line" href="${base}/modifier">Modifier le brouillon</a></li>` : ''}
      ${a.supprimer ? html`<li><form method="post" action="${base}/supprimer">${champCsrf(p)}${bouton('Supprimer le brouillon', { secondaire: true })}</form></li>` : ''}
    </ul>`);
  }
  if (a.envoyer) {
    blocs.push(html`<form method="post" action="${base}/pieces-jointes" enctype="multipart/form-data" id="formulaire-piece-jointe">
      ${champCsrf(p)}
      <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend fr-h5">Ajouter une pièce jointe au brouillon</legend>
        ${champsPieceJointe(v, erreurs, 'Fichier')}
        <div class="fr-fieldset__element">${bouton('Ajouter la pièce jointe', { secondaire: true })}</div>
      </fieldset>
    </form>`);
  }
  if (a.acquitter) {
    blocs.push(html`<form method="post" action="${base}/acquitter">${champCsrf(p)}${bouton(a.acquitter === 'ACQUITTEMENT_REJET' ? 'Acquitter le rejet' : 'Acquitter la suspension', { secondaire: true })}</form>`);
  }
  if (a.completer) {
    blocs.push(html`<form method="post" action="${base}/completer" enctype="multipart/form-data" id="formulaire-completer">
      ${champCsrf(p)}
      <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend fr-h5">Compléter la facture</legend>
        <div class="fr-fieldset__element">${zoneTexte({ nom: 'commentaire', libelle: 'Commentaire pour le destinataire', valeurs: v, erreurs })}</div>
        ${champsPieceJointe(v, erreurs, 'Pièce justificative (facultative)')}
        <div class="fr-fieldset__element">${bouton('Compléter')}</div>
      </fieldset>
    </form>`);
  }
  if (a.recycler) {
    blocs.push(html`<form method="post" action="${base}/recycler" id="formulaire-recycler">
      ${champCsrf(p)}
      <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend fr-h5">Recycler la facture</legend>
        <div class="fr-fieldset__element">${champ({ nom: 'codeDestinataire', libelle: 'SIRET du destinataire', valeurs: { codeDestinataire: v.codeDestinataire ?? f.destinataire?.identifiant ?? '' }, erreurs })}</div>
        <div class="fr-fieldset__element">${champ({ nom: 'codeServiceExecutant', libelle: 'Code du service exécutant', valeurs: { codeServiceExecutant: v.codeServiceExecutant ?? f.service?.code ?? '' }, erreurs })}</div>
        <div class="fr-fieldset__element">${champ({ nom: 'numeroEngagement', libelle: 'Numéro d’engagement', valeurs: { numeroEngagement: v.numeroEngagement ?? f.numeroEngagement ?? '' }, erreurs })}</div>
        <div class="fr-fieldset__element">${bouton('Recycler')}</div>
      </fieldset>
    </form>`);
  }
  if (blocs.length === 0 && !a.acquittee) return html``;
  return html`<section class="fr-mb-4w" id="actions"><h2>Actions</h2>
    ${a.acquittee ? html`<p class="fr-badge fr-badge--success fr-badge--no-icon">${f.statut === 'REJETEE' ? 'Rejet acquitté' : 'Suspension acquittée'}</p>` : ''}
    ${blocs}
  </section>`;
}

function pageFiche(request: FastifyRequest, reply: FastifyReply, id: number, v: Formulaire = {}, erreurs?: Erreurs, statut = 200) {
  const p = request.portail;
  const f = ficheFactureEmise(p.ctx, p.utilisateur!, id);
  const titre = f.numeroFacture ? `Facture ${f.numeroFacture}` : `Facture PDF n° ${f.idFacture}`;
  const consigne = CONSIGNES[f.statut];
  const statuts = f.historique.filter((h) => h.nature === 'STATUT');
  const evenements = f.historique.filter((h) => h.nature !== 'STATUT');
  return rendre(
    request,
    reply,
    {
      titre,
      onglet: 1,
      ariane: [['Accueil', '/'], ['Factures émises', '/factures-emises'], [titre]],
      contenu: html`<h1>${titre} ${badgeStatut(f.statut)}</h1>
        ${consigne ? html`<div class="fr-alert fr-alert--${f.statut === 'REJETEE' ? 'error' : f.statut === 'BROUILLON' || f.statut === 'INTERPRETEE_OCR' ? 'info' : 'warning'} fr-mb-3w" id="consigne"><h2 class="fr-alert__title">${libelleStatut(f.statut)}</h2>
          ${f.motif && f.statut !== 'BROUILLON' ? html`<p>Motif : <strong>${f.motif}</strong></p>` : ''}<p>${consigne}</p></div>` : ''}
        ${resumeErreurs(erreurs)}
        ${actions(p, f, v, erreurs)}
        <h2>Informations</h2>
        ${fiche([
          ['Fournisseur', `${f.fournisseur.nom} (${f.fournisseur.identifiant})`],
          ['Destinataire', f.destinataire ? `${f.destinataire.nom} (${f.destinataire.identifiant})` : ''],
          ['Service exécutant', f.service ? `${f.service.libelle} (${f.service.code})` : ''],
          ['Numéro d’engagement', f.numeroEngagement],
          ['Cadre de facturation', f.cadre.libelle],
          ['Date de facture', dateFr(f.dateFacture)],
          ['Date de dépôt', dateHeureFr(f.dateDepot)],
          ['Montant HT', montantFr(f.montants.ht, f.devise ?? 'EUR')],
          ['Montant de TVA', montantFr(f.montants.tva, f.devise ?? 'EUR')],
          ['Montant TTC', montantFr(f.montants.ttc, f.devise ?? 'EUR')],
          ['Net à payer', montantFr(f.montants.aPayer, f.devise ?? 'EUR')],
          ['Numéro de mandat', f.numeroMandat],
        ])}
        ${f.lignes.length
          ? tableau(
              'Lignes de la facture',
              ['N°', 'Désignation', 'Quantité', 'Prix unitaire HT', 'TVA', 'Montant HT'],
              f.lignes.map((l) => [l.lignePosteNumero, l.lignePosteDenomination ?? '', String(l.lignePosteQuantite).replace('.', ','), montantFr(l.lignePosteMontantUnitaireHT), l.lignePosteTauxTvaManuel === null ? '' : `${String(l.lignePosteTauxTvaManuel).replace('.', ',')} %`, montantFr(l.lignePosteMontantHtApresRemise)]),
              { id: 'lignes-facture' },
            )
          : ''}
        ${f.lignesTva.length
          ? tableau('Récapitulatif de la TVA', ['Taux', 'Base HT', 'Montant de TVA'], f.lignesTva.map((t) => [t.ligneTvaTauxRefValeur === null ? '' : `${String(t.ligneTvaTauxRefValeur).replace('.', ',')} %`, montantFr(t.ligneTvaMontantBaseHtParTaux), montantFr(t.ligneTvaMontantTvaParTaux)]), { id: 'recap-tva' })
          : ''}
        <h2>Délai de paiement</h2>
        <div id="delai-paiement">${delai(f)}</div>
        <h2>Suivi de la facture</h2>
        <ol class="fr-mb-3w" id="historique">
          ${statuts.map((h) => html`<li><strong>${libelleStatut(h.code)}</strong> — ${dateHeureFr(h.date)}${h.qui ? ` — ${h.qui}` : ''}${h.commentaire ? html`<br><span class="fr-text--sm">${h.commentaire}</span>` : ''}</li>`)}
        </ol>
        ${evenements.length ? tableau('Actions sur la facture', ['Action', 'Date', 'Par'], evenements.map((h) => [libelleAction(h.code), dateHeureFr(h.date), h.qui ?? '']), { id: 'actions-historique' }) : ''}
        <h2>Pièces jointes</h2>
        ${tableau('Pièces jointes de la facture', ['Désignation', 'Type'], f.piecesJointes.map((pj) => [pj.designation, pj.type]), { vide: 'Aucune pièce jointe.', id: 'pieces-jointes' })}
        <h2>Téléchargements</h2>
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left" id="telechargements">
          ${f.statut !== 'SUPPRIMEE' ? html`<li><a class="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left" href="${p.base}/factures-emises/${f.idFacture}/facture.pdf">Télécharger la facture (PDF)</a></li>` : ''}
          ${f.certificat ? html`<li><a class="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left" href="${p.base}/factures-emises/${f.idFacture}/certificat-depot.pdf">Télécharger le certificat de dépôt</a></li>` : ''}
        </ul>`,
    },
    statut,
  );
}

const ACTIONS: Record<string, string> = {
  ACQUITTEMENT_REJET: 'Rejet acquitté',
  ACQUITTEMENT_SUSPENSION: 'Suspension acquittée',
  TRAITEMENT_REJET: 'Rejet traité',
  TELECHARGEMENT_FACTURE: 'Facture téléchargée',
};
const libelleAction = (code: string) => ACTIONS[code] ?? code;

type AvecId = { Params: { idFacture: string } };

/** Consultation of an issued invoice and the supplier's moves on it (chorus-domain §7.3). */
export default async function consultation(app: FastifyInstance): Promise<void> {
  app.get<AvecId>('/factures-emises/:idFacture', async (request, reply) => {
    const id = idDuChemin(request.params.idFacture);
    if (id === undefined) return reply.callNotFound();
    return pageFiche(request, reply, id);
  });

  for (const [suffixe, quoi] of [['facture.pdf', 'FACTURE'], ['certificat-depot.pdf', 'CERTIFICAT']] as const) {
    app.get<AvecId>(`/factures-emises/:idFacture/${suffixe}`, async (request, reply) => {
      const p = request.portail;
      const id = idDuChemin(request.params.idFacture);
      if (id === undefined) return reply.callNotFound();
      const fichier = await fichierFactureEmise(p.ctx, p.utilisateur!, id, quoi);
      return reply.type('application/pdf').header('content-disposition', enPieceJointe(fichier.nom)).send(fichier.contenu);
    });
  }

  /** A move without fields: one service call, then back to the invoice with a message (or its refusal). */
  const simple = (chemin: string, faire: (request: FastifyRequest, id: number) => string) =>
    app.post<AvecId>(`/factures-emises/:idFacture/${chemin}`, async (request, reply) => {
      const id = idDuChemin(request.params.idFacture);
      if (id === undefined) return reply.callNotFound();
      try {
        const texte = faire(request, id);
        return rediriger(request, reply, `/factures-emises/${id}`, { type: 'success', texte });
      } catch (e) {
        return pageFiche(request, reply, id, {}, erreurService(e), 400);
      }
    });

  simple('envoyer', (request, id) => {
    const r = envoyerBrouillon(request.portail.ctx, request.portail.utilisateur!, id);
    return `Facture ${r.numeroFacture} validée et envoyée.`;
  });
  simple('acquitter', (request, id) => {
    const code = acquitter(request.portail.ctx, request.portail.utilisateur!, id);
    return code === 'ACQUITTEMENT_REJET' ? 'Rejet acquitté.' : 'Suspension acquittée.';
  });
  app.post<AvecId>('/factures-emises/:idFacture/supprimer', async (request, reply) => {
    const id = idDuChemin(request.params.idFacture);
    if (id === undefined) return reply.callNotFound();
    try {
      const r = supprimerBrouillon(request.portail.ctx, request.portail.utilisateur!, id);
      return rediriger(request, reply, '/factures-emises', { type: 'success', texte: `Brouillon ${r.numeroFacture} supprimé.` });
    } catch (e) {
      return pageFiche(request, reply, id, {}, erreurService(e), 400);
    }
  });

  app.post<AvecId>('/factures-emises/:idFacture/completer', async (request, reply) => {
    const p = request.portail;
    const id = idDuChemin(request.params.idFacture);
    if (id === undefined) return reply.callNotFound();
    const { champs, fichiers } = request.isMultipart() ? await lireMultipart(request.body) : { champs: lireFormulaire(request.body), fichiers: {} as Awaited<ReturnType<typeof lireMultipart>>['fichiers'] };
    const fichier = fichiers.fichier;
    if (!fichier && !champs.commentaire) return pageFiche(request, reply, id, champs, { commentaire: 'Ajoutez un commentaire ou une pièce justificative.' }, 400);
    const types = typesPieceJointeFacture().map((t) => t.code);
    try {
      completerFactureEmise(p.ctx, p.utilisateur!, {
        idFacture: id,
        commentaire: champs.commentaire?.slice(0, 2000),
        fichier: fichier ? { ...fichier, type: types.includes(champs.typePieceJointe ?? '') ? champs.typePieceJointe! : 'AUTRE' } : undefined,
      });
      return rediriger(request, reply, `/factures-emises/${id}`, { type: 'success', texte: 'Facture complétée : le destinataire peut reprendre son traitement.' });
    } catch (e) {
      return pageFiche(request, reply, id, champs, erreurService(e, 'commentaire'), 400);
    }
  });

  app.post<AvecId>('/factures-emises/:idFacture/pieces-jointes', async (request, reply) => {
    const p = request.portail;
    const id = idDuChemin(request.params.idFacture);
    if (id === undefined) return reply.callNotFound();
    const { champs, fichiers } = request.isMultipart() ? await lireMultipart(request.body) : { champs: lireFormulaire(request.body), fichiers: {} as Awaited<ReturnType<typeof lireMultipart>>['fichiers'] };
    const fichier = fichiers.fichier;
    if (!fichier) return pageFiche(request, reply, id, champs, { fichier: 'Choisissez le fichier à joindre.' }, 400);
    const types = typesPieceJointeFacture().map((t) => t.code);
    try {
      ajouterPieceJointeBrouillon(p.ctx, p.utilisateur!, id, { ...fichier, type: types.includes(champs.typePieceJointe ?? '') ? champs.typePieceJointe! : 'AUTRE' });
      return rediriger(request, reply, `/factures-emises/${id}`, { type: 'success', texte: `Pièce jointe « ${fichier.nom} » ajoutée au brouillon.` });
    } catch (e) {
      return pageFiche(request, reply, id, champs, erreurService(e, 'fichier'), 400);
    }
  });

  app.post<AvecId>('/factures-emises/:idFacture/recycler', async (request, reply) => {
    const p = request.portail;
    const id = idDuChemin(request.params.idFacture);
    if (id === undefined) return reply.callNotFound();
    const v = lireFormulaire(request.body);
    try {
      recyclerFactureEmise(p.ctx, p.utilisateur!, { idFacture: id, codeDestinataire: v.codeDestinataire, codeServiceExecutant: v.codeServiceExecutant, numeroEngagement: v.numeroEngagement });
      return rediriger(request, reply, `/factures-emises/${id}`, { type: 'success', texte: 'Facture recyclée : elle est mise à disposition du destinataire.' });
    } catch (e) {
      return pageFiche(request, reply, id, v, erreurService(e, 'codeDestinataire'), 400);
    }
  });
}
