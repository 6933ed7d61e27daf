import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cproHeaders, cproPost, createSandbox, type TestSandbox } from '../../helpers/app.js';
import { circuitAttendu } from '../../helpers/circuits.js';
import { structure } from '../../helpers/factures.js';
import { deposerAValider, F, historiqueStatuts, traiterAValider } from './helpers.js';

/** The API swept against the expected moves (test/fixtures/circuits/validation.json, transcribed from §8.4). */
const api = (circuitAttendu('validation') as unknown as {
  api: { actions: Record<string, Record<string, string>>; actionsRefusees: string[] };
}).api;

let app: FastifyInstance;
let sandbox: TestSandbox;
const h: Record<string, Record<string, string>> = {};
const DEPOSANT = 'Sous-traitant de cotraitant';

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 5 });
  for (const e of [DEPOSANT, 'Cotraitant', 'Mandataire', 'Titulaire', 'Destinataire sans paramètre']) h[e] = await cproHeaders(app, sandbox, e);
});
afterAll(() => app.close());

/** Steps (validator, action) from a fresh deposit to each starting status, for the two-validator case. */
const CHEMINS: Record<string, [string, string, string?][]> = {
  A_VALIDER_1: [],
  ERREUR_FOURNISSEUR_SUR_VALIDEUR: [['Cotraitant', 'REFUS', 'ERR_VALIDEUR']],
  REFUSEE_1: [['Cotraitant', 'REFUS', 'AUT_MOTIF_ERR_VALIDEUR']],
  A_VALIDER_2: [['Cotraitant', 'VALIDATION']],
  ERREUR_COTRAITANT_SUR_VALIDEUR: [['Cotraitant', 'VALIDATION'], ['Mandataire', 'REFUS', 'ERR_VALIDEUR']],
  REFUSEE_2: [['Cotraitant', 'VALIDATION'], ['Mandataire', 'REFUS', 'AUT_MOTIF_ERR_VALIDEUR']],
  MISE_A_DISPOSITION: [['Cotraitant', 'VALIDATION'], ['Mandataire', 'VALIDATION']],
};
const niveau2 = (s: string) => s.endsWith('_2') || s === 'ERREUR_COTRAITANT_SUR_VALIDEUR' || s === 'MISE_A_DISPOSITION';

async function aPartirDe(statut: string): Promise<number> {
  const id = await deposerAValider(app, sandbox, h[DEPOSANT], DEPOSANT, 'Cotraitant');
  for (const [qui, action, motifRefus] of CHEMINS[statut]) {
    const r = await traiterAValider(app, h[qui], id, action, motifRefus ? { motifRefus } : {});
    expect(r.statusCode, r.body).toBe(200);
  }
  return id;
}

async function agir(id: number, statut: string, action: string) {
  if (action === 'corriger/valideur/facture') {
    const nouveau = structure(app, sandbox.id, niveau2(statut) ? 'Mandataire' : 'Cotraitant');
    return cproPost(app, h[DEPOSANT], `${F}/corriger/valideur/facture`, { idFacture: id, typeIdentifiantStructure: 'SIRET', identifiantStructure: nouveau.identifiant });
  }
  const [verbe, motifRefus] = action.split(' ');
  return traiterAValider(app, h[niveau2(statut) ? 'Mandataire' : 'Cotraitant'], id, verbe, motifRefus ? { motifRefus } : {});
}

describe('traiter/factureAValider et corriger/valideur/facture, balayés contre la fixture', () => {
  for (const statut of Object.keys(CHEMINS)) {
    for (const action of [...Object.keys(api.actions), ...api.actionsRefusees]) {
      const attendu = api.actions[action]?.[statut];
      it(`${statut} + ${action || '(vide)'} → ${attendu ?? 'refus 400, rien ne change'}`, async () => {
        const id = await aPartirDe(statut);
        const avant = await historiqueStatuts(app, h[DEPOSANT], id);
        expect(avant.at(-1)).toBe(statut);
        const res = await agir(id, statut, action);
        const apres = await historiqueStatuts(app, h[DEPOSANT], id);
        if (!attendu) {
          expect(res.statusCode, res.body).toBe(400);
          expect(Object.keys(res.json()).sort()).toEqual(['codeRetour', 'libelle']);
          expect(apres).toEqual(avant);
          return;
        }
        expect(res.statusCode, res.body).toBe(200);
        expect(apres.slice(0, avant.length)).toEqual(avant);
        expect(apres[avant.length]).toBe(attendu);
      });
    }
  }
});

describe('mauvaises entrées : 400 nommant le champ, rien ne change', () => {
  it('un valideur qui n’est pas celui de la facture, une action inconnue, un motif hors liste', async () => {
    const id = await aPartirDe('A_VALIDER_1');
    const tiers = await traiterAValider(app, h['Titulaire'], id, 'VALIDATION');
    expect(tiers.statusCode).toBe(400);
    expect(tiers.json().codeRetour).toBe(20001);
    const second = await traiterAValider(app, h['Mandataire'], id, 'VALIDATION');
    expect(second.statusCode).toBe(400);
    const inconnue = await traiterAValider(app, h['Cotraitant'], id, 'APPROUVER');
    expect(inconnue.statusCode).toBe(400);
    expect(inconnue.json().libelle).toContain('action');
    const motif = await traiterAValider(app, h['Cotraitant'], id, 'REFUS', { motifRefus: 'PAS_CONTENT' });
    expect(motif.json().libelle).toContain('motifRefus');
    const idValideur = await traiterAValider(app, h['Cotraitant'], id, 'VALIDATION', { idValideur: structure(app, sandbox.id, 'Mandataire').id });
    expect(idValideur.statusCode).toBe(400);
    expect(idValideur.json().libelle).toContain('idValideur');
    const absente = await traiterAValider(app, h['Cotraitant'], 999999, 'VALIDATION');
    expect(absente.statusCode).toBe(400);
    expect(await historiqueStatuts(app, h[DEPOSANT], id)).toEqual(['A_VALIDER_1']);
  });

  it('corriger une facture qui n’est pas en erreur de valideur, ou par un autre que son fournisseur', async () => {
    const id = await aPartirDe('A_VALIDER_1');
    const c = await cproPost(app, h[DEPOSANT], `${F}/corriger/valideur/facture`, { idFacture: id, identifiantStructure: structure(app, sandbox.id, 'Titulaire').identifiant });
    expect(c.statusCode).toBe(400);
    expect(c.json().codeRetour).toBe(20002);
    const e = await aPartirDe('ERREUR_FOURNISSEUR_SUR_VALIDEUR');
    const autre = await cproPost(app, h['Titulaire'], `${F}/corriger/valideur/facture`, { idFacture: e, identifiantStructure: structure(app, sandbox.id, 'Titulaire').identifiant });
    expect(autre.statusCode).toBe(400);
    const inconnu = await cproPost(app, h[DEPOSANT], `${F}/corriger/valideur/facture`, { idFacture: e, identifiantStructure: '00000000000000' });
    expect(inconnu.statusCode).toBe(400);
    expect(inconnu.json().libelle).toContain('identifiantStructure');
    expect(await historiqueStatuts(app, h[DEPOSANT], e)).toEqual(['A_VALIDER_1', 'ERREUR_FOURNISSEUR_SUR_VALIDEUR']);
  });

  it('validations concurrentes d’une facture : une seule réussit, l’historique reste légal', async () => {
    const id = await aPartirDe('A_VALIDER_1');
    const reponses = await Promise.all([
      traiterAValider(app, h['Cotraitant'], id, 'VALIDATION'),
      traiterAValider(app, h['Cotraitant'], id, 'VALIDATION'),
      traiterAValider(app, h['Cotraitant'], id, 'REFUS', { motifRefus: 'AUT_MOTIF_ERR_VALIDEUR' }),
    ]);
    expect(reponses.filter((r) => r.statusCode === 200)).toHaveLength(1);
    const histo = await historiqueStatuts(app, h[DEPOSANT], id);
    expect([['A_VALIDER_1', 'VALIDEE_1', 'A_VALIDER_2'], ['A_VALIDER_1', 'REFUSEE_1']]).toContainEqual(histo);
  });
});

describe('dépôt A9/A12 : le valideur est contrôlé comme le destinataire', () => {
  const cas: [string, (b: Record<string, unknown>) => Record<string, unknown>, string][] = [
    ['sans valideur', (b) => ({ ...b, cadreDeFacturation: { codeCadreFacturation: 'A9_FACTURE_SOUSTRAITANT' } }), 'cadreDeFacturation.codeStructureValideur'],
    ['valideur inconnu', (b) => ({ ...b, cadreDeFacturation: { codeCadreFacturation: 'A12_FACTURE_COTRAITANT', codeStructureValideur: '99999999999999' } }), 'cadreDeFacturation.codeStructureValideur'],
    ['valideur public', (b) => ({ ...b, cadreDeFacturation: { codeCadreFacturation: 'A9_FACTURE_SOUSTRAITANT', codeStructureValideur: structure(app, sandbox.id, 'Destinataire sans paramètre').identifiant } }), 'cadreDeFacturation.codeStructureValideur'],
    ['service du valideur inconnu', (b) => ({ ...b, cadreDeFacturation: { codeCadreFacturation: 'A9_FACTURE_SOUSTRAITANT', codeStructureValideur: structure(app, sandbox.id, 'Cotraitant').identifiant, codeServiceValideur: 'NOPE' } }), 'cadreDeFacturation.codeServiceValideur'],
    ['sous-traitance sous 600 € TTC (R2193-10)', (b) => ({ ...b, montantTotal: { montantHtTotal: 400, montantTVA: 80, montantTtcTotal: 480, montantAPayer: 480 }, lignePoste: [{ lignePosteNumero: 1, lignePosteDenomination: 'x', lignePosteQuantite: 4, lignePosteMontantUnitaireHT: 100, lignePosteTauxTvaManuel: 20 }] }), '600 €'],
  ];
  for (const [nom, modifier, champ] of cas) {
    it(`${nom} → 400 nommant ${champ}`, async () => {
      const { factureAValider } = await import('./helpers.js');
      const corps = modifier(factureAValider(app, sandbox, DEPOSANT, 'Cotraitant'));
      const res = await cproPost(app, h[DEPOSANT], `${F}/soumettre`, corps);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().libelle).toContain(champ);
    });
  }
});
