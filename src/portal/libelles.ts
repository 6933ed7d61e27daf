import { html, type Html } from './html.js';

/** French labels of the account and organisation codes (chorus-domain §3.1, §3.3, §2.4). */
export const ROLES: Record<string, string> = {
  GESTIONNAIRE_PRINCIPAL: 'Gestionnaire principal',
  GESTIONNAIRE_SECONDAIRE: 'Gestionnaire secondaire',
  UTILISATEUR_SIMPLE: 'Utilisateur',
};

const STATUTS: Record<string, [string, string]> = {
  VALIDEE: ['Validé', 'success'],
  EN_COURS_DE_VALIDATION: ['En attente de validation', 'warning'],
  REFUSEE: ['Refusé', 'error'],
  DESACTIVEE: ['Désactivé', 'info'],
  SUPPRIMEE: ['Supprimé', 'info'],
  ACTIVE: ['Actif', 'success'],
  SUPPRIME: ['Résilié', 'info'],
  ACTIF: ['Actif', 'success'],
  INACTIF: ['Inactif', 'info'],
  OUVERT: ['Ouvert', 'success'],
  FERME: ['Non ouvert', 'info'],
};

export const libelleRole = (role: string): string => ROLES[role] ?? role;

/** A status of a rattachement, an abonnement, an account or a service, as a coloured DSFR badge. */
export function badge(code: string): Html {
  const [libelle, couleur] = STATUTS[code] ?? [code, 'info'];
  return html`<span class="fr-badge fr-badge--sm fr-badge--${couleur} fr-badge--no-icon">${libelle}</span>`;
}
