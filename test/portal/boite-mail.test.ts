import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, createSandbox, type TestSandbox } from '../helpers/app.js';
import { compteOf, matelasOf } from '../helpers/organisation.js';
import { Navigateur, portailDe } from '../helpers/portail.js';

let app: FastifyInstance;
let bac: TestSandbox;

beforeAll(async () => {
  app = await buildTestApp();
  bac = await createSandbox(app, { nom: 'boite-mail' });
});
afterAll(async () => app.close());

describe('portail : boîte de réception du bac à sable (sans connexion)', () => {
  it('montre le code de connexion envoyé à une adresse, et rien des autres adresses ni des autres bacs à sable', async () => {
    const m = await matelasOf(app, bac);
    const gp = compteOf(m, 'Fournisseur', 'GP');
    const autreGp = compteOf(m, 'Destinataire Etat', 'GP');
    const nav = new Navigateur(app, portailDe(bac));
    await nav.get('/connexion');
    await nav.post('/connexion', { login: gp.login, motDePasse: gp.motDePasse });
    const page = await nav.get('/connexion/code');
    // The code page points at the mailbox, with the address filled in.
    expect(page.body).toContain(`/courriels?adresse=${encodeURIComponent(gp.login)}`);

    const boite = await new Navigateur(app, portailDe(bac)).get(`/courriels?adresse=${encodeURIComponent(gp.login)}`);
    expect(boite.statusCode).toBe(200);
    expect(boite.body).toMatch(/Votre code de connexion à Chorus Pro est : \d{6}/);
    const autre = await new Navigateur(app, portailDe(bac)).get(`/courriels?adresse=${encodeURIComponent(autreGp.login)}`);
    expect(autre.body).not.toMatch(/Votre code de connexion/);

    // The same address in a twin sandbox (same seed, same logins) sees nothing of this one.
    const jumeau = await createSandbox(app, { nom: 'boite-mail-jumeau', seed: bac.seed });
    const ailleurs = await new Navigateur(app, portailDe(jumeau)).get(`/courriels?adresse=${encodeURIComponent(gp.login)}`);
    expect(ailleurs.statusCode).toBe(200);
    expect(ailleurs.body).not.toMatch(/Votre code de connexion/);
  });

  it('une adresse tapée avec du balisage est affichée échappée', async () => {
    const res = await new Navigateur(app, portailDe(bac)).get(`/courriels?adresse=${encodeURIComponent('<script>alert(1)</script>@x.fr')}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;@x.fr');
  });
});
