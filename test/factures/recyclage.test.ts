import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, deposer, traiter, type Acteurs } from '../helpers/factures.js';
import { matelas, structureDe, type StructureMatelas } from '../helpers/transverses.js';

/** Recycling (chorus-domain §7.2 row 10, §7.3): only the routing data change: SIRET, service code, EJ. */
let app: FastifyInstance;
let s: TestSandbox;
let h: Acteurs;
let m: { structures: StructureMatelas[] };
const F = '/cpro/factures/v1';

beforeAll(async () => {
  app = await buildTestApp();
  s = await createSandbox(app, { seed: 31 });
  h = await acteurs(app, s);
  m = await matelas(app, s);
});
afterAll(() => app.close());

async function aRecycler(): Promise<number> {
  // deposer() sends the first service of « Destinataire sans paramètre ».
  const id = await deposer(app, s, h.fournisseur);
  expect((await traiter(app, h.destinataire, id, 'A_RECYCLER', { motif: 'Mauvais destinataire' })).json().codeRetour).toBe(0);
  return id;
}

/** The structure's own services (the matelas also lists the default FACTURES_PUBLIQUES one), in order. */
const services = (st: StructureMatelas) => st.services.filter((x) => x.codeService !== 'FACTURES_PUBLIQUES').map((x) => x.codeService);
const recycler = (body: Record<string, unknown>) => cproPost(app, h.fournisseur, `${F}/recycler`, body);
const vue = async (id: number) => (await app.inject({ method: 'GET', url: `/_sandbox/sandboxes/${s.id}/factures/${id}`, headers: admin })).json();

describe('recycler', () => {
  it('vers un autre destinataire sans code service : accepté, sans le service de l’ancien destinataire', async () => {
    const id = await aRecycler();
    const ancien = structureDe(m, 'Destinataire sans paramètre');
    expect((await vue(id)).facture.codeServiceExecutant).toBe(services(ancien)[0]!);
    const hopital = structureDe(m, 'Destinataire 2');
    const res = await recycler({ identifiantFactureCPP: id, destinataire: { codeDestinataire: hopital.identifiant } });
    expect(res.json()).toMatchObject({ codeRetour: 0, statutFacture: 'MISE_A_DISPOSITION' });
    const f = (await vue(id)).facture;
    expect(f).toMatchObject({ codeDestinataire: hopital.identifiant, codeServiceExecutant: null, idServiceExecutant: null, statut: 'MISE_A_DISPOSITION' });
    // The new recipient sees it, without a service.
    const h2 = await acteurs(app, s, 'Destinataire 2');
    const recue = (await cproPost(app, h2.destinataire, `${F}/consulter/recipiendaire`, { identifiantFactureCPP: id })).json();
    expect(recue.codeRetour).toBe(0);
    expect(recue.facture.destinataire.codeDestinataire).toBe(hopital.identifiant);
    expect(recue.facture.destinataire.codeServiceExecutant ?? null).toBeNull();
  });

  it('vers un autre destinataire avec un nouveau code service : le nouveau service est porté', async () => {
    const id = await aRecycler();
    const hopital = structureDe(m, 'Destinataire 2');
    const service = services(hopital)[1]!;
    expect((await recycler({ identifiantFactureCPP: id, destinataire: { codeDestinataire: hopital.identifiant, codeServiceExecutant: service } })).json().codeRetour).toBe(0);
    expect((await vue(id)).facture).toMatchObject({ codeDestinataire: hopital.identifiant, codeServiceExecutant: service });
  });

  it('vers le même destinataire avec un autre service, ou sans rien changer : le service change ou reste', async () => {
    const ancien = structureDe(m, 'Destinataire sans paramètre');
    const id = await aRecycler();
    expect((await recycler({ identifiantFactureCPP: id, destinataire: { codeServiceExecutant: services(ancien)[1]! } })).json().codeRetour).toBe(0);
    expect((await vue(id)).facture).toMatchObject({ codeDestinataire: ancien.identifiant, codeServiceExecutant: services(ancien)[1]! });
    const garde = await aRecycler();
    expect((await recycler({ identifiantFactureCPP: garde, commentaire: 'corrigé' })).json().codeRetour).toBe(0);
    expect((await vue(garde)).facture).toMatchObject({ codeDestinataire: ancien.identifiant, codeServiceExecutant: services(ancien)[0]! });
  });

  it('les contrôles du dépôt s’appliquent : un service inconnu du nouveau destinataire, ou absent quand il est obligatoire, est refusé', async () => {
    const id = await aRecycler();
    const hopital = structureDe(m, 'Destinataire 2');
    const ancien = structureDe(m, 'Destinataire sans paramètre');
    // The old recipient's service does not belong to the new one.
    const autreService = await recycler({ identifiantFactureCPP: id, destinataire: { codeDestinataire: hopital.identifiant, codeServiceExecutant: services(ancien)[0]! } });
    expect(autreService.json().codeRetour).not.toBe(0);
    const obligatoire = structureDe(m, 'Destinataire avec service obligatoire');
    const sansService = await recycler({ identifiantFactureCPP: id, destinataire: { codeDestinataire: obligatoire.identifiant } });
    expect(sansService.json().codeRetour).not.toBe(0);
    // Still to recycle, at the old recipient.
    expect((await vue(id)).facture).toMatchObject({ statut: 'A_RECYCLER', codeDestinataire: ancien.identifiant });
    // Only the supplier recycles (§7.2 row 10).
    expect((await cproPost(app, h.destinataire, `${F}/recycler`, { identifiantFactureCPP: id })).json().codeRetour).not.toBe(0);
    expect((await vue(id)).facture.statut).toBe('A_RECYCLER');
  });
});
