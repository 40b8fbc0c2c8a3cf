import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Config } from '../config/config.js';
import type { Database } from '../infra/db/database.js';
import { localePrefix, locales, type Locale } from '../infra/i18n/locales.js';
import { translator, type Translator } from '../infra/i18n/translator.js';
import { NotFoundError } from './http-errors.js';

/** Everything a page needs to render in the reader's language. */
export interface PageContext {
  t: Translator;
  /** The path without its language prefix, e.g. "/beiraete/mitte": the same page in every language. */
  path: string;
  db: Database;
  config: Config;
  request: FastifyRequest;
  reply: FastifyReply;
  /** The moment the request is served; pages use it instead of new Date() so a request is consistent. */
  now: Date;
}

export interface PageServices {
  db: Database;
  config: Config;
}

function fillPath(route: string, params: Record<string, unknown>): string {
  return route.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params[name])));
}

/**
 * Registers one page under every language: unprefixed for German, "/en/…" for English.
 * URL parameters are validated with zod; a parameter that does not parse (a malformed id) means
 * the page does not exist, so the reader gets the 404 page rather than a 400 or a 500.
 */
export function registerPage<S extends z.ZodType<Record<string, unknown>>>(
  app: FastifyInstance,
  services: PageServices,
  route: string,
  paramsSchema: S,
  render: (ctx: PageContext, params: z.infer<S>) => Promise<string> | string,
): void {
  for (const locale of locales) {
    const prefix = localePrefix(locale);
    const url = route === '/' ? prefix || '/' : `${prefix}${route}`;
    // The same page for every visitor (no forms, no session): cached until its data changes.
    app.get(url, { config: { cache: { query: ['jahr'] } } }, async (request, reply) => {
      const parsed = paramsSchema.safeParse(request.params ?? {});
      if (!parsed.success) throw new NotFoundError(`Malformed URL parameter on ${route}`);
      const ctx: PageContext = {
        t: translator(locale),
        path: fillPath(route, request.params as Record<string, unknown>),
        db: services.db,
        config: services.config,
        request,
        reply,
        now: new Date(),
      };
      const html = await render(ctx, parsed.data);
      return sendHtml(reply, locale, html);
    });
  }
}

export async function sendHtml(reply: FastifyReply, locale: Locale, html: JSX.Element, status = 200): Promise<FastifyReply> {
  return reply.status(status).type('text/html; charset=utf-8').header('content-language', locale).send(`<!doctype html>${await html}`);
}
