import { randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, getTableColumns, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { parBase } from '../../db/scoped.js';
import { pisteTokens, sandboxes } from '../../db/schema/index.js';
import { findSandboxByClientId, type SandboxRow } from '../control-plane/repository.js';

export const TOKEN_LIFETIME_SECONDS = 3600;

/** RFC 6749 §5.2 error, as the PISTE gateway answers it (HTTP 400 for every code, even invalid_client). */
export class OAuthError extends Error {
  constructor(
    readonly error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'invalid_scope' | 'unauthorized_client' | 'unsupported_grant_type',
    readonly description: string,
  ) {
    super(description);
  }
}

export interface TokenRequest {
  grant_type?: string;
  client_id?: string;
  client_secret?: string;
  scope?: string;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Issues an access token for a sandbox's PISTE application (client_credentials grant). */
export function issueToken(db: Db, input: TokenRequest, nowMs = Date.now()) {
  if (!input.grant_type) throw new OAuthError('invalid_request', 'Missing parameter: grant_type');
  if (input.grant_type !== 'client_credentials') {
    throw new OAuthError('unsupported_grant_type', `Unsupported grant_type: ${input.grant_type}`);
  }
  if (!input.client_id) throw new OAuthError('invalid_request', 'Missing parameter: client_id');
  if (!input.client_secret) throw new OAuthError('invalid_client', 'Client authentication failed: missing client_secret');
  const sandbox = findSandboxByClientId(db, input.client_id);
  if (!sandbox || !sameSecret(input.client_secret, sandbox.pisteClientSecret)) {
    throw new OAuthError('invalid_client', 'Client authentication failed');
  }
  // Clients send "openid", "openid profile", "resource.READ" or nothing: any scope is granted as asked.
  const scope = input.scope?.trim() || 'openid';
  const accessToken = randomBytes(40).toString('base64url').replace(/[-_]/g, '').slice(0, 54);
  db.delete(pisteTokens).where(lt(pisteTokens.expiresAt, nowMs)).run();
  db.insert(pisteTokens)
    .values({ accessToken, sandboxId: sandbox.id, scope, expiresAt: nowMs + TOKEN_LIFETIME_SECONDS * 1000 })
    .run();
  return { access_token: accessToken, token_type: 'Bearer' as const, expires_in: TOKEN_LIFETIME_SECONDS, scope };
}

/** The sandbox a live access token was issued for. Tokens expire on real time, not the sandbox clock. */
export function sandboxForToken(db: Db, accessToken: string, nowMs = Date.now()): SandboxRow | undefined {
  return sandboxDuJeton(db).get({ accessToken, nowMs });
}

/** Every authenticated call starts here: the live token and its sandbox, one prepared join per database. */
const sandboxDuJeton = parBase((db) =>
  db
    .select(getTableColumns(sandboxes))
    .from(pisteTokens)
    .innerJoin(sandboxes, eq(sandboxes.id, pisteTokens.sandboxId))
    .where(and(eq(pisteTokens.accessToken, sql.placeholder('accessToken')), gt(pisteTokens.expiresAt, sql.placeholder('nowMs'))))
    .prepare(),
);
