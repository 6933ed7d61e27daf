import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, cproHeaders, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { structure } from '../helpers/factures.js';
import { acteursTravaux, idDe, piece, T, type ActeursTravaux } from '../helpers/travaux.js';

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

describe('sans MOE, sous-traitant, notifications', () => {
  it('la « Structure avec MOA » reçoit le projet du titulaire et paie elle-même (pas de destinataire : la MOA paie)', async () => {
    const moaSeule = structure(app, sandbox.id, 'Structure avec MOA');
    const h = await cproHeaders(app, sandbox, 'Structure avec MOA');
    const body = await piece(app, a.titulaire, 'A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR', 4000, { fournisseur: { idFournisseur: a.ids.titulaire }, moa: { idStructureMoa: moaSeule.id } });
    const depot = await cproPost(app, a.titulaire, `${T}/soumettre`, body);
    const a4 = idDe(depot);
    expect(depot.json().statutFactureTravaux).toBe('A_ASSOCIER_MOA');
    const a19 = idDe(await cproPost(app, h, `${T}/soumettre`, await piece(app, h, 'A19_ETAT_ACOMPTE_VALIDE_MOA', 4000, { piecePrecedente: { idFactureTravaux: a4 } })));
    const recues = (await cproPost(app, h, '/cpro/factures/v1/rechercher/recipiendaire', {})).json().listeFactures.map((f: { idFacture: number }) => f.idFacture);
    expect(recues).toContain(a19);
    expect(recues).not.toContain(a4);
  });

  it('le sous-traitant dépose son projet de décompte mensuel (A10) à la MOE', async () => {
    const st = structure(app, sandbox.id, 'Sous-traitant');
    const h = await cproHeaders(app, sandbox, 'Sous-traitant');
    const body = await piece(app, h, 'A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT', 3000, {
      fournisseur: { idFournisseur: st.id },
      moe: { idStructureMoe: a.ids.moe },
      moa: { idStructureMoa: a.ids.moa },
      destinataire: { codeDestinataire: a.ids.codePayeur },
    });
    const res = await cproPost(app, h, `${T}/soumettre`, body);
    expect(res.json(), res.body).toMatchObject({ codeRetour: 0, typeFactureTravaux: 'PROJET_DECOMPTE_MENSUEL', statutFactureTravaux: 'MISE_A_DISPOSITION_MOE' });
    // The titulaire cannot deposit in the sub-contractor's name.
    expect((await cproPost(app, a.titulaire, `${T}/soumettre`, { ...body, numeroFactureTravaux: 'AUTRE-1' })).statusCode).toBe(400);
  });

  it('les utilisateurs de la MOE et de la MOA sont notifiés des pièces de leurs dossiers (§13)', async () => {
    const m = (await app.inject({ url: `/_sandbox/sandboxes/${sandbox.id}/matelas`, headers: admin })).json();
    const login = (entite: string) => m.comptes.find((c: { entite: string; type: string }) => c.entite === entite && c.type === 'US').login;
    for (const entite of ['MOE', 'MOA']) {
      const res = await app.inject({ url: `/_sandbox/sandboxes/${sandbox.id}/notifications?login=${encodeURIComponent(login(entite))}`, headers: admin });
      expect(res.statusCode, res.body).toBe(200);
      expect(JSON.stringify(res.json()), entite).toContain('TRAVAUX_MISE_A_DISPOSITION_MOE');
    }
  });
});

describe('factures/v1/rechercher/demandePaiement', () => {
  it('trouve les pièces de travaux (FACTURE_TRAVAUX) avec leur MOE, leur MOA et leur dossier', async () => {
    const res = await cproPost(app, a.titulaire, '/cpro/factures/v1/rechercher/demandePaiement', { typeDemandePaiement: 'FACTURE_TRAVAUX', numeroFacture: 'MAT-TRX-001' });
    expect(res.statusCode, res.body).toBe(200);
    const [ligne] = res.json().listeDemandePaiement;
    expect(ligne).toMatchObject({
      typeDemandePaiement: 'FACTURE_TRAVAUX',
      typeFactureTravaux: 'PROJET_DECOMPTE_MENSUEL',
      idStructureMoe: a.ids.moe,
      idStructureMoa: a.ids.moa,
      numeroDossierFacturation: expect.stringMatching(/^DF\d+$/),
    });
    const parDossier = await cproPost(app, a.titulaire, '/cpro/factures/v1/rechercher/demandePaiement', {
      numeroDossierFacturation: ligne.numeroDossierFacturation,
      structureMoe: { idStructureMoe: a.ids.moe },
      structureMoa: { idStructureMoa: a.ids.moa },
    });
    expect(parDossier.json().listeDemandePaiement.map((l: { numeroDemandePaiement: string }) => l.numeroDemandePaiement)).toEqual(['MAT-TRX-001']);
    const autreMoa = await cproPost(app, a.titulaire, '/cpro/factures/v1/rechercher/demandePaiement', { structureMoa: { idStructureMoa: a.ids.payeur } });
    expect(autreMoa.json().listeDemandePaiement ?? []).toEqual([]);
    const simples = await cproPost(app, a.titulaire, '/cpro/factures/v1/rechercher/demandePaiement', { typeDemandePaiement: 'FACTURE', numeroFacture: 'MAT-TRX-001' });
    expect(simples.json().listeDemandePaiement ?? []).toEqual([]);
  });
});
