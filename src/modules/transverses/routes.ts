import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Routes of the Transverses API, mounted under `/cpro`. */
const routes: FastifyPluginAsyncZod = async () => {};

export default routes;
