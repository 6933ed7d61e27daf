import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUTS_FACTURE, trouverTransition } from '../../../src/domain/circuits/index.js';
import { contextOf, getSandbox } from '../../../src/modules/control-plane/service.js';
import { appliquerTransition } from '../../../src/modules/factures/index.js';
import * as repo from '../../../src/modules/factures/repository.js';
import { buildTestApp, cproPost, createSandbox, type TestSandbox } from '../../helpers/app.js';
import { acteurs, deposer, traiter, type Acteurs } from '../../helpers/factures.js';

let app: FastifyInstance;
let sandbox: TestSandbox;
let h: Acteurs;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 11 });
  h = await acteurs(app, sandbox);
});
afterAll(() => app.close());

const ctx = () => contextOf(app.db, getSandbox(app.db, sandbox.id));

describe('traiter/recue suit la table, pour chaque couple de statuts', () => {
  it('chaque mouvement permis au destinataire réussit, tout autre est refusé en 20002', async () => {
    const id = await deposer(app, sandbox, h.fournisseur);
    const ecarts: string[] = [];
    for (const from of STATUTS_FACTURE) {
      for (const to of STATUTS_FACTURE) {
        // Put the invoice straight into `from` (the test walks states, not paths).
        repo.updateFacture(ctx(), id, { statut: from });
        const res = await traiter(app, h.destinataire, id, to, { motif: 'motif', numeroDPMandat: 'M-1' });
        const permis = trouverTransition('SIMPLE', from, to, 'DESTINATAIRE') !== undefined;
        const attendu = permis ? 0 : 20002;
        if (res.json().codeRetour !== attendu) ecarts.push(`${from} → ${to}: ${res.body}`);
        if (!permis && res.json().libelle !== "Incohérence au niveau du statut d'origine ou de destination de la facture. (statut " + from + ' → ' + to + ')') {
          ecarts.push(`${from} → ${to}: libellé ${res.json().libelle}`);
        }
      }
    }
    expect(ecarts).toEqual([]);
  }, 60_000);

  it('motif obligatoire pour SUSPENDUE, REJETEE et A_RECYCLER', async () => {
    for (const vers of ['SUSPENDUE', 'REJETEE', 'A_RECYCLER']) {
      const id = await deposer(app, sandbox, h.fournisseur);
      expect((await traiter(app, h.destinataire, id, vers, { motif: '  ' })).json().codeRetour).toBe(20201);
      expect((await traiter(app, h.destinataire, id, vers, { motif: 'raison' })).json().codeRetour).toBe(0);
    }
  });

  it('seul un compte rattaché au destinataire peut traiter (le fournisseur ne le peut pas)', async () => {
    const id = await deposer(app, sandbox, h.fournisseur);
    const res = await traiter(app, h.fournisseur, id, 'SERVICE_FAIT');
    expect(res.json().codeRetour).toBe(20001);
    expect((await traiter(app, h.destinataire, 1, 'SERVICE_FAIT')).json().codeRetour).toBe(20000);
  });
});

describe('concurrence', () => {
  it('deux requêtes simultanées sur la même facture : une seule passe, aucun état illégal, aucune entrée perdue', async () => {
    const id = await deposer(app, sandbox, h.fournisseur);
    const [a, b] = await Promise.all([
      traiter(app, h.destinataire, id, 'REJETEE', { motif: 'doublon' }),
      traiter(app, h.destinataire, id, 'SUSPENDUE', { motif: 'pièce' }),
    ]);
    const codes = [a.json().codeRetour, b.json().codeRetour].sort();
    expect(codes).toEqual([0, 20002]);
    const hist = (await cproPost(app, h.destinataire, '/cpro/factures/v1/consulter/historique', { idFacture: id })).json();
    expect(hist.historiquesDesStatuts.totalHistoStatut).toBe(4);
    expect(hist.historiquesDesStatuts.histoStatut[0].histoStatutCode).toBe(hist.statutCourantCode);
  });

  it('appliquerTransition entrelacé : le second appel est jugé sur le résultat du premier', () => {
    return (async () => {
      const id = await deposer(app, sandbox, h.fournisseur);
      const c = ctx();
      const base = { idFacture: id, acteur: 'DESTINATAIRE' as const, utilisateurId: null, nomUtilisateur: 'Acheteur simulé', motif: 'm', numeroDPMandat: 'M' };
      // Both callers read MISE_A_DISPOSITION before acting; the second move must be re-judged.
      const vu1 = repo.findFacture(c, id)!.statut;
      const vu2 = repo.findFacture(c, id)!.statut;
      expect(vu1).toBe(vu2);
      appliquerTransition(c, { ...base, vers: 'MANDATEE' });
      expect(() => appliquerTransition(c, { ...base, vers: 'A_RECYCLER' })).toThrow(/Incohérence/);
      expect(repo.findFacture(c, id)!.statut).toBe('MANDATEE');
      expect(repo.listHistorique(c, id).filter((x) => x.nature === 'STATUT').map((x) => x.code)).toEqual([
        'DEPOSEE',
        'EN_COURS_ACHEMINEMENT',
        'MISE_A_DISPOSITION',
        'MANDATEE',
      ]);
    })();
  });
});
