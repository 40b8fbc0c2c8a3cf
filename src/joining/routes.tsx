import { councilGenitive } from '../councils/service.js';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AdminLayout, adminRoute, Flash, type AdminContext } from '../admin/kit.js';
import { councilAreas } from '../admin/routes.js';
import { loadCouncilContext } from '../councils/load.js';
import { eligibilitySentence } from '../councils/pages.js';
import { listSeatCategories, type Council, type SeatCategory } from '../councils/repository.js';
import { CouncilLayout, councilPath, type CouncilPageHeader } from '../councils/views.js';
import type { MessageKey, Translator } from '../infra/i18n/translator.js';
import { berlinDate } from '../infra/time.js';
import { AppointmentRefused } from '../members/appointments.js';
import { DescriptionList } from '../web/components.js';
import { Checkbox, CheckboxGroup, emptyForm, ErrorSummary, fieldErrors, Form, formValues, Select, SubmitButton, TextArea, TextField, type FieldErrors, type FormState } from '../web/forms.js';
import { NotFoundError } from '../web/http-errors.js';
import type { PageContext, PageServices } from '../web/pages.js';
import { councilParams, publicRoute } from '../web/public-route.js';
import { DataTable } from '../web/table.js';
import { findApplication, listApplications } from './repository.js';
import {
  ApplicationConflict,
  applicationInput,
  appointInput,
  askBack,
  askBackInput,
  availableActions,
  districtTies,
  eligibilityOf,
  limits,
  recordAppointment,
  rejectApplication,
  rejectInput,
  splitName,
  submitApplication,
  type Application,
} from './service.js';

const idParams = z.object({ id: z.string().regex(/^\d{1,9}$/).transform(Number) });

/** Field errors, with this area's own message keys ("joining.…") translated too. */
function formErrors(t: Translator, error: z.ZodError): FieldErrors {
  const errors = fieldErrors(t, error);
  const seen = new Set<string>();
  for (const issue of error.issues) {
    const name = String(issue.path[0] ?? '_form');
    if (seen.has(name)) continue;
    seen.add(name);
    if (issue.message.startsWith('joining.')) errors[name] = t.t(issue.message as MessageKey);
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------------
// The public form
// ---------------------------------------------------------------------------------------------------

const applyPath = (slug: string) => councilPath(slug, '/mitmachen/bewerben');
const thanksPath = (slug: string) => councilPath(slug, '/mitmachen/bewerben/danke');
/** A field people never see (hidden by the stylesheet); bots that fill in every field give themselves away. */
const honeypotField = 'website';

function applicationLabels(t: Translator): Record<string, string> {
  return {
    name: t.t('joining.form.name'),
    email: t.t('joining.form.email'),
    phone: t.t('joining.form.phone'),
    ties: t.t('joining.form.ties'),
    age: t.t('joining.form.age'),
    languages: t.t('joining.form.languages'),
    motivation: t.t('joining.form.motivation'),
    consent: t.t('joining.form.privacyTitle'),
  };
}

function ApplicationForm(props: { ctx: PageContext; bodyName: string; header: CouncilPageHeader; form: FormState }): JSX.Element {
  const { ctx, header, form } = props;
  const { t } = ctx;
  const council = header.council;
  const title = t.t('joining.form.title');
  const labels = applicationLabels(t);
  return (
    <CouncilLayout ctx={ctx} bodyName={props.bodyName} header={header} section="join" title={title} crumbs={[{ label: title }]}>
      <div class="narrow-form joining-form">
        <p class="kern-body">{t.html('joining.form.intro', { council: t.text(council.name) })}</p>
        <p class="kern-body" safe>
          {t.t('joining.form.requirements', { rules: eligibilitySentence(t, council) })}
        </p>
        <p class="kern-body kern-body--small">{t.html('joining.form.required')}</p>
        <ErrorSummary t={t} errors={form.errors} labels={labels} />
        <Form action={t.href(applyPath(council.slug))} csrfToken={ctx.reply.generateCsrf()}>
          <TextField t={t} name="name" label={labels.name!} form={form} autocomplete="name" maxlength={limits.name} />
          <TextField t={t} name="email" type="email" label={labels.email!} hint={t.t('joining.form.emailHint')} form={form} autocomplete="email" maxlength={limits.email} />
          <TextField t={t} name="phone" type="tel" label={labels.phone!} hint={t.t('joining.form.phoneHint')} form={form} autocomplete="tel" maxlength={limits.phone} optional />
          <CheckboxGroup
            t={t}
            name="ties"
            label={labels.ties!}
            hint={t.t('joining.form.tiesHint')}
            form={form}
            options={districtTies.map((tie) => ({ value: tie, label: t.t(`joining.tie.${tie}`) }))}
          />
          <TextField
            t={t}
            name="age"
            label={labels.age!}
            hint={council.eligibilityMinAge !== null ? t.t('joining.form.ageHint', { age: council.eligibilityMinAge }) : t.t('joining.form.ageHintOpen')}
            form={form}
            inputmode="numeric"
            maxlength={3}
          />
          <TextField t={t} name="languages" label={labels.languages!} hint={t.t('joining.form.languagesHint')} form={form} maxlength={limits.languages} optional />
          <TextArea t={t} name="motivation" label={labels.motivation!} hint={t.t('joining.form.motivationHint')} form={form} rows={8} maxlength={limits.motivation} />
          <h2 class="kern-heading-small">{t.html('joining.form.privacyTitle')}</h2>
          <p class="kern-body">
            {t.html('joining.form.privacyText', { council: councilGenitive(t.text(council.name), t.locale), months: ctx.config.applicationRetentionMonths, email: council.contactEmail })}
          </p>
          <Checkbox t={t} name="consent" label={t.t('joining.form.consent')} form={form} />
          <div class="joining-hp">
            <label for="field-website">{t.html('joining.form.honeypot')}</label>
            <input id="field-website" name={honeypotField} type="text" value="" tabindex="-1" autocomplete="off" />
          </div>
          <SubmitButton label={t.t('joining.form.submit')} />
        </Form>
      </div>
    </CouncilLayout>
  );
}

function registerPublicForm(app: FastifyInstance, services: PageServices): void {
  const applyRoute = '/beiraete/:slug/mitmachen/bewerben';
  publicRoute(app, services, { method: 'GET', path: applyRoute, params: councilParams }, async (ctx, { slug }) => {
    const { bodyName, header } = await loadCouncilContext(ctx, slug);
    return <ApplicationForm ctx={ctx} bodyName={bodyName} header={header} form={emptyForm()} />;
  });

  publicRoute(app, services, { method: 'POST', path: applyRoute, params: councilParams, rateLimit: { max: 5, timeWindow: '10 minutes' } }, async (ctx, { slug }) => {
    const { t } = ctx;
    const { bodyName, header } = await loadCouncilContext(ctx, slug);
    const { [honeypotField]: trap, ...values } = formValues(ctx.request.body);
    // A bot gets the same answer as a person, so it learns nothing; nothing is stored or mailed.
    if (typeof trap === 'string' ? trap.trim() !== '' : Array.isArray(trap)) return ctx.reply.redirect(t.href(thanksPath(slug)), 303);
    const parsed = applicationInput.safeParse(values);
    if (!parsed.success) {
      ctx.reply.status(400);
      return <ApplicationForm ctx={ctx} bodyName={bodyName} header={header} form={{ values, errors: formErrors(t, parsed.error) }} />;
    }
    await submitApplication(ctx.db, { council: header.council, retentionMonths: ctx.config.applicationRetentionMonths, locale: t.locale, now: ctx.now }, parsed.data);
    return ctx.reply.redirect(t.href(thanksPath(slug)), 303);
  });

  publicRoute(app, services, { method: 'GET', path: `${applyRoute}/danke`, params: councilParams }, async (ctx, { slug }) => {
    const { t } = ctx;
    const { bodyName, header } = await loadCouncilContext(ctx, slug);
    const title = t.t('joining.thanks.title');
    return (
      <CouncilLayout ctx={ctx} bodyName={bodyName} header={header} section="join" title={title} crumbs={[{ label: title }]}>
        <div class="kern-alert kern-alert--success" role="status">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--success" aria-hidden="true"></span>
            <p class="kern-title">{t.html('joining.thanks.text')}</p>
          </div>
        </div>
        <p class="kern-body">
          <a class="kern-link" href={t.href(councilPath(slug))}>
            {t.html('joining.thanks.back')}
          </a>
        </p>
      </CouncilLayout>
    );
  });
}

// ---------------------------------------------------------------------------------------------------
// The office's inbox
// ---------------------------------------------------------------------------------------------------

const inboxPath = (slug: string) => `/admin/beiraete/${slug}/bewerbungen`;
const detailPath = (slug: string, id: number) => `${inboxPath(slug)}/${id}`;

/** What is wrong with an application for the council's rules, in words; empty when it is eligible. */
function eligibilityProblems(t: Translator, council: Council, application: Application): string[] {
  return eligibilityOf(council, application).reasons.map((reason) => t.t(`joining.eligibility.${reason}`, { age: council.eligibilityMinAge ?? '' }));
}

function Eligibility(props: { t: Translator; council: Council; application: Application }): JSX.Element {
  const problems = eligibilityProblems(props.t, props.council, props.application);
  if (problems.length === 0) {
    return (
      <span class="kern-badge kern-badge--success">
        <span class="kern-label">{props.t.html('joining.eligibility.ok')}</span>
      </span>
    );
  }
  return (
    <ul class="joining-flags">
      {problems.map((p) => (
        <li>
          <span class="kern-badge kern-badge--warning">
            <span class="kern-label" safe>
              {p}
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}

const tieList = (t: Translator, ties: readonly Application['ties'][number][]) => ties.map((tie) => t.t(`joining.tieShort.${tie}`)).join(', ');

function inboxCrumbs(ctx: AdminContext, council: Council, current?: string) {
  const inbox = ctx.t.t('joining.inbox.heading', { council: ctx.t.text(council.shortName) });
  return current ? [{ label: inbox, path: inboxPath(council.slug) }, { label: current }] : [{ label: inbox }];
}

interface ActionForms {
  askBack?: FormState;
  reject?: FormState;
  appoint?: FormState;
  conflict?: boolean;
}

function ApplicationDetail(props: { ctx: AdminContext; council: Council; application: Application; categories: SeatCategory[]; forms: ActionForms }): JSX.Element {
  const { ctx, council, application: a, categories, forms } = props;
  const { t } = ctx;
  const title = t.t('joining.detail.title', { name: a.name });
  const base = detailPath(council.slug, a.id);
  const open = availableActions(a.status).length > 0;
  const none = <span class="joining-none">{t.html('joining.detail.none')}</span>;
  const migrationCategory = categories.find((c) => c.forMigrationBackground);
  const appointForm = forms.appoint ?? emptyForm({ ...splitName(a.name), seatCategoryId: migrationCategory ? String(migrationCategory.id) : '', startDate: berlinDate(ctx.now) });
  const askBackForm = forms.askBack ?? emptyForm();
  const rejectForm = forms.reject ?? emptyForm();
  const appointLabels = {
    givenName: t.t('joining.appoint.givenName'),
    familyName: t.t('joining.appoint.familyName'),
    seatCategoryId: t.t('joining.appoint.seatCategory'),
    startDate: t.t('joining.appoint.startDate'),
    publicConsent: t.t('joining.appoint.publicConsent'),
  };
  return (
    <AdminLayout ctx={ctx} title={title} crumbs={inboxCrumbs(ctx, council, title)}>
      <Flash ctx={ctx} allowed={['joining.askBack.done', 'joining.reject.done', 'joining.appoint.done']} />
      {forms.conflict ? (
        <div class="kern-alert kern-alert--danger" role="alert">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
            <p class="kern-title">{t.html('joining.conflict')}</p>
          </div>
        </div>
      ) : (
        ''
      )}
      <DescriptionList
        items={[
          { key: t.t('joining.detail.status'), value: <span safe>{t.t(`joining.status.${a.status}`)}</span> },
          { key: t.t('joining.detail.received'), value: <span safe>{`${t.fmt.dateShort(a.createdAt)}, ${t.fmt.time(a.createdAt)}`}</span> },
          {
            key: t.t('joining.detail.email'),
            value: (
              <a class="kern-link" href={`mailto:${a.email}`} safe>
                {a.email}
              </a>
            ),
          },
          { key: t.t('joining.detail.phone'), value: a.phone ? <span safe>{a.phone}</span> : none },
          { key: t.t('joining.detail.ties'), value: <span safe>{tieList(t, a.ties)}</span> },
          { key: t.t('joining.detail.age'), value: <span safe>{t.fmt.number(a.age)}</span> },
          { key: t.t('joining.detail.languages'), value: a.languages ? <span safe>{a.languages}</span> : none },
          {
            key: t.t('joining.detail.motivation'),
            value: (
              <p class="kern-body joining-text" safe>
                {a.motivation}
              </p>
            ),
          },
          { key: t.t('joining.detail.consent'), value: <span safe>{`${t.fmt.dateShort(a.consentAt)}, ${t.fmt.time(a.consentAt)}`}</span> },
          ...(a.decidedAt ? [{ key: t.t('joining.detail.decided'), value: <span safe>{t.fmt.dateShort(a.decidedAt)}</span> }] : []),
          ...(a.officeMessage
            ? [
                {
                  key: t.t('joining.detail.officeMessage'),
                  value: (
                    <p class="kern-body joining-text" safe>
                      {a.officeMessage}
                    </p>
                  ),
                },
              ]
            : []),
          ...(a.membershipId !== null ? [{ key: t.t('joining.detail.membership'), value: <span safe>{t.t('joining.detail.membershipNumber', { id: a.membershipId })}</span> }] : []),
        ]}
      />
      <h2 class="kern-heading-medium">{t.html('joining.detail.eligibility')}</h2>
      <p class="kern-body" safe>
        {eligibilitySentence(t, council)}
      </p>
      <Eligibility t={t} council={council} application={a} />
      <h2 class="kern-heading-medium">{t.html('joining.detail.actions')}</h2>
      {open ? (
        <>
          <section class="joining-action" aria-labelledby="ask-back-heading">
            <h3 class="kern-heading-small" id="ask-back-heading">
              {t.html('joining.askBack.title')}
            </h3>
            <ErrorSummary t={t} errors={askBackForm.errors} labels={{ message: t.t('joining.askBack.message') }} />
            <Form action={t.href(`${base}/rueckfrage`)} csrfToken={ctx.csrfToken()}>
              <TextArea t={t} name="message" label={t.t('joining.askBack.message')} hint={t.t('joining.askBack.hint', { email: a.email })} form={askBackForm} rows={5} maxlength={limits.officeText} />
              <SubmitButton label={t.t('joining.askBack.submit')} variant="secondary" />
            </Form>
          </section>
          <section class="joining-action" aria-labelledby="appoint-heading">
            <h3 class="kern-heading-small" id="appoint-heading">
              {t.html('joining.appoint.title')}
            </h3>
            <p class="kern-body">{t.html('joining.appoint.intro')}</p>
            <ErrorSummary t={t} errors={appointForm.errors} labels={appointLabels} />
            <Form action={t.href(`${base}/berufen`)} csrfToken={ctx.csrfToken()}>
              <TextField t={t} name="givenName" label={appointLabels.givenName} form={appointForm} maxlength={limits.name} optional />
              <TextField t={t} name="familyName" label={appointLabels.familyName} form={appointForm} maxlength={limits.name} />
              <Select t={t} name="seatCategoryId" label={appointLabels.seatCategoryId} form={appointForm} options={categories.map((c) => ({ value: String(c.id), label: t.text(c.name) }))} />
              <TextField
                t={t}
                name="startDate"
                type="date"
                label={appointLabels.startDate}
                hint={t.t('joining.appoint.startDateHint', { example: berlinDate(ctx.now) })}
                form={appointForm}
              />
              <Checkbox t={t} name="publicConsent" label={appointLabels.publicConsent} form={appointForm} />
              <SubmitButton label={t.t('joining.appoint.submit')} />
            </Form>
          </section>
          <section class="joining-action" aria-labelledby="reject-heading">
            <h3 class="kern-heading-small" id="reject-heading">
              {t.html('joining.reject.title')}
            </h3>
            <ErrorSummary t={t} errors={rejectForm.errors} labels={{ reason: t.t('joining.reject.reason') }} />
            <Form action={t.href(`${base}/ablehnen`)} csrfToken={ctx.csrfToken()}>
              <TextArea t={t} name="reason" label={t.t('joining.reject.reason')} hint={t.t('joining.reject.hint')} form={rejectForm} rows={4} maxlength={limits.officeText} />
              <SubmitButton label={t.t('joining.reject.submit')} variant="secondary" />
            </Form>
          </section>
        </>
      ) : (
        <p class="kern-body">{t.html('joining.detail.closed')}</p>
      )}
      <p class="kern-body">
        <a class="kern-link" href={t.href(inboxPath(council.slug))}>
          {t.html('joining.inbox.title')}
        </a>
      </p>
    </AdminLayout>
  );
}

function registerInbox(app: FastifyInstance, services: PageServices): void {
  const permission = 'applications.manage';

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/bewerbungen', permission }, async (ctx) => {
    const { t } = ctx;
    const council = ctx.council!;
    const applications = await listApplications(ctx.db, council.id);
    const title = t.t('joining.inbox.heading', { council: t.text(council.name) });
    return (
      <AdminLayout ctx={ctx} title={title} crumbs={inboxCrumbs(ctx, council)}>
        <p class="kern-body">{t.html('joining.inbox.retention', { months: ctx.config.applicationRetentionMonths })}</p>
        <p class="kern-body">
          <a class="kern-link" href={t.href(applyPath(council.slug))}>
            {t.html('joining.inbox.publicForm')}
          </a>
        </p>
        {applications.length === 0 ? (
          <p class="kern-body">{t.html('joining.inbox.none')}</p>
        ) : (
          <DataTable
            label={t.t('joining.inbox.caption')}
            columns={[{ label: t.t('joining.col.received') }, { label: t.t('joining.col.name') }, { label: t.t('joining.col.age'), numeric: true }, { label: t.t('joining.col.ties') }, { label: t.t('joining.col.eligibility') }, { label: t.t('joining.col.status') }]}
            class="joining-inbox"
            visibleCaption
          >
            {applications.map((a) => (
              <tr>
                <td class="kern-table__cell">
                  <time datetime={a.createdAt.toISOString()} safe>
                    {t.fmt.dateShort(a.createdAt)}
                  </time>
                </td>
                <th scope="row" class="kern-table__cell">
                  <a class="kern-link" href={t.href(detailPath(council.slug, a.id))} safe>
                    {a.name}
                  </a>
                </th>
                <td class="kern-table__cell kern-table__cell--numeric" safe>
                  {t.fmt.number(a.age)}
                </td>
                <td class="kern-table__cell" safe>
                  {tieList(t, a.ties)}
                </td>
                <td class="kern-table__cell">
                  <Eligibility t={t} council={council} application={a} />
                </td>
                <td class="kern-table__cell" safe>
                  {t.t(`joining.status.${a.status}`)}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </AdminLayout>
    );
  });

  /** The application named by the URL, of the council named by the URL: anything else is not found. */
  const load = async (ctx: AdminContext, id: number) => {
    const council = ctx.council!;
    const [application, categories] = await Promise.all([findApplication(ctx.db, council.id, id), listSeatCategories(ctx.db, council.id)]);
    if (!application) throw new NotFoundError(`No application ${id}`);
    return { council, application, categories };
  };
  const officeContext = (ctx: AdminContext, council: Council) => ({ council, retentionMonths: ctx.config.applicationRetentionMonths, actor: ctx.actor, now: ctx.now });
  const conflict = async (ctx: AdminContext, id: number) => {
    const loaded = await load(ctx, id);
    ctx.reply.status(409);
    return <ApplicationDetail ctx={ctx} {...loaded} forms={{ conflict: true }} />;
  };

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/bewerbungen/:id', permission, params: idParams }, async (ctx, params) => {
    const loaded = await load(ctx, params.id);
    return <ApplicationDetail ctx={ctx} {...loaded} forms={{}} />;
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/bewerbungen/:id/rueckfrage', permission, params: idParams }, async (ctx, params) => {
    const loaded = await load(ctx, params.id);
    const values = formValues(ctx.request.body);
    const parsed = askBackInput.safeParse(values);
    if (!parsed.success) {
      ctx.reply.status(400);
      return <ApplicationDetail ctx={ctx} {...loaded} forms={{ askBack: { values, errors: formErrors(ctx.t, parsed.error) } }} />;
    }
    try {
      await askBack(ctx.db, officeContext(ctx, loaded.council), params.id, parsed.data.message);
    } catch (error) {
      if (error instanceof ApplicationConflict) return conflict(ctx, params.id);
      throw error;
    }
    return ctx.redirect(`${detailPath(loaded.council.slug, params.id)}?hinweis=joining.askBack.done`);
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/bewerbungen/:id/ablehnen', permission, params: idParams }, async (ctx, params) => {
    const loaded = await load(ctx, params.id);
    const values = formValues(ctx.request.body);
    const parsed = rejectInput.safeParse(values);
    if (!parsed.success) {
      ctx.reply.status(400);
      return <ApplicationDetail ctx={ctx} {...loaded} forms={{ reject: { values, errors: formErrors(ctx.t, parsed.error) } }} />;
    }
    try {
      await rejectApplication(ctx.db, officeContext(ctx, loaded.council), params.id, parsed.data.reason);
    } catch (error) {
      if (error instanceof ApplicationConflict) return conflict(ctx, params.id);
      throw error;
    }
    return ctx.redirect(`${detailPath(loaded.council.slug, params.id)}?hinweis=joining.reject.done`);
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/bewerbungen/:id/berufen', permission, params: idParams }, async (ctx, params) => {
    const { t } = ctx;
    const loaded = await load(ctx, params.id);
    const values = formValues(ctx.request.body);
    const parsed = appointInput(loaded.categories.map((c) => c.id)).safeParse(values);
    const refuse = (errors: FieldErrors) => {
      ctx.reply.status(400);
      return <ApplicationDetail ctx={ctx} {...loaded} forms={{ appoint: { values, errors } }} />;
    };
    if (!parsed.success) return refuse(formErrors(t, parsed.error));
    try {
      await recordAppointment(ctx.db, officeContext(ctx, loaded.council), params.id, parsed.data);
    } catch (error) {
      if (error instanceof ApplicationConflict) return conflict(ctx, params.id);
      if (error instanceof AppointmentRefused) {
        const category = loaded.categories.find((c) => c.id === parsed.data.seatCategoryId);
        return refuse({
          seatCategoryId:
            error.reason === 'over_quota'
              ? t.t('joining.appoint.overQuota', { category: category ? t.text(category.name) : (error.category ?? ''), quota: error.quota ?? category?.quota ?? '' })
              : t.t('form.error.choose'),
        });
      }
      throw error;
    }
    return ctx.redirect(`${detailPath(loaded.council.slug, params.id)}?hinweis=joining.appoint.done`);
  });
}

export function registerJoining(app: FastifyInstance, services: PageServices): void {
  // The list is module-wide while an app may be built several times in one process (tests).
  if (!councilAreas.some((a) => a.path === '/bewerbungen')) councilAreas.push({ path: '/bewerbungen', label: 'joining.area', permission: 'applications.manage' });
  registerPublicForm(app, services);
  registerInbox(app, services);
}
