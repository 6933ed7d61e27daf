import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { reponsesErreur } from '../structures/schemas.js';

/**
 * Declares one `POST` operation of the Transverses API: OpenAPI metadata, body validated by zod,
 * answer serialised through its DTO. Handlers stay one line: call a service, format the result.
 */
export function operation<B extends z.ZodType, R extends z.ZodType>(
  app: FastifyInstance,
  path: string,
  meta: { operationId: string; summary: string; body: B; response: R },
  handler: (body: z.infer<B>, request: FastifyRequest) => z.infer<R>,
): void {
  app.post(
    path,
    {
      schema: {
        tags: ['Transverses'],
        security: [{ piste: [], cproAccount: [] }],
        operationId: meta.operationId,
        summary: meta.summary,
        body: meta.body,
        response: { 200: meta.response, ...reponsesErreur },
      },
    },
    async (request) => handler(request.body as z.infer<B>, request),
  );
}
