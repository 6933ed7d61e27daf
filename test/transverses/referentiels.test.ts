import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erreurs } from '../../src/errors/catalogue/index.js';
import { buildTestApp, cproAccountHeader, createSandbox, cproHeaders, technicalAccount, token, type TestSandbox } from '../helpers/app.js';
import { statutsOfficiels } from '../helpers/circuits.js';
import { expectRefus, transverses, TRANSVERSES } from '../helpers/transverses.js';

let app: FastifyInstance;
let sandbox: TestSandbox;
let headers: Record<string, string>;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 11 });
  headers = await cproHeaders(app, sandbox);
});
afterAll(() => app.close());

const lire = async (path: string, body: unknown = {}) => {
  const res = await transverses(app, headers, path, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('health-check', () => {
  it('answers the gateway body exactly', async () => {
    const res = await app.inject({ method: 'GET', url: `${TRANSVERSES}/health-check`, headers });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('{"body":"L\'API CPRO est actuellement disponible et fonctionnel.","statusCodeValue":200,"statusCode":"OK"}');
  });

  it('is a 401 with a wrong technical account, a missing token or an unknown login', async () => {
    const compte = technicalAccount(app, sandbox.id, 'Fournisseur');
    const jeton = `Bearer ${await token(app, sandbox)}`;
    const cas = [
      { authorization: jeton, 'cpro-account': cproAccountHeader({ ...compte, motDePasse: 'mauvais-mot-de-passe' }) },
      { authorization: jeton, 'cpro-account': cproAccountHeader({ login: 'TECH_1_inconnu@cpro.fr', motDePasse: 'x' }) },
      { 'cpro-account': headers['cpro-account'] },
    ];
    for (const h of cas) {
      const res = await app.inject({ method: 'GET', url: `${TRANSVERSES}/health-check`, headers: h });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toContain('PISTE');
    }
  });
});

describe('langue', () => {
  it('accepts codeLangue in any case, EN giving the same (French) labels', async () => {
    const fr = await lire('recuperer/devises', { codeLangue: 'FR' });
    for (const codeLangue of ['fr', 'EN', 'en', ' Fr ', null]) {
      expect(await lire('recuperer/devises', { codeLangue })).toEqual(fr);
    }
    expectRefus(await transverses(app, headers, 'recuperer/devises', { codeLangue: 'DE' }), erreurs.CHAMP_INVALIDE.codeRetour, 'codeLangue');
  });
});

describe('code lists', () => {
  it('devises, pays and taux de TVA carry their real codes', async () => {
    const devises = await lire('recuperer/devises', {});
    expect(devises).toMatchObject({ codeRetour: 0, libelle: 'TRA_MSG_00.000' });
    expect(devises.listeDevises).toContainEqual({ codeDevise: 'EUR', libelleDevise: expect.stringMatching(/^Euro/) });
    const pays = await lire('recuperer/pays', { codeLangue: 'FR' });
    expect(pays.listePays).toContainEqual({ codePays: 'FR', libellePays: 'France' });
    expect(pays.listePays).toContainEqual({ codePays: 'AD', libellePays: 'Andorre' });
    const tva = await lire('recuperer/tauxtva', {});
    expect(tva.listeTauxTva[0]).toEqual({ codeTauxTva: 'TVA1', libelleTauxTva: 'Art 293B(FranchiseEnBase)', valeurTauxTva: 0 });
    expect(tva.listeTauxTva).toContainEqual(expect.objectContaining({ valeurTauxTva: 20 }));
  });

  it('lists with top-level pagination say they hold everything on one page', async () => {
    for (const [path, liste] of [
      ['recuperer/motifs/exonerationtva', 'listeMotifsExonerationTva'],
      ['recuperer/modedepot', 'listeModeDepot'],
      ['recuperer/formatflux', 'listeFormatFlux'],
    ]) {
      const body = await lire(path);
      const n = body[liste].length;
      expect(n).toBeGreaterThan(0);
      expect(body).toMatchObject({ codeRetour: 0, pageCourante: 1, pages: 1, nbResultatsParPage: n, total: n });
    }
    const depot = await lire('recuperer/modedepot');
    expect(depot.listeModeDepot.slice(0, 2)).toEqual([{ modeDepot: 'SAISIE_WEB' }, { modeDepot: 'PORTAIL_PDF' }]);
    expect(depot.listeModeDepot).toContainEqual({ modeDepot: 'SAISIE_API' });
    const motifs = await lire('recuperer/motifs/exonerationtva', { codeLangue: 'fr' });
    expect(Object.keys(motifs.listeMotifsExonerationTva[0])).toEqual(['codeMotifExonerationTva', 'libelleMotifExonerationTva']);
    expect((await lire('recuperer/formatflux')).listeFormatFlux).toEqual([
      { formatFlux: 'IN_DP_E1_STRUCT' },
      { formatFlux: 'IN_DP_E2_MIXTE' },
      { formatFlux: 'IN_DP_E2_FACTURX' },
    ]);
  });

  it('modes de règlement, types d’identifiant, types de facture de travaux', async () => {
    expect((await lire('recuperer/modereglements')).listeModePaiement).toContainEqual({ modePaiement: 'VIREMENT' });
    const types = (await lire('recuperer/typeidentifiant/structure')).listeTypeIdentifiant;
    expect(types.map((t: { typeIdentifiantStructure: string }) => t.typeIdentifiantStructure)).toEqual([
      'SIRET', 'UE_HORS_FRANCE', 'HORS_UE', 'RIDET', 'TAHITI', 'AUTRE', 'PARTICULIER',
    ]);
    const travaux = (await lire('recuperer/typefacturetravaux')).listeTypeFactureTravaux;
    expect(travaux).toHaveLength(11);
    expect(travaux).toContainEqual({ typeFactureTravaux: 'ETAT_ACOMPTE' });
  });

  it('cadres de facturation, filtered by typeDemandePaiement in any case', async () => {
    const tous = (await lire('recuperer/cadrefacturation')).listeCadreFacturation;
    expect(tous).toHaveLength(25);
    expect(tous[0]).toEqual({ codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR' });
    const factures = (await lire('recuperer/cadrefacturation', { typeDemandePaiement: 'facture' })).listeCadreFacturation;
    expect(factures.map((c: { codeCadreFacturation: string }) => c.codeCadreFacturation)).toEqual([
      'A1_FACTURE_FOURNISSEUR', 'A2_FACTURE_FOURNISSEUR_DEJA_PAYEE', 'A9_FACTURE_SOUSTRAITANT', 'A12_FACTURE_COTRAITANT',
    ]);
    expectRefus(await transverses(app, headers, 'recuperer/cadrefacturation', { typeDemandePaiement: 'AVOIR' }), erreurs.CHAMP_INVALIDE.codeRetour, 'typeDemandePaiement');
  });

  it('types de demande de paiement, with the libellé the Go client records', async () => {
    // The typeDemandePaiement enum of the official swagger (RechercherDemandePaiementParam).
    expect(await lire('recuperer/typedp')).toEqual({
      codeRetour: 0,
      libelle: 'GCU_MSG_01_000',
      listeTypeDemandePaiement: ['FACTURE', 'FACTURE_TRAVAUX', 'MEMOIRE_JUSTICE', 'DEMANDE_REMBOURSEMENT'].map((typeDemandePaiement) => ({ typeDemandePaiement })),
    });
  });

  it('types de pièce jointe, filtered by typeObjet', async () => {
    const tous = (await lire('recuperer/typespj', { codeLangue: 'FR' })).listeTypePieceJointe;
    expect(tous[0]).toEqual({ idTypePieceJointe: expect.any(Number), codeTypePieceJointe: expect.any(String), libelleTypePieceJointe: expect.any(String), typeObjet: expect.any(String) });
    const factures = (await lire('recuperer/typespj', { typeObjet: 'facture' })).listeTypePieceJointe;
    expect(factures.length).toBeGreaterThan(0);
    expect(factures.length).toBeLessThan(tous.length);
    expect(factures.every((t: { typeObjet: string }) => t.typeObjet === 'FACTURE')).toBe(true);
    expectRefus(await transverses(app, headers, 'recuperer/typespj', { typeObjet: 'VOITURE' }), erreurs.CHAMP_INVALIDE.codeRetour, 'typeObjet');
  });

  it('syntaxes de flux, by format', async () => {
    expect((await lire('recuperer/syntaxeflux')).listeSyntaxeFlux).toHaveLength(13);
    expect((await lire('recuperer/syntaxeflux', { formatFlux: 'IN_DP_E2_FACTURX' })).listeSyntaxeFlux).toEqual([{ syntaxeFlux: 'IN_DP_E2_CII_FACTURX' }]);
    const e1 = (await lire('recuperer/syntaxeflux', { formatFlux: 'in_dp_e1_struct' })).listeSyntaxeFlux;
    expect(e1).toContainEqual({ syntaxeFlux: 'IN_DP_E1_UBL_INVOICE' });
    expect(e1.every((s: { syntaxeFlux: string }) => s.syntaxeFlux.startsWith('IN_DP_E1_'))).toBe(true);
  });
});

describe('statuts', () => {
  it('etat/typedp lists the statuses of each type; together they are the 56 official ones', async () => {
    const facture = (await lire('recuperer/etat/typedp', { typeDemandePaiement: 'FACTURE' })).listeEtatDemandePaiement;
    // The simple invoice's statuses (chorus-domain §6.1, §7) and the validation circuit's (§8) are FACTURE states;
    // the works statuses (§9) are not.
    for (const s of ['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'A_RECYCLER', 'SUSPENDUE', 'COMPLETEE', 'REJETEE', 'SERVICE_FAIT', 'MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE', 'COMPTABILISEE', 'MISE_EN_PAIEMENT', 'A_VALIDER_1', 'VALIDEE_2']) {
      expect(facture).toContainEqual({ etatDemandePaiement: s });
    }
    for (const s of ['MISE_A_DISPOSITION_MOE', 'PRISE_EN_COMPTE_MOA', 'REMPLACEE_PAR_A22']) expect(facture).not.toContainEqual({ etatDemandePaiement: s });
    const travaux = (await lire('recuperer/etat/typedp', { typeDemandePaiement: 'FACTURE_TRAVAUX' })).listeEtatDemandePaiement;
    expect(travaux).toContainEqual({ etatDemandePaiement: 'MISE_A_DISPOSITION_MOE' });
    const union = new Set<string>();
    for (const typeDemandePaiement of ['FACTURE', 'FACTURE_TRAVAUX', 'MEMOIRE_JUSTICE', 'DEMANDE_REMBOURSEMENT']) {
      const body = await lire('recuperer/etat/typedp', { typeDemandePaiement: typeDemandePaiement.toLowerCase() });
      for (const { etatDemandePaiement } of body.listeEtatDemandePaiement) union.add(etatDemandePaiement);
    }
    expect([...union].sort()).toEqual(statutsOfficiels().sort());
    expectRefus(await transverses(app, headers, 'recuperer/etat/typedp', {}), erreurs.CHAMP_OBLIGATOIRE.codeRetour, 'typeDemandePaiement');
  });

  it('etats/traitement gives what a recipient may set, from the lifecycle table', async () => {
    const res = await lire('recuperer/etats/traitement', { statutCourant: 'MISE_A_DISPOSITION' });
    const statuts = res.listeStatutsPossiblesPourTraitement.map((s: { statutPossiblePourTraitement: string }) => s.statutPossiblePourTraitement);
    expect(statuts).toEqual(['A_RECYCLER', 'SUSPENDUE', 'REJETEE', 'MANDATEE', 'MISE_EN_PAIEMENT', 'COMPTABILISEE', 'MISE_A_DISPOSITION_COMPTABLE', 'SERVICE_FAIT']);
    expect(await lire('recuperer/etats/traitement', { statutCourant: ' mise_a_disposition ' })).toEqual(res);
    expect((await lire('recuperer/etats/traitement', { statutCourant: 'REJETEE' })).listeStatutsPossiblesPourTraitement).toEqual([]);
    const suspendue = (await lire('recuperer/etats/traitement', { statutCourant: 'SUSPENDUE' })).listeStatutsPossiblesPourTraitement;
    expect(suspendue).toContainEqual({ statutPossiblePourTraitement: 'MISE_A_DISPOSITION' });
  });

  it('etats/traitement refuses an unknown or missing status', async () => {
    expectRefus(await transverses(app, headers, 'recuperer/etats/traitement', { statutCourant: 'PAYEE' }), erreurs.STATUT_COURANT_INCONNU.codeRetour, 'statutCourant');
    expectRefus(await transverses(app, headers, 'recuperer/etats/traitement', {}), erreurs.CHAMP_OBLIGATOIRE.codeRetour, 'statutCourant');
  });

  it('motifs de refus exist only for cadres with a validation circuit', async () => {
    const a9 = (await lire('recuperer/motifs/refus/Facture/AValider', { codeCadreFacturationAValider: 'A9_FACTURE_SOUSTRAITANT' })).listeMotifRefusFactureAValider;
    expect(a9.length).toBeGreaterThan(0);
    expect(a9[0]).toEqual({ idMotif: expect.any(Number), codeMotif: expect.any(String), libelleMotif: expect.any(String) });
    expect((await lire('recuperer/motifs/refus/Facture/AValider', { codeCadreFacturationAValider: 'a12' })).listeMotifRefusFactureAValider).toEqual(a9);
    expect((await lire('recuperer/motifs/refus/Facture/AValider', { codeCadreFacturationAValider: 'A1_FACTURE_FOURNISSEUR' })).listeMotifRefusFactureAValider).toEqual([]);
    const inconnu = await transverses(app, headers, 'recuperer/motifs/refus/Facture/AValider', { codeCadreFacturationAValider: 'A99' });
    expectRefus(inconnu, erreurs.CADRE_A_VALIDER_INCONNU.codeRetour, 'codeCadreFacturationAValider');
  });
});

