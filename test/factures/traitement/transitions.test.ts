import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUTS_FACTURE } from '../../../src/domain/circuits/index.js';
import { contextOf, getSandbox } from '../../../src/modules/control-plane/service.js';
import * as repo from '../../../src/modules/factures/repository.js';
import { admin, buildTestApp, cproPost, createSandbox, type TestSandbox } from '../../helpers/app.js';
import { circuitAttendu } from '../../helpers/circuits.js';
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
/** Expected moves, transcribed from chorus-domain §7.2 (test/fixtures/circuits/simple.json). */
const attendu = circuitAttendu('simple');
const parDestinataire = attendu.mouvements.filter((m) => m.acteur === 'DESTINATAIRE');
const permisAuDestinataire = new Set(parDestinataire.map((m) => `${m.de} → ${m.vers}`));

describe('traiter/recue suit la référence, pour chaque couple de statuts', () => {
  it('chaque mouvement documenté du destinataire réussit, tout autre est refusé en 20002 avec le libellé officiel', async () => {
    const id = await deposer(app, sandbox, h.fournisseur);
    const ecarts: string[] = [];
    // A draft (BROUILLON, or deleted: SUPPRIMEE) is the supplier's alone: the recipient cannot reach it
    // (20001, tested in depot/brouillon.test.ts), so there is no status to be incoherent with.
    for (const from of STATUTS_FACTURE.filter((s) => s !== 'BROUILLON' && s !== 'SUPPRIMEE')) {
      for (const to of STATUTS_FACTURE) {
        // Put the invoice straight into `from` (the test walks states, not paths).
        repo.updateFacture(ctx(), id, { statut: from });
        const res = await traiter(app, h.destinataire, id, to, { motif: 'motif', numeroDPMandat: 'M-1' });
        const permis = permisAuDestinataire.has(`${from} → ${to}`);
        if (res.json().codeRetour !== (permis ? 0 : 20002)) ecarts.push(`${from} → ${to}: ${res.body}`);
        if (!permis && res.json().libelle !== `Incohérence au niveau du statut d'origine ou de destination de la facture. (statut ${from} → ${to})`) {
          ecarts.push(`${from} → ${to}: libellé ${res.json().libelle}`);
        }
      }
    }
    expect(ecarts).toEqual([]);
  }, 60_000);

  it('les refus documentés, par l’API : pas de A_RECYCLER après SERVICE_FAIT, rien après MISE_EN_PAIEMENT ni REJETEE', async () => {
    const id = await deposer(app, sandbox, h.fournisseur);
    expect((await traiter(app, h.destinataire, id, 'SERVICE_FAIT')).json().codeRetour).toBe(0);
    expect((await traiter(app, h.destinataire, id, 'A_RECYCLER', { motif: 'mauvais service' })).json().codeRetour).toBe(20002);
    expect((await traiter(app, h.destinataire, id, 'MISE_EN_PAIEMENT')).json().codeRetour).toBe(0);
    for (const vers of ['MANDATEE', 'REJETEE', 'SUSPENDUE', 'A_RECYCLER']) {
      expect((await traiter(app, h.destinataire, id, vers, { motif: 'm', numeroDPMandat: 'M' })).json().codeRetour).toBe(20002);
    }
    const rejetee = await deposer(app, sandbox, h.fournisseur);
    expect((await traiter(app, h.destinataire, rejetee, 'REJETEE', { motif: 'doublon' })).json().codeRetour).toBe(0);
    expect((await traiter(app, h.destinataire, rejetee, 'MISE_A_DISPOSITION')).json().codeRetour).toBe(20002);
    expect((await cproPost(app, h.fournisseur, '/cpro/factures/v1/completer', { identifiantFactureCPP: rejetee })).json().codeRetour).toBe(20002);
    expect((await cproPost(app, h.fournisseur, '/cpro/factures/v1/recycler', { identifiantFactureCPP: rejetee })).json().codeRetour).toBe(20002);
  });

  it('motif obligatoire (20201) et numéro de mandat obligatoire (20202) là où la référence les exige', async () => {
    for (const m of parDestinataire.filter((x) => x.de === 'MISE_A_DISPOSITION')) {
      const id = await deposer(app, sandbox, h.fournisseur);
      if (m.motif) expect((await traiter(app, h.destinataire, id, m.vers, { motif: '  ', numeroDPMandat: 'M' })).json().codeRetour, m.vers).toBe(20201);
      if (m.champs.includes('numeroDPMandat')) expect((await traiter(app, h.destinataire, id, m.vers, { motif: 'm' })).json().codeRetour, m.vers).toBe(20202);
      // Without the optional fields, a move that requires nothing succeeds.
      const extra = { ...(m.motif ? { motif: 'raison' } : {}), ...(m.champs.length ? { numeroDPMandat: 'M-1' } : {}) };
      expect((await traiter(app, h.destinataire, id, m.vers, extra)).json().codeRetour, m.vers).toBe(0);
    }
  });

  it('seul un compte rattaché au destinataire peut traiter (le fournisseur ne le peut pas)', async () => {
    const id = await deposer(app, sandbox, h.fournisseur);
    const res = await traiter(app, h.fournisseur, id, 'SERVICE_FAIT');
    expect(res.json().codeRetour).toBe(20001);
    expect((await traiter(app, h.destinataire, 1, 'SERVICE_FAIT')).json().codeRetour).toBe(20000);
  });
});

describe('recuperer/etats/traitement suit la référence', () => {
  it('pour chaque statut, exactement ce que le destinataire peut poser selon la fixture', async () => {
    const ecarts: string[] = [];
    for (const statutCourant of STATUTS_FACTURE) {
      const res = await cproPost(app, h.destinataire, '/cpro/transverses/v1/recuperer/etats/traitement', { statutCourant });
      const obtenus = res.json().listeStatutsPossiblesPourTraitement.map((s: { statutPossiblePourTraitement: string }) => s.statutPossiblePourTraitement).sort();
      const attendus = parDestinataire.filter((m) => m.de === statutCourant).map((m) => m.vers).sort();
      if (JSON.stringify(obtenus) !== JSON.stringify(attendus)) ecarts.push(`${statutCourant}: ${obtenus} ≠ ${attendus}`);
    }
    expect(ecarts).toEqual([]);
  });
});

describe('concurrence', () => {
  it('requêtes HTTP parallèles sur la même facture (serveur à l’écoute) : une seule réussit, l’historique reste légal', async () => {
    const srv = await buildTestApp();
    try {
      const s = await createSandbox(srv, { seed: 11 });
      const ha = await acteurs(srv, s);
      const id = await deposer(srv, s, ha.fournisseur);
      await srv.listen({ port: 0, host: '127.0.0.1' });
      const { port } = srv.server.address() as AddressInfo;
      // Three terminal-for-the-recipient moves from MISE_A_DISPOSITION (§7.2 rows 5, 7, 9): once one is
      // made, none of the others is allowed to the recipient, so exactly one request may succeed.
      const cibles = ['REJETEE', 'MISE_EN_PAIEMENT', 'A_RECYCLER'];
      const envois = Array.from({ length: 12 }, (_, i) =>
        fetch(`http://127.0.0.1:${port}/cpro/factures/v1/traiter/recue`, {
          method: 'POST',
          headers: { ...ha.destinataire, 'content-type': 'application/json' },
          body: JSON.stringify({ idFacture: id, nouveauStatut: cibles[i % 3], motif: `essai ${i}` }),
        }).then(async (r) => ({ http: r.status, body: (await r.json()) as { codeRetour: number; nouveauStatut?: string } })),
      );
      const reponses = await Promise.all(envois);
      const reussites = reponses.filter((r) => r.body.codeRetour === 0);
      expect(reussites).toHaveLength(1);
      expect(reponses.filter((r) => r.body.codeRetour === 20002)).toHaveLength(11);
      const gagnant = reussites[0]!.body.nouveauStatut;
      const vue = (await fetch(`http://127.0.0.1:${port}/_sandbox/sandboxes/${s.id}/factures/${id}`, { headers: admin }).then((r) => r.json())) as {
        historique: { nature: string; code: string }[];
        facture: { statut: string };
      };
      expect(vue.historique.filter((e) => e.nature === 'STATUT').map((e) => e.code)).toEqual([
        'DEPOSEE',
        'EN_COURS_ACHEMINEMENT',
        'MISE_A_DISPOSITION',
        gagnant,
      ]);
      expect(vue.facture.statut).toBe(gagnant);
    } finally {
      await srv.close();
    }
  });
});
