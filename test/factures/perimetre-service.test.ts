import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, deposer, structure, traiter, type Acteurs } from '../helpers/factures.js';
import { adminPost, cproAccount } from '../helpers/organisation.js';

const F = '/cpro/factures/v1';
let app: FastifyInstance;
let sandbox: TestSandbox;
let h: Acteurs;
let deService: Record<string, string>;
let pourMonService: number;
let pourUnAutreService: number;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 11 });
  h = await acteurs(app, sandbox);
  const de = structure(app, sandbox.id, 'Destinataire sans paramètre');
  const [monService, autreService] = de.services;
  // A technical account attached to one service only of the recipient structure.
  const res = await adminPost(app, sandbox, '/utilisateurs', {
    type: 'TECH',
    idStructureCPP: de.id,
    login: 'TECH_SERVICE_ACHATS@cpro.fr',
    motDePasse: 'Service!Achats1',
    services: [monService.code],
  });
  expect(res.statusCode).toBe(201);
  deService = { authorization: h.destinataire.authorization, 'cpro-account': cproAccount('TECH_SERVICE_ACHATS@cpro.fr', 'Service!Achats1') };
  const vers = (code: string) => ({ destinataire: { codeDestinataire: de.identifiant, codeServiceExecutant: code } });
  pourMonService = await deposer(app, sandbox, h.fournisseur, undefined, vers(monService.code));
  pourUnAutreService = await deposer(app, sandbox, h.fournisseur, undefined, vers(autreService.code));
});
afterAll(() => app.close());

describe('a recipient user attached to services', () => {
  it('sees only the invoices addressed to his services', async () => {
    const liste = (await cproPost(app, deService, `${F}/rechercher/recipiendaire`, {})).json();
    const ids = liste.listeFactures.map((f: { idFacture: number }) => f.idFacture);
    expect(ids).toContain(pourMonService);
    expect(ids).not.toContain(pourUnAutreService);
    // The structure-wide technical account sees both.
    const tout = (await cproPost(app, h.destinataire, `${F}/rechercher/recipiendaire`, {})).json();
    const tous = tout.listeFactures.map((f: { idFacture: number }) => f.idFacture);
    expect(tous).toEqual(expect.arrayContaining([pourMonService, pourUnAutreService]));
  });

  it('processes his service’s invoices and not the others', async () => {
    expect((await traiter(app, deService, pourMonService, 'SERVICE_FAIT')).json()).toMatchObject({ codeRetour: 0, nouveauStatut: 'SERVICE_FAIT' });
    const refus = await traiter(app, deService, pourUnAutreService, 'SERVICE_FAIT');
    expect(refus.statusCode).toBe(400);
    expect(refus.json().codeRetour).toBe(20001);
    expect((await cproPost(app, deService, `${F}/consulter/recipiendaire`, { identifiantFactureCPP: pourUnAutreService })).json().codeRetour).toBe(20001);
  });
});
