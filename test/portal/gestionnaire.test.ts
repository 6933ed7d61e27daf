import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, createSandbox, type TestSandbox } from '../helpers/app.js';
import { compteOf, matelasOf, structureOf } from '../helpers/organisation.js';
import { courriels, portailDe } from '../helpers/portail.js';
import { demanderRattachement } from '../../src/modules/utilisateurs/rattachements.js';
import { creerStructurePrivee, rattacherParGestionnaire } from '../../src/modules/structures/gestion.js';
import { compteActive, connecte, ctxDe } from './comptes-outils.js';

let app: FastifyInstance;
let bac: TestSandbox;

beforeAll(async () => {
  app = await buildTestApp();
  bac = await createSandbox(app, { nom: 'portail-gestionnaire' });
});
afterAll(async () => app.close());

/** A new account asking to be attached to the structure of that matelas entity; returns its request key. */
async function demande(entite: string, email: string): Promise<{ cle: string; id: number; utilisateurId: number }> {
  const structure = structureOf(await matelasOf(app, bac), entite);
  const u = compteActive(app, bac, email);
  const r = demanderRattachement(ctxDe(app, bac), { utilisateurId: u.id, structureId: structure.idStructureCPP });
  return { cle: `RATTACHEMENT-${r.id}`, id: r.id, utilisateurId: u.id };
}

describe('portail : Activités du gestionnaire', () => {
  it('liste les demandes en attente de ses structures, valide et refuse en masse avec un commentaire envoyé par courriel', async () => {
    const a = await demande('Fournisseur', 'demandeur.a@exemple.fr');
    const b = await demande('Fournisseur', 'demandeur.b@exemple.fr');
    const c = await demande('Fournisseur', 'demandeur.c@exemple.fr');
    const gp = compteOf(await matelasOf(app, bac), 'Fournisseur', 'GP');
    const nav = await connecte(app, bac, gp.login, gp.motDePasse);
    const page = await nav.get('/gestionnaire');
    expect(page.statusCode).toBe(200);
    for (const x of [a, b, c]) expect(page.body).toContain(`value="${x.cle}"`);

    const rien = await nav.post('/gestionnaire/demandes', { decision: 'VALIDER', commentaire: 'ok' });
    expect(rien.statusCode).toBe(400);
    expect(rien.body).toContain('Cochez au moins une demande');
    expect(rien.body).toContain('>ok</textarea>');

    const valide = await nav.post('/gestionnaire/demandes', { demandes: [a.cle, b.cle], decision: 'VALIDER' });
    expect(valide.statusCode).toBe(303);
    expect((await nav.suivre(valide)).body).toContain('2 demandes validées');
    const refuse = await nav.post('/gestionnaire/demandes', { demandes: [c.cle], decision: 'REFUSER', commentaire: 'Inconnu du service' });
    expect(refuse.statusCode).toBe(303);
    const apres = await nav.suivre(refuse);
    expect(apres.body).toContain('1 demande refusée');
    expect(apres.body).not.toContain(`value="${a.cle}"`);
    expect(apres.body).not.toContain(`value="${c.cle}"`);
    const mails = await courriels(app, bac.id, 'demandeur.c@exemple.fr');
    expect(mails.some((m) => m.corps.includes('Inconnu du service'))).toBe(true);
    // Already decided: deciding again is refused without a 500.
    const encore = await nav.post('/gestionnaire/demandes', { demandes: [a.cle], decision: 'REFUSER' });
    expect(encore.statusCode).toBe(400);
    expect(encore.body).toContain('Aucune demande n’a été traitée');
  });

  it('valide une demande d’abonnement à un espace', async () => {
    // A structure created from the portal (espaces by default), a user attached by its GP.
    const gp = compteActive(app, bac, 'gp.abonnements@exemple.fr');
    const nav = await connecte(app, bac, gp.login);
    await nav.get('/structures/nouvelle');
    const cree = await nav.post('/structures/nouvelle', { identifiant: '38012986643097', raisonSociale: 'Peinture Abonnements', adresse: '2 rue B', codePostal: '31000', ville: 'Toulouse', codePays: 'FR' });
    const id = Number(/\/structures\/(\d+)$/.exec(String(cree.headers.location))![1]);
    const u = compteActive(app, bac, 'abo.engagements@exemple.fr');
    expect((await nav.post(`/gestionnaire/structures/${id}/rattacher`, { email: u.login, role: 'UTILISATEUR_SIMPLE' })).statusCode).toBe(303);
    // The GP opens « Engagements » on the structure; the user asks for it: it waits for a gestionnaire.
    expect((await nav.post(`/structures/${id}/espaces/6/ajouter`)).statusCode).toBe(303);
    const navU = await connecte(app, bac, u.login);
    await navU.get('/mon-compte');
    const demandee = await navU.post('/mon-compte/abonnements', { structureId: String(id), codeEspace: '6' });
    expect(demandee.statusCode).toBe(303);
    expect((await navU.suivre(demandee)).body).toContain('est envoyée au gestionnaire');
    const page = await nav.get('/gestionnaire');
    const cle = /value="(ABONNEMENT-\d+)"/.exec(page.body)![1]!;
    expect(page.body).toContain('Abonnement à un espace');
    const res = await nav.post('/gestionnaire/demandes', { demandes: cle, decision: 'VALIDER' });
    expect(res.statusCode).toBe(303);
    expect((await navU.get('/')).body).toContain('>Engagements</a>');
  });

  it('rattache un utilisateur à son initiative (compte créé au besoin), le détache, exporte les utilisateurs en CSV', async () => {
    const matelas = await matelasOf(app, bac);
    const gp = compteOf(matelas, 'Fournisseur', 'GP');
    const id = structureOf(matelas, 'Fournisseur').idStructureCPP;
    const nav = await connecte(app, bac, gp.login, gp.motDePasse);
    await nav.get('/gestionnaire');
    const sansNom = await nav.post(`/gestionnaire/structures/${id}/rattacher`, { email: 'nouveau.venu@exemple.fr', role: 'UTILISATEUR_SIMPLE' });
    expect(sansNom.statusCode).toBe(400);
    expect(sansNom.body).toContain('id="champ-nom-erreur"');
    expect(sansNom.body).toContain('value="nouveau.venu@exemple.fr"');
    const mauvais = await nav.post(`/gestionnaire/structures/${id}/rattacher`, { email: 'pas-une-adresse', role: 'UTILISATEUR_SIMPLE' });
    expect(mauvais.statusCode).toBe(400);
    expect(mauvais.body).toContain('id="champ-email-erreur"');
    const ok = await nav.post(`/gestionnaire/structures/${id}/rattacher`, { email: 'nouveau.venu@exemple.fr', role: 'UTILISATEUR_SIMPLE', nom: 'Venu', prenom: 'Nouveau' });
    expect(ok.statusCode).toBe(303);
    expect((await nav.suivre(ok)).body).toContain('un courriel d’activation lui est envoyé');
    expect((await courriels(app, bac.id, 'nouveau.venu@exemple.fr')).some((m) => m.nature === 'ACTIVATION_COMPTE')).toBe(true);

    const csv = await nav.get(`/gestionnaire/structures/${id}/utilisateurs.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(csv.headers['content-disposition'])).toMatch(/^attachment; filename=".+\.csv"$/);
    expect(csv.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toContain('Identifiant de connexion;Nom;Prénom');
    expect(csv.body).toContain('nouveau.venu@exemple.fr');

    const page = await nav.get(`/gestionnaire?structure=${id}`);
    const uid = new RegExp(`/detacher/(\\d+)"><input[^>]*><button[^>]*>Détacher<span class="fr-sr-only"> nouveau.venu@exemple.fr`).exec(page.body)![1];
    const detache = await nav.post(`/gestionnaire/structures/${id}/detacher/${uid}`);
    expect(detache.statusCode).toBe(303);
    expect((await nav.suivre(detache)).body).toMatch(/nouveau\.venu@exemple\.fr[\s\S]*Désactivé/);
    // The GP himself cannot be detached.
    const ligneGp = page.body.split('<tr>').find((l) => l.includes(gp.login))!;
    expect(ligneGp).toContain('Gestionnaire principal');
    expect(ligneGp).not.toContain('Détacher');
  });

  it('cherche les utilisateurs de la structure par nom ou adresse, rôle et rattachement, 20 par page, critères gardés dans les liens', async () => {
    const ctx = ctxDe(app, bac);
    const gp = compteActive(app, bac, 'gp.equipe@exemple.fr', 'Gaëlle', 'Principale');
    const { structure } = creerStructurePrivee(ctx, gp.id, { identifiant: '44012986643107', raisonSociale: 'Grande Équipe', adresse: '5 rue C', codePostal: '44000', ville: 'Nantes' });
    for (let i = 1; i <= 23; i++) rattacherParGestionnaire(ctx, gp.id, structure.id, `equipier${String(i).padStart(2, '0')}@exemple.fr`, 'UTILISATEUR_SIMPLE', { nom: `Équipier${i}`, prenom: 'Jean' });
    rattacherParGestionnaire(ctx, gp.id, structure.id, 'adjointe.equipe@exemple.fr', 'GESTIONNAIRE_SECONDAIRE', { nom: 'Adjointe', prenom: 'Zoé' });
    const etranger = compteOf(await matelasOf(app, bac), 'Fournisseur', 'US').login;
    const nav = await connecte(app, bac, gp.login);

    const p1 = await nav.get('/gestionnaire');
    expect(p1.statusCode).toBe(200);
    expect(p1.body).toContain('25 utilisateurs — page 1 sur 2');
    const lignes = (b: string) => (/id="liste-utilisateurs"[\s\S]*?<\/tbody>/.exec(b)?.[0] ?? '').split('<tr>').length - 2;
    expect(lignes(p1.body)).toBe(20);
    expect(p1.body).not.toContain('adjointe.equipe@exemple.fr');
    expect(p1.body).toContain(`href="${portailDe(bac)}/gestionnaire?structure=${structure.id}&amp;page=2#utilisateurs"`);
    const p2 = await nav.get(`/gestionnaire?structure=${structure.id}&page=2`);
    expect(lignes(p2.body)).toBe(5);
    expect(p2.body).toContain('adjointe.equipe@exemple.fr');
    expect(p2.body).not.toContain(etranger);

    // By role: the gestionnaire secondaire only.
    const gs = await nav.get(`/gestionnaire?structure=${structure.id}&filtreRole=GESTIONNAIRE_SECONDAIRE`);
    expect(gs.statusCode).toBe(200);
    expect(gs.body).toContain('1 utilisateur</p>');
    expect(gs.body).toContain('adjointe.equipe@exemple.fr');
    expect(gs.body).not.toContain('equipier01@exemple.fr');
    expect(gs.body).toMatch(/<option value="GESTIONNAIRE_SECONDAIRE" selected>/);

    // By name, accents ignored, the criteria kept in the form and in the page links.
    const nom = await nav.get(`/gestionnaire?structure=${structure.id}&recherche=equipier&filtreStatut=VALIDEE&page=2`);
    expect(nom.body).toContain('23 utilisateurs — page 2 sur 2');
    expect(nom.body).toContain('id="champ-recherche"');
    expect(nom.body).toMatch(/name="recherche" value="equipier"/);
    expect(nom.body).toContain(`href="${portailDe(bac)}/gestionnaire?structure=${structure.id}&amp;recherche=equipier&amp;filtreStatut=VALIDEE&amp;page=1#utilisateurs"`);
    expect((await nav.get(`/gestionnaire?structure=${structure.id}&recherche=EQUIPIER07`)).body).toMatch(/1 utilisateur<\/p>[\s\S]*equipier07@exemple\.fr/);
    // Another structure's users are never listed, even searched for; odd criteria are no 500.
    const intrus = await nav.get(`/gestionnaire?structure=${structureOf(await matelasOf(app, bac), 'Fournisseur').idStructureCPP}&recherche=${encodeURIComponent(etranger)}`);
    expect(intrus.statusCode).toBe(200);
    expect(intrus.body).toContain('Aucun utilisateur ne correspond.');
    expect(intrus.body.replace(`value="${etranger}"`, '')).not.toContain(etranger); // only what was typed in the search field
    expect((await nav.get(`/gestionnaire?structure=${structure.id}&filtreRole=ROOT&filtreStatut=%3Cx%3E&page=abc`)).body).toContain('25 utilisateurs — page 1 sur 2');
  });

  it('un gestionnaire de la structure A ne voit ni ne traite les demandes de la structure B, ni ses utilisateurs', async () => {
    const b = await demande('MOE', 'vers.moe@exemple.fr');
    const matelas = await matelasOf(app, bac);
    const gp = compteOf(matelas, 'Fournisseur', 'GP');
    const moe = structureOf(matelas, 'MOE');
    const nav = await connecte(app, bac, gp.login, gp.motDePasse);
    const page = await nav.get('/gestionnaire');
    expect(page.body).not.toContain(b.cle);
    expect(page.body).not.toContain('vers.moe@exemple.fr');
    const res = await nav.post('/gestionnaire/demandes', { demandes: b.cle, decision: 'VALIDER' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Aucune demande n’a été traitée');
    // Still pending for MOE's gestionnaire.
    const gpMoe = compteOf(matelas, 'MOE', 'GP');
    const navMoe = await connecte(app, bac, gpMoe.login, gpMoe.motDePasse);
    expect((await navMoe.get('/gestionnaire')).body).toContain(`value="${b.cle}"`);
    // Nor the users, the export, attach or detach of B through its id.
    const autre = await nav.get(`/gestionnaire?structure=${moe.idStructureCPP}`);
    expect(autre.body).not.toContain(compteOf(matelas, 'MOE', 'US').login);
    expect((await nav.get(`/gestionnaire/structures/${moe.idStructureCPP}/utilisateurs.csv`)).statusCode).toBe(400);
    expect((await nav.post(`/gestionnaire/structures/${moe.idStructureCPP}/rattacher`, { email: 'intrus@exemple.fr', role: 'UTILISATEUR_SIMPLE', nom: 'I', prenom: 'N' })).statusCode).toBe(400);
    expect((await nav.post(`/gestionnaire/structures/${moe.idStructureCPP}/detacher/${b.utilisateurId}`)).statusCode).toBe(400);
  });

  it('un utilisateur simple n’a pas accès aux activités du gestionnaire ; un formulaire sans jeton CSRF est refusé', async () => {
    const matelas = await matelasOf(app, bac);
    const us = compteOf(matelas, 'Fournisseur', 'US');
    const navUs = await connecte(app, bac, us.login, us.motDePasse);
    const page = await navUs.get('/gestionnaire');
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('réservé aux gestionnaires');
    const d = await demande('Fournisseur', 'csrf.demande@exemple.fr');
    expect((await navUs.post('/gestionnaire/demandes', { demandes: d.cle, decision: 'VALIDER' })).statusCode).toBe(403);
    const gp = compteOf(matelas, 'Fournisseur', 'GP');
    const nav = await connecte(app, bac, gp.login, gp.motDePasse);
    await nav.get('/gestionnaire');
    expect((await nav.post('/gestionnaire/demandes', { _csrf: 'faux', demandes: d.cle, decision: 'VALIDER' })).statusCode).toBe(403);
    expect((await nav.get('/gestionnaire')).body).toContain(`value="${d.cle}"`);
  });
});
