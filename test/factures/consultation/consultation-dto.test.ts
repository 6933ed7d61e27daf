import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cproPost, createSandbox, type TestSandbox } from '../../helpers/app.js';
import { acteurs, deposer, factureSaisie, structure, type Acteurs } from '../../helpers/factures.js';

// Every field of the official FactureCppEmise / FactureCpp and search-row models is on the wire
// (null where the sandbox has no value): the responses are serialised through zod schemas.

let app: FastifyInstance;
let sandbox: TestSandbox;
let h: Acteurs;
let idFacture: number;
let numeroOrigine: string;
let idAvoir: number;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 5 });
  h = await acteurs(app, sandbox);
  const corps = factureSaisie(app, sandbox.id);
  numeroOrigine = corps.numeroFactureSaisi;
  const res = await cproPost(app, h.fournisseur, '/cpro/factures/v1/soumettre', corps);
  expect(res.statusCode).toBe(200);
  idFacture = res.json().identifiantFactureCPP;
  idAvoir = await deposer(app, sandbox, h.fournisseur, undefined, {
    references: { deviseFacture: 'EUR', typeFacture: 'AVOIR', typeTva: 'TVA_SUR_DEBIT', numeroBonCommande: 'EJ-1', numeroFactureOrigine: numeroOrigine },
    montantTotal: { montantHtTotal: -150, montantTVA: -30, montantTtcTotal: -180, montantAPayer: -180 },
  });
});
afterAll(() => app.close());

const consulter = async (vue: 'fournisseur' | 'recipiendaire', id: number) => {
  const res = await cproPost(app, vue === 'fournisseur' ? h.fournisseur : h.destinataire, `/cpro/factures/v1/consulter/${vue}`, { identifiantFactureCPP: id });
  expect(res.statusCode).toBe(200);
  return res.json().facture;
};

describe('consulter : champs des modèles officiels', () => {
  it('fournisseur : cadre, pièces, références, coordonnées bancaires dérivées de l’IBAN', async () => {
    const f = await consulter('fournisseur', idFacture);
    expect(f.cadreDeFacturation).toMatchObject({ codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR', idValideur1: null, dateValidation2: null, designationValideur2: null });
    expect(f.cadreDeFacturation).toHaveProperty('idMoe', null);
    expect(f.cadreDeFacturation).toHaveProperty('designationMoa', null);
    expect(f.piecePrecedente).toHaveProperty('numeroPiecePrecedente', null);
    // Swagger quirk: FactureCppEmise's PieceSuivante spells numeroPieceSuiante.
    expect(f.pieceSuivante).toEqual({ cadreFacturationPieceSuivante: null, idPieceSuivante: null, numeroPieceSuiante: null });
    expect(f.references).toMatchObject({ libelleDeviseFacture: 'Euro', dateEcheancePaiement: null, libelleMotifExonerationTva: null, typeFactureTravaux: null });

    const fo = structure(app, sandbox.id, 'Fournisseur');
    const iban = fo.coordonnees.find((c) => c.id === f.fournisseur.coordBancairesFournisseurId)!.iban.replace(/\s+/g, '');
    expect(iban.startsWith('FR')).toBe(true);
    expect(f.fournisseur).toMatchObject({
      coordBancairesFournisseurCodePays: 'FR',
      coordBancairesFournisseurCleIban: iban.slice(2, 4),
      coordBancairesFournisseurCodeBanque: iban.slice(4, 9),
      coordBancairesCodeGuichet: iban.slice(9, 14),
      coordBancairesFournisseurCleRib: iban.slice(25, 27),
      adresseFournisseurId: null,
      adresseFournisseurLibellePays: 'France',
    });
    expect(f.fournisseur).toHaveProperty('adresseFournisseurComplement1');
    expect(f.fournisseur).toHaveProperty('adresseFournisseurComplement2');
    expect(f.fournisseur.affactureur).toEqual({ affactureurId: null, affactureurCode: null, affactureurTypeIdentifiant: null, affactureurRaisonSociale: null, affactureurCodePays: null });
    expect(f.destinataire).toMatchObject({ adresseDestinataireId: null, adresseDestinataireLibellePays: 'France' });
    expect(f.destinataire).toHaveProperty('adresseDestinataireComplement1');
    expect(f.destinataire).toHaveProperty('adresseDestinataireComplement2');
    expect(f.lignesDePoste.lignePoste[0]).toHaveProperty('lignePosteUniteCode', null);
    expect(f.recapitulatifDeTva.ligneTva[0]).toMatchObject({ ligneTvaTauxRefCode: 'TVA2', ligneTvaTauxRefId: 2, ligneTvaTauxRefLibelle: 'Taux normal' });
  });

  it('AVOIR : la pièce précédente est la facture d’origine', async () => {
    const f = await consulter('fournisseur', idAvoir);
    expect(f.piecePrecedente).toMatchObject({ idPiecePrecedente: idFacture, numeroPiecePrecedente: numeroOrigine, cadreFacturationPiecePrecedente: 'A1_FACTURE_FOURNISSEUR' });
    expect(f.piecePrecedente.identifiantDestinatairePiecePrecedente).toBe(f.destinataire.codeDestinataire);
  });

  it('recipiendaire : mêmes champs, et numeroPieceSuivante bien orthographié', async () => {
    const f = await consulter('recipiendaire', idAvoir);
    expect(f.cadreDeFacturation).toHaveProperty('idMoe', null);
    expect(f.piecePrecedente).toHaveProperty('numeroPiecePrecedente', numeroOrigine);
    expect(f.pieceSuivante).toEqual({ cadreFacturationPieceSuivante: null, idPieceSuivante: null, numeroPieceSuivante: null });
    expect(f.references).toHaveProperty('libelleDeviseFacture', 'Euro');
    expect(f.fournisseur).toHaveProperty('coordBancairesFournisseurCodeBanque');
    expect(f.fournisseur.affactureur).toHaveProperty('affactureurRaisonSociale', null);
    expect(f.destinataire).toHaveProperty('adresseDestinataireLibellePays', 'France');
  });
});

describe('rechercher : champs des lignes', () => {
  it('recipiendaire et atraiter/recipiendaire : MOE / MOA à null', async () => {
    for (const url of ['/cpro/factures/v1/rechercher/recipiendaire', '/cpro/factures/v1/rechercher/atraiter/recipiendaire']) {
      const res = await cproPost(app, h.destinataire, url, {});
      expect(res.statusCode).toBe(200);
      const l = res.json().listeFactures[0];
      for (const k of ['codeMOA', 'designationMOA', 'typeIdentifiantMOA', 'codeMOE', 'designationMOE', 'typeIdentifiantMOE']) expect(l).toHaveProperty(k, null);
    }
  });

  it('fournisseur : valideurs, affactureur et coordonnées bancaires', async () => {
    const res = await cproPost(app, h.fournisseur, '/cpro/factures/v1/rechercher/fournisseur', { numeroFacture: numeroOrigine });
    expect(res.statusCode).toBe(200);
    const l = res.json().listeFactures[0];
    expect(l).toMatchObject({ codeValideur1: null, dateValidation2: null, affactureurCode: null, affactureurRaisonSociale: null, coordBancairesFournisseurCodePays: 'FR' });
    expect(l.coordBancairesFournisseurCodeBanque).toMatch(/^\d{5}$/);
    expect(l.coordBancairesFournisseurCompteBancaire).toMatch(/^FR/);
    expect(l).toHaveProperty('coordBancairesFournisseurNomCb');
  });
});
