import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, createSandbox, type TestSandbox } from '../helpers/app.js';
import { compteOf, matelasOf, structureOf } from '../helpers/organisation.js';
import { activerCompte, renvoyerActivation } from '../../src/modules/utilisateurs/comptes.js';
import { compteActive, connecte, ctxDe, MOT_DE_PASSE } from './comptes-outils.js';
import type { Navigateur } from '../helpers/portail.js';

let app: FastifyInstance;
let bac: TestSandbox;

beforeAll(async () => {
  app = await buildTestApp();
  bac = await createSandbox(app, { nom: 'portail-structures' });
});
afterAll(async () => app.close());

const STRUCTURE = { raisonSociale: 'Plomberie Martin', adresse: '3 rue du Port', codePostal: '44000', ville: 'Nantes', codePays: 'FR' };
// Real-looking SIRETs with a right Luhn key (and the same 14 digits with a wrong one).
const SIRET_A = '73282932000074';
const SIRET_FAUX = '73282932000075';
const SIRET_B = '55208131766522';

async function creerStructure(nav: Navigateur, identifiant: string, raisonSociale = STRUCTURE.raisonSociale): Promise<number> {
  await nav.get('/structures/nouvelle');
  const res = await nav.post('/structures/nouvelle', { ...STRUCTURE, raisonSociale, identifiant });
  expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
  return Number(/\/structures\/(\d+)$/.exec(String(res.headers.location))![1]);
}

describe('portail : créer et gérer une structure', () => {
  it('refuse un SIRET à la clé fausse et un SIRET déjà connu à côté du champ, en gardant la saisie ; le créateur devient gestionnaire principal', async () => {
    const u = compteActive(app, bac, 'createur@exemple.fr');
    const nav = await connecte(app, bac, u.login);
    await nav.get('/structures/nouvelle');
    const faux = await nav.post('/structures/nouvelle', { ...STRUCTURE, identifiant: SIRET_FAUX });
    expect(faux.statusCode).toBe(400);
    expect(faux.body).toMatch(/id="champ-identifiant-erreur"[^>]*>[^<]*clé de contrôle/);
    expect(faux.body).toContain(`value="${SIRET_FAUX}"`);
    expect(faux.body).toContain('value="Plomberie Martin"');
    const fournisseur = structureOf(await matelasOf(app, bac), 'Fournisseur');
    const doublon = await nav.post('/structures/nouvelle', { ...STRUCTURE, identifiant: fournisseur.identifiant });
    expect(doublon.statusCode).toBe(400);
    expect(doublon.body).toContain('existe déjà');
    const cp = await nav.post('/structures/nouvelle', { ...STRUCTURE, identifiant: SIRET_A, codePostal: '4400' });
    expect(cp.statusCode).toBe(400);
    expect(cp.body).toContain('id="champ-codePostal-erreur"');

    const id = await creerStructure(nav, SIRET_A);
    const fiche = await nav.get(`/structures/${id}`);
    expect(fiche.body).toContain('vous en êtes le gestionnaire principal');
    expect(fiche.body).toContain('votre rôle : Gestionnaire principal');
    expect((await nav.get('/mon-compte')).body).toMatch(/Plomberie Martin[\s\S]*Gestionnaire principal/);
  });

  it('données, services (créer, modifier, désactiver), IBAN et BIC contrôlés, espaces ajoutés et retirés', async () => {
    const u = compteActive(app, bac, 'gerant@exemple.fr');
    const nav = await connecte(app, bac, u.login);
    const id = await creerStructure(nav, SIRET_B, 'Électricité Bernard');

    const modif = await nav.post(`/structures/${id}/modifier`, { raisonSociale: '', adresse: '1 quai', codePostal: '35000', ville: 'Rennes', codePays: 'FR' });
    expect(modif.statusCode).toBe(400);
    expect(modif.body).toContain('id="champ-raisonSociale-erreur"');
    expect(modif.body).toContain('value="Rennes"');
    expect((await nav.post(`/structures/${id}/modifier`, { raisonSociale: 'Électricité Bernard SARL', adresse: '1 quai', codePostal: '35000', ville: 'Rennes', codePays: 'FR' })).statusCode).toBe(303);

    const codeFaux = await nav.post(`/structures/${id}/services`, { code: 'SERVICE 1', libelle: 'Chantiers' });
    expect(codeFaux.statusCode).toBe(400);
    expect(codeFaux.body).toContain('id="champ-code-erreur"');
    expect(codeFaux.body).toContain('value="SERVICE 1"');
    expect((await nav.post(`/structures/${id}/services`, { code: 'CHANTIERS', libelle: 'Chantiers' })).statusCode).toBe(303);
    const doublon = await nav.post(`/structures/${id}/services`, { code: 'chantiers', libelle: 'Autre' });
    expect(doublon.statusCode).toBe(400);
    expect(doublon.body).toContain('existe déjà');
    const fiche = await nav.get(`/structures/${id}`);
    const sid = /\/services\/(\d+)"/.exec(fiche.body)![1];
    expect((await nav.get(`/structures/${id}/services/${sid}`)).body).toContain('Modifier le service CHANTIERS');
    expect((await nav.post(`/structures/${id}/services/${sid}`, { libelle: '', estActif: 'oui' })).statusCode).toBe(400);
    expect((await nav.post(`/structures/${id}/services/${sid}`, { libelle: 'Chantiers Bretagne', estActif: 'oui', numeroEngagementObligatoire: 'oui' })).statusCode).toBe(303);
    expect((await nav.post(`/structures/${id}/services/${sid}/desactiver`)).statusCode).toBe(303);
    const apres = await nav.get(`/structures/${id}`);
    expect(apres.body).toMatch(/Chantiers Bretagne[\s\S]*Inactif/);

    const ibanFaux = await nav.post(`/structures/${id}/iban`, { iban: 'FR76 3000 6000 0112 3456 7890 188', bic: '' });
    expect(ibanFaux.statusCode).toBe(400);
    expect(ibanFaux.body).toContain('id="champ-iban-erreur"');
    expect(ibanFaux.body).toContain('value="FR76 3000 6000 0112 3456 7890 188"');
    const bicFaux = await nav.post(`/structures/${id}/iban`, { iban: 'FR7630006000011234567890189', bic: 'AGRI' });
    expect(bicFaux.statusCode).toBe(400);
    expect(bicFaux.body).toContain('id="champ-bic-erreur"');
    expect((await nav.post(`/structures/${id}/iban`, { iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' })).statusCode).toBe(303);
    expect((await nav.get(`/structures/${id}`)).body).toContain('FR76 3000 6000 0112 3456 7890 189');

    expect((await nav.post(`/structures/${id}/espaces/6/ajouter`)).statusCode).toBe(303);
    expect((await nav.get(`/structures/${id}`)).body).toContain('l’espace Engagements');
    expect((await nav.post(`/structures/${id}/espaces/6/retirer`)).statusCode).toBe(303);
    const gest = await nav.post(`/structures/${id}/espaces/8/retirer`);
    expect(gest.statusCode).toBe(400);
    expect(gest.body).toContain('ne peut pas être retiré');
    expect((await nav.post(`/structures/${id}/espaces/99/ajouter`)).statusCode).toBe(400);
  });

  it('compte technique : créé et réinitialisé par le gestionnaire principal seul, mot de passe montré une fois ; transfert du rôle de GP', async () => {
    const gp = compteActive(app, bac, 'gp-tech@exemple.fr');
    const nav = await connecte(app, bac, gp.login);
    const id = await creerStructure(nav, '40483304800022', 'Toitures Robert');
    await nav.get(`/structures/${id}`);
    const cree = await nav.post(`/structures/${id}/compte-technique/creer`);
    expect(cree.statusCode).toBe(200);
    const mdp = /Mot de passe : <code>([^<]+)<\/code>/.exec(cree.body)?.[1];
    expect(mdp).toBeTruthy();
    expect(cree.body).toContain('TECH_1_40483304800022@cpro.fr');
    const relu = await nav.get(`/structures/${id}`);
    expect(relu.body).not.toContain(mdp!);
    expect(relu.body).toContain('Réinitialiser le mot de passe');
    const reinit = await nav.post(`/structures/${id}/compte-technique/reinitialiser`);
    const nouveau = /Mot de passe : <code>([^<]+)<\/code>/.exec(reinit.body)?.[1];
    expect(nouveau).toBeTruthy();
    expect(nouveau).not.toBe(mdp);

    // A gestionnaire secondaire appointed by the GP cannot touch the technical account.
    await nav.get('/gestionnaire');
    expect((await nav.post(`/gestionnaire/structures/${id}/rattacher`, { email: 'gs@exemple.fr', role: 'GESTIONNAIRE_SECONDAIRE', nom: 'Second', prenom: 'Gaston' })).statusCode).toBe(303);
    const ctx = ctxDe(app, bac);
    activerCompte(ctx, { jeton: renvoyerActivation(ctx, 'gs@exemple.fr').jeton, motDePasse: MOT_DE_PASSE, confirmation: MOT_DE_PASSE });
    const navGs = await connecte(app, bac, 'gs@exemple.fr');
    const ficheGs = await navGs.get(`/structures/${id}`);
    expect(ficheGs.statusCode).toBe(200);
    expect(ficheGs.body).toContain('Seul le gestionnaire principal crée le compte technique');
    const refus = await navGs.post(`/structures/${id}/compte-technique/reinitialiser`);
    expect(refus.statusCode).toBe(400);
    expect(refus.body).toContain('Seul le gestionnaire principal');
    expect(refus.body).not.toMatch(/Mot de passe : <code>/);

    // The GP hands his role over to the GS, and becomes gestionnaire secondaire.
    const fiche = await nav.get(`/structures/${id}`);
    const gsId = /<option value="(\d+)">Gaston Second/.exec(fiche.body)![1]!;
    expect((await nav.post(`/structures/${id}/transferer`, { nouvelUtilisateurId: '' })).statusCode).toBe(400);
    const tr = await nav.post(`/structures/${id}/transferer`, { nouvelUtilisateurId: gsId });
    expect(tr.statusCode).toBe(303);
    expect((await nav.get(`/structures/${id}`)).body).toContain('votre rôle : Gestionnaire secondaire');
    expect((await navGs.get(`/structures/${id}`)).body).toContain('votre rôle : Gestionnaire principal');
  });

  it('un utilisateur simple ne gère pas sa structure ; un gestionnaire ne voit pas la fiche d’une autre structure par son id', async () => {
    const matelas = await matelasOf(app, bac);
    const fournisseur = structureOf(matelas, 'Fournisseur');
    const us = compteOf(matelas, 'Fournisseur', 'US');
    const navUs = await connecte(app, bac, us.login, us.motDePasse);
    const fiche = await navUs.get(`/structures/${fournisseur.idStructureCPP}`);
    expect(fiche.statusCode).toBe(400);
    expect(fiche.body).toContain('réservée à ses gestionnaires');
    expect(fiche.body).not.toContain('Coordonnées bancaires');
    const iban = await navUs.post(`/structures/${fournisseur.idStructureCPP}/iban`, { iban: 'FR7630006000011234567890189' });
    expect(iban.statusCode).toBe(400);
    expect((await navUs.post(`/structures/${fournisseur.idStructureCPP}/compte-technique/reinitialiser`)).statusCode).toBe(400);

    const gp = compteOf(matelas, 'Fournisseur', 'GP');
    const navGp = await connecte(app, bac, gp.login, gp.motDePasse);
    const autre = structureOf(matelas, 'MOE');
    const chezAutre = await navGp.get(`/structures/${autre.idStructureCPP}`);
    expect(chezAutre.statusCode).toBe(400);
    expect(chezAutre.body).not.toContain(autre.designation);
    expect((await navGp.post(`/structures/${autre.idStructureCPP}/espaces/2/ajouter`)).statusCode).toBe(400);
    expect((await navGp.get('/structures/abc')).statusCode).toBe(400);
    expect((await navGp.get('/structures')).body).toContain(fournisseur.designation);
  });

  it('une structure créée dans un bac à sable n’existe pas dans un autre de même graine', async () => {
    const u = compteActive(app, bac, 'isole@exemple.fr');
    const nav = await connecte(app, bac, u.login);
    const id = await creerStructure(nav, '44306184100047', 'Maçonnerie Isolée');
    const jumeau = await createSandbox(app, { nom: 'portail-structures-jumeau', seed: bac.seed });
    const gp = compteOf(await matelasOf(app, jumeau), 'Fournisseur', 'GP');
    const navJumeau = await connecte(app, jumeau, gp.login, gp.motDePasse);
    const res = await navJumeau.get(`/structures/${id}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain('Maçonnerie Isolée');
  });
});
