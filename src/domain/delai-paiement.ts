/**
 * Délai global de paiement (DGP), chorus-domain §10. Fonction pure : la date du jour est fournie.
 * Tout est compté en jours calendaires UTC.
 */
import { ajouter, arrondirFraction, centimesVersNombre, decimal } from './decimal.js';

export type DateEntree = Date | string;

export interface Suspension {
  /** Passage au statut SUSPENDUE (notification de l'interruption). */
  debut: DateEntree;
  /** Passage au statut COMPLETEE (réception des pièces) ; absent tant que la facture est suspendue. */
  fin?: DateEntree | null;
}

export interface ParametresDelaiPaiement {
  /** 30 (État, collectivités), 50 (établissements de santé), 60 (entreprises publiques), ou moins par contrat. */
  delaiJours: number;
  /** Date de notification de la mise à disposition (R2192-14) : point de départ du délai. */
  dateMiseADisposition: DateEntree;
  suspensions?: readonly Suspension[];
  datePaiement?: DateEntree | null;
  now: DateEntree;
  /** Taux BCE (refinancement principal, en %) en vigueur au 1er jour du semestre du retard (R2192-31). */
  tauxBce: number;
  /** Montant TTC servant d'assiette aux intérêts moratoires. */
  montantTtc: number;
}

export interface DelaiPaiement {
  delaiJours: number;
  /** Nouveau délai ouvert à la fin de la suspension (R2192-29), sinon null. */
  delaiApresReprise: number | null;
  dateDebut: string;
  /** null tant que la suspension est en cours : le délai ne court pas. */
  dateEcheance: string | null;
  suspendu: boolean;
  joursSuspendus: number;
  /** Jours écoulés depuis la mise à disposition, hors jours de suspension. */
  joursEcoules: number;
  enRetard: boolean;
  joursRetard: number;
  /** 1er jour du semestre où les intérêts commencent à courir : date du taux BCE à retenir. */
  dateReferenceTauxBce: string | null;
  interetsMoratoires: number;
  indemniteForfaitaire: number;
}

/** Points ajoutés au taux BCE (R2192-31). */
export const MAJORATION_TAUX_BCE = 8;
/** Indemnité forfaitaire pour frais de recouvrement (D2192-35). */
export const INDEMNITE_FORFAITAIRE = 40;
/** Durée du nouveau délai après suspension, sauf solde restant plus long (R2192-29). */
export const DELAI_REPRISE_JOURS = 30;

const JOUR_MS = 86_400_000;

/** Jour UTC (nombre de jours depuis l'époque). `YYYY-MM-DD HH:MM` (format Chorus) est lu en UTC. */
export function jourUtc(date: DateEntree): number {
  let ms: number;
  if (date instanceof Date) ms = date.getTime();
  else if (/^\d{4}-\d{2}-\d{2}$/.test(date)) ms = Date.parse(`${date}T00:00:00Z`);
  else if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(date)) ms = Date.parse(`${date.replace(' ', 'T')}Z`);
  else ms = Date.parse(date);
  if (!Number.isFinite(ms)) throw new RangeError(`Date invalide : ${String(date)}`);
  return Math.floor(ms / JOUR_MS);
}

function iso(jour: number): string {
  return new Date(jour * JOUR_MS).toISOString().slice(0, 10);
}

/** 1er janvier ou 1er juillet du semestre contenant `jour`. */
function debutSemestre(jour: number): string {
  const d = new Date(jour * JOUR_MS);
  return `${d.getUTCFullYear()}-${d.getUTCMonth() < 6 ? '01' : '07'}-01`;
}

/** TTC × (taux BCE + 8) / 100 × jours / 365, arrondi au centime. */
export function calculerInteretsMoratoires(montantTtc: number, tauxBce: number, joursRetard: number): number {
  if (joursRetard <= 0) return 0;
  const ttc = decimal(montantTtc);
  const taux = ajouter(decimal(tauxBce), decimal(MAJORATION_TAUX_BCE));
  const num = ttc.n * taux.n * BigInt(joursRetard);
  const den = 10n ** BigInt(ttc.e + taux.e) * 365n;
  return centimesVersNombre(arrondirFraction(num, den));
}

export function calculerDelaiPaiement(p: ParametresDelaiPaiement): DelaiPaiement {
  if (!Number.isInteger(p.delaiJours) || p.delaiJours <= 0) {
    throw new RangeError(`Délai de paiement invalide : ${p.delaiJours}`);
  }
  const debut = jourUtc(p.dateMiseADisposition);
  // Le paiement arrête le compteur ; sinon on regarde « aujourd'hui ».
  const reference = p.datePaiement ? jourUtc(p.datePaiement) : jourUtc(p.now);
  const echeanceInitiale = debut + p.delaiJours;

  // R2192-27 : le délai ne peut être interrompu qu'une seule fois. Seule la première suspension compte ;
  // les suivantes (après une complétion) ne repoussent pas l'échéance.
  const premiere = (p.suspensions ?? [])
    .map((s) => ({ debut: Math.max(jourUtc(s.debut), debut), fin: s.fin ? jourUtc(s.fin) : undefined }))
    .sort((a, b) => a.debut - b.debut)[0];
  // Choix : une suspension notifiée après l'échéance n'interrompt rien (le délai est déjà expiré,
  // les intérêts courent) ; une suspension postérieure à la date de référence n'a pas encore eu lieu.
  const interruption =
    premiere && premiere.debut <= echeanceInitiale && premiere.debut <= reference ? premiere : undefined;

  let echeance: number | null = echeanceInitiale;
  let delaiApresReprise: number | null = null;
  let joursSuspendus = 0;
  let suspendu = false;
  if (interruption) {
    if (interruption.fin === undefined || interruption.fin > reference) {
      suspendu = true;
      joursSuspendus = reference - interruption.debut;
      echeance = null;
    } else {
      const reprise = Math.max(interruption.fin, interruption.debut);
      joursSuspendus = reprise - interruption.debut;
      // R2192-29 : à la réception des pièces, un nouveau délai de 30 jours s'ouvre, ou le solde restant
      // à la date de la suspension s'il est plus long. Choix : jamais plus que le délai initial (délai contractuel < 30 j).
      const solde = echeanceInitiale - interruption.debut;
      delaiApresReprise = Math.max(Math.min(DELAI_REPRISE_JOURS, p.delaiJours), solde);
      echeance = reprise + delaiApresReprise;
    }
  }

  const joursRetard = echeance !== null ? Math.max(0, reference - echeance) : 0;
  const enRetard = joursRetard > 0;
  return {
    delaiJours: p.delaiJours,
    delaiApresReprise,
    dateDebut: iso(debut),
    dateEcheance: echeance !== null ? iso(echeance) : null,
    suspendu,
    joursSuspendus,
    joursEcoules: Math.max(0, reference - debut - joursSuspendus),
    enRetard,
    joursRetard,
    // Les intérêts courent dès le lendemain de l'échéance, au taux du semestre de ce jour-là (R2192-31).
    dateReferenceTauxBce: enRetard && echeance !== null ? debutSemestre(echeance + 1) : null,
    interetsMoratoires: calculerInteretsMoratoires(p.montantTtc, p.tauxBce, joursRetard),
    indemniteForfaitaire: enRetard ? INDEMNITE_FORFAITAIRE : 0,
  };
}
