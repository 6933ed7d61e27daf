import type { FastifyInstance } from 'fastify';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, factureSaisie, structure, type Acteurs } from '../helpers/factures.js';

/** rechercher/pj/moncompte, rechercher/pj/structure, telecharger/pieceJointe, detacherPieceJointe (chorus-api §3.3). */
let app: FastifyInstance;
let sandbox: TestSandbox;
let h: Acteurs;
const T = '/cpro/transverses/v1';
let utilisee: number;
let libre: number;
let idFacture: number;

async function ajouter(nom: string): Promise<number> {
  const res = await cproPost(app, h.fournisseur, `${T}/ajouter/fichier`, {
    pieceJointeFichier: Buffer.from(`contenu de ${nom}`).toString('base64'), pieceJointeNom: nom, pieceJointeTypeMime: 'text/plain', pieceJointeExtension: 'txt',
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().pieceJointeId;
}

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app);
  h = await acteurs(app, sandbox);
  utilisee = await ajouter('bon-livraison.txt');
  libre = await ajouter('brouillon.txt');
  const res = await cproPost(app, h.fournisseur, '/cpro/factures/v1/soumettre', {
    ...factureSaisie(app, sandbox.id),
    pieceJointeComplementaire: [{ pieceJointeComplementaireDesignation: 'Bon de livraison', pieceJointeComplementaireType: 'BON_LIVRAISON', pieceJointeComplementaireId: utilisee }],
  });
  expect(res.statusCode, res.body).toBe(200);
  idFacture = res.json().identifiantFactureCPP;
});
afterAll(() => app.close());

describe('rechercher/pj', () => {
  it('moncompte lists the caller’s files with the invoice using them', async () => {
    const res = (await cproPost(app, h.fournisseur, `${T}/rechercher/pj/moncompte`, {})).json();
    expect(res.codeRetour).toBe(0);
    const parId = new Map(res.listePiecesJointes.map((l: { pieceJointeId: number }) => [l.pieceJointeId, l]));
    expect(parId.get(utilisee)).toMatchObject({ pieceJointeObjetId: idFacture, pieceJointeTypeCode: 'BON_LIVRAISON', pieceJointeDesignation: 'Bon de livraison', pieceJointeExtension: 'TXT' });
    expect(parId.get(libre)).toMatchObject({ pieceJointeObjetId: null, pieceJointeTypeCode: null, pieceJointeDesignation: 'brouillon.txt' });
    const filtre = (await cproPost(app, h.fournisseur, `${T}/rechercher/pj/moncompte`, { pieceJointeDesignation: 'brouil', pieceJointeTypeId: '' })).json();
    expect(filtre.listePiecesJointes.map((l: { pieceJointeId: number }) => l.pieceJointeId)).toEqual([libre]);
    const autre = (await cproPost(app, h.destinataire, `${T}/rechercher/pj/moncompte`, {})).json();
    expect(autre).toMatchObject({ codeRetour: 20000, listePiecesJointes: [] });
  });

  it('structure lists the files of the structure’s users, with the structure', async () => {
    const fo = structure(app, sandbox.id, 'Fournisseur');
    const res = (await cproPost(app, h.fournisseur, `${T}/rechercher/pj/structure`, { idStructureCPP: fo.id })).json();
    expect(res.listePiecesJointes.length).toBeGreaterThanOrEqual(2);
    expect(res.listePiecesJointes[0]).toMatchObject({ pieceJointeStructureId: fo.id, pieceJointeStructureCode: fo.identifiant });
    const de = structure(app, sandbox.id, 'Destinataire sans paramètre');
    expect((await cproPost(app, h.fournisseur, `${T}/rechercher/pj/structure`, { idStructureCPP: de.id })).statusCode).toBe(400);
    expect((await cproPost(app, h.fournisseur, `${T}/rechercher/pj/structure`, {})).json().libelle).toContain('idStructureCPP');
  });
});

describe('telecharger/pieceJointe', () => {
  it('DEMANDE_PAIEMENT gives the invoice and its attachments', async () => {
    const res = await cproPost(app, h.fournisseur, `${T}/telecharger/pieceJointe`, {
      objetPieceJointe: 'DEMANDE_PAIEMENT',
      demandePaiement: { avecPiecesJointesComplementaires: 'OUI', format: 'PDF', listeFacture: [{ idFacture }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const noms = Object.keys(unzipSync(Buffer.from(res.json().pieceJointe, 'base64')));
    expect(noms.some((n) => n.includes('bon-livraison'))).toBe(true);
  });

  it('objects without files in the sandbox, and unknown objects, are refused naming them', async () => {
    const ej = await cproPost(app, h.fournisseur, `${T}/telecharger/pieceJointe`, { objetPieceJointe: 'ENGAGEMENT_JURIDIQUE', engagementJuridique: { numeroEngagementJuridique: 'EJ-1' } });
    expect(ej.json()).toMatchObject({ codeRetour: 20125, libelle: expect.stringContaining('ENGAGEMENT_JURIDIQUE') });
    const inconnu = await cproPost(app, h.fournisseur, `${T}/telecharger/pieceJointe`, { objetPieceJointe: 'LIVRE' });
    expect(inconnu.statusCode).toBe(400);
    expect(inconnu.json().libelle).toContain('objetPieceJointe');
  });
});

describe('detacherPieceJointe', () => {
  it('deletes an unused upload of the caller, refuses one an invoice uses or another user’s', async () => {
    expect((await cproPost(app, h.fournisseur, `${T}/detacherPieceJointe`, { idPieceJointeObjet: utilisee })).json().codeRetour).toBe(20126);
    expect((await cproPost(app, h.destinataire, `${T}/detacherPieceJointe`, { idPieceJointeObjet: libre })).json().codeRetour).toBe(20117);
    expect((await cproPost(app, h.fournisseur, `${T}/detacherPieceJointe`, { idPieceJointeObjet: libre })).json()).toEqual({ codeRetour: 0, libelle: 'TRA_MSG_00.000' });
    expect((await cproPost(app, h.fournisseur, `${T}/detacherPieceJointe`, { idPieceJointeObjet: libre })).json().codeRetour).toBe(20117);
  });
});
