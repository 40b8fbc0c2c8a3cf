import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AdminLayout, adminRoute, Flash, type AdminContext } from '../admin/kit.js';
import type { Translator } from '../infra/i18n/translator.js';
import { Alert, DateText, DescriptionList } from '../web/components.js';
import { emptyForm, ErrorSummary, fieldErrors, Form, formValues, SubmitButton, TextField, type FieldErrors, type FormState, type FormValues } from '../web/forms.js';
import { NotFoundError } from '../web/http-errors.js';
import type { PageServices } from '../web/pages.js';
import { DataTable } from '../web/table.js';
import { findBody, type Body } from './repository.js';
import { createTerm, deleteTerm, findTerm, listTerms, termForm, termNameMax, updateTerm, type LegislativeTerm, type TermRefusal } from './terms-service.js';

/**
 * The city's legislative terms in the back office, for administrators: the list with a form to add
 * one, an edit page and a delete confirmation per term. The rules live in terms-service.ts; the
 * OParl API follows every change by itself (a database trigger marks the body for re-rendering).
 */
const base = '/admin/wahlperioden';
const termPath = (id: number) => `${base}/${id}`;
const flashKeys = ['terms.flash.created', 'terms.flash.updated', 'terms.flash.unchanged', 'terms.flash.deleted'] as const;
const fields = ['name', 'startDate', 'endDate'] as const;
const termParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

const labelsOf = (t: Translator) => ({ name: t.t('terms.name'), startDate: t.t('terms.startDate'), endDate: t.t('terms.endDate') });

/** The named fields as typed; a field sent twice stays a list and fails its string check. */
function pick(values: FormValues): Record<string, string | string[]> {
  return Object.fromEntries(fields.map((n) => [n, values[n] ?? '']));
}

const formOf = (term: LegislativeTerm): FormState => emptyForm({ name: term.name, startDate: term.startDate, endDate: term.endDate ?? '' });

function DateCell(props: { t: Translator; value: string | null }): JSX.Element {
  if (props.value === null) return <span safe>{props.t.t('terms.open')}</span>;
  return <DateText value={props.value} text={props.t.fmt.dateShort(props.value)} />;
}

/** The refusal of an overlapping term, on the dates to correct, naming the term it collides with. */
function overlapErrors(t: Translator, refusal: Extract<TermRefusal, { reason: 'overlap' }>): FieldErrors {
  const { other } = refusal;
  const message =
    other.endDate === null
      ? t.t('terms.error.overlapOpen', { name: other.name, start: t.fmt.dateShort(other.startDate) })
      : t.t('terms.error.overlap', { name: other.name, start: t.fmt.dateShort(other.startDate), end: t.fmt.dateShort(other.endDate) });
  return Object.fromEntries(refusal.fields.map((f) => [f, message]));
}

async function termOf(ctx: AdminContext, id: number): Promise<{ body: Body; term: LegislativeTerm }> {
  const body = await findBody(ctx.db);
  const term = body ? await findTerm(ctx.db, body.id, id) : undefined;
  if (!body || !term) throw new NotFoundError(`No legislative term ${id}`);
  return { body, term };
}

function TermFields(props: { t: Translator; form: FormState }): JSX.Element {
  const { t, form } = props;
  const labels = labelsOf(t);
  return (
    <>
      <TextField t={t} name="name" label={labels.name} hint={t.t('terms.nameHint')} form={form} maxlength={termNameMax} autocomplete="off" />
      <TextField t={t} name="startDate" type="date" label={labels.startDate} form={form} />
      <TextField t={t} name="endDate" type="date" label={labels.endDate} hint={t.t('terms.endDateHint')} form={form} optional />
    </>
  );
}

function BackLink(props: { t: Translator }): JSX.Element {
  return (
    <p class="kern-body">
      <a class="kern-link" href={props.t.href(base)}>
        {props.t.html('terms.back')}
      </a>
    </p>
  );
}

async function listPage(ctx: AdminContext, form: FormState): Promise<JSX.Element> {
  const { t } = ctx;
  const body = await findBody(ctx.db);
  const terms = body ? await listTerms(ctx.db, body.id) : [];
  return (
    <AdminLayout ctx={ctx} title={t.t('terms.title')}>
      <Flash ctx={ctx} allowed={flashKeys} />
      <p class="kern-body">{t.html('terms.intro')}</p>
      {!body ? (
        <p class="kern-body">{t.html('terms.noBody')}</p>
      ) : (
        <>
          {terms.length === 0 ? (
            <p class="kern-body">{t.html('terms.none')}</p>
          ) : (
            <DataTable label={t.t('terms.title')} columns={[{ label: t.t('terms.name') }, { label: t.t('terms.startDate') }, { label: t.t('terms.endDate') }, { label: t.t('terms.actions'), hidden: true }]}>
              {terms.map((term) => (
                <tr>
                  <th scope="row" class="kern-table__cell" safe>
                    {term.name}
                  </th>
                  <td class="kern-table__cell">
                    <DateCell t={t} value={term.startDate} />
                  </td>
                  <td class="kern-table__cell">
                    <DateCell t={t} value={term.endDate} />
                  </td>
                  <td class="kern-table__cell">
                    {/* The visible text starts the accessible name, so speech input finds the link by what it shows. */}
                    <a class="kern-link" href={t.href(`${termPath(term.id)}/bearbeiten`)} aria-label={t.t('terms.editOf', { name: term.name })}>
                      {t.html('terms.edit')}
                    </a>{' '}
                    <a class="kern-link" href={t.href(`${termPath(term.id)}/loeschen`)} aria-label={t.t('terms.deleteOf', { name: term.name })}>
                      {t.html('terms.delete')}
                    </a>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
          <h2 class="kern-heading-medium">{t.html('terms.add')}</h2>
          <ErrorSummary t={t} errors={form.errors} labels={labelsOf(t)} />
          <Form action={t.href(base)} csrfToken={ctx.csrfToken()} label={t.t('terms.add')}>
            <TermFields t={t} form={form} />
            <SubmitButton label={t.t('terms.add')} />
          </Form>
        </>
      )}
    </AdminLayout>
  );
}

async function editPage(ctx: AdminContext, id: number, form: FormState | undefined): Promise<JSX.Element> {
  const { t } = ctx;
  const { term } = await termOf(ctx, id);
  const state = form ?? formOf(term);
  const title = t.t('terms.edit.title');
  return (
    <AdminLayout ctx={ctx} title={title} crumbs={[{ label: t.t('terms.title'), path: base }, { label: title }]}>
      <ErrorSummary t={t} errors={state.errors} labels={labelsOf(t)} />
      <Form action={t.href(`${termPath(term.id)}/bearbeiten`)} csrfToken={ctx.csrfToken()} label={title}>
        <TermFields t={t} form={state} />
        <SubmitButton label={t.t('form.save')} />
      </Form>
      <p class="kern-body">
        <a class="kern-link" href={t.href(`${termPath(term.id)}/loeschen`)}>
          {t.html('terms.delete.title')}
        </a>
      </p>
      <BackLink t={t} />
    </AdminLayout>
  );
}

async function deletePage(ctx: AdminContext, id: number): Promise<JSX.Element> {
  const { t } = ctx;
  const { term } = await termOf(ctx, id);
  const title = t.t('terms.delete.title');
  // The audit log keeps the deleted row: said here, so "cannot be undone" does not sound like "lost".
  return (
    <AdminLayout ctx={ctx} title={title} crumbs={[{ label: t.t('terms.title'), path: base }, { label: title }]}>
      <DescriptionList
        items={[
          { key: t.t('terms.name'), value: <span safe>{term.name}</span> },
          { key: t.t('terms.startDate'), value: <DateCell t={t} value={term.startDate} /> },
          { key: t.t('terms.endDate'), value: <DateCell t={t} value={term.endDate} /> },
        ]}
      />
      <Alert kind="warning" title={t.t('terms.delete.warning')}>
        <p class="kern-body">{t.html('terms.delete.intro')}</p>
      </Alert>
      <Form action={t.href(`${termPath(term.id)}/loeschen`)} csrfToken={ctx.csrfToken()} label={title}>
        <SubmitButton label={t.t('terms.delete.submit')} />
      </Form>
      <BackLink t={t} />
    </AdminLayout>
  );
}

/** Registers the legislative terms' pages; administrators only (permission body.manage). */
export function registerLegislativeTermAdmin(app: FastifyInstance, services: PageServices): void {
  adminRoute(app, services, { method: 'GET', path: base, permission: 'body.manage' }, (ctx) => listPage(ctx, emptyForm()));

  adminRoute(app, services, { method: 'POST', path: base, permission: 'body.manage' }, async (ctx) => {
    const values = formValues(ctx.request.body);
    const failed = (errors: FieldErrors) => {
      ctx.reply.status(400);
      return listPage(ctx, { values, errors });
    };
    const body = await findBody(ctx.db);
    if (!body) {
      // The page offers no form without a city: a stale or forged post gets the page that says why.
      ctx.reply.status(409);
      return listPage(ctx, emptyForm(values));
    }
    const parsed = termForm.safeParse(pick(values));
    if (!parsed.success) return failed(fieldErrors(ctx.t, parsed.error));
    const outcome = await createTerm(ctx.db, body.id, parsed.data, ctx.actor);
    if (!outcome.ok) return failed(outcome.reason === 'overlap' ? overlapErrors(ctx.t, outcome) : {});
    return ctx.redirect(`${base}?hinweis=terms.flash.created`);
  });

  adminRoute(app, services, { method: 'GET', path: `${base}/:id/bearbeiten`, permission: 'body.manage', params: termParams }, (ctx, params) => editPage(ctx, params.id, undefined));

  adminRoute(app, services, { method: 'POST', path: `${base}/:id/bearbeiten`, permission: 'body.manage', params: termParams }, async (ctx, params) => {
    const { body } = await termOf(ctx, params.id);
    const values = formValues(ctx.request.body);
    const failed = (errors: FieldErrors) => {
      ctx.reply.status(400);
      return editPage(ctx, params.id, { values, errors });
    };
    const parsed = termForm.safeParse(pick(values));
    if (!parsed.success) return failed(fieldErrors(ctx.t, parsed.error));
    const outcome = await updateTerm(ctx.db, body.id, params.id, parsed.data, ctx.actor);
    if (outcome.ok) return ctx.redirect(`${base}?hinweis=${outcome.changed ? 'terms.flash.updated' : 'terms.flash.unchanged'}`);
    // Deleted by someone else since the page was loaded.
    if (outcome.reason === 'not_found') throw new NotFoundError(`No legislative term ${params.id}`);
    return failed(overlapErrors(ctx.t, outcome));
  });

  adminRoute(app, services, { method: 'GET', path: `${base}/:id/loeschen`, permission: 'body.manage', params: termParams }, (ctx, params) => deletePage(ctx, params.id));

  adminRoute(app, services, { method: 'POST', path: `${base}/:id/loeschen`, permission: 'body.manage', params: termParams }, async (ctx, params) => {
    const { body } = await termOf(ctx, params.id);
    const outcome = await deleteTerm(ctx.db, body.id, params.id, ctx.actor);
    if (!outcome.ok) throw new NotFoundError(`No legislative term ${params.id}`);
    return ctx.redirect(`${base}?hinweis=terms.flash.deleted`);
  });
}
