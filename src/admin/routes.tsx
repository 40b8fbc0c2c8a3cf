import { asc, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { can, councilsOf, type Permission } from '../auth/policy.js';
import type { MessageKey } from '../infra/i18n/translator.js';
import { councils } from '../councils/schema.js';
import type { PageServices } from '../web/pages.js';
import { AdminLayout, adminRoute } from './kit.js';

/**
 * Links into each council's back office. Areas add their entries here so the dashboard stays the
 * one place that lists what can be done for a council.
 */
export const councilAreas: Array<{ path: string; label: MessageKey; permission: Permission }> = [];

/** The city-wide pages, for those who may use them (administrators): not tied to one council. */
const cityAreas: Array<{ path: string; label: MessageKey; permission: Permission }> = [
  { path: '/admin/nutzer', label: 'admin.nav.users', permission: 'users.manage' },
  { path: '/admin/protokoll', label: 'admin.nav.audit', permission: 'audit.read' },
  { path: '/admin/wahlperioden', label: 'terms.title', permission: 'body.manage' },
];

export function registerDashboard(app: FastifyInstance, services: PageServices): void {
  adminRoute(app, services, { method: 'GET', path: '/admin', permission: 'backoffice.enter' }, async (ctx) => {
    const { t } = ctx;
    const cityLinks = cityAreas.filter((a) => can(ctx.user, a.permission));
    const scope = councilsOf(ctx.user);
    const list = await ctx.db
      .select({ id: councils.id, slug: councils.slug, name: councils.name })
      .from(councils)
      .where(scope === 'all' ? undefined : inArray(councils.id, scope.length > 0 ? scope : [-1]))
      .orderBy(asc(councils.slug));
    return (
      <AdminLayout ctx={ctx} title={t.t('admin.dashboard.title')}>
        {cityLinks.length === 0 ? (
          ''
        ) : (
          <>
            <h2 class="kern-heading-medium">{t.html('admin.dashboard.city')}</h2>
            <ul class="kern-list">
              {cityLinks.map((a) => (
                <li>
                  <a class="kern-link" href={t.href(a.path)} safe>
                    {t.t(a.label)}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
        <h2 class="kern-heading-medium">{t.html('admin.dashboard.councils')}</h2>
        {list.length === 0 ? <p class="kern-body">{t.html('admin.dashboard.none')}</p> : ''}
        <ul class="council-grid" role="list">
          {list.map((c) => (
            <li class="kern-card">
              <div class="kern-card__container">
                <div class="kern-card__header">
                  <h3 class="kern-title">
                    <a class="kern-link" href={t.href(`/admin/beiraete/${c.slug}`)} safe>
                      {t.text(c.name)}
                    </a>
                  </h3>
                </div>
                <div class="kern-card__body">
                  <ul class="kern-list">
                    {councilAreas
                      .filter((a) => can(ctx.user, a.permission, c.id))
                      .map((a) => (
                        <li>
                          <a class="kern-link" href={t.href(`/admin/beiraete/${c.slug}${a.path}`)} safe>
                            {t.t(a.label)}
                          </a>
                        </li>
                      ))}
                    <li>
                      <a class="kern-link" href={t.href(`/beiraete/${c.slug}`)}>
                        {t.html('admin.publicPage')}
                      </a>
                    </li>
                  </ul>
                </div>
              </div>
            </li>
          ))}
        </ul>
      </AdminLayout>
    );
  });
}
