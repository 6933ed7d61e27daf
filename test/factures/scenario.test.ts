import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, type Acteurs } from '../helpers/factures.js';

let app: FastifyInstance;
let sandbox: TestSandbox;
let h: Acteurs;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 21 });
  h = await acteurs(app, sandbox);
});
afterAll(() => app.close());

describe('factures du matelas', () => {
  it('le fournisseur retrouve ses factures de démonstration, chacune à son statut', async () => {
    const res = (await cproPost(app, h.fournisseur, '/cpro/factures/v1/rechercher/fournisseur', { rechercheFactureParFournisseur: { triColonne: 'NumeroFacture', triSens: 'Ascendant' } })).json();
    const statuts = Object.fromEntries(res.listeFactures.map((f: { numeroFacture: string; statut: string }) => [f.numeroFacture, f.statut]));
    expect(statuts).toEqual({
      'MAT-001': 'MISE_A_DISPOSITION',
      'MAT-002': 'SUSPENDUE',
      'MAT-003': 'REJETEE',
      'MAT-004': 'A_RECYCLER',
      'MAT-005': 'MANDATEE',
      'MAT-006': 'MISE_EN_PAIEMENT',
    });
  });

  it('un reset les remet dans leur état', async () => {
    const [mat1] = (await cproPost(app, h.fournisseur, '/cpro/factures/v1/rechercher/fournisseur', { numeroFacture: 'MAT-001' })).json().listeFactures;
    await cproPost(app, h.destinataire, '/cpro/factures/v1/traiter/recue', { idFacture: mat1.identifiantFactureCPP, nouveauStatut: 'SERVICE_FAIT' });
    const reset = await app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${sandbox.id}/reset`, headers: admin });
    expect(reset.statusCode).toBe(200);
    const h2 = await acteurs(app, sandbox);
    const [apres] = (await cproPost(app, h2.fournisseur, '/cpro/factures/v1/rechercher/fournisseur', { numeroFacture: 'MAT-001' })).json().listeFactures;
    expect(apres).toMatchObject({ identifiantFactureCPP: mat1.identifiantFactureCPP, statut: 'MISE_A_DISPOSITION' });
  });
});
