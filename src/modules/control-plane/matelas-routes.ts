import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Matelas de données (JSON, CSV) and trainer-built structures, services, users, engagements. Mounted under `/_sandbox`, behind the admin token. */
const routes: FastifyPluginAsyncZod = async () => {};

export default routes;
