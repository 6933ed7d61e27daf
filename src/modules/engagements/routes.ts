import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Routes of the Engagements juridiques API, mounted under `/cpro`. */
const routes: FastifyPluginAsyncZod = async () => {};

export default routes;
