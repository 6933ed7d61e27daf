import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * An answered deposit is never lost: the real server (its own process, file database, production
 * pragmas) takes concurrent deposits, is killed with SIGKILL in the middle of them, and restarts;
 * every idFacture it answered before dying must be in the database.
 */
const racine = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN = 'durabilite-admin-token';
const dossier = mkdtempSync(join(tmpdir(), 'cpro-kill9-'));
const base = join(dossier, 'sandbox.db');

afterAll(() => rmSync(dossier, { recursive: true, force: true }));

interface Serveur {
  process: ChildProcess;
  url: string;
  sortie: string;
}

function demarrer(): Promise<Serveur> {
  return new Promise((resolve, reject) => {
    // node itself (not the tsx wrapper, whose child would survive the kill) loads tsx as a hook.
    const process_ = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: racine,
      env: { ...process.env, PORT: '0', SANDBOX_DB: base, SANDBOX_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'fatal' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let sortie = '';
    const minuterie = setTimeout(() => reject(new Error(`server did not start: ${sortie}`)), 30_000);
    process_.stdout!.on('data', (chunk: Buffer) => {
      sortie += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(sortie);
      if (m && /cpro-account of the Fournisseur/.test(sortie)) {
        clearTimeout(minuterie);
        resolve({ process: process_, url: m[1], sortie });
      }
    });
    process_.stderr!.on('data', (chunk: Buffer) => (sortie += chunk.toString()));
    process_.on('exit', (code) => reject(new Error(`server exited (${code}): ${sortie}`)));
  });
}

describe('durability under kill -9', () => {
  it('keeps every deposit it answered', { timeout: 90_000 }, async () => {
    const serveur = await demarrer();
    const clientId = /client_id=(\S+)/.exec(serveur.sortie)![1];
    const clientSecret = /client_secret=(\S+)/.exec(serveur.sortie)![1];
    const [login, motDePasse] = /cpro-account of the Fournisseur: (\S+) \/ (\S+)/.exec(serveur.sortie)!.slice(1);
    const sandboxId = /\((sbx_[0-9a-f]+)\)/.exec(serveur.sortie)![1];

    const lecture = new Database(base, { readonly: true });
    const fo = lecture.prepare("SELECT id FROM structures WHERE sandbox_id = ? AND entite = 'Fournisseur'").get(sandboxId) as { id: number };
    const de = lecture.prepare("SELECT identifiant FROM structures WHERE sandbox_id = ? AND entite = 'Destinataire sans paramètre'").get(sandboxId) as { identifiant: string };
    lecture.close();

    const token = (await (
      await fetch(`${serveur.url}/api/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=client_credentials&client_id=${clientId}&client_secret=${clientSecret}&scope=openid`,
      })
    ).json()) as { access_token: string };
    const headers = {
      authorization: `Bearer ${token.access_token}`,
      'cpro-account': Buffer.from(`${login}:${motDePasse}`).toString('base64'),
      'content-type': 'application/json',
    };
    let n = 0;
    const corps = () =>
      JSON.stringify({
        modeDepot: 'SAISIE_API',
        numeroFactureSaisi: `K9-${++n}`,
        dateFacture: '2026-11-20',
        destinataire: { codeDestinataire: de.identifiant },
        fournisseur: { idFournisseur: fo.id },
        cadreDeFacturation: { codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR' },
        references: { deviseFacture: 'EUR', typeFacture: 'FACTURE', typeTva: 'TVA_SUR_DEBIT', modePaiement: 'VIREMENT' },
        lignePoste: [{ lignePosteNumero: 1, lignePosteDenomination: 'A', lignePosteQuantite: 1, lignePosteMontantUnitaireHT: 100, lignePosteTauxTvaManuel: 20 }],
        montantTotal: { montantHtTotal: 100, montantTVA: 20, montantTtcTotal: 120, montantAPayer: 120 },
      });

    // 16 clients deposit in a loop; the server is killed once 150 deposits have been answered.
    const acquittes: number[] = [];
    let tue = false;
    const client = async () => {
      while (!tue) {
        try {
          const res = await fetch(`${serveur.url}/cpro/factures/v1/soumettre`, { method: 'POST', headers, body: corps() });
          const body = (await res.json()) as { codeRetour: number; identifiantFactureCPP?: number };
          if (res.status === 200 && body.identifiantFactureCPP !== undefined) acquittes.push(body.identifiantFactureCPP);
          if (acquittes.length >= 150 && !tue) {
            tue = true;
            serveur.process.kill('SIGKILL');
          }
        } catch {
          return; // connection reset by the kill: this deposit was never answered
        }
      }
    };
    const fini = new Promise((resolve) => serveur.process.once('exit', resolve));
    await Promise.all(Array.from({ length: 16 }, client));
    await fini;
    expect(acquittes.length).toBeGreaterThanOrEqual(150);

    // Restart on the same file (WAL recovery), then look for every answered id.
    const relance = await demarrer();
    try {
      const db = new Database(base, { readonly: true });
      const presents = new Set((db.prepare('SELECT id FROM factures WHERE sandbox_id = ?').pluck().all(sandboxId) as number[]));
      db.close();
      const perdus = acquittes.filter((id) => !presents.has(id));
      expect(perdus).toEqual([]);
    } finally {
      relance.process.kill('SIGKILL');
    }
  });
});
