import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Routes of the Factures API, mounted under `/cpro`. */
const routes: FastifyPluginAsyncZod = async () => {};

export default routes;
