import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { rattachements, structures, utilisateurs } from '../src/db/schema/index.js';
import { adminHeaders, baseline, load, round, startServer, timeIt } from './lib.js';

/** Bearer + cpro-account headers of the technical account of a matelas structure. */
async function cproHeaders(app: FastifyInstance, url: string, sandbox: { id: string; piste: { clientId: string; clientSecret: string } }, entite: string) {
  const res = await fetch(`${url}/api/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=${sandbox.piste.clientId}&client_secret=${sandbox.piste.clientSecret}&scope=openid`,
  });
  const { access_token } = (await res.json()) as { access_token: string };
  const compte = app.db
    .select({ login: utilisateurs.login, motDePasse: utilisateurs.motDePasse })
    .from(utilisateurs)
    .innerJoin(rattachements, and(eq(rattachements.sandboxId, utilisateurs.sandboxId), eq(rattachements.utilisateurId, utilisateurs.id)))
    .innerJoin(structures, and(eq(structures.sandboxId, rattachements.sandboxId), eq(structures.id, rattachements.structureId)))
    .where(and(eq(utilisateurs.sandboxId, sandbox.id), eq(utilisateurs.type, 'TECHNIQUE'), eq(structures.entite, entite)))
    .get()!;
  return {
    authorization: `Bearer ${access_token}`,
    'cpro-account': Buffer.from(`${compte.login}:${compte.motDePasse}`).toString('base64'),
    'content-type': 'application/json',
  };
}

function structure(app: FastifyInstance, sandboxId: string, entite: string) {
  return app.db.select().from(structures).where(and(eq(structures.sandboxId, sandboxId), eq(structures.entite, entite))).get()!;
}

async function nouveauBac(url: string) {
  const res = await fetch(`${url}/_sandbox/sandboxes`, { method: 'POST', headers: adminHeaders, body: '{}' });
  return (await res.json()) as { id: string; piste: { clientId: string; clientSecret: string } };
}

/** soumettre throughput and p99 at 32 connections (SAISIE_API, 2 lines, full controls and routing). */
export async function benchSoumettre(options: { connections?: number; duration?: number } = {}) {
  const { app, url } = await startServer();
  try {
    const sandbox = await nouveauBac(url);
    const headers = await cproHeaders(app, url, sandbox, 'Fournisseur');
    const fo = structure(app, sandbox.id, 'Fournisseur');
    const de = structure(app, sandbox.id, 'Destinataire sans paramètre');
    let n = 0;
    const corps = () =>
      JSON.stringify({
        modeDepot: 'SAISIE_API',
        numeroFactureSaisi: `B-${++n}`,
        dateFacture: '2026-11-20',
        destinataire: { codeDestinataire: de.identifiant },
        fournisseur: { idFournisseur: fo.id },
        cadreDeFacturation: { codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR' },
        references: { deviseFacture: 'EUR', typeFacture: 'FACTURE', typeTva: 'TVA_SUR_DEBIT', modePaiement: 'VIREMENT' },
        lignePoste: [
          { lignePosteNumero: 1, lignePosteDenomination: 'A', lignePosteQuantite: 2, lignePosteMontantUnitaireHT: 50, lignePosteTauxTvaManuel: 20 },
          { lignePosteNumero: 2, lignePosteDenomination: 'B', lignePosteQuantite: 1, lignePosteMontantUnitaireHT: 50, lignePosteTauxTvaManuel: 20 },
        ],
        montantTotal: { montantHtTotal: 150, montantTVA: 30, montantTtcTotal: 180, montantAPayer: 180 },
      });
    const base = await baseline(url, options.connections ?? 32);
    const r = await load({
      url: `${url}/cpro/factures/v1/soumettre`,
      method: 'POST',
      headers,
      connections: options.connections ?? 32,
      duration: options.duration ?? 5,
      requests: [{ setupRequest: (req) => ({ ...req, body: corps() }) }],
    });
    return {
      baseline: { route: 'GET /_sandbox/health', ...base },
      soumettre: { ...r, ratioToBaselineRps: round(r.requestsPerSecond / base.requestsPerSecond, 3) },
    };
  } finally {
    await app.close();
  }
}

const STATUTS = ['MISE_A_DISPOSITION', 'SUSPENDUE', 'REJETEE', 'SERVICE_FAIT', 'MANDATEE', 'MISE_EN_PAIEMENT'];

/**
 * rechercher/fournisseur p95 over a sandbox holding `factures` invoices of one supplier, inserted
 * directly in SQLite (one prepared statement, one transaction), with a mix of the filters real
 * clients send (none, numeroFacture, numeroFluxDepot, a week of dateDepot, statuses, amounts).
 */
export async function benchRechercheFournisseur(options: { factures?: number; requetes?: number } = {}) {
  const total = options.factures ?? 1_000_000;
  const { app, url } = await startServer();
  try {
    const sandbox = await nouveauBac(url);
    const fo = structure(app, sandbox.id, 'Fournisseur');
    // Recipients handled by hand: a simulated buyer (automatic profile) would act on the whole backlog at the first request.
    const destinataires = [structure(app, sandbox.id, 'Destinataire sans paramètre'), structure(app, sandbox.id, 'Destinataire 2')];
    const sqlite = app.db.$client;
    const insert = sqlite.prepare(
      `insert into factures (sandbox_id, id, numero_facture, annee, mode_depot, code_cadre_facturation, type_facture, devise, date_facture, date_depot,
        fournisseur_id, destinataire_id, numero_flux_depot, montant_ht, montant_tva, montant_ttc, montant_a_payer, statut, date_heure_etat_courant, empreinte_certificat_depot)
       values (?, ?, ?, 2026, 'SAISIE_API', 'A1_FACTURE_FOURNISSEUR', 'FACTURE', 'EUR', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')`,
    );
    const debut = Date.parse('2025-01-01T00:00:00Z');
    const debutInsert = performance.now();
    sqlite.transaction(() => {
      for (let i = 0; i < total; i++) {
        const date = new Date(debut + i * 30_000).toISOString();
        const ht = (i % 5000) + 10;
        insert.run(sandbox.id, 90_000_000 + i, `BULK-${i}`, date.slice(0, 10), date, fo.id, destinataires[i % destinataires.length].id,
          i % 10 === 0 ? `CPP0011117${String(i).padStart(15, '0')}` : null, ht, ht * 0.2, ht * 1.2, ht * 1.2, STATUTS[i % STATUTS.length], date);
      }
    })();
    const insertionMs = performance.now() - debutInsert;
    sqlite.exec('ANALYZE');
    const headers = await cproHeaders(app, url, sandbox, 'Fournisseur');
    const rnd = (k: number) => Math.floor(((k * 2654435761) % 2 ** 32) / 2 ** 32 * total);
    const requetes = [
      () => ({}),
      (k: number) => ({ numeroFacture: `BULK-${rnd(k)}` }),
      (k: number) => ({ numeroFluxDepot: `CPP0011117${String(rnd(k) - (rnd(k) % 10)).padStart(15, '0')}` }),
      (k: number) => {
        const d = new Date(debut + rnd(k) * 30_000);
        return { periodeDateDepotDu: d.toISOString().slice(0, 10), periodeDateDepotAu: new Date(d.getTime() + 7 * 86_400_000).toISOString().slice(0, 10) };
      },
      (k: number) => ({ statutCourant: [STATUTS[k % STATUTS.length]], rechercheFactureParFournisseur: { nbResultatsParPage: 50 } }),
      () => ({ montantHTMin: 100, montantHTMax: 200, rechercheFactureParFournisseur: { pageResultatDemandee: 2 } }),
    ];
    const n = options.requetes ?? 300;
    let erreurs = 0;
    const t = await timeIt(n, async (k) => {
      const res = await app.inject({ method: 'POST', url: '/cpro/factures/v1/rechercher/fournisseur', headers, payload: requetes[k % requetes.length](k) });
      if (res.statusCode !== 200) erreurs++;
    });
    const base = await timeIt(200, () => app.inject({ method: 'GET', url: '/_sandbox/health' }));
    void url;
    return {
      factures: total,
      insertionMs: round(insertionMs, 0),
      baseline: { route: 'GET /_sandbox/health (inject)', ...base },
      rechercherFournisseur: { ...t, erreurs, ratioToBaselineMedian: round(t.medianMs / base.medianMs, 1) },
    };
  } finally {
    await app.close();
  }
}

if (process.argv[1]?.replace(/\\/g, "/").endsWith("bench/factures.ts")) {
  const factures = Number(process.env.BENCH_FACTURES ?? 1_000_000);
  const resultat = { soumettre: await benchSoumettre(), recherche: await benchRechercheFournisseur({ factures }) };
  console.log(JSON.stringify(resultat, null, 2));
}
