import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Start-up time to ready, as `npm start` does it on a fresh database file: from spawning Node on
 * the compiled server (`npm start` builds first, untimed here too) to the health route answering
 * 200 with the `default` sandbox created.
 */
export async function measureStartup(port = 18_080): Promise<{ readyMs: number }> {
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'cpro-bench-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/server.js'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), SANDBOX_DB: join(dir, 'sandbox.db'), LOG_LEVEL: 'warn', SANDBOX_ADMIN_TOKEN: 'bench-admin-token-0123456789' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/_sandbox/health`);
        if (res.ok && ((await res.json()) as { sandboxes: number }).sandboxes >= 1) break;
      } catch {
        // not listening yet
      }
      if (performance.now() - started > 30_000) throw new Error('server did not become ready in 30 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    return { readyMs: Math.round(performance.now() - started) };
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
