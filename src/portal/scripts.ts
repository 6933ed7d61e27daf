/**
 * The portal's own script, served as a file (`/portail/scripts/ouvrir-modale.js`: pages carry no
 * inline script): opens the DSFR modals marked `data-ouvrir-au-chargement` (the acknowledgements
 * pop-up after login) once the DSFR has started, through its API (`dsfr(element).modal.disclose()`),
 * and closes a modal from a button marked `data-fermer-modale` (« Plus tard »).
 */
export const SCRIPT_OUVRIR_MODALE = `'use strict';
const modales = () => document.querySelectorAll('dialog.fr-modal[data-ouvrir-au-chargement]');
let essais = 0;
const ouvrir = () => {
  const api = window.dsfr;
  const liste = [...modales()];
  if (liste.length === 0) return;
  const pretes = api && liste.every((d) => api(d) && api(d).modal);
  if (!pretes) {
    if (essais++ < 200) setTimeout(ouvrir, 25);
    return;
  }
  for (const d of liste) api(d).modal.disclose();
};
document.addEventListener('click', (evenement) => {
  const bouton = evenement.target instanceof Element ? evenement.target.closest('[data-fermer-modale]') : null;
  const modale = bouton && document.getElementById(bouton.getAttribute('data-fermer-modale') || '');
  if (!modale || !window.dsfr) return;
  evenement.preventDefault();
  window.dsfr(modale).modal.conceal();
});
ouvrir();`;
