import { mkdirSync, writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { measureControlPlane } from './control-plane.js';
import { baseline, startServer } from './lib.js';
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

// Benchmarks of later capabilities plug in as modules exporting `run()`.
for (const name of ['reset', 'factures']) {
  if (!existsSync(new URL(`./${name}.ts`, import.meta.url))) continue;
  const mod = (await import(`./${name}.js`)) as { run?: () => Promise<unknown> };
  if (mod.run) results[name] = await mod.run();
}

const dir = new URL('./results/', import.meta.url);
mkdirSync(dir, { recursive: true });
const json = `${JSON.stringify(results, null, 2)}\n`;
writeFileSync(new URL('latest.json', dir), json);
writeFileSync(new URL(`${String(results.date).replace(/[:.]/g, '-')}.json`, dir), json);
process.stdout.write(json);
