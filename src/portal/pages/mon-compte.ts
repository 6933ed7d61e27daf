import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { reglerRecaps } from '../../modules/notifications/recaps.js';
import { rechercherStructuresPourRattachement } from '../../modules/structures/gestion.js';
import { completudeCompte, demanderAbonnement, modifierMonCompte, monCompte, resilierAbonnement } from '../../modules/utilisateurs/comptes.js';
import { demanderRattachement } from '../../modules/utilisateurs/rattachements.js';
import { ESPACES } from '../../modules/utilisateurs/service.js';
import { fiche, tableau } from '../composants.js';
import { dateFr } from '../format.js';
import { bouton, caseACocher, champ, erreurService, lireFormulaire, resumeErreurs, selection, valeursMultiples, type Erreurs, type Formulaire } from '../formulaires.js';
import { html, type Html } from '../html.js';
import { champCsrf, rediriger, rendre } from '../layout.js';
import { badge, libelleRole } from '../libelles.js';
import piecesJointes from './mon-compte/pieces-jointes.js';
import { idOuInconnu } from '../parametres.js';

/**
 * « Mon compte » (chorus-domain §1.2, §2.4, §3.3): personal data and contact e-mail, notification
 * settings, rattachements aux structures (and the « Demande de rattachement » search), abonnements
 * aux espaces, the personal attachments (« Mes pièces jointes », mon-compte/pieces-jointes.ts), and the
 * « complétude du compte » view that says what is missing to deposit invoices.
 */

type Section = 'informations' | 'notifications' | 'abonnements';

interface Etat {
  section?: Section;
  valeurs?: Formulaire;
  erreurs?: Erreurs;
}

const ARIANE_COMPTE: [string, string] = ['Mon compte', '/mon-compte'];

function pageMonCompte(request: FastifyRequest, reply: FastifyReply, etat: Etat = {}) {
  const p = request.portail;
  const m = monCompte(p.ctx, p.utilisateur!.id);
  const i = m.informations;
  const de = (s: Section) => (etat.section === s ? etat : {});
  const infos = de('informations').valeurs ?? { nom: i.nom, prenom: i.prenom ?? '', telephone: i.telephone ?? '', emailContact: i.emailContact };
  const erreursInfos = de('informations').erreurs;
  const attachees = m.rattachements.filter((r) => r.statut === 'VALIDEE');
  const abo = de('abonnements').valeurs ?? {};
  const erreursAbo = de('abonnements').erreurs;
  const contenu = html`<h1>Mon compte</h1>
    <nav class="fr-summary fr-mb-4w" role="navigation" aria-labelledby="sommaire-titre"><p class="fr-summary__title" id="sommaire-titre">Sommaire</p><ol class="fr-summary__list">
      <li><a class="fr-summary__link" href="#informations">Informations personnelles</a></li>
      <li><a class="fr-summary__link" href="#notifications">Notifications</a></li>
      <li><a class="fr-summary__link" href="#rattachements">Mes rattachements aux structures</a></li>
      <li><a class="fr-summary__link" href="#abonnements">Mes abonnements aux espaces</a></li>
      <li><a class="fr-summary__link" href="#pieces-jointes">Mes pièces jointes</a></li>
      <li><a class="fr-summary__link" href="${p.base}/mon-compte/completude">Complétude du compte</a></li>
    </ol></nav>

    <section id="informations" class="fr-mb-6w"><h2>Informations personnelles</h2>
      ${fiche([
        ['Adresse e-mail de connexion (identifiant, non modifiable)', i.login],
        ['Statut du compte', badge(i.statut)],
        ['Compte créé le', dateFr(i.dateCreation)],
      ])}
      ${resumeErreurs(erreursInfos)}
      <form method="post" action="${p.base}/mon-compte/informations" novalidate>
        ${champCsrf(p)}
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-md-6">${champ({ nom: 'nom', libelle: 'Nom', valeurs: infos, erreurs: erreursInfos, requis: true, autocomplete: 'family-name' })}</div>
          <div class="fr-col-12 fr-col-md-6">${champ({ nom: 'prenom', libelle: 'Prénom', valeurs: infos, erreurs: erreursInfos, requis: true, autocomplete: 'given-name' })}</div>
          <div class="fr-col-12 fr-col-md-6">${champ({ nom: 'telephone', libelle: 'Téléphone', type: 'tel', valeurs: infos, erreurs: erreursInfos, autocomplete: 'tel' })}</div>
          <div class="fr-col-12 fr-col-md-6">${champ({ nom: 'emailContact', libelle: 'Adresse e-mail de contact', type: 'email', valeurs: infos, erreurs: erreursInfos, autocomplete: 'email', aide: 'Où arrivent les notifications. Vide : l’adresse de connexion.' })}</div>
        </div>
        ${bouton('Enregistrer mes informations')}
      </form>
    </section>

    <section id="notifications" class="fr-mb-6w"><h2>Notifications</h2>
      <form method="post" action="${p.base}/mon-compte/notifications">
        ${champCsrf(p)}
        <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Recevoir des notifications périodiques d’activité</legend>
          <div class="fr-fieldset__element">${caseACocher({ nom: 'recapQuotidien', libelle: 'Récapitulatif quotidien', coche: m.notifications.recapQuotidien, aide: 'Un courriel à minuit, chaque jour où de nouveaux événements ont concerné vos factures, rattachements ou sollicitations.' })}</div>
          <div class="fr-fieldset__element">${caseACocher({ nom: 'recapHebdomadaire', libelle: 'Récapitulatif hebdomadaire', coche: m.notifications.recapHebdomadaire, aide: 'Un courriel chaque lundi à minuit, avec les événements de la semaine passée.' })}</div>
        </fieldset>
        ${bouton('Enregistrer mes notifications', { secondaire: true })}
      </form>
    </section>

    <section id="rattachements" class="fr-mb-6w"><h2>Mes rattachements aux structures</h2>
      ${tableau(
        'Mes rattachements aux structures',
        ['Structure', 'Identifiant', 'Rôle', 'Statut', 'Demandé le', 'Action'],
        m.rattachements.map((r) => [
          r.structure.raisonSociale,
          r.structure.identifiant,
          libelleRole(r.role),
          badge(r.statut),
          dateFr(r.dateCreation),
          r.statut === 'VALIDEE' && r.role !== 'UTILISATEUR_SIMPLE' ? html`<a class="fr-link" href="${p.base}/structures/${r.structure.id}">Gérer la structure<span class="fr-sr-only"> ${r.structure.raisonSociale}</span></a>` : '',
        ]),
        { vide: 'Vous n’êtes rattaché à aucune structure : demandez un rattachement, ou créez la fiche de votre structure si elle n’existe pas encore.', id: 'liste-rattachements' },
      )}
      <ul class="fr-btns-group fr-btns-group--inline-md">
        <li><a class="fr-btn" href="${p.base}/mon-compte/rattachements/demande">Demande de rattachement</a></li>
        <li><a class="fr-btn fr-btn--secondary" href="${p.base}/structures/nouvelle">Créer une structure</a></li>
      </ul>
    </section>

    <section id="abonnements" class="fr-mb-6w"><h2>Mes abonnements aux espaces</h2>
      ${tableau(
        'Mes abonnements aux espaces',
        ['Espace', 'Structure', 'État', 'Depuis le', 'Action'],
        m.abonnements.map((a) => [
          a.libelleEspace,
          a.raisonSociale,
          badge(a.etat),
          dateFr(a.dateCreation),
          html`<form method="post" action="${p.base}/mon-compte/abonnements/${a.idAbonnement}/resilier">${champCsrf(p)}<button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit">${a.etat === 'ACTIVE' ? 'Résilier' : 'Retirer la demande'}<span class="fr-sr-only"> : ${a.libelleEspace}, ${a.raisonSociale}</span></button></form>`,
        ]),
        { vide: 'Aucun abonnement.', id: 'liste-abonnements' },
      )}
      <h3>Ajouter un abonnement</h3>
      ${attachees.length === 0
        ? html`<p>Il faut d’abord être rattaché (rattachement validé) à une structure.</p>`
        : html`${resumeErreurs(erreursAbo)}<form method="post" action="${p.base}/mon-compte/abonnements" novalidate>
            ${champCsrf(p)}
            <div class="fr-grid-row fr-grid-row--gutters">
              <div class="fr-col-12 fr-col-md-6">${selection({ nom: 'structureId', libelle: 'Structure', options: attachees.map((r) => [String(r.structure.id), `${r.structure.raisonSociale} (${r.structure.identifiant})`]), valeurs: abo, erreurs: erreursAbo, requis: true })}</div>
              <div class="fr-col-12 fr-col-md-6">${selection({ nom: 'codeEspace', libelle: 'Espace', options: ESPACES.map((e) => [String(e.codeEspace), e.libelleEspace]), valeurs: abo, erreurs: erreursAbo, requis: true, vide: 'Choisir un espace' })}</div>
            </div>
            <p class="fr-text--sm">« Factures émises » est accordé aussitôt ; les autres espaces attendent la validation d’un gestionnaire de la structure.</p>
            ${bouton('Ajouter un abonnement')}
          </form>`}
    </section>

    <section id="pieces-jointes" class="fr-mb-6w"><h2>Mes pièces jointes</h2>
      <p>Les documents que vous joignez souvent à vos factures (Kbis, RIB, attestations…), déposés une fois dans votre compte.</p>
      <p><a class="fr-btn fr-btn--secondary fr-btn--icon-left fr-icon-attachment-line" href="${p.base}/mon-compte/pieces-jointes">Gérer mes pièces jointes</a></p>
    </section>
    <p><a class="fr-btn fr-btn--secondary" href="${p.base}/mon-compte/completude">Voir la complétude de mon compte</a></p>`;
  return rendre(request, reply, { titre: 'Mon compte', onglet: 'mon-compte', ariane: [['Accueil', '/'], ['Mon compte']], contenu }, etat.erreurs ? 400 : 200);
}

function pageDemande(request: FastifyRequest, reply: FastifyReply, valeurs: Formulaire, erreurs?: Erreurs, resultats?: Html) {
  const p = request.portail;
  return rendre(
    request,
    reply,
    {
      titre: 'Demande de rattachement',
      onglet: 'mon-compte',
      ariane: [['Accueil', '/'], ARIANE_COMPTE, ['Demande de rattachement']],
      contenu: html`<h1>Demande de rattachement à une structure</h1>
        <p>Recherchez la structure de votre entreprise par son <strong>SIRET</strong> (au moins 3 chiffres) ou par sa <strong>raison sociale exacte</strong>, puis demandez votre rattachement : son gestionnaire le validera dans « Activités du gestionnaire ».</p>
        ${resumeErreurs(erreurs)}
        <form method="get" action="${p.base}/mon-compte/rattachements/demande" novalidate class="fr-mb-4w">
          <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-4">${champ({ nom: 'siret', libelle: 'SIRET', valeurs, erreurs, aide: 'Au moins 3 chiffres, début ou partie du SIRET', attributs: html` inputmode="numeric"` })}</div>
            <div class="fr-col-12 fr-col-md-8">${champ({ nom: 'raisonSociale', libelle: 'Raison sociale', valeurs, erreurs, aide: 'Saisie entière et exacte' })}</div>
          </div>
          ${bouton('Rechercher')}
        </form>
        ${resultats ?? ''}
        <p class="fr-mt-4w">Votre structure n’existe pas encore ? <a class="fr-link" href="${p.base}/structures/nouvelle">Créer une structure</a> : vous en deviendrez le gestionnaire principal.</p>`,
    },
    erreurs ? 400 : 200,
  );
}

function pageCompletude(request: FastifyRequest, reply: FastifyReply) {
  const p = request.portail;
  const c = completudeCompte(p.ctx, p.utilisateur!.id);
  const lien: Record<string, [string, string]> = {
    COMPTE_ACTIF: ['/activer/renvoyer', 'Recevoir un nouveau lien d’activation'],
    RATTACHEMENT_VALIDE: ['/mon-compte/rattachements/demande', 'Demander un rattachement'],
    STRUCTURE_ACTIVE: ['/mon-compte#rattachements', 'Voir mes rattachements'],
    ESPACE_FACTURES_EMISES_OUVERT: [c.structure ? `/structures/${c.structure.id}#espaces` : '/gestionnaire', 'Ajouter l’espace sur la structure'],
    ABONNEMENT_FACTURES_EMISES: ['/mon-compte#abonnements', 'Ajouter un abonnement'],
    COORDONNEES_BANCAIRES: [c.structure ? `/structures/${c.structure.id}#coordonnees-bancaires` : '/mon-compte#rattachements', 'Saisir les coordonnées bancaires'],
  };
  return rendre(request, reply, {
    titre: 'Complétude du compte',
    onglet: 'mon-compte',
    ariane: [['Accueil', '/'], ARIANE_COMPTE, ['Complétude du compte']],
    contenu: html`<h1>Complétude du compte</h1>
      ${c.pretPourDeposer
        ? html`<div class="fr-alert fr-alert--success fr-mb-4w" id="completude-resultat"><h2 class="fr-alert__title">Votre compte est prêt pour déposer des factures</h2><p>${c.structure ? html`Structure : ${c.structure.raisonSociale} (${c.structure.identifiant}). ` : ''}Ouvrez l’espace « Factures émises » pour déposer ou saisir une facture.</p></div>`
        : html`<div class="fr-alert fr-alert--warning fr-mb-4w" id="completude-resultat"><h2 class="fr-alert__title">Votre compte n’est pas encore prêt pour déposer des factures</h2><p>Suivez, dans l’ordre, les étapes marquées « À faire ».</p></div>`}
      <ol class="fr-mb-4w" id="verifications">
        ${c.verifications.map(
          (v) => html`<li class="fr-mb-2w"><p class="fr-mb-1v"><strong>${v.libelle}</strong> —
            ${v.fait ? html`<span class="fr-badge fr-badge--sm fr-badge--success">Fait</span>` : html`<span class="fr-badge fr-badge--sm fr-badge--${v.obligatoire ? 'warning' : 'info'}">${v.obligatoire ? 'À faire' : 'Recommandé'}</span>`}</p>
            ${v.fait ? '' : html`<p class="fr-text--sm fr-mb-1v">${v.conseil}</p><a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href="${p.base}${lien[v.code]![0]}">${lien[v.code]![1]}</a>`}
          </li>`,
        )}
      </ol>`,
  });
}

export default async function monComptePages(app: FastifyInstance): Promise<void> {
  app.get('/mon-compte', async (request, reply) => pageMonCompte(request, reply));

  app.post('/mon-compte/informations', async (request, reply) => {
    const f = lireFormulaire(request.body);
    try {
      modifierMonCompte(request.portail.ctx, request.portail.utilisateur!.id, { nom: f.nom ?? '', prenom: f.prenom ?? '', telephone: f.telephone, emailContact: f.emailContact });
    } catch (e) {
      return pageMonCompte(request, reply, { section: 'informations', valeurs: f, erreurs: erreurService(e, 'nom') });
    }
    return rediriger(request, reply, '/mon-compte', { type: 'success', texte: 'Vos informations personnelles sont enregistrées.' });
  });

  app.post('/mon-compte/notifications', async (request, reply) => {
    const f = lireFormulaire(request.body);
    reglerRecaps(request.portail.ctx, request.portail.utilisateur!.id, { recapQuotidien: f.recapQuotidien === 'oui', recapHebdomadaire: f.recapHebdomadaire === 'oui' });
    return rediriger(request, reply, '/mon-compte#notifications', { type: 'success', texte: 'Vos réglages de notification sont enregistrés.' });
  });

  app.post('/mon-compte/abonnements', async (request, reply) => {
    const f = lireFormulaire(request.body);
    const erreurs: Erreurs = {};
    if (!/^\d{1,9}$/.test(f.structureId ?? '')) erreurs.structureId = 'Choisissez une structure';
    if (!/^\d{1,3}$/.test(f.codeEspace ?? '')) erreurs.codeEspace = 'Choisissez un espace';
    if (Object.keys(erreurs).length) return pageMonCompte(request, reply, { section: 'abonnements', valeurs: f, erreurs });
    try {
      const a = demanderAbonnement(request.portail.ctx, request.portail.utilisateur!.id, Number(f.structureId), Number(f.codeEspace));
      return rediriger(request, reply, '/mon-compte#abonnements', {
        type: 'success',
        texte: a.etat === 'ACTIVE' ? `Vous êtes abonné à l’espace « ${a.libelleEspace} ».` : `Votre demande d’abonnement à l’espace « ${a.libelleEspace} » est envoyée au gestionnaire de la structure.`,
      });
    } catch (e) {
      return pageMonCompte(request, reply, { section: 'abonnements', valeurs: f, erreurs: erreurService(e, 'codeEspace') });
    }
  });

  app.post<{ Params: { id: string } }>('/mon-compte/abonnements/:id/resilier', async (request, reply) => {
    const id = idOuInconnu(request.params.id);
    const a = resilierAbonnement(request.portail.ctx, request.portail.utilisateur!.id, id);
    return rediriger(request, reply, '/mon-compte#abonnements', { type: 'success', texte: `Votre abonnement à l’espace « ${a.libelleEspace} » est résilié.` });
  });

  app.get<{ Querystring: { siret?: string; raisonSociale?: string } }>('/mon-compte/rattachements/demande', async (request, reply) => {
    const q = request.query;
    const valeurs: Formulaire = { siret: typeof q.siret === 'string' ? q.siret.slice(0, 100) : '', raisonSociale: typeof q.raisonSociale === 'string' ? q.raisonSociale.slice(0, 200) : '' };
    if (q.siret === undefined && q.raisonSociale === undefined) return pageDemande(request, reply, valeurs);
    const p = request.portail;
    let trouvees;
    try {
      trouvees = rechercherStructuresPourRattachement(p.ctx, valeurs);
    } catch (e) {
      return pageDemande(request, reply, valeurs, erreurService(e, 'siret'));
    }
    const resultats = html`<h2>Résultats de la recherche</h2>
      ${trouvees.length === 0
        ? html`<p id="resultats-recherche">Aucune structure active ne correspond. Vérifiez le SIRET, ou saisissez la raison sociale entière et exacte.</p>`
        : html`<div id="resultats-recherche">${trouvees.map(
            (s) => html`<div class="fr-card fr-mb-3w"><div class="fr-card__body"><div class="fr-card__content">
              <h3 class="fr-card__title">${s.raisonSociale}</h3>
              <p class="fr-card__desc">${s.typeIdentifiant} ${s.identifiant} — ${[s.codePostal, s.ville].filter(Boolean).join(' ')} — structure ${s.typeStructure === 'PUBLIQUE' ? 'publique' : 'privée'}</p>
              <form method="post" action="${p.base}/mon-compte/rattachements/demande">
                ${champCsrf(p)}
                <input type="hidden" name="structureId" value="${s.id}">
                ${s.services.length
                  ? html`<fieldset class="fr-fieldset"><legend class="fr-fieldset__legend fr-text--regular">Services auxquels être habilité (facultatif)</legend>
                      ${s.services.map((x) => html`<div class="fr-fieldset__element">${caseACocher({ nom: 'serviceIds', valeur: String(x.id), libelle: `${x.libelle} (${x.code})`, coche: false })}</div>`)}
                    </fieldset>`
                  : ''}
                <button class="fr-btn" type="submit">Demander le rattachement<span class="fr-sr-only"> à ${s.raisonSociale}</span></button>
              </form>
            </div></div></div>`,
          )}</div>`}`;
    return pageDemande(request, reply, valeurs, undefined, resultats);
  });

  app.post('/mon-compte/rattachements/demande', async (request, reply) => {
    const f = lireFormulaire(request.body);
    const p = request.portail;
    const serviceIds = valeursMultiples(request.body, 'serviceIds').filter((x) => /^\d{1,9}$/.test(x)).map(Number);
    if (!/^\d{1,9}$/.test(f.structureId ?? '')) return pageDemande(request, reply, {}, { _: 'Choisissez une structure dans les résultats de la recherche' });
    try {
      demanderRattachement(p.ctx, { utilisateurId: p.utilisateur!.id, structureId: Number(f.structureId), serviceIds });
    } catch (e) {
      return pageDemande(request, reply, {}, erreurService(e));
    }
    return rediriger(request, reply, '/mon-compte#rattachements', { type: 'success', texte: 'Votre demande de rattachement est envoyée : le gestionnaire de la structure va la traiter.' });
  });

  app.get('/mon-compte/completude', async (request, reply) => pageCompletude(request, reply));

  await app.register(piecesJointes);
}
