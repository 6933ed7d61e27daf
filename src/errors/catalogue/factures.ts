import { defineErrors } from '../chorus-error.js';

/** Errors of the Factures API (deposit controls, lifecycle, processing). */
export const erreursFactures = defineErrors({});
