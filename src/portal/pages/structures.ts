import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ajouterIban,
  ficheStructureGeree,
  structuresGerees,
  type FicheStructureGeree,
  creerCompteTechnique,
  creerServiceStructure,
  creerStructurePrivee,
  desactiverServiceStructure,
  fermerEspace,
  modifierServiceStructure,
  modifierStructure,
  ouvrirEspace,
  reinitialiserMotDePasseTechnique,
  transfererRolePrincipal,
} from '../../modules/structures/gestion.js';
import { fiche, tableau } from '../composants.js';
import { dateFr } from '../format.js';
import { bouton, caseACocher, champ, erreurService, lireFormulaire, resumeErreurs, selection, zoneTexte, type Erreurs, type Formulaire } from '../formulaires.js';
import { html, type Html } from '../html.js';
import { champCsrf, rediriger, rendre } from '../layout.js';
import { badge, libelleRole } from '../libelles.js';
import { idOuInconnu } from '../parametres.js';

/**
 * The fiche structure (chorus-domain §2): « Créer une structure » (private, SIRET checked with its
 * key, the creator becoming gestionnaire principal), and for its gestionnaires: data, services,
 * coordonnées bancaires, espaces, technical account (GP only) and transfer of the GP role.
 */

type Section = 'informations' | 'services' | 'iban' | 'espaces' | 'technique' | 'transfert';
interface Etat {
  section?: Section;
  valeurs?: Formulaire;
  erreurs?: Erreurs;
  /** Shown once after the technical account's creation or reset. */
  motDePasseTechnique?: { login: string; motDePasse: string; expiration: string };
}

const ARIANE_STRUCTURES: [string, string] = ['Mes structures', '/structures'];
const PAYS: [string, string][] = [['FR', 'France'], ['BE', 'Belgique'], ['DE', 'Allemagne'], ['ES', 'Espagne'], ['IT', 'Italie'], ['LU', 'Luxembourg'], ['CH', 'Suisse'], ['MC', 'Monaco']];

/** The structures the user manages, by raison sociale. */
export function mesStructures(request: FastifyRequest) {
  const p = request.portail;
  return structuresGerees(p.ctx, p.utilisateur!.id).sort((a, b) => a.structure.raisonSociale.localeCompare(b.structure.raisonSociale, 'fr'));
}

/** A numeric id from the URL; anything else is an id no structure has (refused by the service). */
function champsAdresse(valeurs: Formulaire, erreurs: Erreurs | undefined): Html {
  return html`<div class="fr-grid-row fr-grid-row--gutters">
    <div class="fr-col-12">${champ({ nom: 'adresse', libelle: 'Adresse', valeurs, erreurs, requis: true, autocomplete: 'street-address' })}</div>
    <div class="fr-col-12 fr-col-md-4">${champ({ nom: 'codePostal', libelle: 'Code postal', valeurs, erreurs, requis: true, autocomplete: 'postal-code' })}</div>
    <div class="fr-col-12 fr-col-md-4">${champ({ nom: 'ville', libelle: 'Ville', valeurs, erreurs, requis: true, autocomplete: 'address-level2' })}</div>
    <div class="fr-col-12 fr-col-md-4">${selection({ nom: 'codePays', libelle: 'Pays', options: PAYS, valeurs: { codePays: 'FR', ...valeurs }, erreurs })}</div>
    <div class="fr-col-12 fr-col-md-4">${champ({ nom: 'email', libelle: 'Adresse e-mail de la structure', type: 'email', valeurs, erreurs, aide: 'Facultatif' })}</div>
    <div class="fr-col-12 fr-col-md-4">${champ({ nom: 'telephone', libelle: 'Téléphone', type: 'tel', valeurs, erreurs, aide: 'Facultatif' })}</div>
    <div class="fr-col-12 fr-col-md-4">${champ({ nom: 'numeroTva', libelle: 'Numéro de TVA intracommunautaire', valeurs, erreurs, aide: 'Facultatif. Exemple : FR40732829320' })}</div>
  </div>`;
}

function pageNouvelle(request: FastifyRequest, reply: FastifyReply, valeurs: Formulaire = {}, erreurs?: Erreurs) {
  const p = request.portail;
  return rendre(
    request,
    reply,
    {
      titre: 'Créer une structure',
      onglet: 'mon-compte',
      ariane: [['Accueil', '/'], ['Mon compte', '/mon-compte'], ['Créer une structure']],
      contenu: html`<h1>Créer une structure</h1>
        <p>Une fiche structure représente une entité juridique, identifiée par son SIRET. Vérifiez d’abord qu’elle n’existe pas (<a href="${p.base}/mon-compte/rattachements/demande">Demande de rattachement</a>) : si elle existe, demandez votre rattachement à son gestionnaire. En la créant, vous en devenez le <strong>gestionnaire principal</strong>.</p>
        ${resumeErreurs(erreurs)}
        <form method="post" action="${p.base}/structures/nouvelle" novalidate>
          ${champCsrf(p)}
          <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Identification</legend>
            <div class="fr-fieldset__element">${champ({ nom: 'identifiant', libelle: 'SIRET', valeurs, erreurs, requis: true, aide: '14 chiffres, sans espace ; la clé de contrôle est vérifiée', attributs: html` inputmode="numeric"` })}</div>
            <div class="fr-fieldset__element">${champ({ nom: 'raisonSociale', libelle: 'Raison sociale', valeurs, erreurs, requis: true, autocomplete: 'organization' })}</div>
          </fieldset>
          <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Adresse du siège</legend>
            <div class="fr-fieldset__element">${champsAdresse(valeurs, erreurs)}</div>
          </fieldset>
          ${bouton('Créer la structure')}
        </form>`,
    },
    erreurs ? 400 : 200,
  );
}

function pageFiche(request: FastifyRequest, reply: FastifyReply, structureId: number, etat: Etat = {}) {
  const p = request.portail;
  const f: FicheStructureGeree = ficheStructureGeree(p.ctx, p.utilisateur!.id, structureId);
  const s = f.structure;
  const gp = f.role === 'GESTIONNAIRE_PRINCIPAL';
  const de = (x: Section) => (etat.section === x ? etat : {});
  const base = `${p.base}/structures/${s.id}`;
  const infos = de('informations').valeurs ?? {
    raisonSociale: s.raisonSociale,
    adresse: s.adresse ?? '',
    codePostal: s.codePostal ?? '',
    ville: s.ville ?? '',
    codePays: s.codePays,
    email: s.email ?? '',
    telephone: s.telephone ?? '',
    numeroTva: s.numeroTva ?? '',
  };
  const serv = de('services');
  const iban = de('iban');
  const tr = de('transfert');
  const candidats = f.utilisateurs.filter((u) => u.type === 'PERSONNE' && u.statut === 'VALIDEE' && u.utilisateurId !== p.utilisateur!.id && u.statutCompte === 'ACTIF');
  const contenu = html`<h1>${s.raisonSociale}</h1>
    <p class="fr-text--lead">${s.typeIdentifiant} ${s.identifiant} — structure ${s.typeStructure === 'PUBLIQUE' ? 'publique' : 'privée'} ${badge(s.statut)} — votre rôle : ${libelleRole(f.role)}</p>
    ${etat.motDePasseTechnique
      ? html`<div class="fr-alert fr-alert--warning fr-mb-4w" id="mot-de-passe-technique" role="status"><h2 class="fr-alert__title">Mot de passe du compte technique</h2>
          <p>Identifiant : <strong>${etat.motDePasseTechnique.login}</strong><br>Mot de passe : <code>${etat.motDePasseTechnique.motDePasse}</code><br>Valable jusqu’au ${dateFr(etat.motDePasseTechnique.expiration)}.</p>
          <p>Notez-le maintenant : il ne sera plus affiché. S’il est perdu, réinitialisez-le.</p></div>`
      : ''}
    <nav class="fr-summary fr-mb-4w" role="navigation" aria-labelledby="sommaire-structure"><p class="fr-summary__title" id="sommaire-structure">Sommaire</p><ol class="fr-summary__list">
      <li><a class="fr-summary__link" href="#informations">Informations générales</a></li>
      <li><a class="fr-summary__link" href="#services">Services</a></li>
      <li><a class="fr-summary__link" href="#coordonnees-bancaires">Coordonnées bancaires</a></li>
      <li><a class="fr-summary__link" href="#espaces">Espaces de la structure</a></li>
      <li><a class="fr-summary__link" href="#compte-technique">Compte technique (API)</a></li>
      <li><a class="fr-summary__link" href="#gestionnaire-principal">Gestionnaire principal</a></li>
    </ol></nav>

    <section id="informations" class="fr-mb-6w"><h2>Informations générales</h2>
      ${resumeErreurs(de('informations').erreurs)}
      <form method="post" action="${base}/modifier" novalidate>
        ${champCsrf(p)}
        ${champ({ nom: 'raisonSociale', libelle: 'Raison sociale', valeurs: infos, erreurs: de('informations').erreurs, requis: true })}
        ${champsAdresse(infos, de('informations').erreurs)}
        ${bouton('Enregistrer les informations')}
      </form>
    </section>

    <section id="services" class="fr-mb-6w"><h2>Services</h2>
      <p>Les services facilitent le routage des factures dans la structure (facultatif).</p>
      ${tableau(
        'Services de la structure',
        ['Code', 'Libellé', 'Engagement obligatoire', 'État', 'Actions'],
        f.services.map((x) => [
          x.code,
          x.libelle,
          x.numeroEngagementObligatoire ? 'Oui' : 'Non',
          badge(x.estActif ? 'ACTIF' : 'INACTIF'),
          html`<a class="fr-link fr-mr-2w" href="${base}/services/${x.id}">Modifier<span class="fr-sr-only"> le service ${x.code}</span></a>
            ${x.estActif ? html`<form method="post" action="${base}/services/${x.id}/desactiver" class="fr-mt-1v">${champCsrf(p)}<button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit">Désactiver<span class="fr-sr-only"> le service ${x.code}</span></button></form>` : ''}`,
        ]),
        { vide: 'Aucun service.', id: 'liste-services' },
      )}
      <h3>Créer un service</h3>
      ${resumeErreurs(serv.erreurs)}
      <form method="post" action="${base}/services" novalidate>
        ${champCsrf(p)}
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-md-4">${champ({ nom: 'code', libelle: 'Code du service', valeurs: serv.valeurs ?? {}, erreurs: serv.erreurs, requis: true, aide: 'Lettres, chiffres, tirets, sans espace' })}</div>
          <div class="fr-col-12 fr-col-md-8">${champ({ nom: 'libelle', libelle: 'Libellé du service', valeurs: serv.valeurs ?? {}, erreurs: serv.erreurs, requis: true })}</div>
        </div>
        ${caseACocher({ nom: 'numeroEngagementObligatoire', libelle: 'Numéro d’engagement obligatoire pour ce service', coche: serv.valeurs?.numeroEngagementObligatoire === 'oui' })}
        <div class="fr-mt-2w">${bouton('Créer le service', { secondaire: true })}</div>
      </form>
    </section>

    <section id="coordonnees-bancaires" class="fr-mb-6w"><h2>Coordonnées bancaires</h2>
      ${tableau(
        'Coordonnées bancaires de la structure',
        ['Nom', 'IBAN', 'BIC', 'Titulaire', 'Affactureur'],
        f.coordonneesBancaires.map((c) => [c.nom, c.iban.replace(/(.{4})/g, '$1 ').trim(), c.bic ?? '', c.titulaire ?? '', c.affactureur ? 'Oui' : 'Non']),
        { vide: 'Aucune coordonnée bancaire : l’acheteur ne saura pas où payer par virement.', id: 'liste-iban' },
      )}
      <h3>Ajouter des coordonnées bancaires</h3>
      ${resumeErreurs(iban.erreurs)}
      <form method="post" action="${base}/iban" novalidate>
        ${champCsrf(p)}
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-md-8">${champ({ nom: 'iban', libelle: 'IBAN', valeurs: iban.valeurs ?? {}, erreurs: iban.erreurs, requis: true, aide: 'Exemple : FR76 3000 6000 0112 3456 7890 189 (clés vérifiées)' })}</div>
          <div class="fr-col-12 fr-col-md-4">${champ({ nom: 'bic', libelle: 'BIC', valeurs: iban.valeurs ?? {}, erreurs: iban.erreurs, aide: 'Facultatif, 8 ou 11 caractères' })}</div>
          <div class="fr-col-12 fr-col-md-6">${champ({ nom: 'nom', libelle: 'Nom du compte', valeurs: iban.valeurs ?? {}, erreurs: iban.erreurs, aide: 'Facultatif (« Compte principal » par défaut)' })}</div>
          <div class="fr-col-12 fr-col-md-6">${champ({ nom: 'titulaire', libelle: 'Titulaire du compte', valeurs: iban.valeurs ?? {}, erreurs: iban.erreurs, aide: 'Facultatif' })}</div>
        </div>
        ${caseACocher({ nom: 'affactureur', libelle: 'Coordonnées d’un affactureur', coche: iban.valeurs?.affactureur === 'oui' })}
        <div class="fr-mt-2w">${bouton('Ajouter l’IBAN', { secondaire: true })}</div>
      </form>
    </section>

    <section id="espaces" class="fr-mb-6w"><h2>Liste des espaces de la structure</h2>
      <p>Un espace ouvert sur la structure peut ensuite être demandé par ses utilisateurs (« Mon compte » → « Mes abonnements aux espaces »).</p>
      ${resumeErreurs(de('espaces').erreurs)}
      ${tableau(
        'Espaces de la structure',
        ['Espace', 'État', 'Action'],
        f.espaces.map((e) => [
          e.libelleEspace,
          badge(e.ouvert ? 'OUVERT' : 'FERME'),
          e.codeEspace === 8 && e.ouvert
            ? ''
            : html`<form method="post" action="${base}/espaces/${e.codeEspace}/${e.ouvert ? 'retirer' : 'ajouter'}">${champCsrf(p)}<button class="fr-btn fr-btn--sm ${e.ouvert ? 'fr-btn--tertiary' : 'fr-btn--secondary'}" type="submit">${e.ouvert ? 'Retirer' : 'Ajouter'}<span class="fr-sr-only"> l’espace ${e.libelleEspace}</span></button></form>`,
        ]),
        { id: 'liste-espaces' },
      )}
    </section>

    <section id="compte-technique" class="fr-mb-6w"><h2>Compte technique (API)</h2>
      ${resumeErreurs(de('technique').erreurs)}
      ${f.compteTechnique
        ? fiche([
            ['Identifiant', f.compteTechnique.login],
            ['Expiration du mot de passe', dateFr(f.compteTechnique.dateExpirationMotDePasse)],
          ])
        : html`<p>La structure n’a pas de compte technique : il sert aux échanges par API (mode de raccordement API).</p>`}
      ${gp
        ? html`<form method="post" action="${base}/compte-technique/${f.compteTechnique ? 'reinitialiser' : 'creer'}">${champCsrf(p)}${bouton(f.compteTechnique ? 'Réinitialiser le mot de passe' : 'Créer le compte technique', { secondaire: true })}</form>`
        : html`<p class="fr-text--sm">Seul le gestionnaire principal crée le compte technique ou réinitialise son mot de passe.</p>`}
    </section>

    <section id="gestionnaire-principal" class="fr-mb-6w"><h2>Gestionnaire principal</h2>
      ${gp
        ? candidats.length
          ? html`<p>Vous pouvez transférer le rôle de gestionnaire principal à un utilisateur rattaché ; vous deviendrez gestionnaire secondaire.</p>
            ${resumeErreurs(tr.erreurs)}
            <form method="post" action="${base}/transferer" novalidate>
              ${champCsrf(p)}
              ${selection({ nom: 'nouvelUtilisateurId', libelle: 'Nouveau gestionnaire principal', options: candidats.map((u) => [String(u.utilisateurId), `${[u.prenom, u.nom].filter(Boolean).join(' ')} (${u.login})`]), valeurs: tr.valeurs ?? {}, erreurs: tr.erreurs, requis: true, vide: 'Choisir un utilisateur' })}
              ${bouton('Transférer le rôle', { secondaire: true })}
            </form>`
          : html`<p>Aucun autre utilisateur rattaché ne peut recevoir le rôle de gestionnaire principal.</p>`
        : html`<p>Seul le gestionnaire principal peut transférer son rôle.</p>`}
      <p><a class="fr-link" href="${p.base}/gestionnaire?structure=${s.id}">Utilisateurs et demandes de la structure (Activités du gestionnaire)</a></p>
    </section>`;
  return rendre(
    request,
    reply,
    { titre: s.raisonSociale, onglet: 8, ariane: [['Accueil', '/'], ARIANE_STRUCTURES, [s.raisonSociale]], contenu },
    etat.erreurs ? 400 : 200,
  );
}

function pageService(request: FastifyRequest, reply: FastifyReply, structureId: number, serviceId: number, valeurs?: Formulaire, erreurs?: Erreurs) {
  const p = request.portail;
  const f = ficheStructureGeree(p.ctx, p.utilisateur!.id, structureId);
  const x = f.services.find((s) => s.id === serviceId);
  if (!x) return rediriger(request, reply, `/structures/${structureId}#services`, { type: 'error', texte: `Le service ${serviceId} n’existe pas pour cette structure.` });
  const v = valeurs ?? { libelle: x.libelle, description: x.description ?? '', numeroEngagementObligatoire: x.numeroEngagementObligatoire ? 'oui' : '', miseEnPaiement: x.miseEnPaiement ? 'oui' : '', estActif: x.estActif ? 'oui' : '' };
  return rendre(
    request,
    reply,
    {
      titre: `Service ${x.code}`,
      onglet: 8,
      ariane: [['Accueil', '/'], ARIANE_STRUCTURES, [f.structure.raisonSociale, `/structures/${structureId}`], [`Service ${x.code}`]],
      contenu: html`<h1>Modifier le service ${x.code}</h1>
        ${resumeErreurs(erreurs)}
        <form method="post" action="${p.base}/structures/${structureId}/services/${x.id}" novalidate>
          ${champCsrf(p)}
          ${champ({ nom: 'libelle', libelle: 'Libellé du service', valeurs: v, erreurs, requis: true })}
          ${zoneTexte({ nom: 'description', libelle: 'Description', valeurs: v, erreurs })}
          <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Paramètres du service</legend>
            <div class="fr-fieldset__element">${caseACocher({ nom: 'numeroEngagementObligatoire', libelle: 'Numéro d’engagement obligatoire', coche: v.numeroEngagementObligatoire === 'oui' })}</div>
            <div class="fr-fieldset__element">${caseACocher({ nom: 'miseEnPaiement', libelle: 'Le service remonte le statut « Mise en paiement »', coche: v.miseEnPaiement === 'oui' })}</div>
            <div class="fr-fieldset__element">${caseACocher({ nom: 'estActif', libelle: 'Service actif', coche: v.estActif === 'oui' })}</div>
          </fieldset>
          ${bouton('Enregistrer le service')}
        </form>`,
    },
    erreurs ? 400 : 200,
  );
}

export default async function structures(app: FastifyInstance): Promise<void> {
  app.get('/structures', async (request, reply) => {
    const p = request.portail;
    const gerees = mesStructures(request);
    return rendre(request, reply, {
      titre: 'Mes structures',
      onglet: 8,
      ariane: [['Accueil', '/'], ['Mes structures']],
      contenu: html`<h1>Mes structures</h1>
        ${tableau(
          'Structures dont vous êtes gestionnaire',
          ['Raison sociale', 'Identifiant', 'Statut', 'Votre rôle'],
          gerees.map(({ structure: s, role }) => [html`<a href="${p.base}/structures/${s.id}">${s.raisonSociale}</a>`, `${s.typeIdentifiant} ${s.identifiant}`, badge(s.statut), libelleRole(role)]),
          { vide: 'Vous n’êtes gestionnaire d’aucune structure.' },
        )}
        <p><a class="fr-btn" href="${p.base}/structures/nouvelle">Créer une structure</a></p>`,
    });
  });

  app.get('/structures/nouvelle', async (request, reply) => pageNouvelle(request, reply));

  app.post('/structures/nouvelle', async (request, reply) => {
    const f = lireFormulaire(request.body);
    const p = request.portail;
    try {
      const { structure } = creerStructurePrivee(p.ctx, p.utilisateur!.id, {
        identifiant: f.identifiant ?? '',
        raisonSociale: f.raisonSociale ?? '',
        adresse: f.adresse ?? '',
        codePostal: f.codePostal ?? '',
        ville: f.ville ?? '',
        codePays: f.codePays,
        email: f.email,
        telephone: f.telephone,
        numeroTva: f.numeroTva,
      });
      return rediriger(request, reply, `/structures/${structure.id}`, { type: 'success', texte: `La structure ${structure.raisonSociale} est créée : vous en êtes le gestionnaire principal.` });
    } catch (e) {
      return pageNouvelle(request, reply, f, erreurService(e, 'identifiant'));
    }
  });

  app.get<{ Params: { id: string } }>('/structures/:id', async (request, reply) => pageFiche(request, reply, idOuInconnu(request.params.id)));

  app.post<{ Params: { id: string } }>('/structures/:id/modifier', async (request, reply) => {
    const f = lireFormulaire(request.body);
    const p = request.portail;
    const id = idOuInconnu(request.params.id);
    try {
      modifierStructure(p.ctx, p.utilisateur!.id, id, {
        raisonSociale: f.raisonSociale ?? '',
        adresse: f.adresse ?? '',
        codePostal: f.codePostal ?? '',
        ville: f.ville ?? '',
        codePays: f.codePays ?? 'FR',
        email: f.email ?? '',
        telephone: f.telephone ?? '',
        numeroTva: f.numeroTva ?? '',
      });
    } catch (e) {
      return pageFiche(request, reply, id, { section: 'informations', valeurs: f, erreurs: erreurService(e, 'raisonSociale') });
    }
    return rediriger(request, reply, `/structures/${id}#informations`, { type: 'success', texte: 'Les informations de la structure sont enregistrées.' });
  });

  app.post<{ Params: { id: string } }>('/structures/:id/services', async (request, reply) => {
    const f = lireFormulaire(request.body);
    const p = request.portail;
    const id = idOuInconnu(request.params.id);
    try {
      const s = creerServiceStructure(p.ctx, p.utilisateur!.id, id, { code: f.code ?? '', libelle: f.libelle ?? '', numeroEngagementObligatoire: f.numeroEngagementObligatoire === 'oui' });
      return rediriger(request, reply, `/structures/${id}#services`, { type: 'success', texte: `Le service ${s.code} est créé.` });
    } catch (e) {
      return pageFiche(request, reply, id, { section: 'services', valeurs: f, erreurs: erreurService(e, 'code') });
    }
  });

  app.get<{ Params: { id: string; sid: string } }>('/structures/:id/services/:sid', async (request, reply) =>
    pageService(request, reply, idOuInconnu(request.params.id), idOuInconnu(request.params.sid)),
  );

  app.post<{ Params: { id: string; sid: string } }>('/structures/:id/services/:sid', async (request, reply) => {
    const f = lireFormulaire(request.body);
    const p = request.portail;
    const id = idOuInconnu(request.params.id);
    const sid = idOuInconnu(request.params.sid);
    try {
      const s = modifierServiceStructure(p.ctx, p.utilisateur!.id, id, sid, {
        libelle: f.libelle ?? '',
        description: f.description ?? '',
        numeroEngagementObligatoire: f.numeroEngagementObligatoire === 'oui',
        miseEnPaiement: f.miseEnPaiement === 'oui',
        estActif: f.estActif === 'oui',
      });
      return rediriger(request, reply, `/structures/${id}#services`, { type: 'success', texte: `Le service ${s.code} est modifié.` });
    } catch (e) {
      return pageService(request, reply, id, sid, f, erreurService(e, 'libelle'));
    }
  });

  app.post<{ Params: { id: string; sid: string } }>('/structures/:id/services/:sid/desactiver', async (request, reply) => {
    const p = request.portail;
    const id = idOuInconnu(request.params.id);
    const s = desactiverServiceStructure(p.ctx, p.utilisateur!.id, id, idOuInconnu(request.params.sid));
    return rediriger(request, reply, `/structures/${id}#services`, { type: 'success', texte: `Le service ${s.code} est désactivé.` });
  });

  app.post<{ Params: { id: string } }>('/structures/:id/iban', async (request, reply) => {
    const f = lireFormulaire(request.body);
    const p = request.portail;
    const id = idOuInconnu(request.params.id);
    try {
      ajouterIban(p.ctx, p.utilisateur!.id, id, { iban: f.iban ?? '', bic: f.bic, nom: f.nom, titulaire: f.titulaire, affactureur: f.affactureur === 'oui' });
    } catch (e) {
      return pageFiche(request, reply, id, { section: 'iban', valeurs: f, erreurs: erreurService(e, 'iban') });
    }
    return rediriger(request, reply, `/structures/${id}#coordonnees-bancaires`, { type: 'success', texte: 'Les coordonnées bancaires sont enregistrées.' });
  });

  app.post<{ Params: { id: string; code: string; action: string } }>('/structures/:id/espaces/:code/:action', async (request, reply) => {
    const p = request.portail;
    const id = idOuInconnu(request.params.id);
    const code = idOuInconnu(request.params.code);
    const ajouter = request.params.action === 'ajouter';
    if (!ajouter && request.params.action !== 'retirer') return pageFiche(request, reply, id, { section: 'espaces', erreurs: { _: 'Action inconnue sur l’espace' } });
    try {
      const espaces = ajouter ? ouvrirEspace(p.ctx, p.utilisateur!.id, id, code) : fermerEspace(p.ctx, p.utilisateur!.id, id, code);
      const libelle = espaces.find((e) => e.codeEspace === code)?.libelleEspace ?? String(code);
      return rediriger(request, reply, `/structures/${id}#espaces`, {
        type: 'success',
        texte: ajouter ? `L’espace « ${libelle} » est ajouté à la structure : ses utilisateurs peuvent s’y abonner.` : `L’espace « ${libelle} » est retiré de la structure.`,
      });
    } catch (e) {
      return pageFiche(request, reply, id, { section: 'espaces', erreurs: erreurService(e) });
    }
  });

  app.post<{ Params: { id: string; action: string } }>('/structures/:id/compte-technique/:action', async (request, reply) => {
    const p = request.portail;
    const id = idOuInconnu(request.params.id);
    const creer = request.params.action === 'creer';
    if (!creer && request.params.action !== 'reinitialiser') return pageFiche(request, reply, id, { section: 'technique', erreurs: { _: 'Action inconnue sur le compte technique' } });
    let r;
    try {
      r = creer ? creerCompteTechnique(p.ctx, p.utilisateur!.id, id) : reinitialiserMotDePasseTechnique(p.ctx, p.utilisateur!.id, id);
    } catch (e) {
      return pageFiche(request, reply, id, { section: 'technique', erreurs: erreurService(e) });
    }
    // Shown once, on this answer only (no redirect: the password never goes into the session cookie).
    reply.header('cache-control', 'no-store');
    return pageFiche(request, reply, id, { motDePasseTechnique: { login: r.utilisateur.login, motDePasse: r.motDePasse, expiration: r.dateExpirationMotDePasse } });
  });

  app.post<{ Params: { id: string } }>('/structures/:id/transferer', async (request, reply) => {
    const f = lireFormulaire(request.body);
    const p = request.portail;
    const id = idOuInconnu(request.params.id);
    if (!/^\d{1,9}$/.test(f.nouvelUtilisateurId ?? '')) return pageFiche(request, reply, id, { section: 'transfert', valeurs: f, erreurs: { nouvelUtilisateurId: 'Choisissez le nouveau gestionnaire principal' } });
    try {
      transfererRolePrincipal(p.ctx, p.utilisateur!.id, id, Number(f.nouvelUtilisateurId));
    } catch (e) {
      return pageFiche(request, reply, id, { section: 'transfert', valeurs: f, erreurs: erreurService(e, 'nouvelUtilisateurId') });
    }
    return rediriger(request, reply, `/structures/${id}`, { type: 'success', texte: 'Le rôle de gestionnaire principal est transféré : vous êtes désormais gestionnaire secondaire.' });
  });
}
