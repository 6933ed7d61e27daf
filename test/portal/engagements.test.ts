import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Matelas } from '../../src/modules/control-plane/matelas.js';
import { contextOf, getSandbox } from '../../src/modules/control-plane/service.js';
import { creerEngagement } from '../../src/modules/engagements/service.js';
import { buildTestApp, createSandbox, type TestSandbox } from '../helpers/app.js';
import { compteOf, matelasOf } from '../helpers/organisation.js';
import { Navigateur, portailDe, seConnecter } from '../helpers/portail.js';

let app: FastifyInstance;
let bac: TestSandbox;
let matelas: Matelas;

beforeAll(async () => {
  app = await buildTestApp();
  bac = await createSandbox(app, { nom: 'portail-engagements' });
  matelas = await matelasOf(app, bac);
});
afterAll(async () => app.close());

async function connecte(sandbox: TestSandbox, m: Matelas, entite: string) {
  const compte = compteOf(m, entite, 'GP');
  const nav = new Navigateur(app, portailDe(sandbox));
  await seConnecter(app, nav, sandbox.id, compte.login, compte.motDePasse);
  return nav;
}

describe('portail : Engagements', () => {
  it('la structure publique voit ses engagements juridiques (numéro, libellé, montant en euros, service, état), pas ceux des autres', async () => {
    const entite = 'Destinataire avec EJ obligatoire';
    const miens = matelas.engagements.filter((e) => e.entite === entite);
    const autres = matelas.engagements.filter((e) => e.entite !== entite && e.fournisseur === null);
    expect(miens.length).toBeGreaterThan(0);
    const nav = await connecte(bac, matelas, entite);
    const res = await nav.get('/engagements');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('aria-current="page">Engagements');
    for (const e of miens.slice(0, 20)) expect(res.body).toContain(`<td>${e.numero}</td>`);
    const e = miens[0]!;
    if (e.libelle) expect(res.body).toContain(e.libelle.replaceAll("'", '&#39;'));
    if (e.montantTTC !== null) expect(res.body).toContain(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(e.montantTTC));
    expect(res.body).toContain('Commandé');
    for (const a of autres) if (!miens.some((m) => m.numero === a.numero)) expect(res.body).not.toContain(`<td>${a.numero}</td>`);
  });

  it('la recherche par numéro trouve l’engagement ; un numéro trop long ou un état inconnu sont refusés à côté du champ', async () => {
    const entite = 'Destinataire avec EJ obligatoire';
    const [e] = matelas.engagements.filter((x) => x.entite === entite);
    const nav = await connecte(bac, matelas, entite);
    const res = await nav.get(`/engagements?numero=${encodeURIComponent(e!.numero)}`);
    expect(res.body).toContain('1 engagement.');
    expect(res.body).toContain(`<td>${e!.numero}</td>`);
    const aucun = await nav.get('/engagements?numero=INEXISTANT');
    expect(aucun.body).toContain('Aucun engagement ne correspond.');
    const long = await nav.get(`/engagements?numero=${'X'.repeat(60)}`);
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('id="champ-numero-erreur"');
    const etat = await nav.get('/engagements?etat=SOLDE');
    expect(etat.statusCode).toBe(400);
    expect(etat.body).toContain('id="champ-etat-erreur"');
  });

  it('isolation : l’engagement créé dans un bac à sable n’apparaît pas dans un autre', async () => {
    const entite = 'Destinataire avec EJ obligatoire';
    const ctx = contextOf(app.db, getSandbox(app.db, bac.id));
    const idStructure = matelas.structures.find((s) => s.entite === entite)!.idStructureCPP;
    creerEngagement(ctx, { numero: 'EJ-ISOLATION-42', structureId: idStructure, libelle: 'Fournitures de bureau', montantHt: 1000, montantTtc: 1200 });
    const ici = await connecte(bac, matelas, entite);
    const vu = await ici.get('/engagements?numero=EJ-ISOLATION-42');
    expect(vu.body).toContain('<td>Fournitures de bureau</td>'.slice(4, -5));
    expect(vu.body).toMatch(/1\s200,00\s€/);
    const bac2 = await createSandbox(app, { nom: 'portail-engagements-2' });
    const m2 = await matelasOf(app, bac2);
    const ailleurs = await connecte(bac2, m2, entite);
    const res = await ailleurs.get('/engagements');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('EJ-ISOLATION-42');
  });
});
