import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, createSandbox, type TestSandbox } from '../helpers/app.js';
import { compteOf, matelasOf, structureOf } from '../helpers/organisation.js';
import { Navigateur, portailDe, seConnecter } from '../helpers/portail.js';
import type { Matelas } from '../../src/modules/control-plane/matelas.js';

let app: FastifyInstance;
let bac: TestSandbox;
let matelas: Matelas;

async function connecte(entite: string, sandbox = bac, m = matelas): Promise<Navigateur> {
  const compte = compteOf(m, entite, 'GP');
  const nav = new Navigateur(app, portailDe(sandbox));
  await seConnecter(app, nav, sandbox.id, compte.login, compte.motDePasse);
  return nav;
}

const idDe = (location: unknown) => Number(/\/(\d+)$/.exec(String(location))?.[1]);

beforeAll(async () => {
  app = await buildTestApp();
  bac = await createSandbox(app, { nom: 'portail-sollicitations' });
  matelas = await matelasOf(app, bac);
});
afterAll(async () => app.close());

describe('portail : Sollicitations émises et reçues', () => {
  it('une saisie incomplète ou incohérente est refusée à côté du champ et garde ce qui a été saisi', async () => {
    const nav = await connecte('Fournisseur');
    expect((await nav.get('/sollicitations-emises/nouvelle')).statusCode).toBe(200);
    const vide = await nav.post('/sollicitations-emises/nouvelle', { codeCategorie: 'FACTURE', codeSousCategorie: '', titre: '', texte: 'Bonjour <b>' });
    expect(vide.statusCode).toBe(400);
    expect(vide.body).toContain('id="champ-titre-erreur"');
    expect(vide.body).toContain('id="champ-codeSousCategorie-erreur"');
    expect(vide.body).toContain('Bonjour &lt;b&gt;</textarea>');
    expect(vide.body).toMatch(/<option value="FACTURE" selected>/);

    const croisee = await nav.post('/sollicitations-emises/nouvelle', { codeCategorie: 'FACTURE', codeSousCategorie: 'COMPTE_ACCES', titre: 'Accès', texte: 'Question' });
    expect(croisee.statusCode).toBe(400);
    expect(croisee.body).toMatch(/id="champ-codeSousCategorie-erreur">[^<]*sous-catégorie/);

    const inconnue = await nav.post('/sollicitations-emises/nouvelle', { codeCategorie: 'FACTURE', codeSousCategorie: 'FACTURE_PAIEMENT', titre: 'Paiement', texte: 'Quand ?', numeroFacture: 'PAS-A-MOI' });
    expect(inconnue.statusCode).toBe(400);
    expect(inconnue.body).toMatch(/id="champ-numeroFacture-erreur">[^<]*PAS-A-MOI/);
    expect(inconnue.body).toContain('value="Paiement"');

    const sansDestinataire = await nav.post('/sollicitations-emises/nouvelle', { codeCategorie: 'FACTURE', codeSousCategorie: 'FACTURE_PAIEMENT', titre: 'Paiement', texte: 'Quand ?' });
    expect(sansDestinataire.statusCode).toBe(400);
    expect(sansDestinataire.body).toContain('id="champ-siretDestinataire-erreur"');
    expect((await nav.get('/sollicitations-emises')).body).toContain('Aucune sollicitation.');
  });

  it('le fournisseur interroge le destinataire de sa facture, qui répond ; le fournisseur clôture', async () => {
    const fournisseur = await connecte('Fournisseur');
    await fournisseur.get('/sollicitations-emises/nouvelle');
    const cree = await fournisseur.post('/sollicitations-emises/nouvelle', {
      codeCategorie: 'FACTURE',
      codeSousCategorie: 'FACTURE_PAIEMENT',
      titre: 'Date de paiement de MAT-001',
      texte: 'Pouvez-vous nous indiquer la date de paiement prévue ?',
      numeroFacture: 'MAT-001',
    });
    expect(cree.statusCode).toBe(303);
    const id = idDe(cree.headers.location);
    const vue = await fournisseur.suivre(cree);
    expect(vue.body).toContain('est envoyée au service destinataire');
    expect(vue.body).toContain('COMMUNE DE SAINT-EXEMPLE');
    expect(vue.body).toContain('Pouvez-vous nous indiquer la date de paiement prévue ?');

    const destinataire = await connecte('Destinataire sans paramètre');
    const recues = await destinataire.get('/sollicitations-recues');
    expect(recues.body.slice(recues.body.indexOf('id="a-traiter"'))).toContain('Date de paiement de MAT-001');
    const fiche = await destinataire.get(`/sollicitations-recues/${id}`);
    expect(fiche.body).toContain('Répondre');
    const sansTexte = await destinataire.post(`/sollicitations-recues/${id}/agir`, { action: 'REPONDRE', texte: '' });
    expect(sansTexte.statusCode).toBe(400);
    expect(sansTexte.body).toContain('id="champ-texte-erreur"');
    const reponse = await destinataire.post(`/sollicitations-recues/${id}/agir`, { action: 'REPONDRE', texte: 'Le paiement partira vendredi.' });
    expect(reponse.statusCode).toBe(303);
    expect((await destinataire.suivre(reponse)).body).toContain('Votre réponse est envoyée.');
    // The issuer's action is not the addressee's.
    expect((await destinataire.post(`/sollicitations-recues/${id}/agir`, { action: 'CLOTURER' })).statusCode).toBe(400);

    const apres = await fournisseur.get(`/sollicitations-emises/${id}`);
    expect(apres.body).toContain('Le paiement partira vendredi.');
    expect(apres.body).toContain('Répondue');
    const cloture = await fournisseur.post(`/sollicitations-emises/${id}/agir`, { action: 'CLOTURER' });
    expect(cloture.statusCode).toBe(303);
    const close = await fournisseur.suivre(cloture);
    expect(close.body).toContain('La sollicitation est clôturée.');
    expect(close.body).toContain('Cette sollicitation n’attend aucune action de votre part.');
  });

  it('une autre structure ne lit ni n’agit sur la sollicitation par son identifiant ; un autre bac à sable non plus', async () => {
    const fournisseur = await connecte('Fournisseur');
    await fournisseur.get('/sollicitations-emises/nouvelle');
    const cree = await fournisseur.post('/sollicitations-emises/nouvelle', {
      codeCategorie: 'FACTURE',
      codeSousCategorie: 'FACTURE_TRAITEMENT',
      titre: 'Question confidentielle',
      texte: 'Texte confidentiel',
      siretDestinataire: structureOf(matelas, 'Destinataire sans paramètre').identifiant,
    });
    const id = idDe(cree.headers.location);
    const autre = await connecte('Destinataire 2');
    for (const chemin of [`/sollicitations-recues/${id}`, `/sollicitations-emises/${id}`]) {
      const res = await autre.get(chemin);
      expect([400, 403, 404]).toContain(res.statusCode);
      expect(res.body).not.toContain('Texte confidentiel');
    }
    expect((await autre.post(`/sollicitations-recues/${id}/agir`, { action: 'REPONDRE', texte: 'intrus' })).statusCode).toBe(404);
    expect((await autre.get('/sollicitations-recues')).body).not.toContain('Question confidentielle');
    expect((await autre.get('/sollicitations-recues/abc')).statusCode).toBe(404);

    const jumeau = await createSandbox(app, { nom: 'portail-sollicitations-jumeau', seed: bac.seed });
    const ailleurs = await connecte('Fournisseur', jumeau, await matelasOf(app, jumeau));
    const res = await ailleurs.get(`/sollicitations-emises/${id}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Texte confidentiel');
    expect((await ailleurs.get('/sollicitations-emises')).body).not.toContain('Question confidentielle');
  });

  it('une question sur le portail va au support Chorus Pro simulé, qui répond après 24 heures de l’horloge du bac à sable', async () => {
    const nav = await connecte('Fournisseur');
    await nav.get('/sollicitations-emises/nouvelle');
    const cree = await nav.post('/sollicitations-emises/nouvelle', { codeCategorie: 'PORTAIL', codeSousCategorie: 'PORTAIL_FONCTIONNEMENT', titre: 'Où déposer un PDF ?', texte: 'Je ne trouve pas le dépôt.' });
    expect(cree.statusCode).toBe(303);
    const id = idDe(cree.headers.location);
    expect((await nav.suivre(cree)).body).toContain('est envoyée au support Chorus Pro');
    const avance = await app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${bac.id}/clock/advance`, headers: admin, payload: { minutes: 25 * 60 } });
    expect(avance.statusCode).toBe(200);
    const vue = await nav.get(`/sollicitations-emises/${id}`);
    expect(vue.body).toContain('Support Chorus Pro');
    expect(vue.body).toContain('Le support Chorus Pro a traité votre demande.');
    expect((await nav.post(`/sollicitations-emises/${id}/agir`, { action: 'CLOTURER' })).statusCode).toBe(303);
  });
});
