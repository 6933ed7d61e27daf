import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../../../src/app.js';
import { ADMIN_TOKEN, admin, type TestSandbox } from '../../helpers/app.js';

/**
 * Browser tests of the portal: the real app on a real port, driven by Debian's chromium through
 * playwright-core (no browser is downloaded). `CHROMIUM_PATH` overrides where the browser is.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * Where screenshots go: `test-results/captures/` on every run (not committed), or the README's
 * `docs/captures/` when `CAPTURES_DOC=1` (`npm run captures`), so that a test run leaves the tree clean.
 */
export const CAPTURES = fileURLToPath(new URL(process.env.CAPTURES_DOC === '1' ? '../../../docs/captures/' : '../../../test-results/captures/', import.meta.url));
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface Banc {
  app: FastifyInstance;
  url: string;
  navigateur: Browser;
  fermer(): Promise<void>;
}

export async function demarrer(): Promise<Banc> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium introuvable (${CHROMIUM}) : installez-le (apt-get install -y chromium) ou indiquez CHROMIUM_PATH`);
  }
  const app = await buildApp({ databasePath: ':memory:', adminToken: ADMIN_TOKEN, controlPlane: true, defaultScenario: 'matelas' });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const navigateur = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  return {
    app,
    url,
    navigateur,
    async fermer() {
      await navigateur.close();
      await app.close();
    },
  };
}

export async function nouveauBac(banc: Banc, corps: Record<string, unknown> = {}): Promise<TestSandbox> {
  const res = await banc.app.inject({ method: 'POST', url: '/_sandbox/sandboxes', headers: admin, payload: corps });
  if (res.statusCode !== 201) throw new Error(`sandbox creation failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A new browser session (its own cookies), a laptop-sized window unless told otherwise. */
export async function nouvellePage(banc: Banc, taille = { width: 1280, height: 900 }): Promise<Page> {
  const contexte = await banc.navigateur.newContext({ viewport: taille, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  return contexte.newPage();
}

/** Writes a screenshot of the whole page under CAPTURES (the README shows those of docs/captures/). */
export async function capturer(page: Page, nom: string): Promise<void> {
  mkdirSync(CAPTURES, { recursive: true });
  await page.screenshot({ path: `${CAPTURES}${nom}.png`, fullPage: true });
}

export interface Violation {
  id: string;
  impact: string;
  aide: string;
  cibles: string[];
}

/** axe-core's serious and critical violations on the current page (WCAG 2 A and AA rules). */
export async function violationsGraves(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ path: AXE });
  const resultat = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return resultat.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, aide: v.help, cibles: v.nodes.map((n) => n.target.join(' ')) }));
}

/** The last second-factor code sent to `login` (the sandbox's outbox, through the control plane). */
export async function codeRecu(banc: Banc, sandboxId: string, login: string): Promise<string> {
  const res = await banc.app.inject({ method: 'GET', url: `/_sandbox/sandboxes/${sandboxId}/outbox?login=${encodeURIComponent(login)}&nature=SECOND_FACTEUR`, headers: admin });
  const code = /est : (\d{6})/.exec(res.json().courriels[0]?.corps ?? '')?.[1];
  if (!code) throw new Error(`no code for ${login}`);
  return code;
}

/**
 * Logs in through the login form, then the code form, as a trainee does. The pop-up of the rejections
 * and suspensions to acknowledge, when the first page opens it, is put off with « Plus tard » unless
 * `garderModale` (the test then deals with it).
 */
export async function seConnecter(banc: Banc, page: Page, sandbox: TestSandbox, login: string, motDePasse: string, options: { garderModale?: boolean } = {}): Promise<void> {
  await page.goto(`${banc.url}/portail/${sandbox.id}/connexion`);
  await page.getByLabel('Adresse électronique').fill(login);
  await page.getByLabel('Mot de passe').fill(motDePasse);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/connexion\/code$|\/portail\/[^/]+\/$/);
  if (page.url().endsWith('/connexion/code')) {
    await page.getByLabel('Code reçu par courriel').fill(await codeRecu(banc, sandbox.id, login));
    await page.getByRole('button', { name: 'Valider' }).click();
    await page.waitForURL(/\/portail\/[^/]+\/$/);
  }
  const modale = page.locator('dialog.fr-modal[data-ouvrir-au-chargement]');
  if (!options.garderModale && (await modale.count()) > 0) {
    await modale.waitFor({ state: 'visible' });
    await modale.getByRole('button', { name: 'Plus tard' }).click();
    await modale.waitFor({ state: 'hidden' });
  }
}
