import { pathToFileURL } from 'node:url';
import { createSandbox, resetSandbox } from '../src/modules/control-plane/service.js';
import { adminHeaders, round, startServer, timeIt } from './lib.js';

/**
 * Reset of a sandbox of the default scenario: in-process (service call, template bulk insert) and
 * over HTTP (sequential fetches against a real listening app), with other sandboxes present so the
 * delete has to pick its rows out of a shared table.
 */
export async function measureReset(iterations = 200) {
  const { app, url } = await startServer();
  try {
    for (let i = 0; i < 5; i += 1) createSandbox(app.db, { seed: 1000 + i }, 'matelas');
    const cible = createSandbox(app.db, { seed: 1 }, 'matelas');
    const inProcess = await timeIt(iterations, () => resetSandbox(app.db, cible.id));
    const base = await timeIt(iterations, () => fetch(`${url}/_sandbox/health`).then((r) => r.json()));
    const http = await timeIt(iterations, () =>
      fetch(`${url}/_sandbox/sandboxes/${cible.id}/reset`, { method: 'POST', headers: adminHeaders, body: '{}' }).then((r) => r.json()),
    );
    return {
      inProcess,
      http: { ...http, ratioToBaselineMedian: round(http.medianMs / base.medianMs, 1) },
      baseline: { route: 'GET /_sandbox/health', ...base },
      targets: { inProcessMedianMs: 20, httpMedianMs: 50 },
    };
  } finally {
    await app.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await measureReset(), null, 2));
}
