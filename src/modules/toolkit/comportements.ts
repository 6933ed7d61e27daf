import { transaction } from '../../db/transaction.js';
import { and, eq } from 'drizzle-orm';
import { comportementsAcheteurs } from '../../db/schema/index.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { Scenario } from '../../scenarios/format.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { findStructure, listStructures, type StructureRow } from '../structures/repository.js';
import { replanifierAcheteur } from './acheteur-simule.js';
import { replanifierActeurTravaux } from '../travaux/acteurs-simules.js';
import { replanifierValideur } from './valideur-simule.js';
import { comportementSchema, type Comportement } from './comportement-schema.js';

const MANUEL: Comportement = { mode: 'manuel' };

export function listerComportementsAutomatiques(ctx: SandboxContext): { structureId: number; comportement: Extract<Comportement, { mode: 'automatique' }> }[] {
  return ctx.db
    .select()
    .from(comportementsAcheteurs)
    .where(eq(comportementsAcheteurs.sandboxId, ctx.sandboxId))
    .all()
    .map((row) => ({ structureId: row.id, comportement: comportementSchema.parse(row.profil) }))
    .filter((c): c is { structureId: number; comportement: Extract<Comportement, { mode: 'automatique' }> } => c.comportement.mode === 'automatique');
}

/** Parsed profiles by their stored JSON text: the same few profiles are read on every status change. */
const profilsLus = new Map<string, Comportement>();

/**
 * The stored profile of a structure, or undefined (manual). No check that the structure is public.
 * Read on every status change of an invoice (to schedule the buyer's next action), hence one
 * prepared statement and the parse kept by text.
 */
export function lireComportementStocke(ctx: SandboxContext, structureId: number): Comportement | undefined {
  const texte = ctx.db.$client
    .prepare<[string, number], string>('SELECT profil FROM comportements_acheteurs WHERE sandbox_id = ? AND id = ?')
    .pluck()
    .get(ctx.sandboxId, structureId);
  if (texte === undefined) return undefined;
  let profil = profilsLus.get(texte);
  if (!profil) {
    profil = comportementSchema.parse(JSON.parse(texte));
    if (profilsLus.size >= 1000) profilsLus.clear();
    profilsLus.set(texte, profil);
  }
  return profil;
}

/** Stores a profile and reschedules the buyer's pending invoices on the agenda accordingly. */
function enregistrer(ctx: SandboxContext, structureId: number, comportement: Comportement): void {
  ctx.db
    .insert(comportementsAcheteurs)
    .values({ sandboxId: ctx.sandboxId, id: structureId, profil: comportement })
    .onConflictDoUpdate({ target: [comportementsAcheteurs.sandboxId, comportementsAcheteurs.id], set: { profil: comportement } })
    .run();
  replanifierAcheteur(ctx, structureId);
  replanifierActeurTravaux(ctx, structureId);
  replanifierValideur(ctx, structureId);
}

/** Stores the `comportement` keys of a scenario's public structures (inside the world build). */
export function appliquerComportementsScenario(ctx: SandboxContext, scenario: Scenario): void {
  const avecComportement = scenario.structures.filter((s) => s.comportement && s.comportement.mode !== 'manuel');
  if (!avecComportement.length) return;
  const parEntite = new Map(listStructures(ctx).map((s) => [s.entite, s.id] as const));
  for (const s of avecComportement) {
    const id = parEntite.get(s.entite);
    const c = s.comportement!;
    if (id !== undefined && (s.type === 'PUBLIQUE' || simulableEnPrivee(c))) enregistrer(ctx, id, c);
  }
}

/** Rules a private structure may carry: those of a validator (A9/A12) and those of a works actor (a MOE is often private). */
const REGLES_PRIVEES: readonly string[] = ['valideur', 'travaux'];

function simulableEnPrivee(comportement: Comportement | undefined): boolean {
  return comportement === undefined || comportement.mode === 'manuel' || Object.keys(comportement.regles).every((k) => REGLES_PRIVEES.includes(k));
}

/**
 * A public buyer may carry any rule; a private structure only plays a validator (titulaire,
 * mandataire, cotraitant of the A9/A12 circuits: `regles.valideur`) or a maître d'œuvre of its works
 * dossiers (an architect: `regles.travaux`), nothing a buyer does.
 */
function structureSimulable(ctx: SandboxContext, idStructureCPP: number, comportement?: Comportement): StructureRow {
  const structure = findStructure(ctx, idStructureCPP);
  if (!structure) {
    throw new ChorusError(erreurs.STRUCTURE_SIMULEE_INTROUVABLE, `La structure ${idStructureCPP} (idStructureCPP) n'existe pas dans ce bac à sable`);
  }
  if (structure.typeStructure !== 'PUBLIQUE' && !simulableEnPrivee(comportement)) {
    throw new ChorusError(
      erreurs.COMPORTEMENT_INVALIDE,
      `La structure ${idStructureCPP} (idStructureCPP) est privée : elle ne peut être simulée que comme valideur (regles.valideur) ou maîtrise d'œuvre (regles.travaux)`,
    );
  }
  return structure;
}

export function lireComportement(ctx: SandboxContext, idStructureCPP: number): Comportement {
  structureSimulable(ctx, idStructureCPP);
  return lireComportementStocke(ctx, idStructureCPP) ?? MANUEL;
}

export function definirComportement(ctx: SandboxContext, idStructureCPP: number, comportement: Comportement): Comportement {
  structureSimulable(ctx, idStructureCPP, comportement);
  transaction(ctx.db, () => enregistrer(ctx, idStructureCPP, comportement));
  return comportement;
}
