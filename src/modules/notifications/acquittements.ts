import { and, asc, eq, inArray } from 'drizzle-orm';
import { porteeDe } from '../../db/scoped.js';
import { factures, historiqueFactures } from '../../db/schema/index.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { actionFournisseur } from '../factures/traitement/service.js';
import { findStructure } from '../structures/repository.js';
import { listRattachementsValides, type UtilisateurRow } from '../utilisateurs/repository.js';

/** Past this many days on the sandbox clock, acknowledging becomes mandatory (chorus-domain §7.2 row 12). */
export const JOURS_AVANT_ACQUITTEMENT_OBLIGATOIRE = 7;

const ACQUITTEMENT = { REJETEE: 'ACQUITTEMENT_REJET', SUSPENDUE: 'ACQUITTEMENT_SUSPENSION' } as const;

/**
 * The login pop-up of chorus-domain §7.3: the rejected and suspended invoices of the user's supplier
 * structures, with the buyer's motif, whether they are acknowledged since they entered that status
 * (TRAITEMENT_REJET counts: the rejection was read to be handled), and the 7-day flag.
 */
export function acquittements(ctx: SandboxContext, utilisateur: UtilisateurRow) {
  const structures = listRattachementsValides(ctx, utilisateur.id).map((r) => r.structureId);
  if (structures.length === 0) return [];
  const rows = ctx.db
    .select()
    .from(factures)
    .where(porteeDe(ctx, factures, inArray(factures.fournisseurId, structures), inArray(factures.statut, ['REJETEE', 'SUSPENDUE'])))
    .orderBy(asc(factures.id))
    .all();
  const maintenant = ctx.now().getTime();
  return rows.map((f) => {
    const histo = ctx.db.select().from(historiqueFactures).where(porteeDe(ctx, historiqueFactures, eq(historiqueFactures.factureId, f.id))).orderBy(asc(historiqueFactures.id)).all();
    const entree = histo.filter((h) => h.nature === 'STATUT' && h.code === f.statut).at(-1);
    const depuis = entree?.date ?? f.dateHeureEtatCourant ?? f.dateDepot;
    const code = ACQUITTEMENT[f.statut as keyof typeof ACQUITTEMENT];
    const acquittee = histo.some((h) => h.nature === 'ACTION' && (h.code === code || h.code === 'TRAITEMENT_REJET') && h.id > (entree?.id ?? 0));
    const jours = Math.floor((maintenant - new Date(depuis).getTime()) / 86_400_000);
    return {
      idFacture: f.id,
      numeroFacture: f.numeroFacture,
      dateDepot: f.dateDepot,
      destinataire: f.destinataireId === null ? null : (findStructure(ctx, f.destinataireId)?.raisonSociale ?? null),
      statut: f.statut,
      depuis,
      motif: entree?.commentaire ?? f.commentaireEtatCourant,
      acquittee,
      acquittementObligatoire: !acquittee && jours >= JOURS_AVANT_ACQUITTEMENT_OBLIGATOIRE,
    };
  });
}

/** « Acquitter »: ACQUITTEMENT_REJET or ACQUITTEMENT_SUSPENSION by the invoice's status, logged in its history. */
export function acquitter(ctx: SandboxContext, utilisateur: UtilisateurRow, idFacture: number, commentaire?: string) {
  const f = ctx.db.select({ statut: factures.statut }).from(factures).where(porteeDe(ctx, factures, and(eq(factures.id, idFacture)))).get();
  const code = f ? ACQUITTEMENT[f.statut as keyof typeof ACQUITTEMENT] : undefined;
  if (!code) throw new ChorusError(erreurs.ACQUITTEMENT_IMPOSSIBLE, `${erreurs.ACQUITTEMENT_IMPOSSIBLE.libelle} (idFacture ${idFacture}${f ? `, statut ${f.statut}` : ''})`);
  actionFournisseur(ctx, utilisateur, idFacture, code, commentaire);
  return code;
}
