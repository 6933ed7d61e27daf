import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutDe, MOTIFS_LAYOUT } from '../../src/sandbox/formats-wire.js';
import { buildTestApp, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, deposer, structure, traiter, type Acteurs } from '../helpers/factures.js';
import { operations, valider, type Ecart } from '../helpers/swagger.js';

/**
 * Calls every served `/cpro` operation with a valid body, then checks what came back:
 * every date field against the one table of wire layouts (src/sandbox/formats-wire.ts), and
 * every official operation's answer against the official Swagger model (types, enums, every
 * declared field present; `null` for what is unset, as the real API does).
 */
let app: FastifyInstance;
let sandbox: TestSandbox;
let h: Acteurs;
const reponses = new Map<string, unknown[]>();

async function appel(headers: Record<string, string>, chemin: string, corps: unknown = {}) {
  const res = await cproPost(app, headers, `/cpro${chemin}`, corps);
  expect(res.statusCode, `${chemin} ${res.body.slice(0, 300)}`).toBe(200);
  const body = res.json();
  reponses.set(chemin, [...(reponses.get(chemin) ?? []), body]);
  return body;
}

async function unPdf(): Promise<string> {
  const pdf = await PDFDocument.create();
  pdf.addPage().drawText('Facture');
  return Buffer.from(await pdf.save()).toString('base64');
}

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 11 });
  h = await acteurs(app, sandbox);
  const fo = structure(app, sandbox.id, 'Fournisseur');
  const de = structure(app, sandbox.id, 'Destinataire sans paramètre');
  const F = '/factures/v1';

  // Factures: one invoice through every supplier and recipient operation.
  const a = await deposer(app, sandbox, h.fournisseur);
  const suspendue = await deposer(app, sandbox, h.fournisseur);
  const recyclee = await deposer(app, sandbox, h.fournisseur);
  const rejetee = await deposer(app, sandbox, h.fournisseur);
  await traiter(app, h.destinataire, suspendue, 'SUSPENDUE', { motif: 'Pièce manquante' });
  await traiter(app, h.destinataire, recyclee, 'A_RECYCLER', { motif: 'Mauvais service' });
  await traiter(app, h.destinataire, rejetee, 'REJETEE', { motif: 'Doublon' });
  const pdf = await unPdf();
  await appel(h.fournisseur, `${F}/deposer/pdf`, { fichierFacture: pdf, nomFichier: 'facture.pdf', formatDepot: 'PDF_NON_SIGNE' });
  const pj = await appel(h.fournisseur, '/transverses/v1/ajouter/fichier', {
    pieceJointeFichier: pdf, pieceJointeNom: 'annexe.pdf', pieceJointeTypeMime: 'application/pdf', pieceJointeExtension: 'PDF',
  });
  const avecPj = await appel(h.fournisseur, `${F}/soumettre`, {
    ...(await import('../helpers/factures.js')).factureSaisie(app, sandbox.id),
    pieceJointeComplementaire: [{ pieceJointeComplementaireDesignation: 'Annexe', pieceJointeComplementaireType: 'AUTRE', pieceJointeComplementaireId: pj.pieceJointeId }],
  });
  await appel(h.fournisseur, `${F}/completer`, { identifiantFactureCPP: suspendue, commentaire: 'Voici' });
  await appel(h.fournisseur, `${F}/recycler`, { identifiantFactureCPP: recyclee, destinataire: { codeDestinataire: de.identifiant, codeServiceExecutant: de.services[0].code } });
  await appel(h.fournisseur, `${F}/traiterRejet`, { listeDemandePaiement: [{ idDemandePaiement: rejetee }] });
  await appel(h.destinataire, `${F}/traiter/recue`, { idFacture: a, nouveauStatut: 'SERVICE_FAIT' });
  for (const id of [a, avecPj.identifiantFactureCPP]) {
    await appel(h.fournisseur, `${F}/consulter/fournisseur`, { identifiantFactureCPP: id });
    await appel(h.destinataire, `${F}/consulter/recipiendaire`, { identifiantFactureCPP: id });
    await appel(h.fournisseur, `${F}/consulter/historique`, { idFacture: id });
  }
  await appel(h.fournisseur, `${F}/rechercher/fournisseur`, {});
  await appel(h.destinataire, `${F}/rechercher/recipiendaire`, {});
  await appel(h.destinataire, `${F}/rechercher/atraiter/recipiendaire`, {});
  await appel(h.fournisseur, `${F}/rechercher/atraiter/fournisseur`, {});
  await appel(h.fournisseur, `${F}/rechercher/demandePaiement`, {});
  await appel(h.destinataire, `${F}/telecharger/groupe`, { format: 'PDF', listeFacture: [{ idFacture: a }] });
  // Flux: one UBL invoice of the matelas, integrated when the clock passes its delay, then its CR.
  const { ecrireUbl } = await import('../../src/modules/flux/ecriture.js');
  const { factureExemple } = await import('../flux/exemples.js');
  const modele = factureExemple();
  const ubl = ecrireUbl(
    factureExemple({
      numero: 'FLUX-OFFICIEL-1',
      fournisseur: { ...modele.fournisseur, identifiant: { valeur: fo.identifiant, schemeID: '1' } },
      acheteur: { ...modele.acheteur, identifiant: { valeur: de.identifiant, schemeID: '1' } },
      codeService: de.services[0].code,
    }),
  );
  const flux = await appel(h.fournisseur, `${F}/deposer/flux`, { fichierFlux: Buffer.from(ubl).toString('base64'), nomFichier: 'facture.xml', syntaxeFlux: 'IN_DP_E1_UBL_INVOICE', avecSignature: false });
  await app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${sandbox.id}/clock/advance`, headers: { authorization: `Bearer ${(await import('../helpers/app.js')).ADMIN_TOKEN}` }, payload: { minutes: 5 } });
  await appel(h.fournisseur, '/transverses/v1/consulterCRDetaille', { numeroFluxDepot: flux.numeroFluxDepot });
  await appel(h.fournisseur, '/transverses/v1/consulterCR', { numeroFluxDepot: flux.numeroFluxDepot });

  // Validator side (A9/A12): a sub-contractor's invoice validated by the titulaire, another sent
  // back as « Mauvais valideur » and re-addressed by the sub-contractor.
  const { factureAValider } = await import('../factures/validation/helpers.js');
  const { cproHeaders } = await import('../helpers/app.js');
  const st = await cproHeaders(app, sandbox, 'Sous-traitant');
  const ti = await cproHeaders(app, sandbox, 'Titulaire');
  const v1 = (await appel(st, `${F}/soumettre`, factureAValider(app, sandbox, 'Sous-traitant', 'Titulaire'))).identifiantFactureCPP;
  const v2 = (await appel(st, `${F}/soumettre`, factureAValider(app, sandbox, 'Sous-traitant', 'Mandataire'))).identifiantFactureCPP;
  await appel(ti, `${F}/rechercher/aTraiter/valideur`, {});
  await appel(ti, `${F}/consulter/valideur`, { identifiantFactureCPP: v1 });
  await appel(ti, `${F}/traiter/factureAValider`, { idFacture: v1, action: 'VALIDATION', complementInfo: 'OK' });
  await appel(ti, `${F}/consulter/valideur`, { identifiantFactureCPP: v1 });
  await appel(ti, `${F}/rechercher/valideur`, {});
  await appel(ti, `${F}/recuperer/statutsFactureVisibles/valideur`, {});
  await appel(await cproHeaders(app, sandbox, 'Mandataire'), `${F}/traiter/factureAValider`, { idFacture: v2, action: 'REFUS', motifRefus: 'ERR_VALIDEUR' });
  await appel(st, `${F}/corriger/valideur/facture`, { idFacture: v2, typeIdentifiantStructure: 'SIRET', identifiantStructure: structure(app, sandbox.id, 'Titulaire').identifiant });
  await appel(h.destinataire, `${F}/consulter/recipiendaire`, { identifiantFactureCPP: v1 });
  await appel(st, `${F}/rechercher/fournisseur`, {});
  await appel(st, `${F}/rechercher/demandePaiement`, { roleUtilisateur: 'FOURNISSEUR' });

  // Structures
  const S = '/structures/v1';
  await appel(h.fournisseur, `${S}/rechercher`, {});
  await appel(h.fournisseur, `${S}/consulter`, { idStructureCPP: de.id });
  await appel(h.fournisseur, `${S}/consulter`, { idStructureCPP: fo.id });
  await appel(h.fournisseur, `${S}/rechercher/services`, { idStructure: de.id });
  await appel(h.fournisseur, `${S}/consulter/service`, { idStructure: de.id, idService: de.services[0].id });
  await appel(h.fournisseur, `${S}/lister/rattachementsutilisateur`, { idStructure: fo.id });
  await appel(h.fournisseur, `${S}/rechercher/espaces`, { structure: { idStructure: fo.id } });

  // Transverses, utilisateurs, engagements: the rest of the served surface, for the dates.
  const T = '/transverses/v1';
  for (const p of [
    'recuperer/devises', 'recuperer/pays', 'recuperer/tauxtva', 'recuperer/motifs/exonerationtva', 'recuperer/modedepot',
    'recuperer/modereglements', 'recuperer/cadrefacturation', 'recuperer/typedp', 'recuperer/typeidentifiant/structure',
    'recuperer/typespj', 'recuperer/typefacturetravaux', 'recuperer/formatflux', 'recuperer/structures/actives/fournisseur',
    'recuperer/structures/actives/destinataire', 'recuperer/structures/actives/facturetravaux', 'recuperer/structuresPourUtilisateur',
    'rechercher/destinataire', 'telecharger/annuaire/destinataire',
  ]) {
    await appel(h.fournisseur, `${T}/${p}`, {});
  }
  await appel(h.fournisseur, `${T}/recuperer/coordbanc/valides`, { idStructure: fo.id });
  await appel(h.fournisseur, `${T}/recuperer/etat/typedp`, { typeDemandePaiement: 'FACTURE' });
  await appel(h.fournisseur, `${T}/rechercher/serviceexecutant`, { idDestinataireCPP: de.id });
  await appel(h.fournisseur, `${T}/consulter/information/siret`, { siretStructure: fo.identifiant });
  await appel(h.fournisseur, '/utilisateurs/v1/monCompte/recuperer/rattachements', {});
  await appel(h.fournisseur, '/engagementsJuridiques/v1/rechercher', {});
});
afterAll(() => app.close());

/** Every `[field, value]` pair of a JSON tree whose name says it is a date. */
function dates(valeur: unknown, chemin = '$', out: [string, string, unknown][] = []): [string, string, unknown][] {
  if (Array.isArray(valeur)) valeur.forEach((v, i) => dates(v, `${chemin}[${i}]`, out));
  else if (valeur && typeof valeur === 'object') {
    for (const [k, v] of Object.entries(valeur)) {
      if (/^date|Date/.test(k) && (typeof v === 'string' || v === null)) out.push([k, `${chemin}.${k}`, v]);
      else dates(v, `${chemin}.${k}`, out);
    }
  }
  return out;
}

describe('wire dates', () => {
  it('every date field of every route is in the table and in its layout', () => {
    const ecarts: string[] = [];
    let vus = 0;
    for (const [chemin, corps] of reponses) {
      for (const body of corps) {
        for (const [champ, ou, valeur] of dates(body)) {
          const layout = layoutDe(champ, chemin);
          if (!layout) ecarts.push(`${chemin} ${ou}: field not in the table`);
          else if (valeur !== null) {
            vus += 1;
            if (!MOTIFS_LAYOUT[layout].test(valeur as string)) ecarts.push(`${chemin} ${ou}: ${String(valeur)} is not ${layout}`);
          }
        }
      }
    }
    expect(ecarts).toEqual([]);
    expect(vus).toBeGreaterThan(30);
  });

  it('completer answers dateTraitement with minutes, traiter/recue with the day', () => {
    expect((reponses.get('/factures/v1/completer')?.[0] as { dateTraitement: string }).dateTraitement).toMatch(MOTIFS_LAYOUT.DATE_HEURE_MINUTE);
    expect((reponses.get('/factures/v1/traiter/recue')?.[0] as { dateTraitement: string }).dateTraitement).toMatch(MOTIFS_LAYOUT.DATE);
  });
});

describe('official Swagger models', () => {
  const officielles = operations();
  const servies = () => officielles.filter((op) => reponses.has(op.chemin.replace('/cpro', '')));

  it('covers every official operation the sandbox serves', () => {
    const nonServies = officielles.filter((op) => !reponses.has(op.chemin.replace('/cpro', ''))).map((op) => op.chemin);
    // Every official operation is served: nothing answers 501 at the gateway.
    expect(nonServies.sort()).toEqual([]);
  });

  it('answers match the official models: types, enums, every declared field present (null when unset)', () => {
    const ecarts: string[] = [];
    for (const op of servies()) {
      for (const body of reponses.get(op.chemin.replace('/cpro', '')) ?? []) {
        const trouves: Ecart[] = op.reponse ? valider(op.api, op.reponse, body) : [];
        for (const e of trouves) if (e.probleme !== "null") ecarts.push(`${op.chemin} ${e.chemin.replace(/\[\d+\]/g, "[]")}: ${e.probleme}`);
      }
    }
    expect([...new Set(ecarts)]).toEqual([]);
  });
});

describe('counters and identifiers typed clients rely on', () => {
  type Corps = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const premiere = (chemin: string, i = 0) => reponses.get(chemin)?.[i] as Corps;

  it('tailleTotalePiecesJointes is the attachments’ real size in bytes', () => {
    const [sans, avec] = (reponses.get('/factures/v1/consulter/fournisseur') as Corps[]).map((r) => r.facture.references.tailleTotalePiecesJointes);
    expect(sans).toBe(0);
    expect(avec).toBeGreaterThan(100);
  });

  it('search rows carry taille when recupererTaille asks for it', async () => {
    const avec = (await cproPost(app, h.fournisseur, '/cpro/factures/v1/rechercher/fournisseur', { recupererTaille: true })).json();
    expect(avec.listeFactures.some((l: Corps) => l.taille > 0)).toBe(true);
    const sans = (await cproPost(app, h.fournisseur, '/cpro/factures/v1/rechercher/fournisseur', {})).json();
    expect(sans.listeFactures.every((l: Corps) => l.taille === null)).toBe(true);
  });

  it('sub-list counters echo the page size applied, not the number of rows', () => {
    const f = premiere('/factures/v1/consulter/fournisseur').facture;
    expect(f.lignesDePoste.nbResultatsParPageLignesPoste).toBe(1000);
    expect(f.lignesDePoste.totalLignesPoste).toBe(2);
  });
});
