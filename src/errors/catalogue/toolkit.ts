import { defineErrors } from '../chorus-error.js';

/** Errors of the trainer/CI toolkit of the control plane (clock, journal, faults, snapshots, behaviours). */
export const erreursToolkit = defineErrors({});
