import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { demandesEnAttente, detacher, exporterUtilisateurs, rattacherParGestionnaire, ROLES_RATTACHEMENT, STATUTS_RATTACHEMENT, traiterDemandesEnMasse, utilisateursGeres, type CriteresUtilisateurs } from '../../modules/structures/gestion.js';
import { pagination, tableau } from '../composants.js';
import { dateHeureFr } from '../format.js';
import { bouton, champ, erreurService, lireFormulaire, resumeErreurs, selection, valeursMultiples, zoneTexte, type Erreurs, type Formulaire } from '../formulaires.js';
import { html } from '../html.js';
import { champCsrf, rediriger, rendre } from '../layout.js';
import { badge, libelleRole, ROLES } from '../libelles.js';
import { mesStructures } from './structures.js';
import { idOuInconnu, numeroDePage } from '../parametres.js';

/**
 * Espace « Activités du gestionnaire » (chorus-domain §3.1, §3.3): the pending rattachement and
 * abonnement requests of the structures one manages (validated or refused in bulk, with a
 * comment), attaching a user on one's own initiative, detaching, exporting the users.
 */

interface Etat {
  section?: 'demandes' | 'rattacher';
  /** The users list's search (query string): words of the name or e-mail, role, rattachement status, page. */
  criteres?: CriteresUtilisateurs;
  valeurs?: Formulaire;
  erreurs?: Erreurs;
}

const LIBELLES_STATUT: Record<string, string> = {
  VALIDEE: 'Validé',
  EN_COURS_DE_VALIDATION: 'En attente de validation',
  REFUSEE: 'Refusé',
  DESACTIVEE: 'Désactivé',
  SUPPRIMEE: 'Supprimé',
};

/** A page of the users list, its search criteria kept in the link. */
function lienUtilisateurs(base: string, structureId: number, c: CriteresUtilisateurs, page: number): string {
  const q = new URLSearchParams({ structure: String(structureId) });
  if (c.texte) q.set('recherche', c.texte);
  if (c.role) q.set('filtreRole', c.role);
  if (c.statut) q.set('filtreStatut', c.statut);
  q.set('page', String(page));
  return `${base}/gestionnaire?${q.toString()}#utilisateurs`;
}

const texteDe = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 100) : undefined);

function pageGestionnaire(request: FastifyRequest, reply: FastifyReply, structureDemandee: string | undefined, etat: Etat = {}) {
  const p = request.portail;
  const moi = p.utilisateur!.id;
  const gerees = mesStructures(request).map(({ structure: s, role }) => ({ id: s.id, identifiant: s.identifiant, typeIdentifiant: s.typeIdentifiant, raisonSociale: s.raisonSociale, role }));
  if (gerees.length === 0) {
    return rendre(
      request,
      reply,
      {
        titre: 'Activités du gestionnaire',
        onglet: 8,
        ariane: [['Accueil', '/'], ['Activités du gestionnaire']],
        contenu: html`<h1>Activités du gestionnaire</h1><div class="fr-alert fr-alert--info"><p>Cet espace est réservé aux gestionnaires d’une structure. Demandez votre rattachement à une structure, ou créez-en une : vous en deviendrez gestionnaire principal.</p></div>`,
      },
      403,
    );
  }
  // The structure whose users are shown: the one asked for (if he manages it), else the first one.
  const choisie = gerees.find((s) => String(s.id) === structureDemandee) ?? gerees[0]!;
  const criteres = etat.criteres ?? {};
  const fiche = utilisateursGeres(p.ctx, moi, choisie.id, criteres);
  const demandes = demandesEnAttente(p.ctx, moi);
  const d = etat.section === 'demandes' ? etat : {};
  const r = etat.section === 'rattacher' ? etat : {};
  const roles: [string, string][] = [['UTILISATEUR_SIMPLE', 'Utilisateur']];
  if (fiche.role === 'GESTIONNAIRE_PRINCIPAL') roles.push(['GESTIONNAIRE_SECONDAIRE', 'Gestionnaire secondaire']);
  const contenu = html`<h1>Activités du gestionnaire</h1>
    <section id="mes-structures" class="fr-mb-6w"><h2>Mes structures</h2>
      ${tableau(
        'Structures dont vous êtes gestionnaire',
        ['Raison sociale', 'Identifiant', 'Votre rôle', 'Actions'],
        gerees.map((s) => [
          s.raisonSociale,
          `${s.typeIdentifiant} ${s.identifiant}`,
          libelleRole(s.role),
          html`<a class="fr-link fr-mr-2w" href="${p.base}/structures/${s.id}">Fiche structure<span class="fr-sr-only"> ${s.raisonSociale}</span></a> <a class="fr-link" href="${p.base}/gestionnaire?structure=${s.id}#utilisateurs">Utilisateurs<span class="fr-sr-only"> de ${s.raisonSociale}</span></a>`,
        ]),
      )}
      <p><a class="fr-btn fr-btn--secondary" href="${p.base}/structures/nouvelle">Créer une structure</a></p>
    </section>

    <section id="demandes" class="fr-mb-6w"><h2>Demandes en attente</h2>
      <p>Les demandes de rattachement à une structure et d’abonnement à un espace de vos structures. Cochez-les puis validez ou refusez ; l’utilisateur est prévenu par courriel.</p>
      ${resumeErreurs(d.erreurs)}
      ${demandes.length === 0
        ? html`<p id="aucune-demande">Aucune demande en attente.</p>`
        : html`<form method="post" action="${p.base}/gestionnaire/demandes" novalidate>
            ${champCsrf(p)}
            <div class="fr-table"><div class="fr-table__wrapper"><div class="fr-table__container" tabindex="0"><div class="fr-table__content"><table id="liste-demandes">
              <caption>Demandes en attente de validation</caption>
              <thead><tr><th scope="col">Sélection</th><th scope="col">Demande</th><th scope="col">Utilisateur</th><th scope="col">Structure</th><th scope="col">Objet</th><th scope="col">Date</th></tr></thead>
              <tbody>${demandes.map(
                (x) => html`<tr>
                  <td><input type="checkbox" class="case-demande" id="demande-${x.cle}" name="demandes" value="${x.cle}" aria-label="Sélectionner la demande de ${x.utilisateur.login}"${valeursMultiples(request.body, 'demandes').includes(x.cle) ? html` checked` : ''}></td>
                  <td>${x.type === 'RATTACHEMENT' ? 'Rattachement à la structure' : 'Abonnement à un espace'}</td>
                  <td>${[x.utilisateur.prenom, x.utilisateur.nom].filter(Boolean).join(' ')}<br><span class="fr-text--sm">${x.utilisateur.login}</span></td>
                  <td>${x.structure.raisonSociale}<br><span class="fr-text--sm">${x.structure.identifiant}</span></td>
                  <td>${x.espace ? x.espace.libelleEspace : x.services.length ? html`Services : ${x.services.map((s) => `${s.libelle} (${s.code})`).join(', ')}` : 'Structure'}${x.commentaire ? html`<br><span class="fr-text--sm">${x.commentaire}</span>` : ''}</td>
                  <td>${dateHeureFr(x.date)}</td>
                </tr>`,
              )}</tbody>
            </table></div></div></div></div>
            ${zoneTexte({ nom: 'commentaire', libelle: 'Commentaire (joint au courriel envoyé à l’utilisateur)', valeurs: d.valeurs ?? {}, erreurs: d.erreurs })}
            <ul class="fr-btns-group fr-btns-group--inline-md">
              <li>${bouton('Valider la sélection', { nom: 'decision', valeur: 'VALIDER' })}</li>
              <li>${bouton('Refuser la sélection', { nom: 'decision', valeur: 'REFUSER', secondaire: true })}</li>
            </ul>
          </form>`}
    </section>

    <section id="utilisateurs" class="fr-mb-6w"><h2>Utilisateurs de ${fiche.structure.raisonSociale}</h2>
      ${gerees.length > 1
        ? html`<form method="get" action="${p.base}/gestionnaire#utilisateurs" class="fr-mb-3w">
            ${selection({ nom: 'structure', libelle: 'Structure', options: gerees.map((s) => [String(s.id), `${s.raisonSociale} (${s.identifiant})`]), valeurs: { structure: String(fiche.structure.id) } })}
            ${bouton('Afficher', { secondaire: true })}
          </form>`
        : ''}
      <form method="get" action="${p.base}/gestionnaire#utilisateurs" class="fr-mb-3w" id="recherche-utilisateurs">
        <input type="hidden" name="structure" value="${String(fiche.structure.id)}">
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-md-4">${champ({ nom: 'recherche', libelle: 'Nom ou adresse e-mail', valeurs: { recherche: criteres.texte ?? '' } })}</div>
          <div class="fr-col-12 fr-col-md-4">${selection({ nom: 'filtreRole', libelle: 'Filtrer par rôle', vide: 'Tous les rôles', options: ROLES_RATTACHEMENT.map((r): [string, string] => [r, ROLES[r] ?? r]), valeurs: { filtreRole: criteres.role ?? '' } })}</div>
          <div class="fr-col-12 fr-col-md-4">${selection({ nom: 'filtreStatut', libelle: 'Filtrer par rattachement', vide: 'Tous les rattachements', options: STATUTS_RATTACHEMENT.map((x): [string, string] => [x, LIBELLES_STATUT[x] ?? x]), valeurs: { filtreStatut: criteres.statut ?? '' } })}</div>
        </div>
        ${bouton('Rechercher les utilisateurs', { secondaire: true, icone: 'fr-icon-search-line' })}
      </form>
      <p id="nombre-utilisateurs">${fiche.total === 0 ? 'Aucun utilisateur ne correspond.' : `${fiche.total} utilisateur${fiche.total > 1 ? 's' : ''}${fiche.pages > 1 ? ` — page ${fiche.page} sur ${fiche.pages}` : ''}`}</p>
      ${tableau(
        `Utilisateurs de la structure ${fiche.structure.raisonSociale}`,
        ['Utilisateur', 'Identifiant de connexion', 'Rôle', 'Rattachement', 'Compte', 'Action'],
        fiche.utilisateurs.map((u) => [
          [u.prenom, u.nom].filter(Boolean).join(' '),
          u.login,
          libelleRole(u.role),
          badge(u.statut),
          badge(u.statutCompte),
          u.role !== 'GESTIONNAIRE_PRINCIPAL' && (u.statut === 'VALIDEE' || u.statut === 'EN_COURS_DE_VALIDATION')
            ? html`<form method="post" action="${p.base}/gestionnaire/structures/${fiche.structure.id}/detacher/${u.utilisateurId}">${champCsrf(p)}<button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit">Détacher<span class="fr-sr-only"> ${u.login}</span></button></form>`
            : '',
        ]),
        { id: 'liste-utilisateurs', vide: 'Aucun utilisateur.' },
      )}
      ${pagination(fiche.page, fiche.pages, (n) => lienUtilisateurs(p.base, fiche.structure.id, criteres, n))}
      <p><a class="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left" href="${p.base}/gestionnaire/structures/${fiche.structure.id}/utilisateurs.csv" download>Exporter les utilisateurs</a></p>

      <h3>Rattacher un utilisateur</h3>
      <p>Rattachement à l’initiative du gestionnaire : il est validé aussitôt. Si l’adresse n’a pas encore de compte, il est créé et un courriel d’activation est envoyé (renseignez alors le nom et le prénom).</p>
      ${resumeErreurs(r.erreurs)}
      <form method="post" action="${p.base}/gestionnaire/structures/${fiche.structure.id}/rattacher" novalidate>
        ${champCsrf(p)}
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-md-6">${champ({ nom: 'email', libelle: 'Adresse e-mail de connexion de l’utilisateur', type: 'email', valeurs: r.valeurs ?? {}, erreurs: r.erreurs, requis: true })}</div>
          <div class="fr-col-12 fr-col-md-6">${selection({ nom: 'role', libelle: 'Rôle', options: roles, valeurs: r.valeurs ?? {}, erreurs: r.erreurs, requis: true })}</div>
          <div class="fr-col-12 fr-col-md-6">${champ({ nom: 'nom', libelle: 'Nom (nouveau compte)', valeurs: r.valeurs ?? {}, erreurs: r.erreurs })}</div>
          <div class="fr-col-12 fr-col-md-6">${champ({ nom: 'prenom', libelle: 'Prénom (nouveau compte)', valeurs: r.valeurs ?? {}, erreurs: r.erreurs })}</div>
        </div>
        ${bouton('Rattacher l’utilisateur')}
      </form>
    </section>`;
  return rendre(request, reply, { titre: 'Activités du gestionnaire', onglet: 8, ariane: [['Accueil', '/'], ['Activités du gestionnaire']], contenu }, etat.erreurs ? 400 : 200);
}

export default async function gestionnaire(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { structure?: string; recherche?: string; filtreRole?: string; filtreStatut?: string; page?: string } }>('/gestionnaire', async (request, reply) => {
    const q = request.query;
    const page = numeroDePage(q.page);
    return pageGestionnaire(request, reply, typeof q.structure === 'string' ? q.structure : undefined, {
      criteres: { texte: texteDe(q.recherche), role: texteDe(q.filtreRole), statut: texteDe(q.filtreStatut), page },
    });
  });

  app.post('/gestionnaire/demandes', async (request, reply) => {
    const f = lireFormulaire(request.body);
    const p = request.portail;
    const cles = valeursMultiples(request.body, 'demandes').slice(0, 500);
    const decision = f.decision === 'VALIDER' || f.decision === 'REFUSER' ? f.decision : undefined;
    if (cles.length === 0) return pageGestionnaire(request, reply, undefined, { section: 'demandes', valeurs: f, erreurs: { _: 'Cochez au moins une demande' } });
    if (!decision) return pageGestionnaire(request, reply, undefined, { section: 'demandes', valeurs: f, erreurs: { _: 'Choisissez de valider ou de refuser la sélection' } });
    if ((f.commentaire ?? '').length > 500) return pageGestionnaire(request, reply, undefined, { section: 'demandes', valeurs: f, erreurs: { commentaire: 'Le commentaire ne doit pas dépasser 500 caractères' } });
    const resultats = traiterDemandesEnMasse(p.ctx, p.utilisateur!.id, cles, decision, f.commentaire || null);
    const reussies = resultats.filter((x) => x.ok).length;
    const echecs = resultats.filter((x) => !x.ok);
    if (reussies === 0) {
      return pageGestionnaire(request, reply, undefined, { section: 'demandes', valeurs: f, erreurs: { _: `Aucune demande n’a été traitée : ${[...new Set(echecs.map((x) => x.libelle))].join(' ; ')}` } });
    }
    const verbe = decision === 'VALIDER' ? 'validée' : 'refusée';
    return rediriger(request, reply, '/gestionnaire#demandes', {
      type: echecs.length ? 'warning' : 'success',
      texte: `${reussies} demande${reussies > 1 ? 's' : ''} ${verbe}${reussies > 1 ? 's' : ''}.${echecs.length ? ` ${echecs.length} non traitée${echecs.length > 1 ? 's' : ''} : ${[...new Set(echecs.map((x) => x.libelle))].join(' ; ')}` : ''}`,
    });
  });

  app.post<{ Params: { id: string } }>('/gestionnaire/structures/:id/rattacher', async (request, reply) => {
    const f = lireFormulaire(request.body);
    const p = request.portail;
    const id = idOuInconnu(request.params.id);
    const role = f.role === 'GESTIONNAIRE_SECONDAIRE' ? 'GESTIONNAIRE_SECONDAIRE' : 'UTILISATEUR_SIMPLE';
    try {
      const r = rattacherParGestionnaire(p.ctx, p.utilisateur!.id, id, f.email ?? '', role, { nom: f.nom, prenom: f.prenom });
      return rediriger(request, reply, `/gestionnaire?structure=${id}#utilisateurs`, {
        type: 'success',
        texte: r.compteCree
          ? `Le compte ${r.utilisateur.login} est créé et rattaché ; un courriel d’activation lui est envoyé.`
          : `${r.utilisateur.login} est rattaché à la structure (${libelleRole(r.rattachement.role)}).`,
      });
    } catch (e) {
      return pageGestionnaire(request, reply, String(id), { section: 'rattacher', valeurs: f, erreurs: erreurService(e, 'email') });
    }
  });

  app.post<{ Params: { id: string; uid: string } }>('/gestionnaire/structures/:id/detacher/:uid', async (request, reply) => {
    const p = request.portail;
    const id = idOuInconnu(request.params.id);
    detacher(p.ctx, p.utilisateur!.id, id, idOuInconnu(request.params.uid));
    return rediriger(request, reply, `/gestionnaire?structure=${id}#utilisateurs`, { type: 'success', texte: 'L’utilisateur est détaché de la structure.' });
  });

  app.get<{ Params: { id: string } }>('/gestionnaire/structures/:id/utilisateurs.csv', async (request, reply) => {
    const p = request.portail;
    const id = idOuInconnu(request.params.id);
    const csv = exporterUtilisateurs(p.ctx, p.utilisateur!.id, id);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="utilisateurs-structure-${id}.csv"`)
      .header('cache-control', 'no-store')
      .send(`\uFEFF${csv}`);
  });
}
