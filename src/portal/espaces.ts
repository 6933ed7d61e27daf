import { ESPACES } from '../modules/utilisateurs/service.js';
import type { CodeEspace } from '../modules/utilisateurs/espaces.js';

/** Where each espace of the historic portal lives under a sandbox's portal (chorus-domain §0.4, §2.4). */
export const CHEMINS_ESPACES: Record<CodeEspace, string> = {
  1: 'factures-emises',
  2: 'factures-recues',
  3: 'factures-travaux',
  4: 'sollicitations-emises',
  5: 'sollicitations-recues',
  6: 'engagements',
  7: 'factures-a-valider',
  8: 'gestionnaire',
};

export function libelleEspace(code: CodeEspace): string {
  return ESPACES.find((e) => e.codeEspace === code)!.libelleEspace;
}
