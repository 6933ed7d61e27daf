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

/**
 * The portal's few rules on top of the DSFR, served as `/portail/scripts/portail.css`. A DSFR table
 * scrolls inside its container, but text hidden for screen readers (`fr-sr-only`, absolutely
 * positioned) in a wide table escaped it and widened the whole page on a tablet: the container is
 * made the box those texts are placed in.
 */
export const STYLES_PORTAIL = `.fr-table__container { position: relative; }
`;
