import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asc, eq, max, min, sql } from 'drizzle-orm';
import { z } from 'zod';
import { bodies } from '../city/schema.js';
import type { Config } from '../config/config.js';
import type { Database } from '../infra/db/database.js';
import { openDataLicense } from '../grants/open-data.js';
import { dateTime } from './draft.js';
import { describeQueryProblems, listPage, listQuery, objectQuery, type ListQuery, type ListSelection } from './lists.js';
import { hasPendingProjection, projectPending } from './projection.js';
import { oparlObjects } from './schema.js';
import { apiPath, bodyListOfSegment, OParlUrls, oparlVersion, typeOfSegment, typeUrl, type OParlType } from './urls.js';

/**
 * The OParl 1.1 API under /oparl/v1.1: the System, its Bodies and their lists, and every object
 * at its own URL. Read-only and public; answers carry CORS for any origin, errors are OParl Error
 * objects with the HTTP status that fits.
 */

const errorType = 'https://schema.oparl.org/1.1/Error';
/** Answers change only with the data (announced to the page cache), not with the clock. */
const cached = { config: { cache: { ttlSeconds: 3600, query: ['created_since', 'created_until', 'modified_since', 'modified_until', 'omit_internal', 'elementsPerPage', 'page'] } } };
const key = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(64);

/** Attributes holding embedded objects, left out with `omit_internal=true` (each is also served in its own list). */
const embeddedAttributes: Partial<Record<OParlType, readonly string[]>> = {
  Body: ['location'],
  Organization: ['location'],
  Person: ['membership', 'locationObject'],
  Meeting: ['location', 'invitation', 'resultsProtocol', 'verbatimProtocol', 'auxiliaryFile', 'agendaItem'],
  AgendaItem: ['resolutionFile', 'auxiliaryFile'],
  Paper: ['mainFile', 'auxiliaryFile', 'location', 'consultation'],
};

class OParlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function registerOParl(app: FastifyInstance, services: { db: Database; config: Config }): void {
  const { db, config } = services;
  const urls = new OParlUrls(config.baseUrl);

  const v = apiPath.slice('/oparl'.length);
  void app.register(
    async (api) => {
      api.addHook('onRequest', async (request, reply) => {
        request.cacheTags?.add('oparl');
        reply.header('access-control-allow-origin', '*');
        reply.header('cross-origin-resource-policy', 'cross-origin');
        reply.header('cache-control', 'no-cache');
      });
      // What a committed change made stale is rendered again before anything is read.
      api.addHook('preHandler', async (request) => {
        if (request.method === 'GET' || request.method === 'HEAD') {
          if (await hasPendingProjection(db)) await projectPending(db, urls, request.log);
        }
      });

      api.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
        const status = error instanceof OParlError ? error.status : (error.statusCode ?? 500);
        if (status >= 500) request.log.error({ err: error }, 'OParl request failed');
        return sendError(reply, status, status >= 500 ? 'Interner Fehler. Bitte später noch einmal versuchen.' : error.message);
      });
      api.setNotFoundHandler(async (request, reply) => sendError(reply, 404, notFoundMessage(request.url)));

      for (const path of ['/', v]) api.get(path, (_request, reply) => reply.redirect(urls.system(), 301));

      api.options('/*', async (_request, reply) =>
        reply.header('access-control-allow-methods', 'GET, HEAD, OPTIONS').header('access-control-allow-headers', '*').header('access-control-max-age', '86400').status(204).send(),
      );
      api.route({
        method: ['POST', 'PUT', 'PATCH', 'DELETE'],
        url: '/*',
        handler: async (_request, reply) => {
          reply.header('allow', 'GET, HEAD, OPTIONS');
          return sendError(reply, 405, 'Die OParl-Schnittstelle kann nur gelesen werden (GET).');
        },
      });

      api.get(`${v}/system`, cached, async (request, reply) => {
        parseQuery(objectQuery, request);
        return sendJson(reply, JSON.stringify(await systemObject(db, urls)));
      });

      api.get(`${v}/body`, cached, async (request, reply) => {
        const query = parseQuery(listQuery, request);
        return sendList(reply, await listPage(db, { type: 'Body' }, query, urls.bodies()), query);
      });

      api.get(`${v}/body/:key`, cached, async (request, reply) => sendObject(reply, await findObject(db, 'Body', param(request, 'key')), parseQuery(objectQuery, request)));

      api.get(`${v}/body/:key/:list`, cached, async (request, reply) => {
        const bodyKey = param(request, 'key');
        const list = bodyListOfSegment(param(request, 'list'));
        if (!list) throw notFound(request);
        const query = parseQuery(listQuery, request);
        if (!(await exists(db, 'Body', bodyKey))) throw notFound(request);
        return sendList(reply, await listPage(db, { type: list.type, bodyKey }, query, `${urls.object('Body', bodyKey)}/${list.segment}`), query);
      });

      api.get(`${v}/organization/:key/meeting`, cached, async (request, reply) => {
        const organizationKey = param(request, 'key');
        const query = parseQuery(listQuery, request);
        if (!(await exists(db, 'Organization', organizationKey))) throw notFound(request);
        const selection: ListSelection = { type: 'Meeting', organizationKey };
        return sendList(reply, await listPage(db, selection, query, urls.organizationMeetings(organizationKey)), query);
      });

      api.get(`${v}/:segment/:key`, cached, async (request, reply) => {
        const type = typeOfSegment(param(request, 'segment'));
        if (!type) throw notFound(request);
        return sendObject(reply, await findObject(db, type, param(request, 'key')), parseQuery(objectQuery, request));
      });
    },
    // Everything under /oparl answers as OParl does, errors included.
    { prefix: '/oparl' },
  );
}

function notFoundMessage(url: string): string {
  return `Unter ${url.replace(/\?.*$/, '')} gibt es kein OParl-Objekt.`;
}

function notFound(request: FastifyRequest): OParlError {
  return new OParlError(404, notFoundMessage(request.url));
}

function param(request: FastifyRequest, name: string): string {
  const value = (request.params as Record<string, string>)[name] ?? '';
  if (!key.safeParse(value).success && name === 'key') throw notFound(request);
  return value;
}

function parseQuery<S extends z.ZodType>(schema: S, request: FastifyRequest): z.infer<S> {
  const parsed = schema.safeParse(request.query ?? {});
  if (!parsed.success) throw new OParlError(400, describeQueryProblems(parsed.error));
  return parsed.data;
}

async function exists(db: Database, type: string, objectKey: string): Promise<boolean> {
  const [row] = await db.select({ deleted: oparlObjects.deleted }).from(oparlObjects).where(eqKey(type, objectKey)).limit(1);
  return row !== undefined;
}

function eqKey(type: string, objectKey: string) {
  return sql`${oparlObjects.type} = ${type} and ${oparlObjects.key} = ${objectKey}`;
}

async function findObject(db: Database, type: OParlType, objectKey: string): Promise<{ json: string; type: OParlType } | undefined> {
  const [row] = await db.select({ json: oparlObjects.json }).from(oparlObjects).where(eqKey(type, objectKey)).limit(1);
  return row ? { json: row.json, type } : undefined;
}

function withoutEmbedded(json: string, type: string): string {
  const names = embeddedAttributes[type as OParlType];
  if (!names) return json;
  const object = JSON.parse(json) as Record<string, unknown>;
  for (const name of names) delete object[name];
  return JSON.stringify(object);
}

function sendJson(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

function sendError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return sendJson(reply, JSON.stringify({ type: errorType, message }), status);
}

function sendObject(reply: FastifyReply, found: { json: string; type: OParlType } | undefined, query: { omit_internal?: 'true' | 'false' | undefined }): FastifyReply {
  if (!found) return sendError(reply, 404, notFoundMessage(reply.request.url));
  return sendJson(reply, query.omit_internal === 'true' ? withoutEmbedded(found.json, found.type) : found.json);
}

function sendList(reply: FastifyReply, page: Awaited<ReturnType<typeof listPage>>, query: ListQuery): FastifyReply {
  const data = page.rows.map((r) => (query.omit_internal === 'true' ? withoutEmbedded(r.json, r.type) : r.json)).join(',');
  return sendJson(reply, `{"data":[${data}],"pagination":${JSON.stringify(page.pagination)},"links":${JSON.stringify(page.links)}}`);
}

/** The System is made from the bodies it holds, so it needs no rendering of its own. */
async function systemObject(db: Database, urls: OParlUrls): Promise<Record<string, unknown>> {
  const [[times], [operator]] = await Promise.all([
    db.select({ created: min(oparlObjects.created), modified: max(oparlObjects.modified) }).from(oparlObjects).where(eq(oparlObjects.type, 'Body')),
    db.select({ name: bodies.name, email: bodies.publisherEmail, publisher: bodies.publisherName }).from(bodies).orderBy(asc(bodies.id)).limit(1),
  ]);
  const now = new Date();
  return {
    id: urls.system(),
    type: typeUrl('System'),
    oparlVersion,
    license: openDataLicense.url,
    body: urls.bodies(),
    name: operator ? `Beirat – ${operator.name}` : 'Beirat',
    ...(operator ? { contactEmail: operator.email, contactName: operator.publisher.de } : {}),
    website: urls.web('/'),
    created: dateTime(times?.created ? new Date(times.created) : now),
    modified: dateTime(times?.modified ? new Date(times.modified) : now),
    web: urls.web('/'),
  };
}
