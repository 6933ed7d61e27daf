export * from './sandboxes.js';
export * from './piste.js';
export * from './structures.js';
export * from './utilisateurs.js';
export * from './pieces-jointes.js';
export * from './factures.js';
export * from './notifications.js';
export * from './toolkit.js';
