import type { FastifyInstance } from 'fastify';
import { contextOf, listSandboxes } from '../../src/modules/control-plane/service.js';
import { activerCompte, creerCompte } from '../../src/modules/utilisateurs/comptes.js';
import type { SandboxContext } from '../../src/sandbox/context.js';
import type { TestSandbox } from '../helpers/app.js';
import { Navigateur, portailDe, seConnecter } from '../helpers/portail.js';

/** Shared by the portal's account and organisation tests: accounts made quickly through the services. */
export const MOT_DE_PASSE = 'Chantier-2026!';

export function ctxDe(app: FastifyInstance, bac: TestSandbox): SandboxContext {
  return contextOf(app.db, listSandboxes(app.db).find((s) => s.id === bac.id)!);
}

/** An activated personal account (created and activated through the same services as the pages). */
export function compteActive(app: FastifyInstance, bac: TestSandbox, email: string, prenom = 'Claire', nom = 'Martin'): { id: number; login: string } {
  const ctx = ctxDe(app, bac);
  const { jeton } = creerCompte(ctx, { email, nom, prenom });
  const { utilisateur } = activerCompte(ctx, { jeton, motDePasse: MOT_DE_PASSE, confirmation: MOT_DE_PASSE });
  return { id: utilisateur.id, login: utilisateur.login };
}

/** A logged-in browser for that account. */
export async function connecte(app: FastifyInstance, bac: TestSandbox, login: string, motDePasse = MOT_DE_PASSE): Promise<Navigateur> {
  const nav = new Navigateur(app, portailDe(bac));
  await seConnecter(app, nav, bac.id, login, motDePasse);
  return nav;
}
