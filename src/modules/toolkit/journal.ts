import { and, desc, eq, gte, like, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { journalRequetes } from '../../db/schema/index.js';

export const MAX_ENTREES = 1000;
export const MAX_CORPS = 16 * 1024;

/** Keys whose values never reach the journal (headers, OAuth, passwords). */
const SECRET = /^(authorization|cpro-account|cookie|password|motdepasse|nouveaumotdepasse|ancienmotdepasse|client_secret|clientsecret|access_token|refresh_token)$/i;
/** Keys that carry base64 file contents in the Chorus Pro API. */
const FICHIER = /^(fichier\w*|pieceJointeFichier|pieceJointeContenu|contenu\w*|fluxFacture)$/i;
const BASE64_LONG = /^[A-Za-z0-9+/=\r\n]{200,}$/;

/** Nesting kept in the journal: deeper values are replaced (a deeply nested body overflowed the stack). */
export const PROFONDEUR_MAX = 32;

/** Deep copy with secrets and base64 file contents replaced, nesting bounded. */
export function masquer(valeur: unknown, cle = '', profondeur = 0): unknown {
  if (SECRET.test(cle) && valeur !== null && valeur !== undefined) return '[masqué]';
  if (profondeur >= PROFONDEUR_MAX && valeur !== null && typeof valeur === 'object') return '[profondeur maximale atteinte]';
  if (typeof valeur === 'string') {
    if ((FICHIER.test(cle) && valeur.length > 32) || BASE64_LONG.test(valeur)) return `[fichier base64, ${valeur.length} caractères]`;
    return valeur;
  }
  if (Array.isArray(valeur)) return valeur.map((v) => masquer(v, cle, profondeur + 1));
  if (valeur && typeof valeur === 'object') {
    return Object.fromEntries(Object.entries(valeur).map(([k, v]) => [k, masquer(v, k, profondeur + 1)]));
  }
  return valeur;
}

/** A URL with the values of secret query parameters (client_secret, access_token…) replaced. */
export function masquerUrl(url: string): string {
  const i = url.indexOf('?');
  if (i < 0) return url;
  const requete = url
    .slice(i + 1)
    .split('&')
    .map((paire) => {
      const egal = paire.indexOf('=');
      const cle = egal < 0 ? paire : paire.slice(0, egal);
      let nom = cle;
      try {
        nom = decodeURIComponent(cle.replace(/\+/g, ' '));
      } catch {
        // an undecodable name is compared as sent
      }
      return egal >= 0 && SECRET.test(nom) ? `${cle}=[masqué]` : paire;
    })
    .join('&');
  return `${url.slice(0, i)}?${requete}`;
}

/** JSON text of a redacted body, truncated past 16 KB. */
export function serialiser(valeur: unknown): string | null {
  if (valeur === undefined || valeur === null || valeur === '') return null;
  let texte: string;
  if (typeof valeur === 'string') {
    try {
      texte = JSON.stringify(masquer(JSON.parse(valeur)));
    } catch {
      texte = JSON.stringify(masquer(valeur));
    }
  } else texte = JSON.stringify(masquer(valeur));
  return texte.length > MAX_CORPS ? `${texte.slice(0, MAX_CORPS)}…[tronqué, ${texte.length} caractères]` : texte;
}

export interface EntreeJournal {
  date: string;
  methode: string;
  chemin: string;
  statut: number;
  codeRetour: number | null;
  dureeMs: number;
  requete: string | null;
  reponse: string | null;
}

/** Appends an entry and drops the oldest beyond MAX_ENTREES. */
export function journaliser(db: Db, sandboxId: string, entree: EntreeJournal): number {
  const { id } = db.insert(journalRequetes).values({ owner: sandboxId, ...entree }).returning({ id: journalRequetes.id }).get();
  db.$client
    .prepare('DELETE FROM journal_requetes WHERE sandbox_id = ? AND id <= (SELECT id FROM journal_requetes WHERE sandbox_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)')
    .run(sandboxId, sandboxId, MAX_ENTREES);
  return id;
}

export interface FiltreJournal {
  method?: string;
  path?: string;
  status?: number;
  depuis?: string;
  page: number;
  taille: number;
}

function parse(texte: string | null): unknown {
  if (texte === null) return null;
  try {
    return JSON.parse(texte);
  } catch {
    return texte; // truncated body: kept as text
  }
}

/** Newest first. `path` matches a prefix, or a glob when it contains `*`. */
export function lireJournal(db: Db, sandboxId: string, f: FiltreJournal) {
  const conditions: SQL[] = [eq(journalRequetes.owner, sandboxId)];
  if (f.method) conditions.push(eq(journalRequetes.methode, f.method.toUpperCase()));
  if (f.path) conditions.push(like(journalRequetes.chemin, `${f.path.replace(/[%_]/g, '').replace(/\*+/g, '%')}%`));
  if (f.status !== undefined) conditions.push(eq(journalRequetes.statut, f.status));
  if (f.depuis) conditions.push(gte(journalRequetes.date, new Date(f.depuis).toISOString()));
  const where = and(...conditions);
  const total = db.select({ n: sql<number>`count(*)` }).from(journalRequetes).where(where).get()!.n;
  const rows = db
    .select()
    .from(journalRequetes)
    .where(where)
    .orderBy(desc(journalRequetes.id))
    .limit(f.taille)
    .offset((f.page - 1) * f.taille)
    .all();
  return {
    total,
    page: f.page,
    taille: f.taille,
    entrees: rows.map((r) => ({
      date: r.date,
      methode: r.methode,
      chemin: r.chemin,
      statut: r.statut,
      codeRetour: r.codeRetour,
      dureeMs: r.dureeMs,
      requete: parse(r.requete),
      reponse: parse(r.reponse),
    })),
  };
}
