import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import * as sollicitations from '../sollicitations/service.js';
import type { SollicitationRow } from '../sollicitations/repository.js';
import { findUtilisateur, findUtilisateurByLogin, listRattachementsValides, type UtilisateurRow } from '../utilisateurs/repository.js';
import { erreurResponses, sandboxParams } from './schemas.js';
import { contextOf, getSandbox } from './service.js';

const tags = ['Control plane'];
const security = [{ admin: [] }];
const s = (summary: string) => ({ tags, security, summary });

const fichier = z.object({
  nom: z.string().min(1).max(200).describe('Nom du fichier avec son extension (50 caractères au plus)'),
  typeMime: z.string().max(100).optional(),
  contenu: z.string().min(1).describe('Contenu en base64 (10 Mo au plus)'),
});

const creerBody = z.object({
  login: z.string().min(1).max(200).describe('L’utilisateur émetteur (une personne du bac à sable)'),
  codeCategorie: z.string().min(1).max(50),
  codeSousCategorie: z.string().min(1).max(50),
  titre: z.string().trim().min(1).max(255),
  texte: z.string().trim().min(1).max(10_000),
  objet: z.object({ type: z.enum(['FACTURE', 'STRUCTURE', 'ENGAGEMENT', 'COMPTE']), id: z.number().int().positive().optional() }).optional(),
  idStructureEmettrice: z.number().int().positive().optional(),
  idStructureDestinataire: z.number().int().positive().optional().describe('Structure publique destinataire quand aucun objet ne la donne'),
  piecesJointes: z.array(fichier).max(10).optional(),
});

const agirBody = z
  .object({
    login: z.string().min(1).max(200).optional().describe('L’utilisateur qui agit (émetteur ou personne de la structure destinataire)'),
    support: z.boolean().optional().describe('Agir comme le support Chorus Pro (sollicitations qui lui sont adressées)'),
    action: z.enum(sollicitations.ACTIONS),
    texte: z.string().max(10_000).optional(),
    piecesJointes: z.array(fichier).max(10).optional(),
  })
  .refine((b) => Boolean(b.login) !== Boolean(b.support), { message: 'login ou support (l’un des deux)', path: ['login'] });

const listeQuery = z.object({
  login: z.string().min(1).max(200).optional().describe('Sollicitations émises par cet utilisateur ou reçues par ses structures'),
  role: z.enum(['EMISES', 'RECUES']).optional(),
  support: z.coerce.boolean().optional().describe('Celles adressées au support Chorus Pro'),
  statut: z.enum(sollicitations.STATUTS).optional(),
  codeCategorie: z.string().max(50).optional(),
});

const messageDto = z.object({
  action: z.string(),
  auteur: z.string(),
  loginAuteur: z.string().nullable(),
  texte: z.string().nullable(),
  date: z.string(),
  piecesJointes: z.array(z.object({ pieceJointeId: z.number().int(), nom: z.string(), taille: z.number().int() })),
});
const sollicitationDto = z.object({
  idSollicitation: z.number().int(),
  numero: z.string(),
  codeCategorie: z.string(),
  codeSousCategorie: z.string(),
  titre: z.string(),
  objet: z.object({ type: z.string(), id: z.number().int().nullable() }).nullable(),
  emetteur: z.object({ login: z.string().nullable(), idStructure: z.number().int().nullable() }),
  destinataire: z.object({ type: z.enum(['STRUCTURE', 'SUPPORT']), idStructure: z.number().int().nullable(), idService: z.number().int().nullable() }),
  statut: z.string(),
  dateCreation: z.string(),
  dateModification: z.string(),
});
const avecFil = sollicitationDto.extend({ messages: z.array(messageDto) });
const sollicitationParams = sandboxParams.extend({ idSollicitation: z.coerce.number().int() });
const comportementBody = z.object({
  mode: z.enum(['MANUEL', 'REPONDRE', 'DEMANDER_COMPLEMENT']).describe('MANUEL : un formateur joue le destinataire ; sinon le bac à sable répond ou demande un complément'),
  apresHeures: z.number().int().min(0).max(24 * 365).default(24).describe('Délai en heures de l’horloge du bac à sable'),
  texte: z.string().max(2000).optional().describe('Réponse type (défaut : celle de la sous-catégorie)'),
});

function utilisateur(ctx: SandboxContext, login: string): UtilisateurRow {
  const u = findUtilisateurByLogin(ctx, login);
  if (!u) throw new ChorusError(erreurs.UTILISATEUR_INCONNU_BAC, `${erreurs.UTILISATEUR_INCONNU_BAC.libelle} (${login})`);
  return u;
}

function dto(ctx: SandboxContext, x: SollicitationRow): z.infer<typeof sollicitationDto> {
  return {
    idSollicitation: x.id,
    numero: x.numero,
    codeCategorie: x.codeCategorie,
    codeSousCategorie: x.codeSousCategorie,
    titre: x.titre,
    objet: x.objetType ? { type: x.objetType, id: x.objetId } : null,
    emetteur: { login: findUtilisateur(ctx, x.emetteurUtilisateurId)?.login ?? null, idStructure: x.emetteurStructureId },
    destinataire: { type: x.destinataire, idStructure: x.destinataireStructureId, idService: x.destinataireServiceId },
    statut: x.statut,
    dateCreation: x.dateCreation,
    dateModification: x.dateModification,
  };
}

function fil(ctx: SandboxContext, id: number): z.infer<typeof avecFil> {
  const { sollicitation, messages } = sollicitations.consulter(ctx, id);
  return {
    ...dto(ctx, sollicitation),
    messages: messages.map((m) => ({
      action: m.action,
      auteur: m.auteurNom,
      loginAuteur: m.auteurUtilisateurId === null ? null : (findUtilisateur(ctx, m.auteurUtilisateurId)?.login ?? null),
      texte: m.texte,
      date: m.date,
      piecesJointes: m.piecesJointes.map((p) => ({ pieceJointeId: p.id, nom: p.nom, taille: p.taille })),
    })),
  };
}

/** `/_sandbox/sandboxes/:id/sollicitations`: a trainer or a CI job plays any user, the support desk, or sets how the sandbox plays them. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const ctxDe = (id: string) => contextOf(app.db, getSandbox(app.db, id));

  app.get(
    '/sandboxes/:id/sollicitations',
    { schema: { ...s('Sollicitations du bac à sable (filtres : utilisateur et rôle, support, statut, catégorie)'), params: sandboxParams, querystring: listeQuery, response: { 200: z.object({ sollicitations: z.array(sollicitationDto) }), ...erreurResponses } } },
    async (request) => {
      const ctx = ctxDe(request.params.id);
      const q = request.query;
      const u = q.login ? utilisateur(ctx, q.login) : undefined;
      const structures = u ? listRattachementsValides(ctx, u.id).map((r) => r.structureId) : undefined;
      const liste = sollicitations.lister(ctx, {
        statut: q.statut,
        codeCategorie: q.codeCategorie?.toUpperCase(),
        emetteurUtilisateurId: u && q.role !== 'RECUES' ? u.id : undefined,
        destinataireStructureIds: u && q.role !== 'EMISES' ? structures : undefined,
        support: q.support,
      });
      return { sollicitations: liste.map((x) => dto(ctx, x)) };
    },
  );

  app.post(
    '/sandboxes/:id/sollicitations',
    { schema: { ...s('Saisir une sollicitation comme un utilisateur donné'), params: sandboxParams, body: creerBody, response: { 201: avecFil, ...erreurResponses } } },
    async (request, reply) => {
      const ctx = ctxDe(request.params.id);
      const { login, ...input } = request.body;
      const x = sollicitations.creerSollicitation(ctx, utilisateur(ctx, login), input);
      return reply.code(201).send(fil(ctx, x.id));
    },
  );

  app.get(
    '/sandboxes/:id/sollicitations/:idSollicitation',
    { schema: { ...s('Une sollicitation et son fil de messages'), params: sollicitationParams, response: { 200: avecFil, ...erreurResponses } } },
    async (request) => fil(ctxDe(request.params.id), request.params.idSollicitation),
  );

  app.post(
    '/sandboxes/:id/sollicitations/:idSollicitation/actions',
    {
      schema: {
        ...s('Agir sur une sollicitation comme un utilisateur donné ou comme le support (répondre, demander un complément, transférer au support, compléter, renvoyer, clôturer)'),
        params: sollicitationParams,
        body: agirBody,
        response: { 200: avecFil, ...erreurResponses },
      },
    },
    async (request) => {
      const ctx = ctxDe(request.params.id);
      const b = request.body;
      const acteur: sollicitations.Acteur = b.support ? { type: 'SUPPORT' } : { type: 'UTILISATEUR', utilisateur: utilisateur(ctx, b.login!) };
      sollicitations.agir(ctx, acteur, request.params.idSollicitation, { action: b.action, texte: b.texte, piecesJointes: b.piecesJointes });
      return fil(ctx, request.params.idSollicitation);
    },
  );

  app.put(
    '/sandboxes/:id/support/behaviour',
    { schema: { ...s('Comportement du support Chorus Pro simulé (par défaut : répond après 24 h)'), params: sandboxParams, body: comportementBody, response: { 200: comportementBody, ...erreurResponses } } },
    async (request) => {
      sollicitations.reglerComportement(ctxDe(request.params.id), null, request.body);
      return request.body;
    },
  );

  app.put(
    '/sandboxes/:id/structures/:idStructureCPP/behaviour/sollicitations',
    {
      schema: {
        ...s('Comment la structure publique simulée traite ses sollicitations reçues (par défaut : manuel)'),
        params: sandboxParams.extend({ idStructureCPP: z.coerce.number().int() }),
        body: comportementBody,
        response: { 200: comportementBody, ...erreurResponses },
      },
    },
    async (request) => {
      sollicitations.reglerComportement(ctxDe(request.params.id), request.params.idStructureCPP, request.body);
      return request.body;
    },
  );
};

export default routes;
