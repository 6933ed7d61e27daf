import type { FastifyInstance } from 'fastify';
import { depot, lu, toutEnUnePage } from './formatters.js';
import * as ref from './referentiels.js';
import { operation } from './route.js';
import * as schemas from './schemas.js';

/** `recuperer/*` code lists of the Transverses API (chorus-api §3.3), read from fixtures/referentials. */
export function referentielsRoutes(app: FastifyInstance): void {
  const { codeLangueParam: langue, sansParametre: vide } = schemas;

  operation(app, '/recuperer/devises', { operationId: 'recupererDevises', summary: 'Codes devises (ISO 4217)', body: langue, response: schemas.wsRetourDevises }, () => ({
    ...lu,
    listeDevises: ref.devises().map((d) => ({ ...d })),
  }));

  operation(app, '/recuperer/pays', { operationId: 'recupererPays', summary: 'Codes pays (ISO 3166)', body: langue, response: schemas.wsRetourPays }, () => ({
    ...lu,
    listePays: ref.pays().map((p) => ({ ...p })),
  }));

  operation(app, '/recuperer/tauxtva', { operationId: 'recupererTauxTva', summary: 'Taux de TVA', body: langue, response: schemas.wsRetourTauxTva }, () => ({
    ...lu,
    listeTauxTva: ref.tauxTva().map((t) => ({ ...t })),
  }));

  operation(
    app,
    '/recuperer/motifs/exonerationtva',
    { operationId: 'recupererMotifsExonerationTva', summary: "Motifs d'exonération de TVA", body: langue, response: schemas.wsRetourMotifsExonerationTva },
    () => {
      const liste = ref.motifsExonerationTva().map((m) => ({ ...m }));
      return { ...lu, listeMotifsExonerationTva: liste, ...toutEnUnePage(liste.length) };
    },
  );

  operation(app, '/recuperer/modedepot', { operationId: 'recupererModeDepot', summary: 'Modes de dépôt', body: vide, response: schemas.wsRetourModeDepot }, () => {
    const liste = ref.modesDepot().map((m) => ({ ...m }));
    return { ...lu, listeModeDepot: liste, ...toutEnUnePage(liste.length) };
  });

  operation(
    app,
    '/recuperer/modereglements',
    { operationId: 'recupererModesReglement', summary: 'Modes de règlement', body: vide, response: schemas.wsRetourModeReglements },
    () => ({ ...lu, listeModePaiement: ref.modesReglement().map((m) => ({ ...m })) }),
  );

  operation(
    app,
    '/recuperer/cadrefacturation',
    {
      operationId: 'recupererCadreFacturation',
      summary: 'Cadres de facturation, pour un type de demande de paiement',
      body: schemas.recupererCadreFacturationParam,
      response: schemas.wsRetourCadreFacturation,
    },
    (body) => ({
      ...lu,
      listeCadreFacturation: ref.cadresFacturation(body.typeDemandePaiement).map((c) => ({ codeCadreFacturation: c.codeCadreFacturation })),
    }),
  );

  // The Go client's fixture answers this one with GCU_MSG_01_000 rather than TRA_MSG_00.000: kept.
  operation(app, '/recuperer/typedp', { operationId: 'recupererTypeDemandePaiement', summary: 'Types de demande de paiement', body: vide, response: schemas.wsRetourTypeDemandePaiement }, () => ({
    ...depot,
    listeTypeDemandePaiement: ref.typesDemandePaiement().map((t) => ({ ...t })),
  }));

  operation(
    app,
    '/recuperer/etat/typedp',
    {
      operationId: 'recupererEtatParTypeDemandePaiement',
      summary: "Statuts possibles d'une demande de paiement selon son type",
      body: schemas.recupererEtatParTypeDemandePaiementParam,
      response: schemas.wsRetourEtatParTypeDemandePaiement,
    },
    (body) => ({
      ...lu,
      listeEtatDemandePaiement: ref.etatsParTypeDemandePaiement(body.typeDemandePaiement).map((etatDemandePaiement) => ({ etatDemandePaiement })),
    }),
  );

  operation(
    app,
    '/recuperer/etats/traitement',
    {
      operationId: 'recupererEtatsPossiblesPourTraitement',
      summary: 'Statuts que le destinataire peut poser depuis le statut courant (traiter/recue)',
      body: schemas.recupererEtatsPossiblesPourTraitementParam,
      response: schemas.wsRetourEtatsPossiblesPourTraitement,
    },
    (body) => ({
      ...lu,
      listeStatutsPossiblesPourTraitement: ref
        .statutsPourTraitement(body.statutCourant)
        .map((statutPossiblePourTraitement) => ({ statutPossiblePourTraitement })),
    }),
  );

  operation(
    app,
    '/recuperer/typeidentifiant/structure',
    { operationId: 'recupererTypeIdentifiantStructure', summary: "Types d'identifiant de structure", body: vide, response: schemas.wsRetourTypeIdentifiant },
    () => ({ ...lu, listeTypeIdentifiant: ref.typesIdentifiantStructure().map((t) => ({ ...t })) }),
  );

  operation(
    app,
    '/recuperer/typespj',
    { operationId: 'recupererTypesPieceJointe', summary: 'Types de pièce jointe, pour un type d’objet', body: schemas.recupererTypesPieceJointeParam, response: schemas.wsRetourTypesPieceJointe },
    (body) => ({ ...lu, listeTypePieceJointe: ref.typesPieceJointe(body.typeObjet).map((t) => ({ ...t })) }),
  );

  operation(
    app,
    '/recuperer/typefacturetravaux',
    { operationId: 'recupererTypeFactureTravaux', summary: 'Types de facture de travaux', body: vide, response: schemas.wsRetourTypeFactureTravaux },
    () => ({ ...lu, listeTypeFactureTravaux: ref.typesFactureTravaux().map((t) => ({ ...t })) }),
  );

  operation(app, '/recuperer/formatflux', { operationId: 'recupererFormatFlux', summary: 'Formats de flux', body: vide, response: schemas.wsRetourFormatFlux }, () => {
    const liste = ref.formatsFlux().map((f) => ({ ...f }));
    return { ...lu, listeFormatFlux: liste, ...toutEnUnePage(liste.length) };
  });

  operation(
    app,
    '/recuperer/syntaxeflux',
    { operationId: 'recupererSyntaxeFlux', summary: 'Syntaxes de flux acceptées par deposer/flux, pour un format', body: schemas.recupererSyntaxeFluxParam, response: schemas.wsRetourSyntaxeFlux },
    (body) => ({ ...lu, listeSyntaxeFlux: ref.syntaxesFlux(body.formatFlux).map((s) => ({ ...s })) }),
  );

  operation(
    app,
    '/recuperer/motifs/refus/Facture/AValider',
    {
      operationId: 'recupererMotifsRefusFactureAValider',
      summary: "Motifs de refus d'une facture à valider (circuit de validation A9/A12)",
      body: schemas.recupererMotifsRefusParam,
      response: schemas.wsRetourMotifsRefus,
    },
    (body) => ({ ...lu, listeMotifRefusFactureAValider: ref.motifsRefusFactureAValider(body.codeCadreFacturationAValider) }),
  );
}
