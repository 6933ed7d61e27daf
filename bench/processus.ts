import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';

/*
 * The server under test runs in its own process (`node dist/server.js`, what `npm start` runs), on
 * a file database with the production pragmas (WAL, synchronous=FULL). This process only sends load
 * (autocannon) and, to build large data sets fast, writes rows directly into the database file.
 */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const ADMIN_TOKEN = 'bench-admin-token-0123456789';
export const adminHeaders = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

export function compiler(): void {
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'ignore' });
}

export interface Serveur {
  url: string;
  child: ChildProcess;
  fichier: string;
  /** A second connection on the same file, for bulk inserts and checks. */
  db: Database.Database;
  arreter(): Promise<void>;
}

export async function lancerServeur(): Promise<Serveur> {
  const dossier = mkdtempSync(join(tmpdir(), 'cpro-bench-'));
  const fichier = join(dossier, 'sandbox.db');
  const child = spawn(process.execPath, ['dist/server.js'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', SANDBOX_DB: fichier, LOG_LEVEL: 'error', SANDBOX_ADMIN_TOKEN: ADMIN_TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let sortie = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      sortie += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(sortie);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${sortie}`)));
  });
  const db = new Database(fichier);
  db.pragma('busy_timeout = 10000');
  db.pragma('synchronous = FULL');
  return {
    url,
    child,
    fichier,
    db,
    async arreter() {
      db.close();
      const fin = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await fin;
      rmSync(dossier, { recursive: true, force: true });
    },
  };
}

/** Resident set size of a process, in MB (Linux). */
export function rssMo(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

export interface Bac {
  id: string;
  nom: string;
  piste: { clientId: string; clientSecret: string };
  matelas: {
    structures: { entite: string; idStructureCPP: number; identifiant: string }[];
    comptes: { entite: string | null; type: string; login: string; motDePasse: string }[];
  };
}

export async function appel(url: string, method: string, chemin: string, body?: unknown): Promise<any> {
  const res = await fetch(`${url}${chemin}`, { method, headers: adminHeaders, body: body === undefined ? undefined : JSON.stringify(body) });
  const texte = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${chemin}: ${res.status} ${texte.slice(0, 300)}`);
  return texte ? JSON.parse(texte) : null;
}

export const nouveauBac = (url: string, body: Record<string, unknown> = {}): Promise<Bac> => appel(url, 'POST', '/_sandbox/sandboxes', body);

export function structureDe(bac: Bac, entite: string) {
  const s = bac.matelas.structures.find((x) => x.entite === entite);
  if (!s) throw new Error(`no structure '${entite}'`);
  return s;
}

/** Bearer + cpro-account headers of the technical account of a structure of the matelas. */
export async function cproHeaders(url: string, bac: Bac, entite = 'Fournisseur'): Promise<Record<string, string>> {
  const res = await fetch(`${url}/api/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=${bac.piste.clientId}&client_secret=${bac.piste.clientSecret}&scope=openid`,
  });
  const { access_token } = (await res.json()) as { access_token: string };
  const compte = bac.matelas.comptes.find((c) => c.entite === entite && c.type === 'TECH');
  if (!compte) throw new Error(`no technical account for '${entite}'`);
  return {
    authorization: `Bearer ${access_token}`,
    'cpro-account': Buffer.from(`${compte.login}:${compte.motDePasse}`).toString('base64'),
    'content-type': 'application/json',
  };
}

let numero = 0;
/** A deposit body (SAISIE_API, 2 lines, full controls and routing) to a manual recipient. */
export function corpsDepot(bac: Bac, destinataire = 'Destinataire sans paramètre'): () => string {
  const fo = structureDe(bac, 'Fournisseur');
  const de = structureDe(bac, destinataire);
  return () =>
    JSON.stringify({
      modeDepot: 'SAISIE_API',
      numeroFactureSaisi: `B-${process.pid}-${++numero}`,
      dateFacture: '2026-11-20',
      destinataire: { codeDestinataire: de.identifiant },
      fournisseur: { idFournisseur: fo.idStructureCPP },
      cadreDeFacturation: { codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR' },
      references: { deviseFacture: 'EUR', typeFacture: 'FACTURE', typeTva: 'TVA_SUR_DEBIT', modePaiement: 'VIREMENT' },
      lignePoste: [
        { lignePosteNumero: 1, lignePosteDenomination: 'A', lignePosteQuantite: 2, lignePosteMontantUnitaireHT: 50, lignePosteTauxTvaManuel: 20 },
        { lignePosteNumero: 2, lignePosteDenomination: 'B', lignePosteQuantite: 1, lignePosteMontantUnitaireHT: 50, lignePosteTauxTvaManuel: 20 },
      ],
      montantTotal: { montantHtTotal: 150, montantTVA: 30, montantTtcTotal: 180, montantAPayer: 180 },
    });
}

export interface Charge {
  requetesParSeconde: number;
  latenceP50Ms: number;
  latenceP99Ms: number;
  requetes: number;
  erreurs: number;
  non2xx: number;
}

const charge = (r: autocannon.Result): Charge => ({
  requetesParSeconde: Math.round(r.requests.average),
  latenceP50Ms: r.latency.p50,
  latenceP99Ms: r.latency.p99,
  requetes: r.requests.total,
  erreurs: r.errors,
  non2xx: r.non2xx,
});

/** autocannon for `duree` seconds. */
export async function charger(options: autocannon.Options): Promise<Charge> {
  return charge(await autocannon({ connections: 32, duration: 3, ...options }));
}

/** autocannon until `arret` resolves (load on one sandbox while another does something). */
export function chargerPendant(options: autocannon.Options, arret: Promise<unknown>): Promise<Charge> {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ connections: 4, duration: 3600, ...options }, (err, r) => (err ? reject(err) : resolve(charge(r))));
    arret.finally(() => instance.stop());
  });
}

/** Times `fn` `n` times, sequentially: median and p95 in milliseconds. */
export async function chronometrer(n: number, fn: (i: number) => Promise<unknown> | unknown): Promise<{ medianeMs: number; p95Ms: number; n: number }> {
  const t: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const debut = performance.now();
    await fn(i);
    t.push(performance.now() - debut);
  }
  t.sort((a, b) => a - b);
  const q = (x: number) => t[Math.min(t.length - 1, Math.floor(x * t.length))];
  return { medianeMs: arrondi(q(0.5)), p95Ms: arrondi(q(0.95)), n };
}

export const arrondi = (x: number, chiffres = 2) => Math.round(x * 10 ** chiffres) / 10 ** chiffres;

const STATUTS = ['MISE_A_DISPOSITION', 'SUSPENDUE', 'REJETEE', 'SERVICE_FAIT', 'MANDATEE', 'MISE_EN_PAIEMENT'];

/**
 * Inserts invoices straight into the database file (one prepared statement, one transaction per
 * 50,000 rows), ids from `premierId`. `statut` fixed, or a mix of statuses a manual buyer leaves.
 */
export function insererFactures(
  db: Database.Database,
  o: { sandboxId: string; fournisseurId: number; destinataires: number[]; premierId: number; nombre: number; debut: number; pasMs: number; statut?: string },
): void {
  const insert = db.prepare(
    `insert into factures (sandbox_id, id, numero_facture, annee, mode_depot, code_cadre_facturation, type_facture, devise, date_facture, date_depot,
      fournisseur_id, destinataire_id, numero_flux_depot, montant_ht, montant_tva, montant_ttc, montant_a_payer, statut, date_heure_etat_courant,
      empreinte_certificat_depot, date_mise_a_disposition)
     values (?, ?, ?, 2026, 'SAISIE_API', 'A1_FACTURE_FOURNISSEUR', 'FACTURE', 'EUR', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?)`,
  );
  for (let debutLot = 0; debutLot < o.nombre; debutLot += 50_000) {
    db.transaction(() => {
      for (let i = debutLot; i < Math.min(o.nombre, debutLot + 50_000); i += 1) {
        const id = o.premierId + i;
        const date = new Date(o.debut + i * o.pasMs).toISOString();
        const ht = (i % 5000) + 10;
        insert.run(o.sandboxId, id, `BULK-${id}`, date.slice(0, 10), date, o.fournisseurId, o.destinataires[i % o.destinataires.length],
          i % 10 === 0 ? `CPP0011117${String(id).padStart(15, '0')}` : null, ht, ht * 0.2, ht * 1.2, ht * 1.2, o.statut ?? STATUTS[i % STATUTS.length], date, date);
      }
    })();
  }
}

export const STATUTS_MELANGES = STATUTS;
