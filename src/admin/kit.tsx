import type {} from '@fastify/cookie';
import type {} from '@fastify/csrf-protection';
import type {} from '@fastify/rate-limit';
import type { PropsWithChildren } from '@kitajs/html';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findBody } from '../city/repository.js';
import { findCouncilBySlug, type Council } from '../councils/repository.js';
import { can, isAdmin, type Permission } from '../auth/policy.js';
import { findSession, type SignedInUser } from '../auth/sessions.js';
import type { AuditActor } from '../audit/service.js';
import { localePrefix, locales, type Locale } from '../infra/i18n/locales.js';
import { translator } from '../infra/i18n/translator.js';
import { Layout, type Crumb } from '../web/layout.js';
import { NotFoundError } from '../web/http-errors.js';
import { sendHtml, type PageContext, type PageServices } from '../web/pages.js';

export const sessionCookie = 'beirat_session';

export class ForbiddenError extends Error {
  readonly statusCode = 403;
  constructor() {
    super('Forbidden');
    this.name = 'ForbiddenError';
  }
}

export interface AdminContext extends PageContext {
  user: SignedInUser;
  actor: AuditActor;
  /** The council named by the URL's :slug, already checked against the route's permission. */
  council: Council | undefined;
  bodyName: string;
  csrfToken: () => string;
  /** Sends a 303 to a language-neutral back-office path in the reader's language. */
  redirect: (path: string) => FastifyReply;
}

export interface BackOfficeRoute {
  method: 'GET' | 'POST';
  path: string;
  permission: Permission;
}

/** Every back-office route, as registered: the role matrix test walks this list. */
export const backOfficeRoutes: BackOfficeRoute[] = [];

const slugParam = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(100);

export interface AdminRouteOptions<S extends z.ZodType<Record<string, unknown>>> {
  method: 'GET' | 'POST';
  path: string;
  permission: Permission;
  params?: S;
  /** Rate limit per client address, e.g. for sign-in. */
  rateLimit?: { max: number; timeWindow: string };
}

/** Reads the session cookie; does not require one. */
export async function currentUser(request: FastifyRequest, services: PageServices): Promise<SignedInUser | undefined> {
  const token = request.cookies[sessionCookie];
  if (!token) return undefined;
  return findSession(services.db, token, services.config.sessionIdleMinutes);
}

export function requestLocale(url: string): Locale {
  return url.startsWith('/en/') ? 'en' : 'de';
}

/**
 * Registers a back-office route in every language. Before the handler runs: the CSRF token of a
 * POST is checked, the session is required (else the sign-in page), a pending second factor is
 * required, and the route's permission is checked for the council in the URL (else 403).
 */
export function adminRoute<S extends z.ZodType<Record<string, unknown>>>(
  app: FastifyInstance,
  services: PageServices,
  options: AdminRouteOptions<S>,
  handler: (ctx: AdminContext, params: z.infer<S>) => Promise<JSX.Element | FastifyReply | void>,
): void {
  if (!backOfficeRoutes.some((r) => r.method === options.method && r.path === options.path)) {
    backOfficeRoutes.push({ method: options.method, path: options.path, permission: options.permission });
  }
  for (const locale of locales) {
    const url = `${localePrefix(locale)}${options.path}`;
    app.route({
      method: options.method,
      url,
      config: options.rateLimit ? { rateLimit: options.rateLimit } : undefined,
      // preHandler, not onRequest: the token is in the body, which is parsed by then.
      preHandler: options.method === 'POST' ? app.csrfProtection : undefined,
      handler: async (request, reply) => {
        const t = translator(locale);
        const neutralPath = request.url.replace(/\?.*$/, '').slice(localePrefix(locale).length) || '/';
        const user = await currentUser(request, services);
        if (!user) return reply.redirect(`${t.href('/admin/anmelden')}?weiter=${encodeURIComponent(neutralPath)}`, 303);
        if (!user.complete) return reply.redirect(t.href('/admin/anmelden/code'), 303);
        if (isAdmin(user) && !user.totpEnabled && options.path !== '/admin/konto/zwei-faktor') return reply.redirect(t.href('/admin/konto/zwei-faktor'), 303);

        const parsed = (options.params ?? z.object({})).safeParse(request.params ?? {});
        if (!parsed.success) throw new NotFoundError('Malformed back-office URL');
        let council: Council | undefined;
        const slug = (request.params as Record<string, unknown>).slug;
        if (slug !== undefined) {
          const found = slugParam.safeParse(slug).success ? await findCouncilBySlug(services.db, String(slug)) : undefined;
          if (!found) throw new NotFoundError(`No council ${String(slug)}`);
          council = found.council;
        }
        if (!can(user, options.permission, council?.id)) throw new ForbiddenError();

        const body = await findBody(services.db);
        // One token per page: each generateCsrf() without a cookie would make a new secret.
        let csrfToken: string | undefined;
        const ctx: AdminContext = {
          t,
          path: neutralPath,
          db: services.db,
          config: services.config,
          request,
          reply,
          now: new Date(),
          user,
          actor: { userId: user.id, label: user.email },
          council,
          bodyName: body?.name ?? '',
          csrfToken: () => (csrfToken ??= reply.generateCsrf()),
          redirect: (path) => reply.redirect(t.href(path), 303),
        };
        reply.header('cache-control', 'no-store');
        const result = await handler(ctx, parsed.data as z.infer<S>);
        if (result === undefined || typeof result === 'object' && result !== null && 'sent' in result) return reply;
        return sendHtml(reply, locale, result as JSX.Element, reply.statusCode);
      },
    });
  }
}

/** The back office's frame: the public layout plus who is signed in, the back-office menu and sign-out. */
export function AdminLayout(props: PropsWithChildren<{ ctx: AdminContext; title: string; crumbs?: Crumb[] }>): JSX.Element {
  const { ctx } = props;
  const { t, user } = ctx;
  const links: Array<{ path: string; label: string; show: boolean }> = [
    { path: '/admin', label: t.t('admin.nav.dashboard'), show: true },
    { path: '/admin/nutzer', label: t.t('admin.nav.users'), show: can(user, 'users.manage') },
    { path: '/admin/protokoll', label: t.t('admin.nav.audit'), show: can(user, 'audit.read') },
    { path: '/admin/wahlperioden', label: t.t('admin.nav.terms'), show: can(user, 'body.manage') },
    { path: '/admin/konto', label: t.t('admin.nav.account'), show: true },
  ];
  return (
    <Layout t={t} path={ctx.path} title={`${props.title} – ${t.t('admin.title')}`} bodyName={ctx.bodyName} baseUrl={ctx.config.baseUrl} noindex breadcrumbs={[{ label: t.t('admin.title'), path: '/admin' }, ...(props.crumbs ?? [{ label: props.title }])]}>
      <div class="admin-bar">
        <nav class="admin-nav" aria-label={t.t('admin.nav.label')}>
          <ul>
            {links
              .filter((l) => l.show)
              .map((l) => (
                <li>
                  <a href={t.href(l.path)} aria-current={ctx.path === l.path ? 'page' : undefined} safe>
                    {l.label}
                  </a>
                </li>
              ))}
          </ul>
        </nav>
        <form class="admin-signout" method="post" action={t.href('/admin/abmelden')}>
          <input type="hidden" name="_csrf" value={ctx.csrfToken()} />
          <span class="kern-body kern-body--small" safe>
            {t.t('admin.signedInAs', { name: user.displayName })}
          </span>{' '}
          <button type="submit" class="kern-btn kern-btn--tertiary kern-btn--x-small">
            <span class="kern-label">{t.html('admin.signOut')}</span>
          </button>
        </form>
      </div>
      <h1 class="kern-heading-large" safe>
        {props.title}
      </h1>
      {props.children}
    </Layout>
  );
}

/** A one-line notice after a redirect ("saved"), carried in the query string as a message key. */
export function Flash(props: { ctx: PageContext; allowed: readonly string[] }): JSX.Element {
  const key = (props.ctx.request.query as Record<string, unknown> | undefined)?.hinweis;
  if (typeof key !== 'string' || !props.allowed.includes(key)) return '';
  return (
    <div class="kern-alert kern-alert--success" role="status">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--success" aria-hidden="true"></span>
        <p class="kern-title" safe>
          {props.ctx.t.t(key as Parameters<typeof props.ctx.t.t>[0])}
        </p>
      </div>
    </div>
  );
}

/**
 * A one-button form (move, delete, send, confirm): a POST with the CSRF token and, optionally, one
 * hidden value; no JavaScript needed. `small` is for buttons in table rows, `srLabel` names the row
 * for screen readers ("Nach oben: 4 Berichte").
 */
export function ActionButton(props: { ctx: AdminContext; action: string; label: string; srLabel?: string; name?: string; value?: string; variant?: 'primary' | 'secondary' | 'tertiary'; small?: boolean }): JSX.Element {
  const variant = props.variant ?? (props.small ? 'tertiary' : 'secondary');
  return (
    <form method="post" action={props.ctx.t.href(props.action)} class="inline-action">
      <input type="hidden" name="_csrf" value={props.ctx.csrfToken()} />
      {props.name ? <input type="hidden" name={props.name} value={props.value ?? ''} /> : ''}
      <button type="submit" class={`kern-btn kern-btn--${variant}${props.small ? ' kern-btn--x-small' : ''}`}>
        <span class="kern-label" safe>
          {props.label}
        </span>
        {props.srLabel ? (
          <span class="kern-sr-only" safe>
            {props.srLabel}
          </span>
        ) : (
          ''
        )}
      </button>
    </form>
  );
}
