/** Every DTO of the invoices module: operations (deposit, processing, download), searches, consultations. */
export * from './operations.js';
export * from './recherche.js';
export * from './consultation.js';
export * from './valideur.js';
