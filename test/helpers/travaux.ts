import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { cproHeaders, cproPost, type TestSandbox } from './app.js';
import { structure } from './factures.js';

export const T = '/cpro/facturesTravaux/v1';
export const M = '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF';

export interface ActeursTravaux {
  titulaire: Record<string, string>;
  moe: Record<string, string>;
  moa: Record<string, string>;
  payeur: Record<string, string>;
  ids: { titulaire: number; moe: number; moa: number; payeur: number; codePayeur: string; servicePayeur: string; serviceMoe: number; serviceMoa: number };
}

/** The matelas' works actors: the Fournisseur as titulaire, the MOE, the MOA and the payer. */
export async function acteursTravaux(app: FastifyInstance, sandbox: TestSandbox): Promise<ActeursTravaux> {
  const payeur = structure(app, sandbox.id, 'Destinataire sans paramètre');
  return {
    titulaire: await cproHeaders(app, sandbox, 'Fournisseur'),
    moe: await cproHeaders(app, sandbox, 'MOE'),
    moa: await cproHeaders(app, sandbox, 'MOA'),
    payeur: await cproHeaders(app, sandbox, 'Destinataire sans paramètre'),
    ids: {
      titulaire: structure(app, sandbox.id, 'Fournisseur').id,
      moe: structure(app, sandbox.id, 'MOE').id,
      moa: structure(app, sandbox.id, 'MOA').id,
      payeur: payeur.id,
      codePayeur: payeur.identifiant,
      servicePayeur: payeur.services[0].code,
      serviceMoe: structure(app, sandbox.id, 'MOE').services[0]?.id,
      serviceMoa: structure(app, sandbox.id, 'MOA').services[0]?.id,
    },
  };
}

/** Uploads a PDF with the caller's technical account (ajouter/fichier) and returns its id. */
export async function unPdf(app: FastifyInstance, headers: Record<string, string>): Promise<number> {
  const res = await cproPost(app, headers, '/cpro/transverses/v1/ajouter/fichier', {
    pieceJointeFichier: Buffer.from(M).toString('base64'),
    pieceJointeNom: 'piece.pdf',
    pieceJointeTypeMime: 'application/pdf',
    pieceJointeExtension: 'PDF',
  });
  expect(res.json().codeRetour, res.body).toBe(0);
  return res.json().pieceJointeId;
}

let compteur = 0;

/** A works piece body: amounts HT + 20 % TVA. */
export async function piece(app: FastifyInstance, headers: Record<string, string>, cadre: string, ht: number, extra: Record<string, unknown> = {}) {
  compteur += 1;
  return {
    numeroFactureTravaux: `T${Date.now() % 100000}-${compteur}`,
    dateFactureTravaux: '2026-11-30',
    modeDepot: 'DEPOT_PDF_API',
    cadreDeFacturation: { codeCadreFacturation: cadre },
    montantTotal: { montantHtTotal: ht, montantTVA: Math.round(ht * 20) / 100, montantTtcTotal: Math.round(ht * 120) / 100 },
    pieceJointePrincipale: [{ pieceJointePrincipaleId: await unPdf(app, headers) }],
    ...extra,
  };
}

/** Initial deposit by the titulaire (with the MOE unless `sansMoe`). */
export async function projet(app: FastifyInstance, a: ActeursTravaux, cadre: string, ht: number, options: { sansMoe?: boolean } = {}): Promise<LightMyRequestResponse> {
  const body = await piece(app, a.titulaire, cadre, ht, {
    fournisseur: { idFournisseur: a.ids.titulaire },
    ...(options.sansMoe ? {} : { moe: { idStructureMoe: a.ids.moe } }),
    moa: { idStructureMoa: a.ids.moa },
    destinataire: { codeDestinataire: a.ids.codePayeur, codeServiceExecutant: a.ids.servicePayeur },
    references: { numeroMarche: 'MARCHE-TRAVAUX-1' },
  });
  return cproPost(app, a.titulaire, `${T}/soumettre`, body);
}

/** The next piece, deposited by `headers` with reference to `precedente`. */
export async function suivante(app: FastifyInstance, headers: Record<string, string>, cadre: string, precedente: number, ht: number): Promise<LightMyRequestResponse> {
  return cproPost(app, headers, `${T}/soumettre`, await piece(app, headers, cadre, ht, { piecePrecedente: { idFactureTravaux: precedente } }));
}

export async function statutTravaux(app: FastifyInstance, headers: Record<string, string>, id: number): Promise<string> {
  const res = await cproPost(app, headers, `${T}/consulter`, { idFactureTravaux: id });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().factureTravaux.statutFactureTravaux;
}

export function idDe(res: LightMyRequestResponse): number {
  expect(res.statusCode, res.body).toBe(200);
  return res.json().idFactureTravaux;
}
