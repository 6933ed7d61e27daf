import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, createSandbox, type TestSandbox } from '../helpers/app.js';
import { compteOf, matelasOf, structureOf } from '../helpers/organisation.js';
import { activerCompte, renvoyerActivation } from '../../src/modules/utilisateurs/comptes.js';
import { compteActive, connecte, ctxDe, MOT_DE_PASSE } from './comptes-outils.js';

let app: FastifyInstance;
let bac: TestSandbox;

beforeAll(async () => {
  app = await buildTestApp();
  bac = await createSandbox(app, { nom: 'portail-mon-compte' });
});
afterAll(async () => app.close());

describe('portail : Mon compte', () => {
  it('montre les informations, les rattachements avec leur rôle et les abonnements du gestionnaire du matelas', async () => {
    const matelas = await matelasOf(app, bac);
    const gp = compteOf(matelas, 'Fournisseur', 'GP');
    const nav = await connecte(app, bac, gp.login, gp.motDePasse);
    const page = await nav.get('/mon-compte');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(gp.login);
    expect(page.body).toContain('non modifiable');
    expect(page.body).toMatch(/id="liste-rattachements"[\s\S]*Gestionnaire principal/);
    expect(page.body).toMatch(/id="liste-abonnements"[\s\S]*Factures émises/);
  });

  it('modifie nom et e-mail de contact ; une adresse de contact invalide est refusée à côté du champ et gardée', async () => {
    const u = compteActive(app, bac, 'sophie.garnier@exemple.fr', 'Sophie', 'Garnier');
    const nav = await connecte(app, bac, u.login);
    await nav.get('/mon-compte');
    const refus = await nav.post('/mon-compte/informations', { nom: 'Garnier', prenom: 'Sophie', telephone: '', emailContact: 'contact@' });
    expect(refus.statusCode).toBe(400);
    expect(refus.body).toContain('id="champ-emailContact-erreur"');
    expect(refus.body).toContain('value="contact@"');
    const ok = await nav.post('/mon-compte/informations', { nom: 'Garnier-Leroy', prenom: 'Sophie', telephone: '01 23 45 67 89', emailContact: 'compta@garnier.fr' });
    expect(ok.statusCode).toBe(303);
    const page = await nav.suivre(ok);
    expect(page.body).toContain('Vos informations personnelles sont enregistrées');
    expect(page.body).toContain('value="Garnier-Leroy"');
    expect(page.body).toContain('value="compta@garnier.fr"');
    // The login never changes.
    expect(page.body).toContain('sophie.garnier@exemple.fr');
  });

  it('enregistre les notifications périodiques', async () => {
    const u = compteActive(app, bac, 'notif@exemple.fr');
    const nav = await connecte(app, bac, u.login);
    await nav.get('/mon-compte');
    expect((await nav.post('/mon-compte/notifications', { recapQuotidien: 'oui' })).statusCode).toBe(303);
    const page = await nav.get('/mon-compte');
    expect(page.body).toMatch(/name="recapQuotidien" value="oui" checked/);
    expect(page.body).not.toMatch(/name="recapHebdomadaire" value="oui" checked/);
  });

  it('demande de rattachement : recherche par SIRET (3 chiffres au moins) ou raison sociale exacte, puis demande', async () => {
    const matelas = await matelasOf(app, bac);
    const fournisseur = structureOf(matelas, 'Fournisseur');
    const u = compteActive(app, bac, 'rattache@exemple.fr');
    const nav = await connecte(app, bac, u.login);
    const court = await nav.get('/mon-compte/rattachements/demande?siret=12&raisonSociale=');
    expect(court.statusCode).toBe(400);
    expect(court.body).toContain('id="champ-siret-erreur"');
    expect(court.body).toContain('value="12"');
    const partielle = await nav.get(`/mon-compte/rattachements/demande?raisonSociale=${encodeURIComponent(fournisseur.designation.slice(0, 5))}`);
    expect(partielle.body).toContain('Aucune structure active ne correspond');
    const exacte = await nav.get(`/mon-compte/rattachements/demande?raisonSociale=${encodeURIComponent(fournisseur.designation.toLowerCase())}`);
    expect(exacte.body).toContain(fournisseur.identifiant);
    const parSiret = await nav.get(`/mon-compte/rattachements/demande?siret=${fournisseur.identifiant.slice(0, 9)}`);
    const id = new RegExp(`name="structureId" value="(\\d+)"`).exec(parSiret.body)![1]!;
    const demande = await nav.post('/mon-compte/rattachements/demande', { structureId: id });
    expect(demande.statusCode).toBe(303);
    const page = await nav.suivre(demande);
    expect(page.body).toContain('Votre demande de rattachement est envoyée');
    expect(page.body).toContain('En attente de validation');
    // Asking twice is refused in French.
    const deux = await nav.post('/mon-compte/rattachements/demande', { structureId: id });
    expect(deux.statusCode).toBe(400);
    expect(deux.body).toContain('déjà rattaché');
  });

  it('abonnements : un espace non ouvert est refusé à côté du champ ; Factures émises est accordé ; on peut résilier', async () => {
    const matelas = await matelasOf(app, bac);
    const gp = compteOf(matelas, 'Fournisseur', 'GP');
    const navGp = await connecte(app, bac, gp.login, gp.motDePasse);
    const fournisseurId = structureOf(matelas, 'Fournisseur').idStructureCPP;
    // A user attached by the gestionnaire, then...
    await navGp.get('/gestionnaire');
    expect((await navGp.post(`/gestionnaire/structures/${fournisseurId}/rattacher`, { email: 'abonne@exemple.fr', role: 'UTILISATEUR_SIMPLE', nom: 'Abonné', prenom: 'Aline' })).statusCode).toBe(303);
    // ... who activates and logs in (his account was created by the gestionnaire).
    const ctx = ctxDe(app, bac);
    const { jeton } = renvoyerActivation(ctx, 'abonne@exemple.fr');
    activerCompte(ctx, { jeton, motDePasse: MOT_DE_PASSE, confirmation: MOT_DE_PASSE });
    const nav = await connecte(app, bac, 'abonne@exemple.fr');
    const page = await nav.get('/mon-compte');
    const aboId = /action="[^"]*\/mon-compte\/abonnements\/(\d+)\/resilier"/.exec(page.body)![1];
    const sansChoix = await nav.post('/mon-compte/abonnements', { structureId: String(fournisseurId), codeEspace: '' });
    expect(sansChoix.statusCode).toBe(400);
    expect(sansChoix.body).toContain('id="champ-codeEspace-erreur"');
    const deja = await nav.post('/mon-compte/abonnements', { structureId: String(fournisseurId), codeEspace: '1' });
    expect(deja.statusCode).toBe(400);
    expect(deja.body).toContain('déjà abonné');
    const resilie = await nav.post(`/mon-compte/abonnements/${aboId}/resilier`);
    expect(resilie.statusCode).toBe(303);
    expect((await nav.suivre(resilie)).body).toContain('est résilié');
    // Another user's abonnement cannot be resigned by id.
    const autre = compteActive(app, bac, 'curieux@exemple.fr');
    const navAutre = await connecte(app, bac, autre.login);
    await navAutre.get('/mon-compte');
    const intrus = await navAutre.post(`/mon-compte/abonnements/${Number(aboId) + 1}/resilier`);
    expect(intrus.statusCode).toBe(400);
    expect(intrus.body).toContain('existe pas dans votre compte');
  });

  it('complétude : ce qui manque, chaque point avec son lien ; puis « prêt pour déposer des factures »', async () => {
    const u = compteActive(app, bac, 'completude@exemple.fr');
    const nav = await connecte(app, bac, u.login);
    const avant = await nav.get('/mon-compte/completude');
    expect(avant.body).toContain('pas encore prêt');
    expect(avant.body).toContain('/mon-compte/rattachements/demande');
    await nav.get('/structures/nouvelle');
    const creee = await nav.post('/structures/nouvelle', { identifiant: '73282932000074', raisonSociale: 'Complétude SARL', adresse: '1 rue A', codePostal: '75001', ville: 'Paris', codePays: 'FR' });
    expect(creee.statusCode).toBe(303);
    const apres = await nav.get('/mon-compte/completude');
    expect(apres.body).toContain('Votre compte est prêt pour déposer des factures');
    expect(apres.body).toContain('Saisir les coordonnées bancaires');
  });

  it('une page de Mon compte sans session renvoie à la connexion ; un formulaire sans jeton CSRF est refusé', async () => {
    const u = compteActive(app, bac, 'csrf-compte@exemple.fr', 'Jean', 'Csrf');
    const nav = await connecte(app, bac, u.login);
    const res = await nav.post('/mon-compte/informations', { _csrf: 'faux', nom: 'Pirate', prenom: 'X' });
    expect(res.statusCode).toBe(403);
    expect((await nav.get('/mon-compte')).body).toContain('value="Csrf"');
    const anonyme = await app.inject({ url: `/portail/${bac.id}/mon-compte` });
    expect(anonyme.statusCode).toBe(303);
  });
});
