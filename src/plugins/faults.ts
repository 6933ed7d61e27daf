import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Injects the faults a trainer configured for a sandbox (status, envelope, latency) on `/cpro` routes. */
export default fp(async function faults(_app: FastifyInstance) {}, { name: 'faults' });
