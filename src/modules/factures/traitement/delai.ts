import { calculerDelaiPaiement } from '../../../domain/delai-paiement.js';
import { CATEGORIES_STRUCTURE_PUBLIQUE, delaiPaiementJours, tauxBceAt, type CategorieStructurePublique } from '../../../referentials/index.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { findStructure } from '../../structures/repository.js';
import type { FactureRow } from '../repository.js';

/** Délai global de paiement of a buyer; 30 days when its category is unknown (the État / collectivités rule). */
export function delaiJoursDe(categorie: string | null): number {
  return categorie && (CATEGORIES_STRUCTURE_PUBLIQUE as readonly string[]).includes(categorie)
    ? delaiPaiementJours(categorie as CategorieStructurePublique)
    : 30;
}

function tauxBce(date: string): number {
  try {
    return tauxBceAt(date);
  } catch {
    return 0;
  }
}

/**
 * The invoice's payment delay in sandbox time (chorus-domain §10): from the mise à disposition,
 * interrupted once by a suspension and restarted on completion, stopped by MISE_EN_PAIEMENT.
 * Null until the invoice reached its recipient.
 */
export function delaiPaiementFacture(ctx: SandboxContext, f: FactureRow) {
  if (!f.dateMiseADisposition) return null;
  const destinataire = f.destinataireId === null ? undefined : findStructure(ctx, f.destinataireId);
  const parametres = {
    delaiJours: delaiJoursDe(destinataire?.categorie ?? null),
    dateMiseADisposition: f.dateMiseADisposition,
    suspensions: f.suspensions,
    datePaiement: f.datePaiement,
    now: ctx.now(),
    montantTtc: f.montantTtc ?? 0,
  };
  const premier = calculerDelaiPaiement({ ...parametres, tauxBce: 0 });
  const d = premier.dateReferenceTauxBce ? calculerDelaiPaiement({ ...parametres, tauxBce: tauxBce(premier.dateReferenceTauxBce) }) : premier;
  return {
    delaiJours: d.delaiJours,
    dateDebut: d.dateDebut,
    dateEcheance: d.dateEcheance,
    suspendu: d.suspendu,
    joursSuspendus: d.joursSuspendus,
    enRetard: d.enRetard,
    joursRetard: d.joursRetard,
    tauxBce: d.dateReferenceTauxBce ? tauxBce(d.dateReferenceTauxBce) : null,
    interetsMoratoires: d.interetsMoratoires,
    indemniteForfaitaire: d.indemniteForfaitaire,
  };
}
