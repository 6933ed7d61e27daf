import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { TAILLE_MAX_FICHIER } from '../../modules/factures/depot/fichiers.js';
import { demanderCompleter, prendreEnCompte, refuser } from '../../modules/travaux/service.js';
import {
  attenteDe,
  completerPiece,
  demanderRecyclagePiece,
  recyclerPiece,
  consulterDossierParId,
  consulterPiece,
  deposerPieceTravaux,
  fichierPiece,
  formulaireDepot,
  LIBELLES_MOTIFS,
  LIBELLES_ROLES,
  libellePiece,
  synthese,
  type DepotPortail,
} from '../../modules/travaux/portail.js';
import { badgeStatut, enTete, fiche, pagination, tableau } from '../composants.js';
import { dateFr, dateHeureFr, montantFr } from '../format.js';
import { bouton, champ, erreursZod, erreurService, lireFormulaire, resumeErreurs, selection, zoneTexte, type Erreurs, type Formulaire } from '../formulaires.js';
import { html, type Html } from '../html.js';
import { champCsrf, rediriger, rendre } from '../layout.js';
import { exigerEspace } from '../acces.js';
import { enPieceJointe } from '../telechargement.js';
import { idOuInconnu, numeroDePage } from '../parametres.js';

/**
 * « Factures de travaux » (chorus-domain §9): the Synthèse (pieces waiting for me, my pieces by
 * role), the dossier de facturation with its pieces in order, the Consulter screen of a piece with
 * the actions the works lifecycle table allows the user (read through the travaux module), and the
 * deposit of a piece in PDF mode, initial or « pièce de facturation suivante ».
 */

const ROLES = ['FOURNISSEUR', 'MOE', 'MOA'] as const;
const ARIANE_ESPACE = ['Factures de travaux', '/factures-travaux'] as const;

/** « 2026-12-01 10:05 » (histoStatutDatePassage, Paris time already) as « 01/12/2026 à 10:05 ». */
function passage(valeur: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2})/.exec(valeur);
  return m ? `${m[3]}/${m[2]}/${m[1]} à ${m[4]}` : valeur;
}

type Ligne = ReturnType<typeof synthese>['pieces']['listeFacturesTravaux'][number];

function lignesPieces(base: string, lignes: readonly Ligne[], attente = false) {
  return lignes.map((l) => [
    html`<a class="fr-link" href="${base}/factures-travaux/pieces/${l.idFactureTravaux}">${l.numeroFactureTravaux}</a>`,
    libellePiece(l.cadreFacturation),
    html`<a class="fr-link" href="${base}/factures-travaux/dossiers/${l.idDossierFacturation}">${l.numeroDossierFacturation}</a>`,
    l.designationFournisseur,
    badgeStatut(l.statutFactureTravaux),
    ...(attente ? [attenteDe(l.statutFactureTravaux, l.cadreFacturation) ?? '—'] : []),
    dateFr(l.dateDepot),
    montantFr(l.montantTTC, l.devise),
  ]);
}

/** « Télécharger le PDF » of a works piece; the piece's number is read out to screen readers. */
function lienPdf(base: string, id: number, numero: string) {
  return html`<a class="fr-link fr-link--download" href="${base}/factures-travaux/pieces/${id}/pdf" download>Télécharger<span class="fr-sr-only"> le PDF de la pièce ${numero}</span> <span class="fr-link__detail">PDF</span></a>`;
}

// --- Synthèse -------------------------------------------------------------------------------

async function pageSynthese(request: FastifyRequest<{ Querystring: { role?: string; page?: string } }>, reply: FastifyReply) {
  const p = request.portail;
  const role = ROLES.find((r) => r === request.query.role);
  const numeroPage = numeroDePage(request.query.page);
  const s = synthese(p.ctx, p.utilisateur!, { role, page: numeroPage });
  const lien = (r: string | undefined, n = 1) => `${p.base}/factures-travaux?${new URLSearchParams({ ...(r ? { role: r } : {}), ...(n > 1 ? { page: String(n) } : {}) })}`;
  const entetes = ['Numéro', 'Pièce', 'Dossier de facturation', 'Titulaire', 'Statut', 'Déposée le', 'Montant TTC'];
  return rendre(request, reply, {
    titre: 'Factures de travaux',
    onglet: 3,
    ariane: [['Accueil', '/'], ['Factures de travaux']],
    contenu: html`${enTete('Factures de travaux', 'Les pièces des dossiers de facturation de vos marchés de travaux, que vous soyez titulaire, maîtrise d’œuvre (MOE) ou maîtrise d’ouvrage (MOA).')}
      <p><a class="fr-btn fr-btn--icon-left fr-icon-upload-line" href="${p.base}/factures-travaux/deposer">Déposer une pièce de travaux</a></p>
      <h2>Pièces à traiter</h2>
      ${tableau('Pièces qui attendent une action de votre part', [...entetes.slice(0, 5), 'Attendue de', ...entetes.slice(5)], lignesPieces(p.base, s.aTraiter, true), {
        vide: 'Aucune pièce n’attend d’action de votre part.',
        id: 'a-traiter',
      })}
      <h2>Mes pièces</h2>
      <nav class="fr-mb-2w" aria-label="Filtrer par rôle"><ul class="fr-tags-group">
        ${[undefined, ...ROLES].map(
          (r) => html`<li><a class="fr-tag" href="${lien(r)}"${r === role ? html` aria-current="page"` : ''}>${r ? LIBELLES_ROLES[r] : 'Tous mes rôles'}</a></li>`,
        )}
      </ul></nav>
      ${tableau(`Mes pièces${role ? ` — ${LIBELLES_ROLES[role]}` : ''}`, entetes, lignesPieces(p.base, s.pieces.listeFacturesTravaux), { vide: 'Aucune pièce de travaux.', id: 'mes-pieces' })}
      ${pagination(s.pieces.parametresRetour.pageCourante, s.pieces.parametresRetour.pages, (n) => lien(role, n))}`,
  });
}

// --- Dossier de facturation -----------------------------------------------------------------

async function pageDossier(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
  const p = request.portail;
  const d = consulterDossierParId(p.ctx, p.utilisateur!, idOuInconnu(request.params.id));
  const premiere = d.listeFactureTravaux[0]!;
  const derniere = d.listeFactureTravaux.at(-1)!;
  return rendre(request, reply, {
    titre: `Dossier de facturation ${d.numeroDossierFacturation}`,
    onglet: 3,
    ariane: [['Accueil', '/'], ARIANE_ESPACE, [`Dossier ${d.numeroDossierFacturation}`]],
    contenu: html`${enTete(`Dossier de facturation ${d.numeroDossierFacturation}`, 'Le dossier regroupe les pièces déposées par le titulaire, la maîtrise d’œuvre et la maîtrise d’ouvrage pour une même demande de paiement.')}
      ${fiche([
        ['Titulaire', `${premiere.designationFournisseur} (${premiere.identifiantFournisseur})`],
        ['Maîtrise d’œuvre (MOE)', premiere.designationMoe ? `${premiere.designationMoe} (${premiere.identifiantMoe})` : 'Sans maîtrise d’œuvre'],
        ['Maîtrise d’ouvrage (MOA)', `${premiere.designationMoa} (${premiere.identifiantMoa})`],
        ['Service financier (destinataire du paiement)', `${premiere.designationDestinataire} (${premiere.identifiantDestinataire})`],
        ['Votre rôle', d.roles.map((r) => LIBELLES_ROLES[r]).join(', ')],
        ['Où en est le dossier', html`${libellePiece(derniere.cadreFacturation)} : ${badgeStatut(derniere.statutFactureTravaux)}`],
      ])}
      <h2>Pièces du dossier</h2>
      ${tableau(
        `Pièces du dossier ${d.numeroDossierFacturation}, dans l’ordre de leur dépôt`,
        ['Ordre', 'Pièce', 'Numéro', 'Statut', 'Date de la pièce', 'Déposée le', 'Montant HT', 'Montant TTC', 'Net à payer', 'PDF'],
        d.listeFactureTravaux.map((l, i) => [
          String(i + 1),
          libellePiece(l.cadreFacturation),
          html`<a class="fr-link" href="${p.base}/factures-travaux/pieces/${l.idFactureTravaux}">${l.numeroFactureTravaux}</a>`,
          badgeStatut(l.statutFactureTravaux),
          dateFr(l.dateFactureTravaux),
          dateFr(l.dateDepot),
          montantFr(l.montantHT, l.devise),
          montantFr(l.montantTTC, l.devise),
          montantFr(l.montantAPayer, l.devise),
          lienPdf(p.base, l.idFactureTravaux, l.numeroFactureTravaux),
        ]),
        { id: 'pieces-dossier' },
      )}
      <h2>Historique</h2>
      ${d.listeFactureTravaux.map(
        (l) => html`<h3 class="fr-h6">${libellePiece(l.cadreFacturation)} — ${l.numeroFactureTravaux}</h3>
          <ul>${l.historiqueDemandePaiement.map((h) => html`<li>${passage(h.histoStatutDatePassage)} : ${badgeStatut(h.histoStatutCode)}${h.histoStatutCommentaire ? html` — ${h.histoStatutCommentaire}` : ''}</li>`)}</ul>`,
      )}`,
  });
}

// --- Consulter une pièce et ses actions -----------------------------------------------------

interface EtatFormulaires {
  valeurs?: Formulaire;
  erreurs?: Erreurs;
}

function pagePiece(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, etat: EtatFormulaires = {}) {
  const p = request.portail;
  const id = idOuInconnu(request.params.id);
  const { factureTravaux: f, actions, maitresOuvrage } = consulterPiece(p.ctx, p.utilisateur!, id);
  const valeurs = etat.valeurs ?? {};
  const erreurs = etat.erreurs;
  const action = `${p.base}/factures-travaux/pieces/${f.idFactureTravaux}`;
  const cadre = f.cadreDeFacturation;
  const formulaires: Html[] = [];
  if (actions.prendreEnCompte) {
    formulaires.push(html`<form method="post" action="${action}/prendre-en-compte" class="fr-mb-3w">${champCsrf(p)}
      <p>Prendre en compte la pièce indique au titulaire que vous l’avez reçue et que vous l’examinez.</p>
      ${bouton('Prendre en compte', { icone: 'fr-icon-check-line' })}</form>`);
  }
  if (actions.suivantes.length) {
    formulaires.push(html`<p class="fr-mb-3w"><a class="fr-btn fr-btn--icon-left fr-icon-file-add-line" href="${p.base}/factures-travaux/deposer?suivante=${f.idFactureTravaux}">Déposer la pièce de facturation suivante</a>
      <span class="fr-hint-text">${actions.suivantes.map(libellePiece).join(' ; ')}</span></p>`);
  }
  if (actions.motifsRefus.length) {
    formulaires.push(html`<form method="post" action="${action}/refuser" novalidate class="fr-mb-3w">${champCsrf(p)}
      <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Refuser la pièce</legend>
        <div class="fr-fieldset__element">${selection({ nom: 'motif', libelle: 'Motif du refus', options: actions.motifsRefus.map((m) => [m, LIBELLES_MOTIFS[m]] as const), valeurs, erreurs, requis: true, vide: 'Choisissez un motif' })}</div>
        <div class="fr-fieldset__element">${zoneTexte({ nom: 'commentaireRefus', libelle: 'Commentaire', valeurs, erreurs, aide: 'Un refus de la maîtrise d’œuvre arrête le circuit de facturation.' })}</div>
      </fieldset>
      ${bouton('Refuser', { secondaire: true })}</form>`);
  }
  if (actions.demanderRecyclage) {
    formulaires.push(html`<form method="post" action="${action}/demander-recyclage" novalidate class="fr-mb-3w">${champCsrf(p)}
      ${zoneTexte({ nom: 'commentaireRecyclage', libelle: 'Pourquoi la pièce ne vous est pas destinée', valeurs, erreurs, requis: true, aide: 'La pièce retourne à son déposant « à recycler » : il corrige la maîtrise d’œuvre ou d’ouvrage destinataire.' })}
      ${bouton('Demander le recyclage', { secondaire: true })}</form>`);
  }
  if (actions.recycler) {
    formulaires.push(html`<form method="post" action="${action}/recycler" novalidate class="fr-mb-3w">${champCsrf(p)}
      <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Recycler : corriger le destinataire de la pièce</legend>
        ${actions.recycler.moe ? html`<div class="fr-fieldset__element">${champ({ nom: 'siretMoe', libelle: 'SIRET de la bonne maîtrise d’œuvre (MOE)', valeurs, erreurs, attributs: html` inputmode="numeric"` })}</div>` : ''}
        <div class="fr-fieldset__element">${selection({ nom: 'idMoa', libelle: 'Bonne maîtrise d’ouvrage (MOA)', options: maitresOuvrage.map((s) => [String(s.id), `${s.raisonSociale} — ${s.identifiant}`] as const), valeurs, erreurs, vide: 'Inchangée' })}</div>
        <div class="fr-fieldset__element">${zoneTexte({ nom: 'commentaireRecyclage', libelle: 'Commentaire', valeurs, erreurs })}</div>
      </fieldset>
      ${bouton('Recycler la pièce')}</form>`);
  }
  if (actions.demanderCompleter) {
    formulaires.push(html`<form method="post" action="${action}/demander-complement" novalidate class="fr-mb-3w">${champCsrf(p)}
      ${zoneTexte({ nom: 'commentaireComplement', libelle: 'Complément demandé au déposant', valeurs, erreurs, requis: true })}
      ${bouton('Demander à compléter', { secondaire: true })}</form>`);
  }
  if (actions.completer) {
    formulaires.push(html`<form method="post" action="${action}/completer" novalidate class="fr-mb-3w">${champCsrf(p)}
      ${zoneTexte({ nom: 'commentaireCompleter', libelle: 'Ce que vous avez complété', valeurs, erreurs })}
      ${bouton('Compléter la pièce')}</form>`);
  }
  return rendre(
    request,
    reply,
    {
      titre: `Pièce ${f.numeroFactureTravaux}`,
      onglet: 3,
      ariane: [['Accueil', '/'], ARIANE_ESPACE, [`Dossier ${f.references.numeroDossierFacturation}`, `/factures-travaux/dossiers/${f.references.idDossierFacturation}`], [`Pièce ${f.numeroFactureTravaux}`]],
      contenu: html`${enTete(`${libellePiece(cadre.codeCadreFacturation)} n° ${f.numeroFactureTravaux}`)}
        <p>${badgeStatut(f.statutFactureTravaux)} depuis le ${dateHeureFr(f.dateHeureEtatCourant)}${f.commentaireEtatCourant ? html` — ${f.commentaireEtatCourant}` : ''}</p>
        <p id="telecharger-pdf">${lienPdf(p.base, f.idFactureTravaux, f.numeroFactureTravaux)}</p>
        ${fiche([
          ['Dossier de facturation', html`<a class="fr-link" href="${p.base}/factures-travaux/dossiers/${f.references.idDossierFacturation}">${f.references.numeroDossierFacturation}</a>`],
          ['Pièce précédente', f.piecePrecedente ? html`<a class="fr-link" href="${p.base}/factures-travaux/pieces/${f.piecePrecedente.idFactureTravaux}">${f.piecePrecedente.numeroFactureTravaux}</a>` : ''],
          ['Titulaire', `${f.fournisseur.raisonSocialeFournisseur} (${f.fournisseur.identifiantFournisseur})`],
          ['Maîtrise d’œuvre (MOE)', cadre.raisonSocialeMoe ? `${cadre.raisonSocialeMoe} (${cadre.identifiantMoe})` : 'Sans maîtrise d’œuvre'],
          ['Maîtrise d’ouvrage (MOA)', `${cadre.raisonSocialeMoa} (${cadre.identifiantMoa})`],
          ['Service financier', `${f.destinataire.raisonSocialeDestinataire} (${f.destinataire.codeDestinataire})`],
          ['Date de la pièce', dateFr(f.dateFactureTravaux)],
          ['Déposée le', dateFr(f.dateDepot)],
          ['Numéro de marché', f.references.numeroMarche],
          ['Engagement juridique', f.references.numeroBonCommande],
          ['Montant HT', montantFr(f.montantsTotaux.montantHtTotal, f.references.deviseFacture)],
          ['Montant de TVA', montantFr(f.montantsTotaux.montantTVA, f.references.deviseFacture)],
          ['Montant TTC', montantFr(f.montantsTotaux.montantTtcTotal, f.references.deviseFacture)],
          ['Net à payer', montantFr(f.montantsTotaux.montantAPayer, f.references.deviseFacture)],
          ['Attendue de', attenteDe(f.statutFactureTravaux, cadre.codeCadreFacturation)],
        ])}
        <h2>Actions</h2>
        ${resumeErreurs(erreurs)}
        ${formulaires.length ? formulaires : html`<p id="aucune-action">Cette pièce n’attend aucune action de votre part.</p>`}`,
    },
    erreurs ? 400 : 200,
  );
}

type RequetePiece = FastifyRequest<{ Params: { id: string } }>;

/** One action on a piece: the service's refusal shown beside the form's field, the page kept. */
async function agirSurPiece(request: RequetePiece, reply: FastifyReply, champParDefaut: string, faire: (id: number, f: Formulaire) => unknown, succes: string) {
  const p = request.portail;
  const f = lireFormulaire(request.body);
  const id = idOuInconnu(request.params.id);
  try {
    faire(id, f);
  } catch (e) {
    return pagePiece(request, reply, { valeurs: f, erreurs: erreurService(e, champParDefaut) });
  }
  return rediriger(request, reply, `/factures-travaux/pieces/${id}`, { type: 'success', texte: succes });
}

// --- Dépôt d'une pièce ----------------------------------------------------------------------

const montant = (nom: string) =>
  z
    .string({ error: `Saisissez le ${nom}` })
    .transform((v) => v.replace(/[\s\u202f\u00a0]/g, '').replace(',', '.'))
    .refine((v) => /^-?\d+(\.\d{1,2})?$/.test(v), { message: `Le ${nom} est un nombre avec deux décimales au plus (ex. 12000,00)` })
    .transform(Number);

const schemaDepot = z.object({
  cadre: z.string({ error: 'Choisissez le type de pièce' }).min(1, 'Choisissez le type de pièce'),
  numero: z.string({ error: 'Saisissez le numéro de la pièce' }).min(1, 'Saisissez le numéro de la pièce').max(20, 'Le numéro a 20 caractères au plus'),
  dateFacture: z.string({ error: 'Saisissez la date de la pièce' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'Saisissez la date au format jj/mm/aaaa'),
  montantHt: montant('montant HT'),
  montantTva: montant('montant de TVA'),
  montantTtc: montant('montant TTC'),
  commentaire: z.string().max(1000, 'Le commentaire a 1 000 caractères au plus').optional(),
});

const schemaInitial = z.object({
  idFournisseur: z.coerce.number({ error: 'Choisissez la structure titulaire' }).int().positive('Choisissez la structure titulaire'),
  siretMoe: z.string().regex(/^(\d[\s]?){14}$/, 'Le SIRET de la maîtrise d’œuvre a 14 chiffres').optional().or(z.literal('')),
  idMoa: z.coerce.number({ error: 'Choisissez la maîtrise d’ouvrage' }).int().positive('Choisissez la maîtrise d’ouvrage'),
  siretDestinataire: z.string().regex(/^(\d[\s]?){14}$/, 'Le SIRET du service financier a 14 chiffres').optional().or(z.literal('')),
  codeServiceExecutant: z.string().max(100).optional(),
  numeroMarche: z.string().max(50, 'Le numéro de marché a 50 caractères au plus').optional(),
  numeroEngagement: z.string().max(50, 'Le numéro d’engagement a 50 caractères au plus').optional(),
});

function idSuivante(valeur: unknown): number | undefined {
  if (typeof valeur !== 'string' || valeur === '') return undefined;
  return Number(valeur);
}

function pageDepot(request: FastifyRequest, reply: FastifyReply, idPrecedente: number | undefined, valeurs: Formulaire = {}, erreurs?: Erreurs) {
  const p = request.portail;
  const d = formulaireDepot(p.ctx, p.utilisateur!, idPrecedente);
  const suite = d.precedente;
  const valeursAffichees = { ...(d.cadres.length === 1 && !valeurs.cadre ? { cadre: d.cadres[0]! } : {}), ...valeurs };
  const action = `${p.base}/factures-travaux/deposer${idPrecedente !== undefined ? `?suivante=${idPrecedente}` : ''}`;
  const acteurs = suite
    ? html`<div class="fr-callout fr-mb-3w"><h2 class="fr-callout__title">Pièce de facturation suivante</h2>
        <p class="fr-callout__text">Elle rejoint le dossier ${suite.references.numeroDossierFacturation} après la pièce n° ${suite.numeroFactureTravaux} (${libellePiece(suite.cadreDeFacturation.codeCadreFacturation)}). Titulaire : ${suite.fournisseur.raisonSocialeFournisseur} ; MOE : ${suite.cadreDeFacturation.raisonSocialeMoe ?? 'aucune'} ; MOA : ${suite.cadreDeFacturation.raisonSocialeMoa}.</p></div>`
    : html`<fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Acteurs du marché (fiche identité du marché)</legend>
        <div class="fr-fieldset__element">${selection({ nom: 'idFournisseur', libelle: 'Structure titulaire (vous)', options: d.titulaires.map((s) => [String(s.id), `${s.raisonSociale} — ${s.identifiant}`] as const), valeurs: valeursAffichees, erreurs, requis: true, vide: 'Choisissez votre structure' })}</div>
        <div class="fr-fieldset__element">${champ({ nom: 'siretMoe', libelle: 'SIRET de la maîtrise d’œuvre (MOE)', valeurs, erreurs, aide: 'Laissez vide pour un marché sans maîtrise d’œuvre : la pièce va directement à la maîtrise d’ouvrage.', attributs: html` inputmode="numeric"` })}</div>
        <div class="fr-fieldset__element">${selection({ nom: 'idMoa', libelle: 'Maîtrise d’ouvrage (MOA)', options: d.maitresOuvrage.map((s) => [String(s.id), `${s.raisonSociale} — ${s.identifiant}`] as const), valeurs: valeursAffichees, erreurs, requis: true, vide: 'Choisissez la maîtrise d’ouvrage', aide: 'Les structures publiques paramétrées comme maîtrise d’ouvrage dans l’annuaire.' })}</div>
        <div class="fr-fieldset__element">${champ({ nom: 'siretDestinataire', libelle: 'SIRET du service financier qui paie', valeurs, erreurs, aide: 'Laissez vide quand la maîtrise d’ouvrage paie elle-même.', attributs: html` inputmode="numeric"` })}</div>
        <div class="fr-fieldset__element">${champ({ nom: 'codeServiceExecutant', libelle: 'Code du service exécutant du service financier', valeurs, erreurs })}</div>
        <div class="fr-fieldset__element">${champ({ nom: 'numeroMarche', libelle: 'Numéro de marché', valeurs, erreurs })}</div>
        <div class="fr-fieldset__element">${champ({ nom: 'numeroEngagement', libelle: 'Numéro d’engagement juridique (bon de commande)', valeurs, erreurs })}</div>
      </fieldset>`;
  const erreurFichier = erreurs?.fichier;
  return rendre(
    request,
    reply,
    {
      titre: suite ? 'Déposer la pièce de facturation suivante' : 'Déposer une pièce de travaux',
      onglet: 3,
      ariane: [['Accueil', '/'], ARIANE_ESPACE, [suite ? 'Pièce suivante' : 'Déposer une pièce']],
      contenu: html`${enTete(suite ? 'Déposer la pièce de facturation suivante' : 'Déposer une pièce de travaux', 'Les pièces de travaux se déposent en PDF, jamais en saisie. Le dossier de facturation est ouvert par le projet de décompte du titulaire.')}
        ${resumeErreurs(erreurs)}
        ${d.cadres.length === 0
          ? html`<div class="fr-alert fr-alert--info"><p>Votre rôle dans ce dossier ne vous permet pas de déposer de pièce après celle-ci.</p></div>`
          : html`<form method="post" action="${action}" enctype="multipart/form-data" novalidate>
          ${champCsrf(p)}
          ${suite ? html`<input type="hidden" name="suivante" value="${suite.idFactureTravaux}">` : ''}
          ${acteurs}
          <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">La pièce</legend>
            <div class="fr-fieldset__element">${selection({ nom: 'cadre', libelle: 'Type de pièce (cadre de facturation)', options: d.cadres.map((c) => [c, libellePiece(c)] as const), valeurs: valeursAffichees, erreurs, requis: true, vide: d.cadres.length > 1 ? 'Choisissez le type de pièce' : undefined })}</div>
            <div class="fr-fieldset__element">${champ({ nom: 'numero', libelle: 'Numéro de la pièce', valeurs, erreurs, requis: true, aide: suite ? 'Conseil : reprenez le numéro du titulaire suivi d’un suffixe, par exemple EA pour l’état d’acompte, EAV pour l’état d’acompte validé.' : '20 caractères au plus.' })}</div>
            <div class="fr-fieldset__element">${champ({ nom: 'dateFacture', libelle: 'Date de la pièce', type: 'date', valeurs, erreurs, requis: true })}</div>
            <div class="fr-fieldset__element">${champ({ nom: 'montantHt', libelle: 'Montant HT (€)', valeurs, erreurs, requis: true, attributs: html` inputmode="decimal"`, aide: suite ? 'La maîtrise d’œuvre ou d’ouvrage rectifie ici les montants si besoin : une erreur de montant ne se refuse pas.' : undefined })}</div>
            <div class="fr-fieldset__element">${champ({ nom: 'montantTva', libelle: 'Montant de TVA (€)', valeurs, erreurs, requis: true, attributs: html` inputmode="decimal"` })}</div>
            <div class="fr-fieldset__element">${champ({ nom: 'montantTtc', libelle: 'Montant TTC (€)', valeurs, erreurs, requis: true, attributs: html` inputmode="decimal"` })}</div>
            <div class="fr-fieldset__element"><div class="fr-upload-group${erreurFichier ? ' fr-upload-group--error' : ''}">
              <label class="fr-label" for="champ-fichier">Pièce au format PDF <span aria-hidden="true">*</span><span class="fr-hint-text">Taille maximale : 10 Mo. Format : PDF.</span></label>
              <input class="fr-upload" type="file" id="champ-fichier" name="fichier" accept="application/pdf,.pdf"${erreurFichier ? html` aria-describedby="champ-fichier-erreur" aria-invalid="true"` : ''}>
              ${erreurFichier ? html`<p class="fr-error-text" id="champ-fichier-erreur">${erreurFichier}</p>` : ''}
            </div></div>
            <div class="fr-fieldset__element">${zoneTexte({ nom: 'commentaire', libelle: 'Commentaire', valeurs, erreurs })}</div>
          </fieldset>
          ${bouton('Déposer la pièce', { icone: 'fr-icon-upload-line' })}
        </form>`}`,
    },
    erreurs ? 400 : 200,
  );
}

async function deposer(request: FastifyRequest<{ Querystring: { suivante?: string } }>, reply: FastifyReply) {
  const p = request.portail;
  const corps = (request.body ?? {}) as Record<string, unknown>;
  const f = lireFormulaire(corps);
  const idPrecedente = idSuivante(f.suivante ?? request.query.suivante);
  const brut = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== ''));
  const lu = schemaDepot.safeParse(brut);
  const luInitial = idPrecedente === undefined ? schemaInitial.safeParse(brut) : undefined;
  const fichier = corps.fichier as { nom: string; typeMime?: string; contenu: Buffer } | undefined;
  const erreurs: Erreurs = {
    ...(lu.success ? {} : erreursZod(lu.error)),
    ...(luInitial && !luInitial.success ? erreursZod(luInitial.error) : {}),
    ...(!fichier || !Buffer.isBuffer(fichier.contenu) || fichier.contenu.length === 0 ? { fichier: 'Joignez le PDF de la pièce' } : {}),
  };
  if (Object.keys(erreurs).length || !lu.success || (luInitial && !luInitial.success)) return pageDepot(request, reply, idPrecedente, f, erreurs);
  const depot: DepotPortail = {
    ...lu.data,
    ...(luInitial?.success ? luInitial.data : {}),
    idPiecePrecedente: idPrecedente,
    fichier,
  };
  let r;
  try {
    r = deposerPieceTravaux(p.ctx, p.utilisateur!, depot);
  } catch (e) {
    return pageDepot(request, reply, idPrecedente, f, erreurService(e, 'cadre'));
  }
  return rediriger(request, reply, `/factures-travaux/pieces/${r.idFactureTravaux}`, {
    type: 'success',
    texte: `La pièce n° ${r.numeroFactureTravaux} est déposée dans le dossier de facturation ${r.numeroDossierFacturation}.`,
  });
}

export default async function facturesTravaux(app: FastifyInstance): Promise<void> {
  // The PDF of a works piece comes in a multipart form. Its fields are attached to the body as plain
  // values (the file as {nom, typeMime, contenu}) in preValidation, before the portal's preHandler
  // checks `_csrf` in the body: the multipart form carries its CSRF field like any other form.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: TAILLE_MAX_FICHIER, files: 1, fields: 50, fieldSize: 100_000 },
    async onFile(part) {
      const contenu = await part.toBuffer();
      (part as unknown as { value: unknown }).value = { nom: part.filename, typeMime: part.mimetype, contenu };
    },
  });

  exigerEspace(app, 3);

  app.get('/factures-travaux', pageSynthese);
  app.get('/factures-travaux/dossiers/:id', pageDossier);
  app.get('/factures-travaux/pieces/:id', (request: RequetePiece, reply) => pagePiece(request, reply));
  app.get('/factures-travaux/pieces/:id/pdf', async (request: RequetePiece, reply) => {
    const fichier = fichierPiece(request.portail.ctx, request.portail.utilisateur!, idOuInconnu(request.params.id));
    return reply.type('application/pdf').header('content-disposition', enPieceJointe(fichier.nom)).header('x-content-type-options', 'nosniff').send(fichier.contenu);
  });
  app.get('/factures-travaux/deposer', async (request: FastifyRequest<{ Querystring: { suivante?: string } }>, reply) => pageDepot(request, reply, idSuivante(request.query.suivante)));
  app.post('/factures-travaux/deposer', deposer);

  const u = (request: FastifyRequest) => request.portail.utilisateur!;
  app.post('/factures-travaux/pieces/:id/prendre-en-compte', (request: RequetePiece, reply) =>
    agirSurPiece(request, reply, '_', (id) => prendreEnCompte(request.portail.ctx, u(request), id), 'La pièce est prise en compte.'),
  );
  app.post('/factures-travaux/pieces/:id/refuser', (request: RequetePiece, reply) => {
    const f = lireFormulaire(request.body);
    if (!f.motif) return pagePiece(request, reply, { valeurs: f, erreurs: { motif: 'Choisissez le motif du refus' } });
    return agirSurPiece(request, reply, 'motif', (id) => refuser(request.portail.ctx, u(request), { idFactureTravaux: id, motifRefus: f.motif!, commentaire: f.commentaireRefus || undefined }), 'La pièce est refusée.');
  });
  app.post('/factures-travaux/pieces/:id/demander-recyclage', (request: RequetePiece, reply) =>
    agirSurPiece(request, reply, 'commentaireRecyclage', (id, f) => demanderRecyclagePiece(request.portail.ctx, u(request), { idFactureTravaux: id, commentaire: f.commentaireRecyclage }), 'La pièce est renvoyée à son déposant pour recyclage.'),
  );
  app.post('/factures-travaux/pieces/:id/recycler', (request: RequetePiece, reply) => {
    const f = lireFormulaire(request.body);
    const idMoa = f.idMoa ? Number(f.idMoa) : undefined;
    if (idMoa !== undefined && !Number.isSafeInteger(idMoa)) return pagePiece(request, reply, { valeurs: f, erreurs: { idMoa: 'Choisissez la maîtrise d’ouvrage dans la liste' } });
    return agirSurPiece(
      request,
      reply,
      'idMoa',
      (id) => recyclerPiece(request.portail.ctx, u(request), { idFactureTravaux: id, siretMoe: f.siretMoe || undefined, idMoa, commentaire: f.commentaireRecyclage || undefined }),
      'La pièce est recyclée vers son destinataire corrigé.',
    );
  });
  app.post('/factures-travaux/pieces/:id/demander-complement', (request: RequetePiece, reply) =>
    agirSurPiece(request, reply, 'commentaireComplement', (id, f) => demanderCompleter(request.portail.ctx, u(request), { idFactureTravaux: id, commentaire: f.commentaireComplement }), 'Le complément est demandé au déposant.'),
  );
  app.post('/factures-travaux/pieces/:id/completer', (request: RequetePiece, reply) =>
    agirSurPiece(request, reply, 'commentaireCompleter', (id, f) => completerPiece(request.portail.ctx, u(request), { idFactureTravaux: id, commentaire: f.commentaireCompleter || undefined }), 'La pièce est complétée et retourne à son destinataire.'),
  );
}
