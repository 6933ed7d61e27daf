import { adminHeaders, round, startServer, timeIt } from './lib.js';

/** Control-plane latency: creating a sandbox from the default scenario, and resetting one, over HTTP. */
export async function measureControlPlane() {
  const { app, url } = await startServer();
  try {
    // Baseline timed the same way (sequential fetches) so the ratios compare like with like.
    const base = await timeIt(200, () => fetch(`${url}/_sandbox/health`).then((r) => r.json()));
    const create = await timeIt(30, () =>
      fetch(`${url}/_sandbox/sandboxes`, { method: 'POST', headers: adminHeaders, body: '{}' }).then((r) => r.json()),
    );
    const sandbox = (await (await fetch(`${url}/_sandbox/sandboxes`, { method: "POST", headers: adminHeaders, body: "{}" })).json()) as { id: string };
    const reset = await timeIt(50, () =>
      fetch(`${url}/_sandbox/sandboxes/${sandbox.id}/reset`, { method: 'POST', headers: adminHeaders, body: '{}' }).then((r) => r.json()),
    );
    return {
      baseline: { route: 'GET /_sandbox/health', ...base },
      createSandbox: { ...create, ratioToBaselineMedian: round(create.medianMs / base.medianMs, 1) },
      resetSandbox: { ...reset, ratioToBaselineMedian: round(reset.medianMs / base.medianMs, 1) },
    };
  } finally {
    await app.close();
  }
}
