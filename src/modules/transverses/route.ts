import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { enregistrer, operation as declarer } from '../shared/route-table.js';

/**
 * Declares one `POST` operation of the Transverses API: OpenAPI metadata, body validated by zod,
 * answer serialised through its DTO (the shared route-table helper, tag Transverses). Handlers stay
 * one line: call a service, format the result.
 */
export function operation<B extends z.ZodType, R extends z.ZodType>(
  app: FastifyInstance,
  path: string,
  meta: { operationId: string; summary: string; body: B; response: R },
  handler: (body: z.infer<B>, request: FastifyRequest) => z.infer<R>,
): void {
  enregistrer(app, 'Transverses', declarer<B, R>({ path, ...meta, handler: (body, _caller, request) => handler(body, request) as z.input<R> }));
}
