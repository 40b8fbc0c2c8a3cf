import http from 'node:http';
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config/config.js';
import { findBody } from './city/repository.js';
import { registerDashboard } from './admin/routes.js';
import { ForbiddenError } from './admin/kit.js';
import { registerRequestSecurity } from './auth/plugin.js';
import { registerAuthRoutes } from './auth/routes.js';
import { registerCouncilAdmin } from './councils/admin.js';
import { registerDocumentAdmin } from './documents/admin.js';
import { registerDocumentRoutes } from './documents/routes.js';
import { registerBudgetAdmin } from './grants/budget-admin.js';
import { registerGrantApplication } from './grants/apply-routes.js';
import { registerAftercareAdmin } from './grants/aftercare-admin.js';
import { registerDecisionAdmin } from './grants/decision-admin.js';
import { registerGrantOffice } from './grants/office.js';
import { registerJoining } from './joining/routes.js';
import { registerMeetingsAdmin } from './meetings/admin.js';
import { registerMeetingSessionAdmin } from './meetings/session-admin.js';
import { registerMembersAdmin } from './members/admin.js';
import { registerUserAdmin } from './admin/users.js';
import { registerAuditLog } from './audit/routes.js';
import { registerLegislativeTermAdmin } from './city/terms-admin.js';
import { registerHealthRoutes } from './health/routes.js';
import { ensureProjectionState } from './oparl/projection.js';
import { registerOParl } from './oparl/routes.js';
import type { DatabaseHandle } from './infra/db/database.js';
import { splitLocalePath } from './infra/i18n/locales.js';
import { translator } from './infra/i18n/translator.js';
import { assetManifest } from './web/asset-manifest.js';
import { defaultAssetDir } from './web/assets.js';
import { ErrorPage, NotFoundPage, ServerErrorPage } from './web/error-pages.js';
import { registerPageCache, serveFromCache, type PageCacheHandle } from './web/page-cache.js';
import { sendHtml } from './web/pages.js';
import { registerPublicPages } from './web/routes.js';

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  logger?: FastifyServerOptions['logger'];
}

export function loggerOptions(level: Config['logLevel']): FastifyServerOptions['logger'] {
  return {
    level,
    // Residents' IP addresses and any credentials stay out of the logs.
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], remove: true },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: req.url.replace(/\?.*$/, ''), id: req.id }),
    },
  };
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  // Cached public answers go out before Fastify sees the request (see web/page-cache.ts).
  let pageCache: PageCacheHandle | null = null;
  const app = Fastify({
    serverFactory: (handler) => http.createServer((request, response) => serveFromCache(pageCache, request, response) || handler(request, response)),
    logger: options.logger ?? loggerOptions(config.logLevel),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Forwarded headers are only believed when a proxy is known to set them; otherwise anyone could.
    trustProxy: config.trustProxy,
    // One line per request only when debugging: public pages get crowds, and logs are for problems.
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        fontSrc: ["'self'"],
        // KERN draws its icons as data: SVGs in the stylesheet.
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    strictTransportSecurity: config.baseUrl.startsWith('https://'),
    crossOriginEmbedderPolicy: false,
  });
  // Before compression: the cache keeps the uncompressed body and compresses each entry once.
  pageCache = (await registerPageCache(app, database, { maxBytes: config.pageCacheBytes })) ?? null;
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });

  const manifest = assetManifest();
  await app.register(fastifyStatic, {
    root: defaultAssetDir(),
    prefix: '/assets/',
    preCompressed: true,
    // Asset names carry a content hash (fonts never change for a KERN version): cache for a year.
    immutable: true,
    maxAge: '365d',
    index: false,
    wildcard: true,
    allowedPath: (pathName) => !pathName.endsWith('manifest.json'),
  });
  app.log.debug({ stylesheet: manifest.stylesheet }, 'assets ready');

  // Browsers and feed readers ask for /favicon.ico whatever the page says.
  app.get('/favicon.ico', (_request, reply) => reply.redirect(manifest.favicon, 301));
  await registerRequestSecurity(app, database.db, config);
  // OParl objects hold absolute URLs: rendered with another BASE_URL (or renderer), they are rendered again.
  await ensureProjectionState(database.db, config.baseUrl);
  const services = { db: database.db, config };
  registerHealthRoutes(app, database);
  registerDocumentRoutes(app, services);
  registerPublicPages(app, services);
  registerAuthRoutes(app, services);
  registerDashboard(app, services);
  registerUserAdmin(app, services);
  registerAuditLog(app, services);
  registerLegislativeTermAdmin(app, services);
  registerCouncilAdmin(app, services);
  registerMembersAdmin(app, services);
  registerMeetingsAdmin(app, services);
  registerMeetingSessionAdmin(app, services);
  registerJoining(app, services);
  registerDocumentAdmin(app, services);
  registerBudgetAdmin(app, services);
  registerGrantApplication(app, services);
  registerGrantOffice(app, services);
  registerDecisionAdmin(app, services);
  registerAftercareAdmin(app, services);
  registerOParl(app, services);

  const bodyName = async () => (await findBody(database.db).catch(() => undefined))?.name ?? '';

  app.setNotFoundHandler(async (request, reply) => {
    const { locale, rest } = splitLocalePath(request.url.replace(/\?.*$/, ''));
    const t = translator(locale);
    return sendHtml(reply, locale, <NotFoundPage t={t} path={rest} bodyName={await bodyName()} baseUrl={config.baseUrl} />, 404);
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    const { locale, rest } = splitLocalePath(request.url.replace(/\?.*$/, ''));
    const t = translator(locale);
    if (status === 404) {
      return sendHtml(reply, locale, <NotFoundPage t={t} path={rest} bodyName={await bodyName()} baseUrl={config.baseUrl} />, 404);
    }
    if (status < 500) {
      const wantsHtml = /text\/html/.test(String(request.headers.accept ?? '')) || request.method === 'POST';
      if (!wantsHtml) return reply.status(status).send({ statusCode: status, error: error.code ?? 'BAD_REQUEST', message: error.message });
      // Forms are posted by browsers: they get a page in the reader's language, not JSON.
      const kind = error instanceof ForbiddenError ? 'forbidden' : error.code?.startsWith('FST_CSRF') ? 'csrf' : status === 429 ? 'tooMany' : status === 403 ? 'forbidden' : 'badRequest';
      return sendHtml(reply, locale, <ErrorPage t={t} path={rest} bodyName={await bodyName()} baseUrl={config.baseUrl} kind={kind} />, status);
    }
    request.log.error({ err: error }, 'request failed');
    return sendHtml(reply, locale, <ServerErrorPage t={t} path={rest} bodyName={await bodyName()} baseUrl={config.baseUrl} requestId={String(request.id)} />, 500);
  });

  return app;
}
