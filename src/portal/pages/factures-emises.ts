import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { exigerEspace } from '../acces.js';
import { TAILLE_MAX_FICHIER } from '../../modules/factures/depot/fichiers.js';
import acquittements from './factures-emises/acquittements.js';
import consultation from './factures-emises/consultation.js';
import liste from './factures-emises/liste.js';
import saisie from './factures-emises/saisie.js';

/**
 * « Factures émises » (espace 1): synthesis and search, saisie and PDF deposit, consultation and the
 * supplier's moves, the rejections and suspensions to acknowledge. Uploads (PDF invoice, attachment
 * of a completion) are multipart, bounded like the API's files (10 MB, one file per form).
 */
export default async function facturesEmises(app: FastifyInstance): Promise<void> {
  exigerEspace(app, 1);
  await app.register(multipart, { attachFieldsToBody: true, limits: { fileSize: TAILLE_MAX_FICHIER, files: 1, fields: 60, parts: 61 } });
  await app.register(liste);
  await app.register(acquittements);
  await app.register(saisie);
  await app.register(consultation);
}
