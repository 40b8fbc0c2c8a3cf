import { and, asc, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AdminLayout, adminRoute } from '../admin/kit.js';
import { councils } from '../councils/schema.js';
import { Form, Select, SubmitButton, TextField, type FormState } from '../web/forms.js';
import type { PageServices } from '../web/pages.js';
import { auditEvents } from './schema.js';
import { changedFields } from './service.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)));
const filterSchema = z.object({
  beirat: z.string().regex(/^[a-z0-9-]{1,100}$/).optional().catch(undefined),
  person: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  von: isoDate.optional().catch(undefined),
  bis: isoDate.optional().catch(undefined),
});

const show = (value: unknown) => {
  if (value === undefined || value === null) return '–';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

/** The audit trail for admins, newest first, filtered by council, person and time. */
export function registerAuditLog(app: FastifyInstance, services: PageServices): void {
  adminRoute(app, services, { method: 'GET', path: '/admin/protokoll', permission: 'audit.read' }, async (ctx) => {
    const { t } = ctx;
    // A malformed filter is ignored rather than refused: the page always shows something.
    const filter = filterSchema.parse(ctx.request.query ?? {});
    const councilList = await ctx.db.select({ id: councils.id, slug: councils.slug, name: councils.name }).from(councils).orderBy(asc(councils.slug));
    const council = councilList.find((c) => c.slug === filter.beirat);
    const conditions: SQL[] = [];
    if (council) conditions.push(eq(auditEvents.councilId, council.id));
    if (filter.person) conditions.push(eq(auditEvents.personId, filter.person));
    if (filter.von) conditions.push(gte(auditEvents.at, new Date(`${filter.von}T00:00:00Z`)));
    if (filter.bis) conditions.push(lt(auditEvents.at, new Date(new Date(`${filter.bis}T00:00:00Z`).getTime() + 86_400_000)));
    const events = await ctx.db.select().from(auditEvents).where(and(...conditions)).orderBy(desc(auditEvents.at), desc(auditEvents.id)).limit(200);
    const form: FormState = { values: { beirat: filter.beirat ?? '', person: filter.person ? String(filter.person) : '', von: filter.von ?? '', bis: filter.bis ?? '' }, errors: {} };
    const councilName = new Map(councilList.map((c) => [c.id, t.text(c.name)]));
    return (
      <AdminLayout ctx={ctx} title={t.t('audit.title')}>
        <Form action={t.href('/admin/protokoll')} method="get" class="audit-filter" label={t.t('audit.filter')}>
          <Select t={t} name="beirat" label={t.t('audit.council')} form={form} optional options={[{ value: '', label: t.t('audit.allCouncils') }, ...councilList.map((c) => ({ value: c.slug, label: t.text(c.name) }))]} />
          <TextField t={t} name="person" label={t.t('audit.person')} form={form} optional inputmode="numeric" maxlength={10} />
          <TextField t={t} name="von" type="date" label={t.t('audit.from')} form={form} optional />
          <TextField t={t} name="bis" type="date" label={t.t('audit.to')} form={form} optional />
          <SubmitButton label={t.t('audit.filter')} variant="secondary" />
        </Form>
        {events.length === 0 ? <p class="kern-body">{t.html('audit.none')}</p> : ''}
        <ol class="audit-list" role="list">
          {events.map((e) => {
            const before = e.before as Record<string, unknown> | null;
            const after = e.after as Record<string, unknown> | null;
            const fields = changedFields(before, after);
            return (
              <li class="audit-entry">
                <p class="kern-body">
                  <time datetime={e.at.toISOString()} safe>{`${t.fmt.dateShort(e.at)} ${t.fmt.time(e.at)}`}</time>
                  {' · '}
                  <strong safe>{e.actorLabel}</strong>
                  {' · '}
                  <code safe>{e.action}</code>
                  {' · '}
                  <span safe>{`${e.entityType} ${e.entityId}${e.councilId ? ` · ${councilName.get(e.councilId) ?? e.councilId}` : ''}`}</span>
                </p>
                {fields.length > 0 ? (
                  <table class="kern-table kern-table--small audit-changes">
                    <caption class="kern-sr-only">{t.html('audit.changes')}</caption>
                    <thead class="kern-table__header">
                      <tr>
                        <th scope="col">{t.html('audit.field')}</th>
                        <th scope="col">{t.html('audit.before')}</th>
                        <th scope="col">{t.html('audit.after')}</th>
                      </tr>
                    </thead>
                    <tbody class="kern-table__body">
                      {fields.map((f) => (
                        <tr>
                          <th scope="row" class="kern-table__cell" safe>
                            {f}
                          </th>
                          <td class="kern-table__cell" safe>
                            {show(before?.[f])}
                          </td>
                          <td class="kern-table__cell" safe>
                            {show(after?.[f])}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : (
                  ''
                )}
              </li>
            );
          })}
        </ol>
      </AdminLayout>
    );
  });
}
