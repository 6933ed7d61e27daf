import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { xmlDumeOperateur } from './espd-xml.js';
import { erreursDume } from '../../errors/catalogue/dume.js';
import { ChorusError } from '../../errors/chorus-error.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { reponsesErreur } from '../structures/schemas.js';
import { base64, resume, versDonneesOE } from './formatters.js';
import { corpsDonnees, corpsDumeA, corpsDumeOE, reponseDume } from './schemas.js';
import * as service from './service.js';

/**
 * The DUME APIs, mounted under `/dume` as on the real hosts (`…/dume/dumeA`, `/dume/dumeOE`,
 * `/dume/donnees`): a client changes only its base URL. One POST per API, the operation named in
 * the body. Authentication: the real APIs take a client certificate and no Chorus Pro account
 * (the web utility needs none either); the sandbox asks for the PISTE Bearer token only, which
 * names the sandbox, and checks the platform parameters for their format.
 */

type Reponse = z.input<typeof reponseDume>;
const OK = { codeRetour: 0 as const, libelle: 'TRAITE' };

const SECURITE = [{ piste: [] }];

async function formate(ctx: SandboxContext, idDume: string | undefined, format: 1 | 2): Promise<Reponse> {
  if (!idDume) throw new ChorusError(erreursDume.DUME_NI_IDENTIFIANT_NI_XML, 'Renseigner l’identifiant du DUME (idDume)');
  const f = await service.formater(ctx, idDume, format);
  return { ...OK, idDume: f.dume.identifiant, format: f.format, nomFichier: f.nomFichier, dume: base64(f.contenu), metadonnees: resume(f.dume) };
}

const liste = (dumes: service.Dume[]): Reponse => ({ ...OK, listeDumes: dumes.map(resume), nombreResultats: dumes.length });
const cree = (d: service.Dume): Reponse => ({ ...OK, idDume: d.identifiant, dume: base64(service.xmlDe(d)) });

async function dumeA(ctx: SandboxContext, b: z.output<typeof corpsDumeA>): Promise<Reponse> {
  switch (b.operation) {
    case 'rechercherDumes':
      return liste(service.rechercher(ctx, { type: 'DUME_A', idConsultation: b.idConsultation, siret: b.siretAcheteur }));
    case 'recupererDumeFormate':
    case 'rechercherDumeA':
      return formate(ctx, b.idDume ?? b.idDumeO, b.format);
    case 'telechargerDumeAvecPJ':
    case 'telechargerDumeavecPJ': {
      const dumes = await service.dumesAvecPJ(ctx, b.idDume);
      return {
        ...OK,
        idDume: b.idDume,
        dumesOE: dumes.map((d) => ({ metadonnees: resume(d.dume), dume: base64(d.xml), pdf: base64(d.pdf), attestations: [] })),
      };
    }
    case 'healthCheck':
      return { ...OK, statut: 'OK' };
  }
}

async function dumeOE(ctx: SandboxContext, b: z.output<typeof corpsDumeOE>): Promise<Reponse> {
  switch (b.operation) {
    case 'recupererModelDume':
      return cree(service.creerModele(ctx));
    case 'rechercherDumes':
      return liste(service.rechercher(ctx, { type: 'DUME_OE', idConsultation: b.idConsultation, siret: b.siretOE }));
    case 'recupererDumeFormate':
    case 'rechercherDumeA':
      return formate(ctx, b.idDume ?? b.idDumeO, b.format);
    case 'recupererDumeOEAvecDonnesEntreprise':
    case 'recupererDumeOEAvecDonneesEntreprise':
    case 'creerDumeOEavecSiretOE':
      return cree(service.creerDumeOE(ctx, b.siretOE, b.typeDonnees));
    case 'FusionnerDumeAvecDonneesEntreprise':
    case 'FusionnerDumeAvecDonnesEntreprise': {
      const d = service.fusionnerDume(ctx, { idDume: b.idDume, dumeA: b.dumeA, siretOE: b.siretOE, typeDonnees: b.typeDonnees });
      return { ...OK, idDume: d.identifiant, dume: base64(xmlDumeOperateur(d)) };
    }
    case 'enregistrerDume':
      return cree(service.enregistrerDume(ctx, b.Dume, b.idDume));
    case 'healthCheck':
      return { ...OK, statut: 'OK' };
  }
}

function donnees(ctx: SandboxContext, b: z.output<typeof corpsDonnees>): Reponse {
  switch (b.operation) {
    case 'recupererDonneesOE':
      return { ...OK, donneesOE: versDonneesOE(service.donneesEntreprise(ctx, b.siretOE, b.typeDonnees ?? 1)) };
    case 'healthCheck':
      return { ...OK, statut: 'OK' };
  }
}

const routes: FastifyPluginAsync = async (instance) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const tags = ['DUME'];
  const reponses = { 200: reponseDume, ...reponsesErreur };
  app.post(
    '/dumeA',
    { schema: { tags, security: SECURITE, operationId: 'dumeA', summary: 'API DUME acheteur : rechercherDumes, recupererDumeFormate, telechargerDumeAvecPJ, healthCheck', body: corpsDumeA, response: reponses } },
    async (request) => dumeA(request.dume.ctx, request.body),
  );
  app.post(
    '/dumeOE',
    {
      schema: {
        tags,
        security: SECURITE,
        operationId: 'dumeOE',
        summary: 'API DUME opérateur économique : recupererModelDume, rechercherDumes, recupererDumeFormate, recupererDumeOEAvecDonnesEntreprise, FusionnerDumeAvecDonneesEntreprise, enregistrerDume, healthCheck',
        body: corpsDumeOE,
        response: reponses,
      },
    },
    async (request) => dumeOE(request.dume.ctx, request.body),
  );
  app.post(
    '/donnees',
    { schema: { tags, security: SECURITE, operationId: 'donnees', summary: 'API Données : recupererDonneesOE, healthCheck', body: corpsDonnees, response: reponses } },
    async (request) => donnees(request.dume.ctx, request.body),
  );
};

export default routes;
