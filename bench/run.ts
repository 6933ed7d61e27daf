import { mkdirSync, writeFileSync } from 'node:fs';
import { measureControlPlane } from './control-plane.js';
import { benchRechercheFournisseur, benchSoumettre } from './factures.js';
import { baseline, startServer } from './lib.js';
import { measureReset } from './reset.js';
import { measureStartup } from './startup.js';

/**
 * `npm run bench`: every figure next to the trivial baseline route measured in the same run, so
 * results compare across machines. Writes bench/results/latest.json (and a dated copy).
 */
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };

const { app, url } = await startServer();
results.baseline = { route: 'GET /_sandbox/health', connections: 32, ...(await baseline(url)) };
await app.close();

results.startup = await measureStartup();
results.controlPlane = await measureControlPlane();

results.reset = await measureReset();
results.soumettre = await benchSoumettre();
// BENCH_FACTURES sets the size of the searched backlog (1,000,000 by default).
results.rechercherFournisseur = await benchRechercheFournisseur({ factures: Number(process.env.BENCH_FACTURES ?? 1_000_000) });

const dir = new URL('./results/', import.meta.url);
mkdirSync(dir, { recursive: true });
const json = `${JSON.stringify(results, null, 2)}\n`;
writeFileSync(new URL('latest.json', dir), json);
writeFileSync(new URL(`${String(results.date).replace(/[:.]/g, '-')}.json`, dir), json);
process.stdout.write(json);
