import { nextId } from '../../db/sequences.js';
import { transaction } from '../../db/transaction.js';
import { ChorusError, isChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { formatDate, formatDateHeureIso, formatDateHeureMinute, formatDateTime } from '../../sandbox/dates.js';
import { enregistrerTypeEcheance, planifier, type Evenement } from '../../sandbox/echeancier.js';
import { ajouterFichier, soumettre } from '../factures/index.js';
import { findStructureByIdentifiant } from '../structures/repository.js';
import { structuresRattachees } from '../structures/service.js';
import type { UtilisateurRow } from '../utilisateurs/repository.js';
import { analyserFichier, preparerFlux, type FactureAnalysee, type FichierPrepare } from './analyse.js';
import { typeContenu } from './archive.js';
import { erreurDP, erreurTechnique, etatFinal, ETATS_TERMINAUX, pdfCompteRendu, type CompteRendu, type ErreurDP, type ErreurTechnique, type EtatFlux } from './cr.js';
import { TAILLE_MAX_COMPRESSE, TAILLE_MAX_FICHIER } from './limites.js';
import { versSoumettre } from './mapping.js';
import type { Anomalie } from './modele.js';
import * as repo from './repository.js';
import type { DeposerFluxInput } from './schemas.js';
import { reglesOfficielles } from './regles-officielles.js';
import { modeDepotFlux, SYNTAXES_FLUX, SYNTAXES_LUES, type CodeSyntaxeFlux } from './syntaxes.js';

/**
 * Flux deposit and asynchronous integration on the sandbox clock (chorus-api §3.1.2, §5.1).
 * `deposer/flux` checks the envelope, stores the prepared files and answers at once; the flux waits
 * `IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP` until its due time on the sandbox's agenda, then is
 * `IN_EN_COURS_TRAITEMENT_CPP` while its files go, a few per agenda item, through the XML, XSD,
 * EN 16931 and Chorus layers and then through `soumettre` itself, and ends IN_INTEGRE,
 * IN_INTEGRE_PARTIEL, IN_REJETE (or IN_INCIDENTE on an internal failure).
 */
export const TYPE_INTEGRATION = 'INTEGRATION_FLUX';
/** Default wait before integration, in sandbox seconds: short, as a trainee wants to see it move. */
export const DELAI_INTEGRATION_DEFAUT = 60;
/** Files per agenda item: each item stays well under the agenda's chunk budget. */
const FICHIERS_PAR_ETAPE = 3;
const ETAT_DEPOT: EtatFlux = 'IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP';

type Utilisateur = Pick<UtilisateurRow, 'id' | 'nom' | 'prenom'>;

function decoder(base64: string): Uint8Array {
  const propre = base64.replace(/^data:[^,]*,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(propre)) throw new ChorusError(erreurs.FLUX_VIDE, `${erreurs.FLUX_VIDE.libelle} (fichierFlux)`);
  const octets = new Uint8Array(Buffer.from(propre, 'base64'));
  if (octets.length === 0) throw new ChorusError(erreurs.FLUX_VIDE, `${erreurs.FLUX_VIDE.libelle} (fichierFlux)`);
  return octets;
}

/** Envelope checks a client gets synchronously: readable syntax, base64, size (GDP_MSG_11.022). */
export function controlerEnveloppe(input: Pick<DeposerFluxInput, 'syntaxeFlux' | 'fichierFlux'>): Uint8Array {
  const code = input.syntaxeFlux;
  if (SYNTAXES_FLUX[code].lecture === null) {
    throw new ChorusError(
      erreurs.SYNTAXE_FLUX_NON_PRISE_EN_CHARGE,
      `${erreurs.SYNTAXE_FLUX_NON_PRISE_EN_CHARGE.libelle} : '${code}' (syntaxeFlux) — syntaxes lues par le bac à sable : ${SYNTAXES_LUES.join(', ')}`,
    );
  }
  const octets = decoder(input.fichierFlux);
  const type = typeContenu(octets);
  const limite = type === 'ZIP' || type === 'TAR_GZ' ? TAILLE_MAX_COMPRESSE : TAILLE_MAX_FICHIER;
  if (octets.length > limite) throw new ChorusError(erreurs.FLUX_TROP_VOLUMINEUX, `${erreurs.FLUX_TROP_VOLUMINEUX.libelle} (fichierFlux : ${octets.length} octets)`);
  return octets;
}

/** `CPP001` + the interface's 4 digits + a 15-digit sequence: 25 characters (chorus-api §3.1.2). */
export function numeroFluxDepot(code: CodeSyntaxeFlux, sequence: number): string {
  return `CPP001${SYNTAXES_FLUX[code].interface.slice(3, 7)}${String(sequence).padStart(15, '0')}`;
}

export async function deposerFlux(ctx: SandboxContext, utilisateur: Utilisateur, input: DeposerFluxInput) {
  const octets = controlerEnveloppe(input);
  const code = input.syntaxeFlux;
  const prepare = await preparerFlux(octets, input.nomFichier, code);
  return transaction(ctx.db, () => {
    const id = nextId(ctx.db, ctx.sandboxId, 'flux');
    const numero = numeroFluxDepot(code, id);
    const now = ctx.now();
    const delai = repo.delaiIntegration(ctx) ?? DELAI_INTEGRATION_DEFAUT;
    const echeance = new Date(now.getTime() + delai * 1000);
    repo.insertFlux(ctx, {
      id,
      numeroFluxDepot: numero,
      nomFichier: input.nomFichier,
      syntaxeFlux: code,
      codeInterface: SYNTAXES_FLUX[code].interface,
      avecSignature: input.avecSignature ?? false,
      utilisateurId: utilisateur.id,
      dateDepot: formatDateTime(now),
      echeance: formatDateTime(echeance),
      etat: ETAT_DEPOT,
      dateEtat: formatDateTime(now),
      nombreFichiers: prepare.fichiers.length,
      listeErreurTechnique: prepare.erreursTechniques.map(erreurTechnique),
    });
    prepare.fichiers.forEach((f, rang) => {
      repo.insertFichier(ctx, {
        id: nextId(ctx.db, ctx.sandboxId, 'fluxFichier'),
        fluxId: id,
        rang,
        nom: f.nom,
        xml: f.xml ? Buffer.from(f.xml) : null,
        pdf: f.pdf ? Buffer.from(f.pdf) : null,
        anomalie: f.anomalie,
      });
    });
    planifier(ctx, TYPE_INTEGRATION, id, echeance);
    return { codeRetour: 0, libelle: erreurs.SUCCES_DEPOT.libelle, numeroFluxDepot: numero, dateDepot: formatDate(now), syntaxeFlux: code };
  });
}

/** Where each deposit control of `soumettre` points in the invoice, for the CR's libellé. */
const ELEMENTS: Record<number, string> = {
  20102: 'BT-30 (AccountingSupplierParty / SellerTradeParty)',
  20103: 'BT-47 (AccountingCustomerParty / BuyerTradeParty)',
  20104: 'BT-47',
  20105: 'BT-47',
  20106: 'BT-10 (BuyerReference)',
  20107: 'BT-10 (BuyerReference)',
  20108: 'BT-13 (OrderReference / BuyerOrderReferencedDocument)',
  20109: 'BT-10 / BT-13',
  20110: 'BT-1',
  20113: 'BG-22',
  20114: 'BT-25',
  20101: 'BT-23',
};

function anomalieDepot(err: ChorusError): Anomalie {
  return { regle: `CPP-${err.codeRetour}`, element: ELEMENTS[err.codeRetour] ?? 'facture', message: `[CPP-${err.codeRetour}] ${err.libelle}` };
}

/**
 * The directory layer, then the deposit: the same controls and lifecycle as `soumettre`. The supplier
 * is the structure of BT-30 among those the depositor is attached to. Returns the anomalies, empty
 * when the invoice was integrated.
 */
function integrerFacture(ctx: SandboxContext, utilisateur: Utilisateur, f: FactureAnalysee, code: CodeSyntaxeFlux, numero: string): Anomalie[] {
  const id = f.facture.fournisseur.identifiant;
  const miennes = structuresRattachees(ctx, utilisateur.id);
  const types = id?.schemeID === '2' ? ['UE_HORS_FRANCE'] : id?.schemeID === '3' ? ['HORS_UE'] : id?.schemeID === '4' ? ['RIDET'] : id?.schemeID === '5' ? ['TAHITI'] : ['SIRET'];
  const fournisseur = id ? types.map((t) => findStructureByIdentifiant(ctx, id.valeur, t)).find((s) => s !== undefined) : undefined;
  if (!fournisseur || !miennes.has(fournisseur.id)) {
    // The real platform's wording (formats.md §2.4).
    return [
      {
        regle: 'CPP-BT-30',
        element: 'BT-30',
        message: `[CPP-BT-30] L'identifiant fournisseur de la demande de paiement (balise : ${f.facture.syntaxe === 'UBL' ? 'AccountingSupplierParty.Party.PartyIdentification.ID' : 'SellerTradeParty.SpecifiedLegalOrganization.ID'}) '${id?.valeur ?? ''}' n'est pas référencé dans notre système ou le déposant n'y est pas rattaché.`,
      },
    ];
  }
  const input = versSoumettre(f.facture, fournisseur.id);
  try {
    transaction(ctx.db, () => {
      if (f.pdf) {
        const { pieceJointeId } = ajouterFichier(ctx, utilisateur.id, {
          pieceJointeFichier: Buffer.from(f.pdf).toString('base64'),
          pieceJointeNom: `${(f.facture.numero ?? 'facture').slice(0, 40)}.pdf`,
          pieceJointeTypeMime: 'application/pdf',
          pieceJointeExtension: 'PDF',
        });
        input.modeDepot = 'DEPOT_PDF_API';
        input.pieceJointePrincipale = [{ pieceJointePrincipaleId: pieceJointeId, pieceJointePrincipaleDesignation: 'Facture' }];
      }
      soumettre(ctx, utilisateur, input, { modeDepot: modeDepotFlux(code), numeroFluxDepot: numero });
    });
    return [];
  } catch (err) {
    if (!isChorusError(err)) throw err;
    return [anomalieDepot(err)];
  }
}

interface Avancement {
  techniques: ErreurTechnique[];
  dp: ErreurDP[];
  integrees: string[];
}

function preparerDepuisLigne(r: repo.FluxFichierRow): FichierPrepare {
  return { nom: r.nom, xml: r.xml ? new Uint8Array(r.xml) : null, pdf: r.pdf ? new Uint8Array(r.pdf) : null, anomalie: r.anomalie ?? null };
}

/** One file through every layer; `integrer` false stops before the deposit (the "test a flux" route). */
function traiterFichier(ctx: SandboxContext, utilisateur: Utilisateur | null, fichier: FichierPrepare, code: CodeSyntaxeFlux, numero: string, a: Avancement, officielles = false): void {
  const r = analyserFichier(fichier, code);
  a.techniques.push(...r.techniques.map(erreurTechnique));
  if (!r.facture) return;
  if (officielles && fichier.xml && !SYNTAXES_FLUX[code].minimal) {
    // The complete CEN rule set adds what the TypeScript subset does not check.
    const dejaVues = new Set(r.facture.anomalies.map((x) => x.regle));
    const texte = new TextDecoder().decode(fichier.xml);
    r.facture.anomalies.push(...reglesOfficielles(texte, r.facture.facture.syntaxe).filter((x) => !dejaVues.has(x.regle)));
  }
  const anomalies = r.facture.anomalies.length > 0 || !utilisateur ? r.facture.anomalies : integrerFacture(ctx, utilisateur, r.facture, code, numero);
  if (anomalies.length > 0) a.dp.push(erreurDP(r.facture, anomalies));
  else a.integrees.push(r.facture.facture.numero ?? '');
}

/** Agenda handler: a few files of the flux per item, rescheduled at the same time until none is left. */
function executerIntegration(ctx: SandboxContext, sujet: string, at: Date): Evenement[] {
  const flux = repo.findFlux(ctx, Number(sujet));
  if (!flux || ETATS_TERMINAUX.includes(flux.etat as EtatFlux)) return [];
  const code = flux.syntaxeFlux as CodeSyntaxeFlux;
  const a: Avancement = { techniques: flux.listeErreurTechnique as ErreurTechnique[], dp: flux.listeErreurDP as ErreurDP[], integrees: flux.facturesIntegrees };
  const utilisateur = { id: flux.utilisateurId, nom: null, prenom: null } as unknown as Utilisateur;
  const lot = repo.fichiersAPartirDe(ctx, flux.id, flux.fichiersTraites, FICHIERS_PAR_ETAPE);
  const date = formatDateTime(at);
  try {
    for (const f of lot) traiterFichier(ctx, utilisateur, preparerDepuisLigne(f), code, flux.numeroFluxDepot, a);
  } catch (err) {
    // Not the sender's fault: the flux is incidenté and must be sent again whole (chorus-api §4.12).
    repo.updateFlux(ctx, flux.id, {
      etat: 'IN_INCIDENTE',
      dateEtat: date,
      listeErreurTechnique: [...a.techniques, { codeErreur: 'ERR_TECHNIQUE_001', libelleErreur: `Incident de traitement : ${(err as Error).message}`, natureErreur: 'INCIDENT' }],
    });
    return [{ date, type: 'FLUX_INCIDENTE', description: `Flux ${flux.numeroFluxDepot} incidenté` }];
  }
  const traites = flux.fichiersTraites + lot.length;
  const fini = traites >= flux.nombreFichiers;
  const etat: EtatFlux = fini ? etatFinal(flux.nombreFichiers, a.integrees.length) : 'IN_EN_COURS_TRAITEMENT_CPP';
  repo.updateFlux(ctx, flux.id, { etat, dateEtat: date, fichiersTraites: traites, listeErreurTechnique: a.techniques, listeErreurDP: a.dp, facturesIntegrees: a.integrees });
  if (!fini) {
    planifier(ctx, TYPE_INTEGRATION, flux.id, at);
    return [{ date, type: 'FLUX_EN_COURS', description: `Flux ${flux.numeroFluxDepot} : ${traites}/${flux.nombreFichiers} fichiers traités` }];
  }
  return [{ date, type: 'FLUX_TRAITE', description: `Flux ${flux.numeroFluxDepot} : ${etat} (${a.integrees.length}/${flux.nombreFichiers} factures intégrées)` }];
}

enregistrerTypeEcheance({ type: TYPE_INTEGRATION, executer: (ctx, sujet, at) => executerIntegration(ctx, sujet, at) });

function fluxDe(ctx: SandboxContext, utilisateur: Utilisateur, numero: string): repo.FluxRow {
  const flux = repo.findFluxParNumero(ctx, numero.trim());
  // Another account's flux is as unknown as a missing one.
  if (!flux || flux.utilisateurId !== utilisateur.id) throw new ChorusError(erreurs.FLUX_INTROUVABLE, `${erreurs.FLUX_INTROUVABLE.libelle} (numeroFluxDepot '${numero}')`);
  return flux;
}

function compteRendu(flux: repo.FluxRow): CompteRendu {
  return {
    etat: flux.etat as EtatFlux,
    listeErreurTechnique: flux.listeErreurTechnique as ErreurTechnique[],
    listeErreurDP: flux.listeErreurDP as ErreurDP[],
    facturesIntegrees: flux.facturesIntegrees,
  };
}

/**
 * The technical errors found at deposit belong to the CR only once the flux is processed: before
 * that, the platform has not looked at the file yet.
 */
function listesVisibles(flux: repo.FluxRow) {
  const traite = ETATS_TERMINAUX.includes(flux.etat as EtatFlux) || flux.etat === 'IN_EN_COURS_TRAITEMENT_CPP';
  return { listeErreurTechnique: traite ? (flux.listeErreurTechnique as ErreurTechnique[]) : [], listeErreurDP: traite ? (flux.listeErreurDP as ErreurDP[]) : [] };
}

export function consulterCRDetaille(ctx: SandboxContext, utilisateur: Utilisateur, numero: string) {
  const flux = fluxDe(ctx, utilisateur, numero);
  return {
    codeRetour: 0,
    libelle: erreurs.SUCCES.libelle,
    codeInterfaceDepotFlux: flux.codeInterface,
    dateDepotFlux: formatDate(flux.dateDepot),
    dateHeureEtatCourantFlux: formatDateHeureIso(flux.dateEtat),
    etatCourantDepotFlux: flux.etat as EtatFlux,
    nomFichier: flux.nomFichier,
    ...listesVisibles(flux),
  };
}

export async function consulterCR(ctx: SandboxContext, utilisateur: Utilisateur, numero: string) {
  const flux = fluxDe(ctx, utilisateur, numero);
  const cr = { ...compteRendu(flux), ...listesVisibles(flux) };
  const pdf = await pdfCompteRendu(
    {
      numeroFluxDepot: flux.numeroFluxDepot,
      nomFichier: flux.nomFichier,
      syntaxeFlux: flux.syntaxeFlux,
      codeInterface: flux.codeInterface,
      dateDepot: formatDateHeureMinute(flux.dateDepot),
      dateEtat: formatDateHeureMinute(flux.dateEtat),
    },
    cr,
  );
  return {
    codeRetour: 0,
    libelle: erreurs.SUCCES.libelle,
    codeAppliPartenaire: 'CPP001',
    codeInterfaceFlux: flux.codeInterface,
    dateDepotFlux: formatDate(flux.dateDepot),
    dateHeureEtatCourantFlux: formatDateHeureIso(flux.dateEtat),
    designationPartenaire: 'CHORUS PRO',
    etatCourantFlux: flux.etat as EtatFlux,
    fichierCR: Buffer.from(pdf).toString('base64'),
    nomFichierFlux: `${flux.codeInterface}_CPP001_${flux.numeroFluxDepot}`,
    numeroFluxDepot: flux.numeroFluxDepot,
  };
}

/**
 * "Test a flux" (control plane, not on the real platform): every layer, including the directory
 * controls and the deposit itself when `utilisateurId` is given, inside a transaction that is
 * rolled back, so nothing is integrated. Answers the CR at once. `reglesOfficielles` adds the
 * complete CEN EN 16931 rule set (slower: a few hundred milliseconds an invoice).
 */
export async function testerFlux(
  ctx: SandboxContext,
  input: Pick<DeposerFluxInput, 'syntaxeFlux' | 'fichierFlux' | 'nomFichier'>,
  utilisateurId: number | null,
  options: { reglesOfficielles?: boolean } = {},
) {
  const octets = controlerEnveloppe(input);
  const code = input.syntaxeFlux;
  const prepare = await preparerFlux(octets, input.nomFichier, code);
  const a: Avancement = { techniques: prepare.erreursTechniques.map(erreurTechnique), dp: [], integrees: [] };
  const utilisateur = utilisateurId === null ? null : ({ id: utilisateurId, nom: null, prenom: null } as unknown as Utilisateur);
  const annulation = new Error('test de flux : rien n’est intégré');
  let debut = performance.now();
  for (const f of prepare.fichiers) {
    // One rolled-back transaction per file, and a turn of the event loop every few milliseconds.
    try {
      transaction(ctx.db, () => {
        traiterFichier(ctx, utilisateur, f, code, numeroFluxDepot(code, 0), a, options.reglesOfficielles);
        throw annulation;
      });
    } catch (err) {
      if (err !== annulation) throw err;
    }
    if (performance.now() - debut > 10) {
      await new Promise((r) => setTimeout(r, 0));
      debut = performance.now();
    }
  }
  return {
    syntaxeFlux: code,
    etatPrevu: etatFinal(prepare.fichiers.length, a.integrees.length),
    nombreFichiers: prepare.fichiers.length,
    facturesValides: a.integrees,
    listeErreurDP: a.dp,
    listeErreurTechnique: a.techniques,
  };
}

export function fixerDelaiIntegration(ctx: SandboxContext, secondes: number): void {
  repo.fixerDelaiIntegration(ctx, secondes);
}
export function delaiIntegration(ctx: SandboxContext): number {
  return repo.delaiIntegration(ctx) ?? DELAI_INTEGRATION_DEFAUT;
}
