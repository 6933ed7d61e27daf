import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { strToU8, zipSync } from 'fflate';
import { cleLuhn } from '../src/domain/identifiants.js';
import { analyserFlux } from '../src/modules/flux/analyse.js';
import { ecrireUbl } from '../src/modules/flux/ecriture.js';
import type { FactureLue } from '../src/modules/flux/modele.js';
import { appel, arrondi, charger, chargerPendant, compiler, cproHeaders, lancerServeur, nouveauBac, structureDe, type Bac } from './processus.js';

/**
 * `npm run bench:flux`: a flux of 1,000 UBL invoices in one .zip, through every layer (envelope,
 * XSD, EN 16931, Chorus rules, then `soumettre`'s controls, routing and lifecycle), while 4 clients
 * search another sandbox. Reports invoices per second (deposit + integration), the layers alone
 * in this process (no database), and the other sandbox's p99 beside the baseline's.
 */
const N = Number(process.env.BENCH_FLUX_FACTURES ?? 1000);
const log = (m: string) => process.stderr.write(`[bench:flux] ${m}\n`);

function facture(bac: Bac, i: number): FactureLue {
  const fo = structureDe(bac, 'Fournisseur');
  const de = structureDe(bac, 'Destinataire sans paramètre');
  const adresse = { ligne1: '1 rue de la Paix', ville: 'Paris', codePostal: '75002', codePays: 'FR' };
  return {
    syntaxe: 'UBL', racine: 'Invoice', numero: `BF-${i}`, dateEmission: '2026-11-20', typeCode: '380', devise: 'EUR', note: null, cadre: 'A1',
    specification: 'urn:cen.eu:en16931:2017', codeService: null, numeroEngagement: null, numeroMarche: null, factureOrigine: null,
    fournisseur: { nom: 'Fournisseur', identifiant: { valeur: fo.identifiant, schemeID: '1' }, numeroTva: null, adresse },
    acheteur: { nom: 'Destinataire', identifiant: { valeur: de.identifiant, schemeID: '1' }, numeroTva: null, adresse },
    valideur: null, modePaiement: '30', iban: null,
    lignes: [
      { numero: '1', quantite: 2, unite: 'C62', montantNet: 100, prixUnitaire: 50, quantiteBase: null, categorieTva: 'S', tauxTva: 20, denomination: 'A', reference: null },
      { numero: '2', quantite: 1, unite: 'C62', montantNet: 50, prixUnitaire: 50, quantiteBase: null, categorieTva: 'S', tauxTva: 20, denomination: 'B', reference: null },
    ],
    ventilationTva: [{ base: 150, montant: 30, categorie: 'S', taux: 20, motifExoneration: null }],
    remisesCharges: [],
    totaux: { sommeLignes: 150, remises: null, charges: null, totalHT: 150, totalTVA: 30, totalTTC: 180, acompte: null, arrondi: null, aPayer: 180 },
    piecesJointes: [],
  };
}

compiler();
const s = await lancerServeur();
const resultats: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, coeurs: cpus().length, factures: N };
try {
  await charger({ url: `${s.url}/_sandbox/health`, duration: 1 });
  const base = await charger({ url: `${s.url}/_sandbox/health`, duration: 3, connections: 4 });
  const bac = await nouveauBac(s.url, { nom: 'flux', seed: 1 });
  const autre = await nouveauBac(s.url, { nom: 'autre', seed: 2 });
  await appel(s.url, 'PUT', `/_sandbox/sandboxes/${bac.id}/clock`, { mode: 'frozen', date: '2026-12-01T09:00:00.000Z' });
  const zip = zipSync(Object.fromEntries(Array.from({ length: N }, (_, i) => [`f${i}.xml`, strToU8(ecrireUbl(facture(bac, i)))])));
  log(`archive of ${N} invoices: ${zip.length} bytes`);

  // The layers alone, in this process: no HTTP, no database.
  await analyserFlux(zip, 'lot.zip', 'IN_DP_E1_UBL_INVOICE');
  const t0 = performance.now();
  const a = await analyserFlux(zip, 'lot.zip', 'IN_DP_E1_UBL_INVOICE');
  const couchesMs = performance.now() - t0;
  if (a.factures.some((f) => f.anomalies.length > 0) || a.erreursTechniques.length > 0) throw new Error('the generated invoices should pass every layer');

  const headers = await cproHeaders(s.url, bac);
  const autreHeaders = await cproHeaders(s.url, autre);
  const recherche = { url: `${s.url}/cpro/factures/v1/rechercher/fournisseur`, method: 'POST' as const, headers: autreHeaders, body: '{}', connections: 4 };
  await charger({ ...recherche, duration: 1 });
  const seule = await charger({ ...recherche, duration: 3 });
  const debut = performance.now();
  const travail = (async () => {
    const depot = await fetch(`${s.url}/cpro/factures/v1/deposer/flux`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ fichierFlux: Buffer.from(zip).toString('base64'), nomFichier: 'lot.zip', syntaxeFlux: 'IN_DP_E1_UBL_INVOICE', avecSignature: false }),
    }).then((r) => r.json() as Promise<{ numeroFluxDepot: string }>);
    const depotMs = performance.now() - debut;
    await appel(s.url, 'POST', `/_sandbox/sandboxes/${bac.id}/clock/advance`, { minutes: 5 });
    const cr = await fetch(`${s.url}/cpro/transverses/v1/consulterCRDetaille`, { method: 'POST', headers, body: JSON.stringify({ numeroFluxDepot: depot.numeroFluxDepot }) }).then(
      (r) => r.json() as Promise<{ etatCourantDepotFlux: string; listeErreurDP: unknown[] }>,
    );
    return { depotMs, cr };
  })();
  const pendant = await chargerPendant(
    recherche,
    travail.then(() => undefined, () => undefined),
  );
  const { depotMs, cr } = await travail;
  const totalMs = performance.now() - debut;
  const integrees = s.db.prepare("SELECT count(*) FROM factures WHERE sandbox_id = ? AND numero_flux_depot IS NOT NULL AND statut = 'MISE_A_DISPOSITION'").pluck().get(bac.id) as number;
  resultats.flux = {
    etat: cr.etatCourantDepotFlux,
    facturesIntegrees: integrees,
    depotMs: Math.round(depotMs),
    totalMs: Math.round(totalMs),
    facturesParSeconde: arrondi((integrees / totalMs) * 1000, 0),
    cible: '≥ 300 factures/s sur un cœur',
    couchesSeules: { ms: Math.round(couchesMs), facturesParSeconde: arrondi((N / couchesMs) * 1000, 0) },
    autreBacPendant: { route: 'POST /cpro/factures/v1/rechercher/fournisseur', connections: 4, ...pendant },
    autreBacSansFlux: { route: 'POST /cpro/factures/v1/rechercher/fournisseur', connections: 4, ...seule },
    baseline: { route: 'GET /_sandbox/health', connections: 4, ...base },
  };
} finally {
  await s.arreter();
}
const dir = new URL('./results/', import.meta.url);
mkdirSync(dir, { recursive: true });
const json = `${JSON.stringify(resultats, null, 2)}\n`;
writeFileSync(new URL('flux-latest.json', dir), json);
process.stdout.write(json);
