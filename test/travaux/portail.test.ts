import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextOf, getSandbox } from '../../src/modules/control-plane/service.js';
import { actionsPiece, consulterDossierParId, consulterPiece, deposerPieceTravaux, libellePiece, maitresOuvrage, synthese } from '../../src/modules/travaux/portail.js';
import { findUtilisateurByLogin } from '../../src/modules/utilisateurs/repository.js';
import { buildTestApp, createSandbox, type TestSandbox } from '../helpers/app.js';
import { compteOf, matelasOf, structureOf } from '../helpers/organisation.js';
import type { Matelas } from '../../src/modules/control-plane/matelas.js';

/** The services of the portal's « Factures de travaux » espace (src/modules/travaux/portail.ts). */
let app: FastifyInstance;
let sandbox: TestSandbox;
let matelas: Matelas;
const ctx = () => contextOf(app.db, getSandbox(app.db, sandbox.id));
const personne = (entite: string) => findUtilisateurByLogin(ctx(), compteOf(matelas, entite, 'GP').login)!;
const piece = (numero: string) => matelas.dossiersTravaux.flatMap((d) => d.pieces).find((p) => p.numeroFactureTravaux === numero)!.idFactureTravaux;
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 33 });
  matelas = await matelasOf(app, sandbox);
});
afterAll(() => app.close());

describe('services du portail pour les factures de travaux', () => {
  it('nomme les pièces comme le glossaire, avec le numéro du cadre', () => {
    expect(libellePiece('A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR')).toBe('Projet de décompte mensuel du titulaire (A4)');
    expect(libellePiece('A19_ETAT_ACOMPTE_VALIDE_MOA')).toBe('État d’acompte validé par la maîtrise d’ouvrage (A19)');
    expect(libellePiece('A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR')).toContain('(DGD)');
    expect(libellePiece('A99_INCONNU')).toBe('A99_INCONNU');
  });

  it('les actions offertes viennent du circuit : la MOE prend en compte, refuse, demande un complément ; le titulaire n’a rien à faire', () => {
    const moe = actionsPiece(ctx(), personne('MOE'), piece('MAT-TRX-001'));
    expect(moe).toMatchObject({ role: 'MOE', prendreEnCompte: true, demanderCompleter: true, completer: undefined });
    expect(moe.motifsRefus).toEqual(expect.arrayContaining(['AUTRE', 'MAUVAISE_MOE', 'ERREUR_MONTANT']));
    expect(moe.motifsRefus).not.toContain('MAUVAISE_MOA');
    // The MOE answers a projet de décompte mensuel with its état d'acompte (A15) or an état d'acompte validé (A16), never the MOA's A19.
    expect(moe.suivantes.sort()).toEqual(['A15_ETAT_ACOMPTE_MOE', 'A16_ETAT_ACOMPTE_VALIDE_MOE']);
    const titulaire = actionsPiece(ctx(), personne('Fournisseur'), piece('MAT-TRX-001'));
    expect(titulaire).toEqual({ role: undefined, prendreEnCompte: false, motifsRefus: [], demanderCompleter: false, completer: undefined, suivantes: [], demanderRecyclage: false, recycler: undefined });
    expect(moe.demanderRecyclage).toBe(true);
    // The décompte général waits for the titulaire's signature: the DGD (A8) follows it.
    const signature = actionsPiece(ctx(), personne('Fournisseur'), piece('MAT-TRX-003-DG'));
    expect(signature.suivantes).toEqual(['A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR']);
    expect(signature.motifsRefus).toEqual(expect.arrayContaining(['AUTRE']));
    // A piece already associated offers nothing.
    expect(actionsPiece(ctx(), personne('MOE'), piece('MAT-TRX-002')).suivantes).toEqual([]);
  });

  it('un dossier ou une pièce hors de portée reçoit le même refus qu’un identifiant inconnu', () => {
    const dossier = matelas.dossiersTravaux[0]!.idDossierFacturation;
    expect(consulterDossierParId(ctx(), personne('MOE'), dossier).roles).toEqual(['MOE']);
    for (const id of [dossier, 999_999, Number.NaN]) expect(() => consulterDossierParId(ctx(), personne('Destinataire 2'), id)).toThrow(/ni titulaire/);
    for (const id of [piece('MAT-TRX-001'), 999_999, -1]) expect(() => consulterPiece(ctx(), personne('Destinataire 2'), id)).toThrow(/ni titulaire/);
  });

  it('le dépôt stocke le PDF et soumet la pièce ; un refus ne laisse aucun fichier et nomme le champ du formulaire', () => {
    const titulaire = personne('Titulaire');
    const base = {
      cadre: 'A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR',
      numero: 'SRV-001',
      dateFacture: '2026-11-30',
      idFournisseur: structureOf(matelas, 'Titulaire').idStructureCPP,
      siretMoe: structureOf(matelas, 'MOE').identifiant,
      idMoa: structureOf(matelas, 'MOA').idStructureCPP,
      montantHt: 100,
      montantTva: 20,
      montantTtc: 120,
      fichier: { nom: 'pdm.pdf', contenu: PDF },
    };
    const compter = () => ctx().db.$client.prepare('SELECT count(*) AS n FROM pieces_jointes WHERE sandbox_id = ?').get(sandbox.id) as { n: number };
    const avant = compter().n;
    expect(() => deposerPieceTravaux(ctx(), titulaire, { ...base, montantTtc: 121 })).toThrow(expect.objectContaining({ champ: 'montantTtc' }));
    expect(() => deposerPieceTravaux(ctx(), titulaire, { ...base, idMoa: structureOf(matelas, 'Destinataire 2').idStructureCPP })).toThrow(expect.objectContaining({ champ: 'idMoa' }));
    expect(() => deposerPieceTravaux(ctx(), titulaire, { ...base, fichier: { nom: 'a.txt', contenu: Buffer.from('texte') } })).toThrow(expect.objectContaining({ champ: 'fichier' }));
    expect(() => deposerPieceTravaux(ctx(), titulaire, { ...base, siretMoe: '12345678901234' })).toThrow(expect.objectContaining({ champ: 'siretMoe' }));
    expect(compter().n).toBe(avant);
    const r = deposerPieceTravaux(ctx(), titulaire, base);
    expect(r.statutFactureTravaux).toBe('MISE_A_DISPOSITION_MOE');
    expect(compter().n).toBe(avant + 1);
    expect(maitresOuvrage(ctx()).map((s) => s.raisonSociale)).toEqual(expect.arrayContaining(['OFFICE PUBLIC DE L\'HABITAT EXEMPLE', 'COMMUNE MAITRE D\'OUVRAGE EXEMPLE']));
    const s = synthese(ctx(), personne('MOE'), {});
    expect(s.aTraiter.map((l) => l.numeroFactureTravaux)).toEqual(expect.arrayContaining(['SRV-001', 'MAT-TRX-001']));
    expect(synthese(ctx(), personne('MOE'), { role: 'MOA' }).pieces.listeFacturesTravaux).toEqual([]);
  });
});
