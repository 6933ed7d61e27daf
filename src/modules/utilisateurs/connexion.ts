import { randomInt } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { nextId } from '../../db/sequences.js';
import { connexionsPortail, courriels, sandboxes } from '../../db/schema/index.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { FUSEAU_WIRE, formatDateTime } from '../../sandbox/dates.js';
import { EXPEDITEUR } from '../notifications/service.js';
import * as repo from './repository.js';

/** Five failed logins lock the account for one hour (chorus-domain §0.4), on the sandbox clock. */
export const ECHECS_AVANT_VERROUILLAGE = 5;
export const DUREE_VERROUILLAGE_MS = 60 * 60 * 1000;
/** The e-mailed code of the second factor: six digits, ten minutes, five tries (the sandbox's choice). */
export const VALIDITE_CODE_MS = 10 * 60 * 1000;
export const ESSAIS_CODE = 5;

type Etat = typeof connexionsPortail.$inferSelect;

function etat(ctx: SandboxContext, utilisateurId: number): Etat | undefined {
  return ctx.db
    .select()
    .from(connexionsPortail)
    .where(and(eq(connexionsPortail.sandboxId, ctx.sandboxId), eq(connexionsPortail.id, utilisateurId)))
    .get();
}

function ecrire(ctx: SandboxContext, utilisateurId: number, maj: Partial<Omit<Etat, 'sandboxId' | 'id'>>): void {
  ctx.db
    .insert(connexionsPortail)
    .values({ sandboxId: ctx.sandboxId, id: utilisateurId, ...maj })
    .onConflictDoUpdate({ target: [connexionsPortail.sandboxId, connexionsPortail.id], set: maj })
    .run();
}

/** Whether this sandbox's portal asks for the e-mailed code after the password. */
export function secondFacteurActif(ctx: SandboxContext): boolean {
  return ctx.db.select({ actif: sandboxes.secondFacteurPortail }).from(sandboxes).where(eq(sandboxes.id, ctx.sandboxId)).get()?.actif ?? true;
}

export function reglerSecondFacteur(ctx: SandboxContext, actif: boolean): void {
  ctx.db.update(sandboxes).set({ secondFacteurPortail: actif }).where(eq(sandboxes.id, ctx.sandboxId)).run();
}

export type ResultatConnexion =
  | { readonly etape: 'CONNECTE'; readonly utilisateur: repo.UtilisateurRow }
  | { readonly etape: 'SECOND_FACTEUR'; readonly utilisateur: repo.UtilisateurRow }
  | { readonly etape: 'REFUSE'; readonly erreur: ChorusError };

/**
 * A portal login (e-mail and password). Returns rather than throws a refusal, because a refusal
 * writes too (the failure count, the lock) and must be kept. An unknown login and a wrong password
 * get the same answer; only known people accounts count failures. Technical accounts never log in
 * to the portal (they exist for the API's `cpro-account` header).
 */
export function connecter(ctx: SandboxContext, login: string, motDePasse: string): ResultatConnexion {
  const utilisateur = repo.findUtilisateurByLogin(ctx, login.trim()) ?? repo.findUtilisateurByLogin(ctx, login.trim().toLowerCase());
  if (!utilisateur) return { etape: 'REFUSE', erreur: new ChorusError(erreurs.CONNEXION_REFUSEE) };
  if (utilisateur.type === 'TECHNIQUE') return { etape: 'REFUSE', erreur: new ChorusError(erreurs.COMPTE_TECHNIQUE_PORTAIL) };
  const maintenant = ctx.now().getTime();
  const avant = etat(ctx, utilisateur.id);
  if (avant?.verrouilleJusqua && avant.verrouilleJusqua > maintenant) return { etape: 'REFUSE', erreur: verrouille(avant.verrouilleJusqua) };
  if (utilisateur.motDePasse !== motDePasse) {
    const echecs = (avant?.verrouilleJusqua ? 0 : (avant?.echecs ?? 0)) + 1;
    if (echecs >= ECHECS_AVANT_VERROUILLAGE) {
      const jusqua = maintenant + DUREE_VERROUILLAGE_MS;
      ecrire(ctx, utilisateur.id, { echecs, verrouilleJusqua: jusqua });
      return { etape: 'REFUSE', erreur: verrouille(jusqua) };
    }
    ecrire(ctx, utilisateur.id, { echecs, verrouilleJusqua: null });
    const reste = ECHECS_AVANT_VERROUILLAGE - echecs;
    return {
      etape: 'REFUSE',
      erreur: new ChorusError(erreurs.CONNEXION_REFUSEE, `${erreurs.CONNEXION_REFUSEE.libelle} : il vous reste ${reste} tentative${reste > 1 ? 's' : ''} avant le verrouillage du compte`),
    };
  }
  if (utilisateur.statut !== 'ACTIF') return { etape: 'REFUSE', erreur: new ChorusError(erreurs.COMPTE_NON_ACTIVE) };
  ecrire(ctx, utilisateur.id, { echecs: 0, verrouilleJusqua: null });
  if (!secondFacteurActif(ctx)) return { etape: 'CONNECTE', utilisateur };
  envoyerCode(ctx, utilisateur);
  return { etape: 'SECOND_FACTEUR', utilisateur };
}

const HEURE_FR = new Intl.DateTimeFormat('fr-FR', { timeZone: FUSEAU_WIRE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });

function verrouille(jusqua: number): ChorusError {
  const quand = HEURE_FR.format(new Date(jusqua)).replace(' ', ' à ');
  return new ChorusError(erreurs.COMPTE_VERROUILLE, `${erreurs.COMPTE_VERROUILLE.libelle} ; réessayez après le ${quand}`);
}

/** Draws a new six-digit code and e-mails it to the user's outbox (it replaces any previous code). */
export function envoyerCode(ctx: SandboxContext, utilisateur: repo.UtilisateurRow): void {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  ecrire(ctx, utilisateur.id, { codeSecondFacteur: code, codeExpireA: ctx.now().getTime() + VALIDITE_CODE_MS, essaisCode: 0 });
  ctx.db
    .insert(courriels)
    .values({
      sandboxId: ctx.sandboxId,
      id: nextId(ctx.db, ctx.sandboxId, 'courriel'),
      utilisateurId: utilisateur.id,
      de: EXPEDITEUR,
      a: utilisateur.email ?? utilisateur.login,
      sujet: 'Chorus Pro - Votre code de connexion',
      corps: [
        'Bonjour,',
        '',
        `Votre code de connexion à Chorus Pro est : ${code}`,
        'Il est valable 10 minutes. Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.',
        '',
        'L’équipe Chorus Pro',
      ].join('\n'),
      nature: 'SECOND_FACTEUR',
      date: formatDateTime(ctx.now()),
    })
    .run();
}

/** Checks the second factor's code; five wrong codes or an expired one ask for a new code. */
export function verifierCode(ctx: SandboxContext, utilisateurId: number, code: string): { ok: true } | { ok: false; erreur: ChorusError } {
  const e = etat(ctx, utilisateurId);
  if (!e?.codeSecondFacteur || !e.codeExpireA || e.codeExpireA < ctx.now().getTime() || e.essaisCode >= ESSAIS_CODE) {
    return { ok: false, erreur: new ChorusError(erreurs.CODE_SECOND_FACTEUR_EXPIRE) };
  }
  if (code.replace(/\s/g, '') !== e.codeSecondFacteur) {
    ecrire(ctx, utilisateurId, { essaisCode: e.essaisCode + 1 });
    return { ok: false, erreur: new ChorusError(erreurs.CODE_SECOND_FACTEUR_INVALIDE) };
  }
  ecrire(ctx, utilisateurId, { codeSecondFacteur: null, codeExpireA: null, essaisCode: 0 });
  return { ok: true };
}
