import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextOf, getSandbox } from '../../../src/modules/control-plane/service.js';
import { actionFournisseur } from '../../../src/modules/factures/index.js';
import { findUtilisateurByLogin } from '../../../src/modules/utilisateurs/repository.js';
import { buildTestApp, cproPost, createSandbox, technicalAccount, type TestSandbox } from '../../helpers/app.js';
import { acteurs, deposer, traiter, type Acteurs } from '../../helpers/factures.js';

let app: FastifyInstance;
let sandbox: TestSandbox;
let h: Acteurs;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 17 });
  h = await acteurs(app, sandbox);
});
afterAll(() => app.close());

describe('acquittement (action du portail, sans opération d’API)', () => {
  it('acquitter un rejet ou une suspension trace l’action sans changer le statut', async () => {
    const ctx = contextOf(app.db, getSandbox(app.db, sandbox.id));
    const fournisseur = findUtilisateurByLogin(ctx, technicalAccount(app, sandbox.id, 'Fournisseur').login)!;
    const rejetee = await deposer(app, sandbox, h.fournisseur);
    const suspendue = await deposer(app, sandbox, h.fournisseur);
    await traiter(app, h.destinataire, rejetee, 'REJETEE', { motif: 'doublon' });
    await traiter(app, h.destinataire, suspendue, 'SUSPENDUE', { motif: 'pièce' });
    actionFournisseur(ctx, fournisseur, rejetee, 'ACQUITTEMENT_REJET');
    actionFournisseur(ctx, fournisseur, suspendue, 'ACQUITTEMENT_SUSPENSION');
    expect(() => actionFournisseur(ctx, fournisseur, suspendue, 'ACQUITTEMENT_REJET')).toThrow(/ne permet pas/);
    for (const [id, code, statut] of [[rejetee, 'ACQUITTEMENT_REJET', 'REJETEE'], [suspendue, 'ACQUITTEMENT_SUSPENSION', 'SUSPENDUE']] as const) {
      const hist = (await cproPost(app, h.fournisseur, '/cpro/factures/v1/consulter/historique', { idFacture: id })).json();
      expect(hist.statutCourantCode).toBe(statut);
      expect(hist.historiquesDesActionsUtilisateurs.histoAction[0].histoActionCode).toBe(code);
    }
  });
});
