import { nextId } from '../../db/sequences.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { formatDate, formatDateTime, parisVersInstant } from '../../sandbox/dates.js';
import { annuler, enregistrerTypeEcheance, planifier, type Evenement } from '../../sandbox/echeancier.js';
import * as repo from './repository.js';
import { EXPEDITEUR, jourFr, jourHeureFr } from './service.js';

/**
 * The optional « notifications périodiques d'activité » (chorus-domain §13): a daily e-mail of the
 * day's events and a weekly recap, per user setting, written to the outbox when the sandbox clock
 * crosses Paris midnight (Monday midnight for the week). A day without events sends nothing.
 */
const QUOTIDIEN = 'RECAP_QUOTIDIEN';
const HEBDOMADAIRE = 'RECAP_HEBDOMADAIRE';
const JOUR = 86_400_000;

/** The next Paris midnight after `d` (`jours` = 7: the next Monday's). */
function prochainMinuit(d: Date, hebdomadaire: boolean): Date {
  let jour = parisVersInstant(formatDate(new Date(d.getTime() + JOUR)));
  while (hebdomadaire && new Date(formatDate(jour) + 'T12:00:00Z').getUTCDay() !== 1) jour = parisVersInstant(formatDate(new Date(jour.getTime() + JOUR + 3_600_000)));
  return jour;
}

/** The Paris midnight `jours` days before the Paris midnight `at` (a day of a DST change lasts 23 or 25 hours). */
function minuitAvant(at: Date, jours: number): Date {
  return parisVersInstant(formatDate(new Date(at.getTime() - jours * JOUR + 12 * 3_600_000)));
}

export function reglerRecaps(ctx: SandboxContext, utilisateurId: number, r: { recapQuotidien: boolean; recapHebdomadaire: boolean }): void {
  repo.ecrireReglages(ctx, utilisateurId, r);
  if (r.recapQuotidien) planifier(ctx, QUOTIDIEN, utilisateurId, prochainMinuit(ctx.now(), false));
  else annuler(ctx, QUOTIDIEN, utilisateurId);
  if (r.recapHebdomadaire) planifier(ctx, HEBDOMADAIRE, utilisateurId, prochainMinuit(ctx.now(), true));
  else annuler(ctx, HEBDOMADAIRE, utilisateurId);
}

function recap(type: typeof QUOTIDIEN | typeof HEBDOMADAIRE) {
  const hebdomadaire = type === HEBDOMADAIRE;
  enregistrerTypeEcheance({
    type,
    executer(ctx, sujet, at): Evenement[] {
      const utilisateurId = Number(sujet);
      const reglages = repo.findReglages(ctx, utilisateurId);
      if (!reglages || !(hebdomadaire ? reglages.recapHebdomadaire : reglages.recapQuotidien)) return [];
      planifier(ctx, type, utilisateurId, prochainMinuit(at, hebdomadaire));
      const u = repo.findUtilisateur(ctx, utilisateurId);
      const depuis = minuitAvant(at, hebdomadaire ? 7 : 1);
      const evenements = repo.notificationsDepuis(ctx, utilisateurId, formatDateTime(depuis), formatDateTime(new Date(at.getTime() - 1)));
      if (!u || evenements.length === 0) return [];
      const periode = hebdomadaire ? `la semaine du ${jourFr(depuis)} au ${jourFr(new Date(at.getTime() - 1))}` : `la journée du ${jourFr(depuis)}`;
      repo.insertCourriel(ctx, {
        id: nextId(ctx.db, ctx.sandboxId, 'courriel'),
        utilisateurId,
        de: EXPEDITEUR,
        a: u.email ?? u.login,
        sujet: `Chorus Pro - ${hebdomadaire ? 'Récapitulatif hebdomadaire' : "Notification quotidienne d'activité"} (${evenements.length} événement${evenements.length > 1 ? 's' : ''})`,
        corps: [
          `Bonjour ${[u.prenom, u.nom].filter(Boolean).join(' ')},`,
          '',
          `Voici l'activité de vos structures pour ${periode} :`,
          ...evenements.map((n) => `- ${jourHeureFr(n.date)} : ${n.message}`),
          '',
          'Cordialement,',
          'L’équipe Chorus Pro',
        ].join('\n'),
        nature: type,
        date: formatDateTime(at),
      });
      return [{ date: at.toISOString(), type, description: `${type} de ${u.login} : ${evenements.length} événement(s)` }];
    },
  });
}
recap(QUOTIDIEN);
recap(HEBDOMADAIRE);
