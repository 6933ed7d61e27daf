import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { ChorusError } from '../../src/errors/chorus-error.js';
import type { SandboxContext } from '../../src/sandbox/context.js';
import { listCourriels } from '../../src/modules/notifications/repository.js';
import { activerCompte, creerCompte } from '../../src/modules/utilisateurs/comptes.js';
import type { UtilisateurRow } from '../../src/modules/utilisateurs/repository.js';

/** A service context on the sandbox with a clock the test moves by hand. */
export function contexteManuel(app: FastifyInstance, sandboxId: string, debut = '2026-03-02T09:00:00.000Z'): SandboxContext & { avancer(minutes: number): void } {
  let t = new Date(debut);
  return {
    db: app.db,
    sandboxId,
    now: () => t,
    avancer(minutes: number) {
      t = new Date(t.getTime() + minutes * 60_000);
    },
  };
}

/** Runs `fn`, expects a catalogue refusal (with that code, field and words in the libellé, when given). */
export function refus(fn: () => unknown, codeRetour?: number, champ?: string, contient?: string): ChorusError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ChorusError);
    const err = e as ChorusError;
    if (codeRetour !== undefined) expect(err.codeRetour, err.libelle).toBe(codeRetour);
    if (champ !== undefined) expect(err.champ, err.libelle).toBe(champ);
    if (contient !== undefined) expect(err.libelle).toContain(contient);
    return err;
  }
  throw new Error('expected a refusal, got none');
}

export const MOT_DE_PASSE = 'Facture-2026!';

/** A PERSONNE account created and activated from the portal's services. */
export function compteActif(ctx: SandboxContext, email: string, extra: { siret?: string; nom?: string; prenom?: string } = {}): UtilisateurRow {
  const { jeton } = creerCompte(ctx, { email, nom: extra.nom ?? 'Martin', prenom: extra.prenom ?? 'Claire', siret: extra.siret });
  return activerCompte(ctx, { jeton, motDePasse: MOT_DE_PASSE, confirmation: MOT_DE_PASSE }).utilisateur;
}

export function courrielsDe(ctx: SandboxContext, utilisateurId: number, nature?: string) {
  return listCourriels(ctx, { utilisateurId, nature });
}
