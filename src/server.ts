import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { construireMatelas } from './modules/control-plane/matelas.js';
import { contextOf, countSandboxes, createSandbox, listSandboxes } from './modules/control-plane/service.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await buildApp({
    ...config,
    logger: { level: config.logLevel },
  });

  // `npm start` alone must give a usable sandbox: create `default` on an empty database.
  if (countSandboxes(app.db) === 0) {
    createSandbox(app.db, { nom: 'default' }, config.defaultScenario);
  }
  const address = await app.listen({ port: config.port, host: config.host });

  const sandbox = listSandboxes(app.db).find((s) => s.nom === 'default') ?? listSandboxes(app.db)[0];
  const lines = [
    `Chorus Pro Sandbox listening on ${address}  (docs: ${address}/docs)`,
    `Sandbox '${sandbox.nom}' (${sandbox.id}): PISTE client_id=${sandbox.pisteClientId} client_secret=${sandbox.pisteClientSecret}`,
    `  token: POST ${address}/api/oauth/token   API: ${address}/cpro/...`,
  ];
  // The supplier's technical account, so that a first /cpro call needs nothing else.
  const tech = construireMatelas(contextOf(app.db, sandbox)).comptes.find((c) => c.entite === 'Fournisseur' && c.type === 'TECH');
  if (tech) lines.push(`  cpro-account of the Fournisseur: ${tech.login} / ${tech.motDePasse}`);
  // The web portal, and the person a trainee logs in as first (the supplier's gestionnaire principal).
  lines.push(`Portail (français): ${address}/portail/${sandbox.id}/`);
  const gp = construireMatelas(contextOf(app.db, sandbox)).comptes.find((c) => c.entite === 'Fournisseur' && c.type === 'GP');
  if (gp) lines.push(`  gestionnaire du Fournisseur: ${gp.login} / ${gp.motDePasse} (code de connexion: ${address}/portail/${sandbox.id}/courriels)`);
  if (config.controlPlane) lines.push(`  whole matelas: GET ${address}/_sandbox/sandboxes/${sandbox.id}/matelas (admin token)`);
  if (config.adminTokenGenerated) {
    lines.push(`Control plane token (generated, set SANDBOX_ADMIN_TOKEN to fix it): ${config.adminToken}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.close().then(() => process.exit(0), () => process.exit(1));
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
