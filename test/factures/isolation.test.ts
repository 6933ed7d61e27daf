import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cproHeaders, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, deposer, traiter, type Acteurs } from '../helpers/factures.js';

let app: FastifyInstance;
let a: TestSandbox;
let b: TestSandbox;
let ha: Acteurs;
let id: number;
const F = '/cpro/factures/v1';

beforeAll(async () => {
  app = await buildTestApp();
  // Same seed: the same ids exist in both sandboxes, so only the scoping keeps them apart.
  a = await createSandbox(app, { seed: 5 });
  b = await createSandbox(app, { seed: 5 });
  ha = await acteurs(app, a);
  id = await deposer(app, a, ha.fournisseur);
});
afterAll(() => app.close());

describe('isolation', () => {
  it("un autre fournisseur ne voit ni ne change les factures d'un fournisseur", async () => {
    const moe = await cproHeaders(app, a, 'MOE');
    expect((await cproPost(app, moe, `${F}/consulter/fournisseur`, { identifiantFactureCPP: id })).json().codeRetour).toBe(20001);
    expect((await cproPost(app, moe, `${F}/consulter/historique`, { idFacture: id })).json().codeRetour).toBe(20001);
    expect((await cproPost(app, moe, `${F}/rechercher/fournisseur`, {})).json().parametresRetour.total).toBe(0);
    expect((await cproPost(app, moe, `${F}/telecharger/groupe`, { format: 'PDF', listeFacture: [{ idFacture: id }] })).json().codeRetour).toBe(20001);
  });

  it("un autre destinataire ne voit ni ne traite la facture", async () => {
    const autre = await cproHeaders(app, a, 'Destinataire avec EJ obligatoire');
    expect((await cproPost(app, autre, `${F}/consulter/recipiendaire`, { identifiantFactureCPP: id })).json().codeRetour).toBe(20001);
    expect((await traiter(app, autre, id, 'SERVICE_FAIT')).json().codeRetour).toBe(20001);
    expect((await cproPost(app, autre, `${F}/rechercher/recipiendaire`, {})).json().codeRetour).toBe(20000);
    // The supplier cannot consult it as a recipient either.
    expect((await cproPost(app, ha.fournisseur, `${F}/consulter/recipiendaire`, { identifiantFactureCPP: id })).json().codeRetour).toBe(20001);
  });

  it("les comptes d'un autre bac à sable ne lisent ni ne changent rien", async () => {
    const hb = await acteurs(app, b);
    expect((await cproPost(app, hb.fournisseur, `${F}/consulter/fournisseur`, { identifiantFactureCPP: id })).json().codeRetour).toBe(20000);
    expect((await traiter(app, hb.destinataire, id, 'SERVICE_FAIT')).json().codeRetour).toBe(20000);
    const ids = (await cproPost(app, hb.fournisseur, `${F}/rechercher/fournisseur`, {})).json().listeFactures.map((f: { identifiantFactureCPP: number }) => f.identifiantFactureCPP);
    expect(ids).not.toContain(id);
    // Unchanged in sandbox A.
    expect((await cproPost(app, ha.fournisseur, `${F}/consulter/historique`, { idFacture: id })).json().statutCourantCode).toBe('MISE_A_DISPOSITION');
  });

  it('une pièce jointe déposée dans un bac à sable est inconnue dans un autre', async () => {
    const hb = await acteurs(app, b);
    const pj = await cproPost(app, ha.fournisseur, '/cpro/transverses/v1/ajouter/fichier', {
      pieceJointeFichier: Buffer.from('x').toString('base64'), pieceJointeNom: 'a.txt', pieceJointeTypeMime: 'text/plain', pieceJointeExtension: 'TXT',
    });
    const corps = { ...(await import('../helpers/factures.js')).factureSaisie(app, b.id), modeDepot: 'DEPOT_PDF_API', pieceJointePrincipale: [{ pieceJointePrincipaleId: pj.json().pieceJointeId }] };
    expect((await cproPost(app, hb.fournisseur, `${F}/soumettre`, corps)).json().codeRetour).toBe(20117);
  });
});
