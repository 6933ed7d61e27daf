import { defineErrors } from '../chorus-error.js';

/** Errors of the Transverses API. */
export const erreursTransverses = defineErrors({});
