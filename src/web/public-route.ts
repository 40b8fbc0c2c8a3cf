import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { localePrefix, locales } from '../infra/i18n/locales.js';
import { translator } from '../infra/i18n/translator.js';
import { NotFoundError } from './http-errors.js';
import { sendHtml, type PageContext, type PageServices } from './pages.js';

/** A council's slug as the database allows it; anything else in that place of a URL names no page. */
export const councilSlug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(100);

/** The parameters of a page under /beiraete/:slug. */
export const councilParams = z.object({ slug: councilSlug });

export interface PublicRouteOptions<S extends z.ZodType<Record<string, unknown>>> {
  method: 'GET' | 'POST';
  path: string;
  /** The URL parameters; a parameter that does not parse means the page does not exist (404). */
  params?: S;
  /** Rate limit per client address, for the posts that store something or send mail. */
  rateLimit?: { max: number; timeWindow: string };
}

/**
 * A public page that may post a form: registered in every language, CSRF-checked on POST, with an
 * optional rate limit. No account is needed, so nothing here reads a session.
 *
 * The URL parameters are checked before anything else, as registerPage does, so a malformed one is
 * answered like any page that does not exist. Every page it renders is sent with no-store: its form
 * carries a CSRF token bound to the visitor, a link page a private token, and no shared cache may
 * keep either.
 */
export function publicRoute<S extends z.ZodType<Record<string, unknown>> = z.ZodObject<Record<string, never>>>(
  app: FastifyInstance,
  services: PageServices,
  options: PublicRouteOptions<S>,
  handler: (ctx: PageContext, params: z.infer<S>) => Promise<JSX.Element | FastifyReply>,
): void {
  const { method, path, rateLimit } = options;
  const params = options.params ?? z.object({});
  for (const locale of locales) {
    const prefix = localePrefix(locale);
    app.route({
      method,
      url: `${prefix}${path}`,
      config: rateLimit ? { rateLimit } : undefined,
      // preHandler, not onRequest: the token is in the body, which is parsed by then (a multipart
      // form sends it in the query string too, since its body is read only by the handler).
      preHandler: method === 'POST' ? app.csrfProtection : undefined,
      handler: async (request, reply) => {
        const parsed = params.safeParse(request.params ?? {});
        if (!parsed.success) throw new NotFoundError(`Malformed URL parameter on ${path}`);
        const ctx: PageContext = {
          t: translator(locale),
          path: request.url.replace(/\?.*$/, '').slice(prefix.length) || '/',
          db: services.db,
          config: services.config,
          request,
          reply,
          now: new Date(),
        };
        reply.header('cache-control', 'no-store');
        const result = await handler(ctx, parsed.data as z.infer<S>);
        if (typeof result === 'object' && result !== null && 'sent' in result) return result;
        return sendHtml(reply, locale, result as JSX.Element, reply.statusCode);
      },
    });
  }
}
