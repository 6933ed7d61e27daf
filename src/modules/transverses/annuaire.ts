import { strToU8, zipSync } from 'fflate';
import type { SandboxContext } from '../../sandbox/context.js';
import type { ServiceRow, StructureRow } from '../structures/repository.js';
import * as repo from './repository.js';
import { formatDate } from '../../sandbox/dates.js';

/**
 * `telecharger/annuaire/destinataire`: the directory of the sandbox's public recipients, as the real
 * platform hands it out, a ZIP holding one `;`-separated CSV. The real file's exact columns are not
 * public: these follow what the public « annuaire des structures publiques » shows (identifiant,
 * raison sociale, adresse, then the routing parameters and each service), one line per service and
 * one line without service for a structure that has none.
 */

const COLONNES = [
  'Identifiant',
  'Type identifiant',
  'Raison sociale',
  'Type structure',
  'Adresse',
  'Code postal',
  'Ville',
  'Pays',
  'EJ obligatoire',
  'Service obligatoire',
  'EJ ou service obligatoire',
  'Structure avec MOA',
  'MOA uniquement',
  'Statut mise en paiement non remonte',
  'Code service',
  'Libelle service',
  'Service actif',
  'EJ obligatoire pour le service',
  'Service mise en paiement',
] as const;

const ouiNon = (b: boolean) => (b ? 'OUI' : 'NON');

/** RFC 4180 quoting, with `;` as the separator. */
function champ(valeur: string | null | undefined): string {
  const v = valeur ?? '';
  return /[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function ligne(s: StructureRow, service: ServiceRow | undefined): string {
  return [
    s.identifiant,
    s.typeIdentifiant,
    s.raisonSociale,
    s.typeStructure,
    s.adresse,
    s.codePostal,
    s.ville,
    s.codePays,
    ouiNon(s.numeroEjDoitEtreRenseigne),
    ouiNon(s.codeServiceDoitEtreRenseigne),
    ouiNon(s.gestionNumeroEjOuCodeService),
    ouiNon(s.estMoa),
    ouiNon(s.estMoaUniquement),
    ouiNon(s.statutMiseEnPaiementNestPasRemonte),
    service?.code,
    service?.libelle,
    service ? ouiNon(service.estActif) : '',
    service ? ouiNon(service.numeroEngagementObligatoire) : '',
    service ? ouiNon(service.miseEnPaiement) : '',
  ]
    .map(champ)
    .join(';');
}

/** The CSV text: a BOM (so that spreadsheet software reads the accents as UTF-8), header, CRLF lines. */
export function annuaireCsv(ctx: SandboxContext): string {
  const structures = repo.destinatairesActifs(ctx);
  const services = repo.servicesDesStructures(ctx, structures.map((s) => s.id));
  const parStructure = new Map<number, ServiceRow[]>();
  for (const svc of services) {
    const siens = parStructure.get(svc.structureId);
    if (siens) siens.push(svc);
    else parStructure.set(svc.structureId, [svc]);
  }
  const lignes = structures.flatMap((s) => {
    const siens = parStructure.get(s.id) ?? [];
    return siens.length === 0 ? [ligne(s, undefined)] : siens.map((svc) => ligne(s, svc));
  });
  return `\uFEFF${[COLONNES.join(';'), ...lignes].join('\r\n')}\r\n`;
}

export interface Annuaire {
  nomFichier: string;
  zip: Uint8Array;
}

/** The ZIP, dated by the sandbox clock so that a frozen sandbox always yields the same bytes. */
export function telechargerAnnuaireDestinataire(ctx: SandboxContext): Annuaire {
  const now = ctx.now();
  const nomFichier = `annuaire_destinataires_${formatDate(now).replace(/-/g, '')}.csv`;
  // ZIP dates start in 1980: a sandbox clock set earlier is clamped rather than refused.
  const mtime = now.getUTCFullYear() < 1980 ? new Date('1980-01-01T00:00:00Z') : now;
  const zip = zipSync({ [nomFichier]: [strToU8(annuaireCsv(ctx)), { mtime }] });
  return { nomFichier, zip };
}
