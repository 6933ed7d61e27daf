import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Toolkit: clock, journal, faults, export/snapshots, behaviours, invoice view. Mounted under `/_sandbox`, behind the admin token. */
const routes: FastifyPluginAsyncZod = async () => {};

export default routes;
