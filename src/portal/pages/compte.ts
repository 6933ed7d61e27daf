import type { FastifyInstance } from 'fastify';

/** Pages of this espace: to be built. */
export default async function compte(_app: FastifyInstance): Promise<void> {}
