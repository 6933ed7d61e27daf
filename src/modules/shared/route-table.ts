import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { CproCaller } from '../../types.js';
import { reponsesErreur } from '../structures/schemas.js';

/**
 * One `POST` operation of a Chorus Pro API, declared once: its path and OpenAPI metadata, the zod
 * body it validates and the DTO its answer is serialised through, and a handler that stays one
 * line (call a service with the caller and the body, format the result).
 */
export interface Operation<B extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly body: B;
  readonly response: R;
  /** Largest body accepted, when an operation carries files bigger than the app's default (deposer/flux). */
  readonly bodyLimit?: number;
  readonly handler: (body: z.output<B>, caller: CproCaller, request: FastifyRequest, reply: FastifyReply) => z.input<R> | Promise<z.input<R>>;
}

/** Checks one operation's handler against its schemas, then forgets the types for the table. */
export function operation<B extends z.ZodType, R extends z.ZodType>(op: Operation<B, R>): Operation {
  return op as unknown as Operation;
}

/** The PISTE security every `/cpro` operation declares (Bearer token and technical account). */
export const SECURITE_PISTE = [{ piste: [], cproAccount: [] }];

/** Registers one operation on `app` under the OpenAPI tag `tag`, with the Chorus refusals beside its 200 answer. */
export function enregistrer(app: FastifyInstance, tag: string, op: Operation): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    op.path,
    {
      ...(op.bodyLimit ? { bodyLimit: op.bodyLimit } : {}),
      schema: {
        tags: [tag],
        security: SECURITE_PISTE,
        operationId: op.operationId,
        summary: op.summary,
        body: op.body,
        response: { 200: op.response, ...reponsesErreur },
      },
    },
    async (request, reply) => op.handler(request.body, request.cpro, request, reply),
  );
}

/**
 * A Fastify plugin registering a table of operations under one OpenAPI tag (`enregistrer` for each).
 * `request.cpro` is set by the `cpro-auth` application plugin in front of every `/cpro` route.
 */
export function routeTable(tag: string, operations: readonly Operation[]): FastifyPluginAsync {
  return async (app) => {
    for (const op of operations) enregistrer(app, tag, op);
  };
}
