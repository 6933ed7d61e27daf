import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  agirSurSollicitation,
  consulterSollicitation,
  LIBELLES_ACTIONS,
  LIBELLES_MESSAGES,
  LIBELLES_STATUTS_SOLLICITATION,
  referentielSollicitations,
  saisirSollicitation,
  sollicitationsEmises,
  sollicitationsRecues,
  type LigneSollicitation,
} from '../../modules/sollicitations/portail.js';
import { enTete, fiche, tableau } from '../composants.js';
import { dateHeureFr } from '../format.js';
import { bouton, champ, erreursZod, erreurService, lireFormulaire, resumeErreurs, selection, zoneTexte, type Erreurs, type Formulaire } from '../formulaires.js';
import { html, type Html } from '../html.js';
import { champCsrf, rediriger, rendre } from '../layout.js';
import { exigerEspace } from '../acces.js';
import { idOuInconnu } from '../parametres.js';

/**
 * « Sollicitations émises » and « Sollicitations reçues » (chorus-domain §12): the lists, the
 * « Saisir une sollicitation » form (catégorie, sous-catégorie, objet, message, an optional invoice),
 * one sollicitation with its thread, and the actions of the user's side (répondre, demander un
 * complément, compléter, renvoyer, clôturer…).
 */

type Espace = 'emises' | 'recues';
const ESPACES: Record<Espace, { titre: string; onglet: 4 | 5; chemin: string }> = {
  emises: { titre: 'Sollicitations émises', onglet: 4, chemin: '/sollicitations-emises' },
  recues: { titre: 'Sollicitations reçues', onglet: 5, chemin: '/sollicitations-recues' },
};

function badge(statut: string): Html {
  const couleur = statut === 'CLOTUREE' ? 'success' : statut === 'COMPLEMENT_DEMANDE' || statut === 'RENVOYEE' ? 'warning' : statut === 'REPONDUE' ? 'success' : 'info';
  return html`<span class="fr-badge fr-badge--sm fr-badge--${couleur} fr-badge--no-icon">${LIBELLES_STATUTS_SOLLICITATION[statut as keyof typeof LIBELLES_STATUTS_SOLLICITATION] ?? statut}</span>`;
}

function lignes(base: string, espace: Espace, liste: readonly LigneSollicitation[]) {
  return liste.map((s) => [
    dateHeureFr(s.dateCreation),
    html`<a class="fr-link" href="${base}${ESPACES[espace].chemin}/${s.id}">${s.numero}</a>`,
    s.titre,
    espace === 'emises' ? s.destinataire : s.emetteur,
    s.categorie,
    s.sousCategorie,
    badge(s.statut),
  ]);
}

function entetes(espace: Espace) {
  return ['Date de dépôt', 'Numéro', 'Objet', espace === 'emises' ? 'Destinataire' : 'Émetteur', 'Catégorie', 'Sous-catégorie', 'État'];
}

async function pageListe(request: FastifyRequest, reply: FastifyReply, espace: Espace) {
  const p = request.portail;
  const e = ESPACES[espace];
  const liste = espace === 'emises' ? sollicitationsEmises(p.ctx, p.utilisateur!) : sollicitationsRecues(p.ctx, p.utilisateur!);
  const aTraiter = liste.filter((s) => s.aTraiter);
  return rendre(request, reply, {
    titre: e.titre,
    onglet: e.onglet,
    ariane: [['Accueil', '/'], [e.titre]],
    contenu: html`${enTete(
      e.titre,
      espace === 'emises'
        ? 'Vos questions au support Chorus Pro ou au service qui traite vos factures, et leurs réponses.'
        : 'Les sollicitations adressées à vos structures publiques : répondez, demandez un complément ou transférez au support.',
    )}
      ${espace === 'emises' ? html`<p><a class="fr-btn fr-btn--icon-left fr-icon-add-line" href="${p.base}/sollicitations-emises/nouvelle">Saisir une sollicitation</a></p>` : ''}
      <h2>${espace === 'emises' ? 'Sollicitations qui attendent votre réponse ou votre clôture' : 'Mes sollicitations à traiter'}</h2>
      ${tableau(espace === 'emises' ? 'Sollicitations émises qui attendent votre action' : 'Sollicitations reçues à traiter', entetes(espace), lignes(p.base, espace, aTraiter), {
        vide: 'Aucune sollicitation n’attend votre action.',
        id: 'a-traiter',
      })}
      <h2>Toutes mes sollicitations</h2>
      ${tableau(e.titre, entetes(espace), lignes(p.base, espace, liste), { vide: 'Aucune sollicitation.', id: 'toutes' })}`,
  });
}

// --- Saisir une sollicitation ---------------------------------------------------------------

const schemaSaisie = z.object({
  codeCategorie: z.string({ error: 'Choisissez une catégorie' }).min(1, 'Choisissez une catégorie'),
  codeSousCategorie: z.string({ error: 'Choisissez une sous-catégorie' }).min(1, 'Choisissez une sous-catégorie'),
  titre: z.string({ error: 'Saisissez l’objet de la sollicitation' }).min(1, 'Saisissez l’objet de la sollicitation').max(255, 'L’objet a 255 caractères au plus'),
  texte: z.string({ error: 'Saisissez votre message' }).min(1, 'Saisissez votre message').max(10_000, 'Le message a 10 000 caractères au plus'),
  numeroFacture: z.string().max(20, 'Un numéro de facture a 20 caractères au plus').optional(),
  siretDestinataire: z.string().regex(/^(\d\s?){14}$/, 'Le SIRET a 14 chiffres').optional(),
});

function pageSaisie(request: FastifyRequest, reply: FastifyReply, valeurs: Formulaire = {}, erreurs?: Erreurs) {
  const p = request.portail;
  const ref = referentielSollicitations();
  return rendre(
    request,
    reply,
    {
      titre: 'Saisir une sollicitation',
      onglet: 4,
      ariane: [['Accueil', '/'], ['Sollicitations émises', '/sollicitations-emises'], ['Saisir une sollicitation']],
      contenu: html`${enTete('Saisir une sollicitation', 'Selon la catégorie et la sous-catégorie choisies, la sollicitation est envoyée au support Chorus Pro ou au service qui traite vos factures.')}
        ${resumeErreurs(erreurs)}
        <form method="post" action="${p.base}/sollicitations-emises/nouvelle" novalidate>
          ${champCsrf(p)}
          <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Nature de la demande</legend>
            <div class="fr-fieldset__element">${selection({ nom: 'codeCategorie', libelle: 'Catégorie', options: ref.map((c) => [c.code, c.libelle] as const), valeurs, erreurs, requis: true, vide: 'Choisissez une catégorie' })}</div>
            <div class="fr-fieldset__element">${selection({
              nom: 'codeSousCategorie',
              libelle: 'Sous-catégorie',
              options: ref.flatMap((c) => c.sousCategories.map((s) => [s.code, `${c.libelle} — ${s.libelle} (${s.versSupport ? 'support Chorus Pro' : 'service destinataire'})`] as const)),
              valeurs,
              erreurs,
              requis: true,
              vide: 'Choisissez une sous-catégorie',
              aide: 'Elle doit appartenir à la catégorie choisie.',
            })}</div>
          </fieldset>
          <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Objet de la demande</legend>
            <div class="fr-fieldset__element">${champ({ nom: 'numeroFacture', libelle: 'Numéro de la facture concernée', valeurs, erreurs, aide: 'Facultatif : une de vos factures émises. La sollicitation va alors au service destinataire de la facture.' })}</div>
            <div class="fr-fieldset__element">${champ({ nom: 'siretDestinataire', libelle: 'SIRET de la structure publique interrogée', valeurs, erreurs, aide: 'Facultatif : quand aucune facture ne désigne la structure destinataire.', attributs: html` inputmode="numeric"` })}</div>
            <div class="fr-fieldset__element">${champ({ nom: 'titre', libelle: 'Objet', valeurs, erreurs, requis: true })}</div>
            <div class="fr-fieldset__element">${zoneTexte({ nom: 'texte', libelle: 'Message', valeurs, erreurs, requis: true })}</div>
          </fieldset>
          ${bouton('Envoyer la sollicitation', { icone: 'fr-icon-send-plane-line' })}
        </form>`,
    },
    erreurs ? 400 : 200,
  );
}

// --- Consulter, agir -------------------------------------------------------------------------

type RequeteSollicitation = FastifyRequest<{ Params: { id: string } }>;

function pageSollicitation(request: RequeteSollicitation, reply: FastifyReply, espace: Espace, valeurs: Formulaire = {}, erreurs?: Erreurs) {
  const p = request.portail;
  const e = ESPACES[espace];
  const s = consulterSollicitation(p.ctx, p.utilisateur!, idOuInconnu(request.params.id));
  const action = `${p.base}${e.chemin}/${s.sollicitation.id}/agir`;
  const avecTexte = s.actions.filter((a) => a.texte);
  const sansTexte = s.actions.filter((a) => !a.texte);
  return rendre(
    request,
    reply,
    {
      titre: `Sollicitation ${s.ligne.numero}`,
      onglet: e.onglet,
      ariane: [['Accueil', '/'], [e.titre, e.chemin], [`Sollicitation ${s.ligne.numero}`]],
      contenu: html`${enTete(`Sollicitation ${s.ligne.numero} : ${s.ligne.titre}`)}
        <p>${badge(s.ligne.statut)}</p>
        ${fiche([
          ['Catégorie', s.ligne.categorie],
          ['Sous-catégorie', s.ligne.sousCategorie],
          ['Émetteur', s.ligne.emetteur],
          ['Destinataire', s.ligne.destinataire],
          ['Déposée le', dateHeureFr(s.ligne.dateCreation)],
          ['Dernière modification', dateHeureFr(s.ligne.dateModification)],
        ])}
        <h2>Échanges</h2>
        <ol class="fr-mb-4w" id="fil">
          ${s.messages.map(
            (m) => html`<li class="fr-mb-2w"><p class="fr-mb-0"><strong>${LIBELLES_MESSAGES[m.action] ?? m.action}</strong> — ${m.auteurNom}, le ${dateHeureFr(m.date)}</p>
              ${m.texte ? html`<p class="fr-mb-0">${m.texte}</p>` : ''}
              ${m.piecesJointes.length ? html`<p class="fr-text--sm fr-mb-0">Pièces jointes : ${m.piecesJointes.map((pj) => pj.nom).join(', ')}</p>` : ''}</li>`,
          )}
        </ol>
        <h2>Actions</h2>
        ${resumeErreurs(erreurs)}
        ${s.actions.length === 0 ? html`<p>Cette sollicitation n’attend aucune action de votre part.</p>` : ''}
        ${avecTexte.length
          ? html`<form method="post" action="${action}" novalidate class="fr-mb-3w">${champCsrf(p)}
              ${zoneTexte({ nom: 'texte', libelle: 'Votre message', valeurs, erreurs, requis: true })}
              <ul class="fr-btns-group fr-btns-group--inline-md">${avecTexte.map((a, i) => html`<li>${bouton(LIBELLES_ACTIONS[a.action], { nom: 'action', valeur: a.action, secondaire: i > 0 })}</li>`)}</ul>
            </form>`
          : ''}
        ${sansTexte.map(
          (a) => html`<form method="post" action="${action}" class="fr-mb-2w">${champCsrf(p)}<input type="hidden" name="action" value="${a.action}">${bouton(LIBELLES_ACTIONS[a.action], { secondaire: true })}</form>`,
        )}`,
    },
    erreurs ? 400 : 200,
  );
}

const MESSAGES_SUCCES: Record<string, string> = {
  REPONDRE: 'Votre réponse est envoyée.',
  DEMANDER_COMPLEMENT: 'Le complément est demandé à l’émetteur.',
  TRANSFERER_SUPPORT: 'La sollicitation est transférée au support Chorus Pro.',
  COMPLETER: 'Votre complément est envoyé.',
  RENVOYER: 'La sollicitation est renvoyée à son destinataire.',
  CLOTURER: 'La sollicitation est clôturée.',
};

async function agir(request: RequeteSollicitation, reply: FastifyReply, espace: Espace) {
  const p = request.portail;
  const f = lireFormulaire(request.body);
  const id = idOuInconnu(request.params.id);
  if (!f.action) return pageSollicitation(request, reply, espace, f, { _: 'Choisissez une action' });
  if ((f.texte ?? '').length > 10_000) return pageSollicitation(request, reply, espace, f, { texte: 'Le message a 10 000 caractères au plus' });
  try {
    agirSurSollicitation(p.ctx, p.utilisateur!, id, { action: f.action, texte: f.texte });
  } catch (e) {
    return pageSollicitation(request, reply, espace, f, erreurService(e, 'texte'));
  }
  return rediriger(request, reply, `${ESPACES[espace].chemin}/${id}`, { type: 'success', texte: MESSAGES_SUCCES[f.action] ?? 'C’est fait.' });
}

export default async function sollicitations(app: FastifyInstance): Promise<void> {
  exigerEspace(app, (request) => (request.url.includes('/sollicitations-recues') ? 5 : 4));
  app.get('/sollicitations-emises', (request, reply) => pageListe(request, reply, 'emises'));
  app.get('/sollicitations-recues', (request, reply) => pageListe(request, reply, 'recues'));
  app.get('/sollicitations-emises/nouvelle', async (request, reply) => pageSaisie(request, reply));
  app.post('/sollicitations-emises/nouvelle', async (request, reply) => {
    const f = lireFormulaire(request.body);
    const lu = schemaSaisie.safeParse(Object.fromEntries(Object.entries(f).filter(([, v]) => v !== '')));
    if (!lu.success) return pageSaisie(request, reply, f, erreursZod(lu.error));
    let cree;
    try {
      cree = saisirSollicitation(request.portail.ctx, request.portail.utilisateur!, lu.data);
    } catch (e) {
      return pageSaisie(request, reply, f, erreurService(e, '_'));
    }
    return rediriger(request, reply, `/sollicitations-emises/${cree.id}`, {
      type: 'success',
      texte: `La sollicitation ${cree.numero} est envoyée ${cree.destinataire === 'SUPPORT' ? 'au support Chorus Pro' : 'au service destinataire'}.`,
    });
  });
  for (const espace of ['emises', 'recues'] as const) {
    app.get(`${ESPACES[espace].chemin}/:id`, (request: RequeteSollicitation, reply) => pageSollicitation(request, reply, espace));
    app.post(`${ESPACES[espace].chemin}/:id/agir`, (request: RequeteSollicitation, reply) => agir(request, reply, espace));
  }
}
