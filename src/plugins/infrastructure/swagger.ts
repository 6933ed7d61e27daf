import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { version } from '../../version.js';

export const TAGS = [
  { name: 'PISTE', description: 'Jeton OAuth2 de la passerelle PISTE (client_credentials).' },
  { name: 'Factures', description: 'API Factures de Chorus Pro (`/cpro/factures/v1`).' },
  { name: 'Structures', description: 'API Structures de Chorus Pro (`/cpro/structures/v1`).' },
  { name: 'Transverses', description: 'API Transverses de Chorus Pro (`/cpro/transverses/v1`).' },
  { name: 'Utilisateurs', description: 'API Utilisateurs de Chorus Pro (`/cpro/utilisateurs/v1`).' },
  { name: 'Engagements juridiques', description: 'API Engagements juridiques (`/cpro/engagementsJuridiques/v1`).' },
  {
    name: 'Factures de travaux',
    description:
      'API Factures de travaux (`/cpro/facturesTravaux/v1`). Aucun Swagger public : `rechercher` suit les clients connus, ' +
      'les autres corps et le chemin `prendreEnCompte` sont des choix du bac à sable, décrits dans le README.',
  },
  {
    name: 'Control plane',
    description:
      'Plan de contrôle du bac à sable (`/_sandbox`), absent du vrai Chorus Pro : bacs à sable isolés, scénarios, ' +
      'remise à zéro. Protégé par `Authorization: Bearer <SANDBOX_ADMIN_TOKEN>`.',
  },
];

/** OpenAPI generated from the zod route schemas, served at `/openapi.json`, Swagger UI at `/docs`. */
export default fp(
  async function openapi(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Chorus Pro Sandbox',
          description:
            'Clone auto-hébergé de l’environnement de qualification de Chorus Pro : API PISTE (mêmes chemins, champs et codes), ' +
            'et plan de contrôle pour formateurs et CI.',
          version,
        },
        tags: TAGS,
        components: {
          securitySchemes: {
            piste: { type: 'http', scheme: 'bearer', description: 'Jeton obtenu sur POST /api/oauth/token' },
            cproAccount: {
              type: 'apiKey',
              in: 'header',
              name: 'cpro-account',
              description: "base64('login:motDePasse') d'un compte technique du bac à sable",
            },
            admin: { type: 'http', scheme: 'bearer', description: 'SANDBOX_ADMIN_TOKEN' },
          },
        },
      },
      transform: jsonSchemaTransform,
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'openapi' },
);
