import { asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../audit/service.js';
import { roleAssignments, users } from '../auth/schema.js';
import { createOneTimeToken, createUser, UserExistsError } from '../auth/service.js';
import { deleteUserSessions, hashToken } from '../auth/sessions.js';
import { councils } from '../councils/schema.js';
import { enqueueMail } from '../mail/outbox.js';
import { ErrorSummary, fieldErrors, Form, formValues, Select, SubmitButton, TextField, type FormState } from '../web/forms.js';
import type { PageServices } from '../web/pages.js';
import { DataTable } from '../web/table.js';
import { AdminLayout, adminRoute, Flash, type AdminContext } from './kit.js';

const roles = ['admin', 'office', 'chair', 'member'] as const;

const newUserSchema = z.object({
  email: z.string().trim().min(1).max(254).email(),
  name: z.string().trim().min(1).max(200),
  role: z.enum(roles),
  council: z.string().trim().max(100).optional(),
});

async function UsersPage(props: { ctx: AdminContext; form: FormState }): Promise<string> {
  const { ctx, form } = props;
  const { t } = ctx;
  const rows = await ctx.db
    .select({ id: users.id, email: users.email, name: users.displayName, disabledAt: users.disabledAt, lastSignInAt: users.lastSignInAt, role: roleAssignments.role, councilName: councils.name })
    .from(users)
    .leftJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .leftJoin(councils, eq(councils.id, roleAssignments.councilId))
    .orderBy(asc(users.email));
  const councilOptions = await ctx.db.select({ slug: councils.slug, name: councils.name }).from(councils).orderBy(asc(councils.slug));
  const labels = { email: t.t('users.email'), name: t.t('users.name'), role: t.t('users.role'), council: t.t('users.council') };
  return (
    <AdminLayout ctx={ctx} title={t.t('users.title')}>
      <Flash ctx={ctx} allowed={['users.created', 'users.disabledDone']} />
      <DataTable
        label={t.t('users.title')}
        columns={[{ label: t.t('users.name') }, { label: t.t('users.email') }, { label: t.t('users.role') }, { label: t.t('users.status') }, { label: t.t('users.lastSignIn') }, { label: t.t('users.disable'), hidden: true }]}
      >
        {rows.map((u) => {
          const roleLabel = u.role ? `${t.t(`role.${u.role}`)}${u.councilName ? ` – ${t.text(u.councilName)}` : ''}` : '–';
          return (
          <tr>
            <th scope="row" class="kern-table__cell" safe>
              {u.name}
            </th>
            <td class="kern-table__cell" safe>
              {u.email}
            </td>
            <td class="kern-table__cell" safe>
              {roleLabel}
            </td>
            <td class="kern-table__cell">{u.disabledAt ? t.html('users.disabled') : t.html('users.active')}</td>
            <td class="kern-table__cell" safe>
              {u.lastSignInAt ? `${t.fmt.dateShort(u.lastSignInAt)} ${t.fmt.time(u.lastSignInAt)}` : t.t('users.never')}
            </td>
            <td class="kern-table__cell">
              {u.disabledAt || u.id === ctx.user.id ? (
                ''
              ) : (
                <form method="post" action={t.href(`/admin/nutzer/${u.id}/sperren`)}>
                  <input type="hidden" name="_csrf" value={ctx.csrfToken()} />
                  <button type="submit" class="kern-btn kern-btn--tertiary kern-btn--x-small" aria-label={`${t.t('users.disable')}: ${u.email}`}>
                    <span class="kern-label">{t.html('users.disable')}</span>
                  </button>
                </form>
              )}
            </td>
          </tr>
          );
        })}
      </DataTable>
      <h2 class="kern-heading-medium">{t.html('users.create')}</h2>
      <ErrorSummary t={t} errors={form.errors} labels={labels} />
      <Form action={t.href('/admin/nutzer')} csrfToken={ctx.csrfToken()}>
        <TextField t={t} name="name" label={labels.name} form={form} maxlength={200} autocomplete="off" />
        <TextField t={t} name="email" type="email" label={labels.email} form={form} maxlength={254} autocomplete="off" />
        <Select t={t} name="role" label={labels.role} form={form} options={roles.map((r) => ({ value: r, label: t.t(`role.${r}`) }))} />
        <Select
          t={t}
          name="council"
          label={labels.council}
          hint={t.t('users.councilHint')}
          optional
          form={form}
          options={[{ value: '', label: '–' }, ...councilOptions.map((c) => ({ value: c.slug, label: t.text(c.name) }))]}
        />
        <SubmitButton label={t.t('users.create')} />
      </Form>
    </AdminLayout>
  );
}

/** City admins manage accounts: each new user sets a password through an e-mailed link. */
export function registerUserAdmin(app: FastifyInstance, services: PageServices): void {
  adminRoute(app, services, { method: 'GET', path: '/admin/nutzer', permission: 'users.manage' }, (ctx) => UsersPage({ ctx, form: { values: { role: 'office' }, errors: {} } }));

  adminRoute(app, services, { method: 'POST', path: '/admin/nutzer', permission: 'users.manage' }, async (ctx) => {
    const values = formValues(ctx.request.body);
    const parsed = newUserSchema.safeParse(values);
    const fail = (errors: FormState['errors']) => {
      ctx.reply.status(400);
      return UsersPage({ ctx, form: { values, errors } });
    };
    // Checked beside the schema so the message shows together with the other fields' errors.
    const councilMissing = values.role !== 'admin' && !values.council;
    if (!parsed.success || councilMissing) {
      const errors = parsed.success ? {} : fieldErrors(ctx.t, parsed.error);
      if (councilMissing) errors.council ??= ctx.t.t('users.councilRequired');
      return fail(errors);
    }
    const { email, name, role, council: slug } = parsed.data;
    let councilId: number | null = null;
    if (role !== 'admin') {
      const [found] = await ctx.db.select({ id: councils.id }).from(councils).where(eq(councils.slug, slug!));
      if (!found) return fail({ council: ctx.t.t('form.error.choose') });
      councilId = found.id;
    }
    try {
      await ctx.db.transaction(async (tx) => {
        const userId = await createUser(tx, { email, displayName: name, role, councilId }, ctx.actor);
        const token = await createOneTimeToken(tx, userId, 'welcome');
        await enqueueMail(tx, {
          key: `welcome:${hashToken(token)}`,
          to: email.toLowerCase(),
          subject: ctx.t.t('auth.welcome.mailSubject'),
          text: ctx.t.t('auth.welcome.mailText', { name, link: `${ctx.config.baseUrl}${ctx.t.href(`/admin/passwort-neu/${token}`)}` }),
        });
      });
    } catch (error) {
      if (error instanceof UserExistsError) return fail({ email: ctx.t.t('users.exists') });
      throw error;
    }
    return ctx.reply.redirect(`${ctx.t.href('/admin/nutzer')}?hinweis=users.created`, 303);
  });

  adminRoute(
    app,
    services,
    { method: 'POST', path: '/admin/nutzer/:id/sperren', permission: 'users.manage', params: z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }) },
    async (ctx, params) => {
      await ctx.db.transaction(async (tx) => {
        const [before] = await tx.select().from(users).where(eq(users.id, params.id));
        if (!before || before.id === ctx.user.id) return;
        const [after] = await tx.update(users).set({ disabledAt: new Date() }).where(eq(users.id, params.id)).returning();
        await deleteUserSessions(tx, params.id);
        await recordAudit(tx, { actor: ctx.actor, action: 'user.disable', entityType: 'user', entityId: params.id, before, after });
      });
      return ctx.reply.redirect(`${ctx.t.href('/admin/nutzer')}?hinweis=users.disabledDone`, 303);
    },
  );
}
