import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cproHeaders, cproPost, createSandbox, type TestSandbox } from '../../helpers/app.js';
import { structure, traiter } from '../../helpers/factures.js';
import { sbx } from '../../toolkit/helpers.js';
import { deposerAValider, F, factureAValider, historiqueStatuts, traiterAValider } from './helpers.js';

const T0 = '2026-03-02T09:00:00.000Z';
let app: FastifyInstance;
let sandbox: TestSandbox;
const h: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 11 });
  await sbx(app, 'PUT', `/sandboxes/${sandbox.id}/clock`, { mode: 'frozen', date: T0 });
  for (const e of ['Sous-traitant', 'Titulaire', 'Cotraitant', 'Mandataire', 'Sous-traitant de cotraitant', 'Destinataire sans paramètre', 'Fournisseur']) {
    h[e] = await cproHeaders(app, sandbox, e);
  }
});
afterAll(() => app.close());

const statut = async (id: number, qui = 'Sous-traitant') =>
  (await cproPost(app, h[qui], `${F}/consulter/historique`, { idFacture: id })).json().statutCourantCode;

describe('sous-traitant → le titulaire valide → le destinataire paie (chorus-domain §8.3, §8.4)', () => {
  it('déposée en A_VALIDER_1, visible du titulaire, pas encore du destinataire', async () => {
    const res = await cproPost(app, h['Sous-traitant'], `${F}/soumettre`, factureAValider(app, sandbox, 'Sous-traitant', 'Titulaire'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ codeRetour: 0, statutFacture: 'A_VALIDER_1' });
    const id = res.json().identifiantFactureCPP;
    const aTraiter = await cproPost(app, h['Titulaire'], `${F}/rechercher/aTraiter/valideur`, {});
    expect(aTraiter.json().listeFactures.map((f: { idFacture: number }) => f.idFacture)).toContain(id);
    const recue = await cproPost(app, h['Destinataire sans paramètre'], `${F}/consulter/recipiendaire`, { identifiantFactureCPP: id });
    expect(recue.statusCode).toBe(400);

    const v = await traiterAValider(app, h['Titulaire'], id, 'VALIDATION', { complementInfo: 'Vous êtes titulaire' });
    expect(v.statusCode).toBe(200);
    expect(v.json()).toMatchObject({ codeRetour: 0, idFacture: id, statutFacture: 'MISE_A_DISPOSITION' });
    expect(await historiqueStatuts(app, h['Sous-traitant'], id)).toEqual(['A_VALIDER_1', 'VALIDEE_1', 'DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION']);
    const consultee = await cproPost(app, h['Destinataire sans paramètre'], `${F}/consulter/recipiendaire`, { identifiantFactureCPP: id });
    expect(consultee.json().facture.cadreDeFacturation).toMatchObject({
      codeCadreFacturation: 'A9_FACTURE_SOUSTRAITANT',
      idValideur1: structure(app, sandbox.id, 'Titulaire').id,
      codeValideur1: structure(app, sandbox.id, 'Titulaire').identifiant,
      dateValidation1: '2026-03-02',
      idValideur2: null,
    });
    expect((await traiter(app, h['Destinataire sans paramètre'], id, 'MISE_EN_PAIEMENT')).statusCode).toBe(200);
    expect(await statut(id)).toBe('MISE_EN_PAIEMENT');
    // A second validation is refused, nothing changed.
    const encore = await traiterAValider(app, h['Titulaire'], id, 'VALIDATION');
    expect(encore.statusCode).toBe(400);
    expect(encore.json().codeRetour).toBe(20002);
    expect(await statut(id)).toBe('MISE_EN_PAIEMENT');
  });
});

describe('cotraitant → le mandataire refuse', () => {
  it('REFUS avec un motif : REFUSEE_1, jamais chez le destinataire', async () => {
    const id = await deposerAValider(app, sandbox, h['Cotraitant'], 'Cotraitant', 'Mandataire', 'A12_FACTURE_COTRAITANT');
    const sansMotif = await traiterAValider(app, h['Mandataire'], id, 'REFUS');
    expect(sansMotif.statusCode).toBe(400);
    expect(sansMotif.json().libelle).toContain('motifRefus');
    const r = await traiterAValider(app, h['Mandataire'], id, 'REFUS', { motifRefus: 'AUT_MOTIF_ERR_VALIDEUR', complementInfo: 'Montant non conforme au lot' });
    expect(r.json()).toMatchObject({ codeRetour: 0, statutFacture: 'REFUSEE_1' });
    expect(await historiqueStatuts(app, h['Cotraitant'], id)).toEqual(['A_VALIDER_1', 'REFUSEE_1']);
  });
});

describe('mauvais valideur → corrigé → validé', () => {
  it('ERR_VALIDEUR : ERREUR_FOURNISSEUR_SUR_VALIDEUR, puis corriger/valideur/facture remet en A_VALIDER_1 chez le bon valideur', async () => {
    const id = await deposerAValider(app, sandbox, h['Sous-traitant'], 'Sous-traitant', 'Mandataire');
    const r = await traiterAValider(app, h['Mandataire'], id, 'REFUS', { motifRefus: 'ERR_VALIDEUR' });
    expect(r.json().statutFacture).toBe('ERREUR_FOURNISSEUR_SUR_VALIDEUR');
    const titulaire = structure(app, sandbox.id, 'Titulaire');
    const c = await cproPost(app, h['Sous-traitant'], `${F}/corriger/valideur/facture`, { idFacture: id, typeIdentifiantStructure: 'SIRET', identifiantStructure: titulaire.identifiant });
    expect(c.statusCode).toBe(200);
    expect(c.json()).toEqual({ codeRetour: 0, libelle: expect.any(String), idFacture: id });
    // The wrong validator no longer sees it as his to act on.
    expect((await traiterAValider(app, h['Mandataire'], id, 'VALIDATION')).statusCode).toBe(400);
    expect((await traiterAValider(app, h['Titulaire'], id, 'VALIDATION')).json().statutFacture).toBe('MISE_A_DISPOSITION');
    expect(await historiqueStatuts(app, h['Sous-traitant'], id)).toEqual([
      'A_VALIDER_1', 'ERREUR_FOURNISSEUR_SUR_VALIDEUR', 'A_VALIDER_1', 'VALIDEE_1', 'DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION',
    ]);
  });
});

describe('personne ne répond → 15 jours plus tard le destinataire l’a (R2193-16)', () => {
  it('ABSENCE_VALIDATION_1_HORS_DELAI à J+15 sur l’horloge du bac à sable, et le délai de paiement part de là', async () => {
    const id = await deposerAValider(app, sandbox, h['Sous-traitant'], 'Sous-traitant', 'Titulaire');
    await sbx(app, 'POST', `/sandboxes/${sandbox.id}/clock/advance`, { days: 14 });
    expect(await statut(id)).toBe('A_VALIDER_1');
    await sbx(app, 'POST', `/sandboxes/${sandbox.id}/clock/advance`, { days: 1 });
    expect(await statut(id)).toBe('MISE_A_DISPOSITION');
    expect(await historiqueStatuts(app, h['Sous-traitant'], id)).toEqual([
      'A_VALIDER_1', 'ABSENCE_VALIDATION_1_HORS_DELAI', 'DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION',
    ]);
    const f = (await cproPost(app, h['Destinataire sans paramètre'], `${F}/consulter/recipiendaire`, { identifiantFactureCPP: id })).json().facture;
    expect(f.cadreDeFacturation.dateValidation1).toBe('2026-03-17');
  });
});

describe('sous-traitant d’un cotraitant : deux valideurs', () => {
  it('le cotraitant valide, puis le mandataire ; le mandataire ne la voit qu’après le premier', async () => {
    const id = await deposerAValider(app, sandbox, h['Sous-traitant de cotraitant'], 'Sous-traitant de cotraitant', 'Cotraitant');
    expect((await cproPost(app, h['Mandataire'], `${F}/consulter/valideur`, { identifiantFactureCPP: id })).statusCode).toBe(400);
    expect((await traiterAValider(app, h['Cotraitant'], id, 'VALIDATION')).json().statutFacture).toBe('A_VALIDER_2');
    const vue = await cproPost(app, h['Mandataire'], `${F}/consulter/valideur`, { identifiantFactureCPP: id });
    expect(vue.statusCode).toBe(200);
    expect(vue.json().facture.cadreDeFacturation).toMatchObject({ idValideur2: structure(app, sandbox.id, 'Mandataire').id, designationValideur2: 'MANDATAIRE GROUPEMENT SAS' });
    // The first validator cannot act for the second.
    expect((await traiterAValider(app, h['Cotraitant'], id, 'VALIDATION')).statusCode).toBe(400);
    expect((await traiterAValider(app, h['Mandataire'], id, 'VALIDATION')).json().statutFacture).toBe('MISE_A_DISPOSITION');
    expect(await historiqueStatuts(app, h['Sous-traitant de cotraitant'], id)).toEqual([
      'A_VALIDER_1', 'VALIDEE_1', 'A_VALIDER_2', 'VALIDEE_2', 'DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION',
    ]);
  });
});

describe('le matelas : des factures déjà dans le circuit de validation', () => {
  it('MAT-007 attend le titulaire, MAT-008 est refusée par le mandataire, MAT-009 attend le mandataire en second valideur', async () => {
    const numeros = async (qui: string, corps: Record<string, unknown> = {}) =>
      (await cproPost(app, h[qui], `${F}/rechercher/valideur`, corps)).json().listeFactures.map((f: { numeroFacture: string; statut: string }) => `${f.numeroFacture}:${f.statut}`);
    expect(await numeros('Titulaire')).toContain('MAT-007:A_VALIDER_1');
    expect(await numeros('Mandataire')).toEqual(expect.arrayContaining(['MAT-008:REFUSEE_1', 'MAT-009:A_VALIDER_2']));
    const aTraiter = (await cproPost(app, h['Mandataire'], `${F}/rechercher/aTraiter/valideur`, {})).json().listeFactures.map((f: { numeroFacture: string }) => f.numeroFacture);
    expect(aTraiter).toContain('MAT-009');
    expect(aTraiter).not.toContain('MAT-008');
  });
});

describe('notifications et délai de paiement du circuit de validation', () => {
  const personnes = async (entite: string) => {
    const m = (await sbx(app, 'GET', `/sandboxes/${sandbox.id}/matelas`)).json();
    return m.comptes.filter((c: { entite: string; type: string }) => c.entite === entite && c.type !== 'TECH').map((c: { login: string }) => c.login);
  };
  const notifs = async (login: string, id: number) =>
    (await sbx(app, 'GET', `/sandboxes/${sandbox.id}/notifications?login=${encodeURIComponent(login)}`)).json().notifications.filter((n: { idFacture: number }) => n.idFacture === id).map((n: { type: string }) => n.type);

  it('le valideur est notifié de ce qu’il doit valider ; le destinataire n’entend parler de la facture qu’à sa mise à disposition', async () => {
    const id = await deposerAValider(app, sandbox, h['Sous-traitant'], 'Sous-traitant', 'Titulaire');
    for (const login of await personnes('Titulaire')) expect(await notifs(login, id)).toEqual(['STATUT_A_VALIDER_1']);
    for (const login of await personnes('Destinataire sans paramètre')) expect(await notifs(login, id)).toEqual([]);
    await traiterAValider(app, h['Titulaire'], id, 'VALIDATION');
    for (const login of await personnes('Destinataire sans paramètre')) expect(await notifs(login, id)).toEqual(['STATUT_MISE_A_DISPOSITION']);
    for (const login of await personnes('Sous-traitant')) expect(await notifs(login, id)).toEqual(['STATUT_MISE_A_DISPOSITION', 'STATUT_VALIDEE_1', 'STATUT_A_VALIDER_1']);
  });

  it('le délai de paiement du sous-traitant court de l’acceptation (tacite ici, R2192-22), pas du dépôt', async () => {
    const { now } = (await sbx(app, 'GET', `/sandboxes/${sandbox.id}/clock`)).json();
    const id = await deposerAValider(app, sandbox, h['Sous-traitant'], 'Sous-traitant', 'Titulaire');
    await sbx(app, 'POST', `/sandboxes/${sandbox.id}/clock/advance`, { days: 15 });
    const vue = (await sbx(app, 'GET', `/sandboxes/${sandbox.id}/factures/${id}`)).json();
    const acceptation = new Date(Date.parse(now) + 15 * 86_400_000).toISOString().slice(0, 10);
    expect(vue.delaiPaiement.dateDebut.slice(0, 10)).toBe(acceptation);
  });
});

describe('ce que voit chacun', () => {
  it('rechercher/demandePaiement en rôle VALIDEUR, filtre structureValideur ; le destinataire ne trouve pas une facture à valider', async () => {
    const id = await deposerAValider(app, sandbox, h['Sous-traitant'], 'Sous-traitant', 'Titulaire');
    const titulaire = structure(app, sandbox.id, 'Titulaire');
    const dp = (await cproPost(app, h['Titulaire'], `${F}/rechercher/demandePaiement`, { roleUtilisateur: 'VALIDEUR', structureValideur: { idStructureValideur: titulaire.id } })).json();
    const ligne = dp.listeDemandePaiement.find((l: { idDemandePaiement: number }) => l.idDemandePaiement === id);
    expect(ligne).toMatchObject({ etatCourant: 'A_VALIDER_1', idStructureValideur1: titulaire.id, idStructureValideur2: null });
    const autre = (await cproPost(app, h['Mandataire'], `${F}/rechercher/demandePaiement`, { roleUtilisateur: 'VALIDEUR' })).json();
    expect((autre.listeDemandePaiement ?? []).map((l: { idDemandePaiement: number }) => l.idDemandePaiement)).not.toContain(id);
    const recues = (await cproPost(app, h['Destinataire sans paramètre'], `${F}/rechercher/recipiendaire`, { numeroFacture: ligne.numeroDemandePaiement })).json();
    expect(recues.listeFactures ?? []).toEqual([]);
    const emises = (await cproPost(app, h['Sous-traitant'], `${F}/rechercher/fournisseur`, { numeroFacture: ligne.numeroDemandePaiement })).json();
    expect(emises.listeFactures[0]).toMatchObject({ statut: 'A_VALIDER_1', codeValideur1: titulaire.identifiant, raisonSocialeValideur1: titulaire.raisonSociale });
  });

  it('recuperer/statutsFactureVisibles/valideur : les statuts qu’une facture peut prendre une fois chez son valideur (fixture §8.4 + circuit simple)', async () => {
    const { circuitAttendu } = await import('../../helpers/circuits.js');
    const v = circuitAttendu('validation') as unknown as { mouvements: { de: string; vers: string }[]; simpleSauf: string[] };
    const s = circuitAttendu('simple').mouvements.filter((m) => !v.simpleSauf.includes(m.de));
    const atteints = new Set(['A_VALIDER_1']);
    for (let n = 0; n < 20; n += 1) for (const m of [...v.mouvements, ...s]) if (atteints.has(m.de)) atteints.add(m.vers);
    const res = (await cproPost(app, h['Titulaire'], `${F}/recuperer/statutsFactureVisibles/valideur`, {})).json();
    expect(res.listeStatutFacture.map((x: { codeStatutFacture: string }) => x.codeStatutFacture).sort()).toEqual([...atteints].sort());
  });
});

describe('rechercher/aTraiter/valideur nommant sa structure, et un valideur inactif au dépôt', () => {
  it('idStructure ou identifiantStructure : les factures de cette structure seulement', async () => {
    const id = await deposerAValider(app, sandbox, h['Sous-traitant'], 'Sous-traitant', 'Titulaire');
    const titulaire = structure(app, sandbox.id, 'Titulaire');
    const ids = async (corps: Record<string, unknown>) =>
      ((await cproPost(app, h['Titulaire'], `${F}/rechercher/aTraiter/valideur`, corps)).json().listeFactures ?? []).map((f: { idFacture: number }) => f.idFacture);
    expect(await ids({ idStructure: titulaire.id })).toContain(id);
    expect(await ids({ typeIdentifiantStructure: 'SIRET', identifiantStructure: titulaire.identifiant })).toContain(id);
    expect(await ids({ identifiantStructure: structure(app, sandbox.id, 'Mandataire').identifiant })).toEqual([]);
  });

  it('un valideur inactif est refusé en 400 nommant cadreDeFacturation.codeStructureValideur', async () => {
    const { structures } = await import('../../../src/db/schema/index.js');
    const { and, eq } = await import('drizzle-orm');
    const mandataire = structure(app, sandbox.id, 'Mandataire');
    const actif = () => app.db.update(structures).set({ statut: 'ACTIF' }).where(and(eq(structures.sandboxId, sandbox.id), eq(structures.id, mandataire.id))).run();
    app.db.update(structures).set({ statut: 'INACTIF' }).where(and(eq(structures.sandboxId, sandbox.id), eq(structures.id, mandataire.id))).run();
    try {
      const res = await cproPost(app, h['Cotraitant'], `${F}/soumettre`, factureAValider(app, sandbox, 'Cotraitant', 'Mandataire', 'A12_FACTURE_COTRAITANT'));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ codeRetour: 20403, libelle: expect.stringContaining('cadreDeFacturation.codeStructureValideur') });
    } finally {
      actif();
    }
  });
});
