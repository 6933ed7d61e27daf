import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteursTravaux, T, type ActeursTravaux } from '../helpers/travaux.js';

let app: FastifyInstance;
let sandbox: TestSandbox;
let a: ActeursTravaux;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 15 });
  a = await acteursTravaux(app, sandbox);
});
afterAll(() => app.close());

describe('matelas : le marché de travaux et ses dossiers', () => {
  it('trois dossiers à des étapes différentes : projet chez la MOE, état d’acompte chez la MOA, DG à signer', async () => {
    const res = await cproPost(app, a.titulaire, `${T}/rechercher`, { roleUtilisateur: 'FOURNISSEUR', numeroMarche: 'MARCHE-TRX-2026' });
    const lignes = res.json().listeFacturesTravaux as { numeroFactureTravaux: string; statutFactureTravaux: string }[];
    const statuts = Object.fromEntries(lignes.map((l) => [l.numeroFactureTravaux, l.statutFactureTravaux]));
    expect(statuts).toEqual({
      'MAT-TRX-001': 'MISE_A_DISPOSITION_MOE',
      'MAT-TRX-002': 'ASSOCIEE',
      'MAT-TRX-002-EA': 'MISE_A_DISPOSITION_MOA',
      'MAT-TRX-003': 'ASSOCIEE',
      'MAT-TRX-003-PDG': 'ASSOCIEE',
      'MAT-TRX-003-DG': 'A_ASSOCIER_FOURNISSEUR',
    });
    const moe = (await cproPost(app, a.moe, `${T}/rechercher/atraiter`, { roleUtilisateur: 'MOE' })).json().listeFacturesTravaux;
    expect(moe.map((l: { numeroFactureTravaux: string }) => l.numeroFactureTravaux)).toEqual(['MAT-TRX-001']);
    const moa = (await cproPost(app, a.moa, `${T}/rechercher/atraiter`, { roleUtilisateur: 'MOA' })).json().listeFacturesTravaux;
    expect(moa.map((l: { numeroFactureTravaux: string }) => l.numeroFactureTravaux)).toEqual(['MAT-TRX-002-EA']);
  });

  it('la structure publique qui est sa propre MOA, le sous-traitant, et les dossiers dans le matelas JSON et CSV', async () => {
    const m = (await app.inject({ url: `/_sandbox/sandboxes/${sandbox.id}/matelas`, headers: admin })).json();
    expect(m.structures.find((s: { entite: string }) => s.entite === 'Structure avec MOA').parametres.estMOAUniquement).toBe(true);
    expect(m.structures.find((s: { entite: string }) => s.entite === 'Sous-traitant').type).toBe('PRIVEE');
    expect(m.dossiersTravaux.map((d: { etape: string }) => d.etape)).toEqual(['MISE_A_DISPOSITION_MOE', 'MISE_A_DISPOSITION_MOA', 'A_ASSOCIER_FOURNISSEUR']);
    const csv = (await app.inject({ url: `/_sandbox/sandboxes/${sandbox.id}/matelas.csv`, headers: admin })).body;
    expect(csv).toContain('Fournisseur;Numéro dossier de facturation;DF');
    expect(csv).toMatch(/Fournisseur;Pièce de travaux MAT-TRX-003-DG;\d+ A20_DECOMPTE_GENERAL_MOA A_ASSOCIER_FOURNISSEUR/);
  });
});
