import type { FastifyRequest } from 'fastify';
import type { Db } from './db/client.js';
import type { CommitGroupe } from './db/commit-groupe.js';
import type { SandboxContext } from './sandbox/context.js';

import type { SandboxRow } from './modules/control-plane/service.js';
import type { Session } from './portal/session.js';
import type { UtilisateurRow } from './modules/utilisateurs/service.js';

/** Who is calling a `/cpro` route: the sandbox behind the PISTE token, and the technical account. */
export interface CproCaller {
  readonly sandbox: SandboxRow;
  readonly ctx: SandboxContext;
  readonly utilisateur: UtilisateurRow;
}

/** Who is calling a `/dume` route: the sandbox behind the PISTE token (no Chorus Pro account). */
export interface DumeCaller {
  readonly sandbox: SandboxRow;
  readonly ctx: SandboxContext;
}

/** Who is looking at a portal page: the sandbox in the URL, the session cookie, the logged-in user. */
export interface PortailCaller {
  readonly sandbox: SandboxRow;
  readonly ctx: SandboxContext;
  /** The sandbox's portal path, `/portail/<sandboxId>`, that every link and form starts with. */
  readonly base: string;
  /** The session as the answer will write it back (pages replace it: login, logout, messages). */
  session: Session;
  /** The logged-in user (both factors passed), or undefined. */
  readonly utilisateur: UtilisateurRow | undefined;
}

/**
 * Every decoration the plugins put on Fastify, declared once. Infrastructure plugins
 * (`src/plugins/infrastructure/`) give the database; application plugins
 * (`src/plugins/application/`) give what modules use: the caller of a `/cpro` route and the
 * trainer-token guard of the control plane. Modules read these and never import a plugin.
 */
declare module 'fastify' {
  interface FastifyInstance {
    /** The SQLite database, migrations applied (plugin `db`). */
    db: Db;
    /** The event-loop turn's transaction that requests' writes join (plugin `commit-groupe`). */
    commitGroupe: CommitGroupe;
    /** onRequest hook refusing a call without `Authorization: Bearer <SANDBOX_ADMIN_TOKEN>` (plugin `admin-auth`). */
    adminOnly: (request: FastifyRequest) => Promise<void>;
  }
  interface FastifyRequest {
    /** Set by `cpro-auth` on every authenticated `/cpro` call. */
    cpro: CproCaller;
    /** Set by `dume-auth` on every authenticated `/dume` call. */
    dume: DumeCaller;
    /** Set by the portal on every `/portail/<sandboxId>/…` page. */
    portail: PortailCaller;
  }
}
