import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AdminLayout, adminRoute, Flash, type AdminContext } from '../admin/kit.js';
import { councilAreas } from '../admin/routes.js';
import { listSeatCategories, type Council, type SeatCategory } from '../councils/repository.js';
import { computeComposition } from '../councils/service.js';
import { berlinDate } from '../infra/time.js';
import type { Translator } from '../infra/i18n/translator.js';
import { Alert, DateText, ExampleBadge } from '../web/components.js';
import { Checkbox, ErrorSummary, fieldErrors, Form, formValues, Select, SubmitButton, TextArea, TextField, type FieldErrors, type FormState, type FormValues } from '../web/forms.js';
import { NotFoundError } from '../web/http-errors.js';
import type { PageServices } from '../web/pages.js';
import { DataTable } from '../web/table.js';
import { findCouncilMembership, listCouncilChairTerms, listCouncilMemberships, type ChairTermRow, type MembershipRow } from './admin-repository.js';
import { appoint, electChair, endMembership, updateMembership } from './admin-service.js';
import { addDays, compositionWarnings, defaultEndDate, displayName, endingWithin, parseFormDate } from './service.js';

/**
 * The members administration of one council: who sits on it, the quota per seat category, new
 * appointments, ends of membership, corrections, chair elections and the history. Only the
 * council's office, its chair and admins (permission members.manage) get here.
 */

const base = (slug: string) => `/admin/beiraete/${slug}`;
const membersBase = (slug: string) => `${base(slug)}/mitglieder`;

const councilParams = z.object({ slug: z.string() });
const membershipParams = z.object({
  slug: z.string(),
  // Ids are positive integers; anything else is a page that does not exist.
  id: z
    .string()
    .regex(/^[1-9]\d{0,8}$/)
    .transform(Number),
});

const limits = { formOfAddress: 40, name: 100, email: 254, phone: 40, reason: 500 } as const;
const daysAhead = 90;
const phonePattern = /^[+0-9 ()/.-]*$/;

const flashKeys = ['membersAdmin.flash.appointed', 'membersAdmin.flash.ended', 'membersAdmin.flash.updated', 'membersAdmin.flash.unchanged', 'membersAdmin.flash.elected'] as const;

function councilOf(ctx: AdminContext): Council {
  // adminRoute has loaded the council of :slug (or answered 404) before any handler here runs.
  if (!ctx.council) throw new NotFoundError('No council');
  return ctx.council;
}

const isCurrent = (m: { startDate: string; endDate: string | null }, today: string) => m.startDate <= today && (m.endDate === null || m.endDate >= today);

// ---------------------------------------------------------------------------------------------------
// Form parsing: every field a string, every problem a translated message on its field
// ---------------------------------------------------------------------------------------------------

/** The named fields as typed; a field sent twice stays a list and fails its string check. */
function pick(values: FormValues, names: readonly string[]): Record<string, string | string[]> {
  return Object.fromEntries(names.map((n) => [n, values[n] ?? '']));
}

const text = (max: number) => z.string().trim().max(max);
const dateText = (required: boolean) =>
  z
    .string()
    .trim()
    .max(20, 'form.error.date')
    .refine((v) => (v === '' ? !required : parseFormDate(v) !== null), { message: 'form.error.date' })
    .refine((v) => v !== '' || !required, { message: 'form.error.required' });
const idText = z.string().regex(/^[1-9]\d{0,8}$/, 'form.error.choose');
const optionalDate = (v: string) => (v.trim() === '' ? null : parseFormDate(v));

/** Adds an error unless the field already has one: the first problem of a field is the one to fix. */
function addError(errors: FieldErrors, field: string, message: string): void {
  if (!errors[field]) errors[field] = message;
}

function categoryName(t: Translator, categories: readonly SeatCategory[], id: number): string {
  const c = categories.find((x) => x.id === id);
  return c ? t.text(c.name) : '';
}

function overQuotaMessage(t: Translator, categories: readonly SeatCategory[], refusal: { seatCategoryId: number; quota: number; filled: number }): string {
  return t.t('membersAdmin.error.overQuota', { category: categoryName(t, categories, refusal.seatCategoryId), filled: t.fmt.number(refusal.filled), quota: t.fmt.number(refusal.quota) });
}

// ---------------------------------------------------------------------------------------------------
// Small views
// ---------------------------------------------------------------------------------------------------

function PersonName(props: { t: Translator; person: MembershipRow['person'] }): JSX.Element {
  return (
    <>
      <span safe>{displayName(props.person)}</span>
      {props.person.isExample ? (
        <>
          {' '}
          <ExampleBadge t={props.t} show />
        </>
      ) : (
        ''
      )}
    </>
  );
}

function DateCell(props: { t: Translator; value: string | null; empty?: string }): JSX.Element {
  if (props.value === null) return <span safe>{props.empty ?? '–'}</span>;
  return <DateText value={props.value} text={props.t.fmt.dateShort(props.value)} />;
}

const yesNo = (t: Translator, value: boolean) => t.t(value ? 'membersAdmin.yes' : 'membersAdmin.no');

function crumbs(ctx: AdminContext, council: Council, current?: string) {
  const overview = { label: ctx.t.t('membersAdmin.crumb', { council: ctx.t.text(council.shortName) }) };
  return current === undefined ? [overview] : [{ ...overview, path: membersBase(council.slug) }, { label: current }];
}

function BackLink(props: { t: Translator; slug: string }): JSX.Element {
  return (
    <p class="kern-body">
      <a class="kern-link" href={props.t.href(membersBase(props.slug))}>
        {props.t.html('membersAdmin.back')}
      </a>
    </p>
  );
}

// ---------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------

export function registerMembersAdmin(app: FastifyInstance, services: PageServices): void {
  // The dashboard lists these once, however often the app is built in one process (tests).
  for (const area of [
    { path: '/mitglieder', label: 'membersAdmin.area', permission: 'members.manage' },
    { path: '/vorsitz', label: 'membersAdmin.chairArea', permission: 'members.manage' },
  ] as const) {
    if (!councilAreas.some((a) => a.path === area.path && a.label === area.label)) councilAreas.push({ ...area });
  }

  // 1. Overview ---------------------------------------------------------------------------------------
  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/mitglieder', permission: 'members.manage', params: councilParams }, async (ctx) => {
    const { t, db } = ctx;
    const council = councilOf(ctx);
    const today = berlinDate(ctx.now);
    const [categories, all, chairs] = await Promise.all([listSeatCategories(db, council.id), listCouncilMemberships(db, council.id), listCouncilChairTerms(db, council.id)]);
    const current = all.filter((m) => isCurrent(m, today));
    const upcoming = all.filter((m) => m.startDate > today).reverse();
    const composition = computeComposition(categories, current, council.minMigrationSharePercent);
    const warnings = compositionWarnings(composition, council.minMigrationSharePercent);
    const ending = endingWithin(current, today, daysAhead);
    const currentChairs = chairs.filter((c) => isCurrent(c, today)).sort((a, b) => (a.role === b.role ? 0 : a.role === 'chair' ? -1 : 1));
    const functionOf = (personId: number) => currentChairs.filter((c) => c.personId === personId).map((c) => t.t(`chair.role.${c.role}`));
    const byName = (a: MembershipRow, b: MembershipRow) => displayName(a.person).localeCompare(displayName(b.person), t.locale);
    const share = Math.round(composition.migrationSharePercent * 10) / 10;

    return (
      <AdminLayout ctx={ctx} title={t.t('membersAdmin.overview.title', { council: t.text(council.name) })} crumbs={crumbs(ctx, council)}>
        <Flash ctx={ctx} allowed={flashKeys} />
        <ul class="kern-list members-admin__actions">
          <li>
            <a class="kern-link" href={t.href(`${membersBase(council.slug)}/neu`)}>
              {t.html('membersAdmin.appoint.link')}
            </a>
          </li>
          <li>
            <a class="kern-link" href={t.href(`${base(council.slug)}/vorsitz`)}>
              {t.html('membersAdmin.chair.link')}
            </a>
          </li>
          <li>
            <a class="kern-link" href={t.href(`${membersBase(council.slug)}/verlauf`)}>
              {t.html('membersAdmin.history.link')}
            </a>
          </li>
        </ul>

        <section>
          <h2 id="quota" class="kern-heading-medium">
            {t.html('membersAdmin.quota.title')}
          </h2>
          <DataTable
            label={t.t('membersAdmin.quota.title')}
            columns={[{ label: t.t('council.seatCategory') }, { label: t.t('membersAdmin.quota.quota'), numeric: true }, { label: t.t('membersAdmin.quota.filled'), numeric: true }, { label: t.t('membersAdmin.quota.vacant'), numeric: true }, { label: t.t('membersAdmin.quota.status') }]}
            footer={
              <tfoot class="kern-table__footer">
                <tr>
                  <th scope="row" class="kern-table__cell">
                    {t.html('council.total')}
                  </th>
                  <td class="kern-table__cell kern-table__cell--numeric" safe>
                    {t.fmt.number(composition.totalQuota)}
                  </td>
                  <td class="kern-table__cell kern-table__cell--numeric" safe>
                    {t.fmt.number(composition.totalFilled)}
                  </td>
                  <td class="kern-table__cell kern-table__cell--numeric" safe>
                    {t.fmt.number(composition.rows.reduce((s, r) => s + r.vacant, 0))}
                  </td>
                  <td class="kern-table__cell"></td>
                </tr>
              </tfoot>
            }
          >
            {categories.map((c, i) => {
              const row = composition.rows[i]!;
              return (
                <tr>
                  <th scope="row" class="kern-table__cell" safe>
                    {t.text(c.name)}
                  </th>
                  <td class="kern-table__cell kern-table__cell--numeric" safe>
                    {t.fmt.number(row.quota)}
                  </td>
                  <td class="kern-table__cell kern-table__cell--numeric" safe>
                    {t.fmt.number(row.filled)}
                  </td>
                  <td class="kern-table__cell kern-table__cell--numeric" safe>
                    {t.fmt.number(row.vacant)}
                  </td>
                  <td class="kern-table__cell" safe>
                    {row.overQuota > 0 ? t.t('membersAdmin.quota.over', { count: t.fmt.number(row.overQuota) }) : row.vacant === 0 ? t.t('membersAdmin.quota.full') : t.t('membersAdmin.quota.open')}
                  </td>
                </tr>
              );
            })}
          </DataTable>
          <p class="kern-body">{t.html('membersAdmin.quota.share', { percent: t.fmt.number(share), minimum: t.fmt.number(council.minMigrationSharePercent) })}</p>
          {warnings.length > 0 ? (
            <Alert kind="warning" title={t.t('membersAdmin.warnings.title')} headingLevel={3}>
              <ul class="kern-list">
                {warnings.map((w) => (
                  <li safe>
                    {w.kind === 'over_quota'
                      ? t.t('membersAdmin.warnings.overQuota', { category: categoryName(t, categories, w.seatCategoryId), filled: t.fmt.number(w.filled), quota: t.fmt.number(w.quota) })
                      : t.t('membersAdmin.warnings.share', { percent: t.fmt.number(share), minimum: t.fmt.number(w.minimum) })}
                  </li>
                ))}
              </ul>
            </Alert>
          ) : (
            <p class="kern-body">{t.html('membersAdmin.warnings.none')}</p>
          )}
        </section>

        <section>
          <h2 id="chair" class="kern-heading-medium">
            {t.html('council.chair')}
          </h2>
          {currentChairs.length === 0 ? (
            <p class="kern-body">{t.html('membersAdmin.chair.none')}</p>
          ) : (
            <dl class="kern-description-list">
              {currentChairs.map((c) => (
                <div class="kern-description-list-item">
                  <dt class="kern-description-list-item__key">{t.html(`chair.role.${c.role}`)}</dt>
                  <dd class="kern-description-list-item__value">
                    <PersonName t={t} person={c.person} />
                    <span safe>{`, ${t.t('membersAdmin.sinceDate', { date: t.fmt.dateShort(c.startDate) })}`}</span>
                    {c.publicConsent ? '' : <span safe>{` (${t.t('membersAdmin.notPublic')})`}</span>}
                  </dd>
                </div>
              ))}
            </dl>
          )}
          <p class="kern-body">
            <a class="kern-link" href={t.href(`${base(council.slug)}/vorsitz`)}>
              {t.html('membersAdmin.chair.link')}
            </a>
          </p>
        </section>

        <section>
          <h2 id="ending" class="kern-heading-medium">
            {t.html('membersAdmin.ending.title', { days: daysAhead })}
          </h2>
          {ending.length === 0 ? (
            <p class="kern-body">{t.html('membersAdmin.ending.none', { days: daysAhead })}</p>
          ) : (
            <DataTable
              label={t.t('membersAdmin.ending.title', { days: daysAhead })}
              columns={[{ label: t.t('members.name') }, { label: t.t('council.seatCategory') }, { label: t.t('membersAdmin.col.until') }, { label: t.t('membersAdmin.col.actions') }]}
              class="members-admin__table"
            >
              {ending.map((m) => (
                <tr>
                  <th scope="row" class="kern-table__cell">
                    <PersonName t={t} person={m.person} />
                  </th>
                  <td class="kern-table__cell" safe>
                    {categoryName(t, categories, m.seatCategoryId)}
                  </td>
                  <td class="kern-table__cell">
                    <DateCell t={t} value={m.endDate} />
                  </td>
                  <td class="kern-table__cell">
                    <a class="kern-link" href={`${t.href(`${membersBase(council.slug)}/neu`)}?person=${m.person.id}`}>
                      {t.html('membersAdmin.ending.renew')}
                      <span class="kern-sr-only" safe>{`: ${displayName(m.person)}`}</span>
                    </a>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>

        <section>
          <h2 id="current" class="kern-heading-medium">
            {t.html('membersAdmin.current.title')}
          </h2>
          <p class="kern-body">{t.pluralHtml('members.summary', current.length)}</p>
          {categories.map((category) => {
            const inCategory = current.filter((m) => m.seatCategoryId === category.id).sort(byName);
            const headingId = `category-${category.id}`;
            return (
              <>
                <h3 id={headingId} class="kern-heading-small" safe>
                  {t.text(category.name)}
                </h3>
                {inCategory.length === 0 ? (
                  <p class="kern-body">{t.html('members.noneInCategory')}</p>
                ) : (
                  <MemberTable ctx={ctx} council={council} caption={t.text(category.name)} rows={inCategory} functionOf={functionOf} />
                )}
              </>
            );
          })}
          {upcoming.length > 0 ? (
            <>
              <h3 id="upcoming" class="kern-heading-small">
                {t.html('membersAdmin.upcoming.title')}
              </h3>
              <MemberTable ctx={ctx} council={council} caption={t.t('membersAdmin.upcoming.title')} rows={upcoming} functionOf={() => []} categories={categories} />
            </>
          ) : (
            ''
          )}
        </section>
        <p class="kern-body">
          <a class="kern-link" href={t.href(`${membersBase(council.slug)}/verlauf`)}>
            {t.html('membersAdmin.history.link')}
          </a>
        </p>
      </AdminLayout>
    );
  });

  // 2. Appointing ------------------------------------------------------------------------------------
  const appointFields = ['person', 'formOfAddress', 'givenName', 'familyName', 'email', 'phone', 'seatCategoryId', 'startDate', 'endDate', 'votingRight', 'publicConsent'] as const;
  const appointSchema = z.object({
    person: z.string().regex(/^(new|[1-9]\d{0,8})$/, 'form.error.choose'),
    formOfAddress: text(limits.formOfAddress),
    givenName: text(limits.name),
    familyName: text(limits.name),
    email: text(limits.email).refine((v) => v === '' || z.email().safeParse(v).success, { message: 'form.error.email' }),
    phone: text(limits.phone),
    seatCategoryId: idText,
    startDate: dateText(true),
    endDate: dateText(false),
    votingRight: z.enum(['category', 'yes', 'no'], { message: 'form.error.choose' }),
    publicConsent: z.enum(['', 'on']),
  });

  async function appointPage(ctx: AdminContext, form: FormState) {
    const { t, db } = ctx;
    const council = councilOf(ctx);
    const today = berlinDate(ctx.now);
    const [categories, all] = await Promise.all([listSeatCategories(db, council.id), listCouncilMemberships(db, council.id)]);
    const composition = computeComposition(
      categories,
      all.filter((m) => isCurrent(m, today)),
      council.minMigrationSharePercent,
    );
    const people = latestPerPerson(all);
    const labels = {
      person: t.t('membersAdmin.field.person'),
      formOfAddress: t.t('membersAdmin.field.formOfAddress'),
      givenName: t.t('membersAdmin.field.givenName'),
      familyName: t.t('membersAdmin.field.familyName'),
      email: t.t('membersAdmin.field.email'),
      phone: t.t('membersAdmin.field.phone'),
      seatCategoryId: t.t('membersAdmin.field.seatCategory'),
      startDate: t.t('membersAdmin.field.startDate'),
      endDate: t.t('membersAdmin.field.endDate'),
      votingRight: t.t('membersAdmin.field.votingRight'),
      publicConsent: t.t('membersAdmin.field.publicConsent'),
    };
    const endHint =
      council.termLimitYears === null
        ? t.t('membersAdmin.hint.endDateOpen')
        : t.t('membersAdmin.hint.endDateDefault', { years: council.termLimitYears, example: t.fmt.dateShort(defaultEndDate(today, council.termLimitYears)!), start: t.fmt.dateShort(today) });
    return (
      <AdminLayout ctx={ctx} title={t.t('membersAdmin.appoint.title')} crumbs={crumbs(ctx, council, t.t('membersAdmin.appoint.title'))}>
        <p class="kern-body">{t.html('membersAdmin.appoint.intro')}</p>
        <ErrorSummary t={t} errors={form.errors} labels={labels} />
        <Form action={t.href(`${membersBase(council.slug)}/neu`)} csrfToken={ctx.csrfToken()}>
          {people.length > 0 ? (
            <Select
              t={t}
              name="person"
              label={labels.person}
              form={form}
              hint={t.t('membersAdmin.hint.person')}
              options={[
                { value: 'new', label: t.t('membersAdmin.person.new') },
                ...people.map((p) => ({
                  value: String(p.person.id),
                  label: p.endDate === null ? t.t('membersAdmin.person.open', { name: displayName(p.person) }) : t.t('membersAdmin.person.until', { name: displayName(p.person), date: t.fmt.dateShort(p.endDate) }),
                })),
              ]}
            />
          ) : (
            <input type="hidden" name="person" value="new" />
          )}
          <fieldset class="kern-fieldset">
            <legend class="kern-label">{t.html('membersAdmin.appoint.newPerson')}</legend>
            <div class="kern-fieldset__body kern-stack">
              <p class="kern-hint">{t.html('membersAdmin.hint.minimalData')}</p>
              <TextField t={t} name="formOfAddress" label={labels.formOfAddress} form={form} optional maxlength={limits.formOfAddress} hint={t.t('membersAdmin.hint.formOfAddress')} />
              <TextField t={t} name="givenName" label={labels.givenName} form={form} maxlength={limits.name} autocomplete="off" />
              <TextField t={t} name="familyName" label={labels.familyName} form={form} maxlength={limits.name} autocomplete="off" />
              <TextField t={t} name="email" type="email" label={labels.email} form={form} optional maxlength={limits.email} autocomplete="off" />
              <TextField t={t} name="phone" type="tel" label={labels.phone} form={form} optional maxlength={limits.phone} autocomplete="off" />
            </div>
          </fieldset>
          <Select
            t={t}
            name="seatCategoryId"
            label={labels.seatCategoryId}
            form={form}
            options={[
              { value: '', label: t.t('membersAdmin.choose') },
              ...categories.map((c) => ({ value: String(c.id), label: t.text(c.name) })),
            ]}
            hint={t.t('membersAdmin.hint.seatCategory', {
              seats: new Intl.ListFormat(t.locale, { type: 'conjunction' }).format(
                categories.map((c, i) => t.t('membersAdmin.categoryFill', { category: t.text(c.name), filled: t.fmt.number(composition.rows[i]!.filled), quota: t.fmt.number(c.quota) })),
              ),
            })}
          />
          <TextField t={t} name="startDate" type="date" label={labels.startDate} form={form} />
          <TextField t={t} name="endDate" type="date" label={labels.endDate} form={form} optional hint={endHint} />
          <Select
            t={t}
            name="votingRight"
            label={labels.votingRight}
            form={form}
            options={[
              { value: 'category', label: t.t('membersAdmin.voting.category') },
              { value: 'yes', label: t.t('membersAdmin.voting.yes') },
              { value: 'no', label: t.t('membersAdmin.voting.no') },
            ]}
          />
          <Checkbox t={t} name="publicConsent" label={labels.publicConsent} form={form} hint={t.t('membersAdmin.hint.publicConsent')} />
          <SubmitButton label={t.t('form.save')} />
        </Form>
        <BackLink t={t} slug={council.slug} />
      </AdminLayout>
    );
  }

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/mitglieder/neu', permission: 'members.manage', params: councilParams }, async (ctx) => {
    const council = councilOf(ctx);
    const values: FormValues = { person: 'new', votingRight: 'category' };
    // "Renew" on the overview names the person; the new term starts the day after the current one.
    const requested = (ctx.request.query as Record<string, unknown>).person;
    if (typeof requested === 'string' && /^[1-9]\d{0,8}$/.test(requested)) {
      const own = (await listCouncilMemberships(ctx.db, council.id)).filter((m) => m.person.id === Number(requested));
      const latest = latestPerPerson(own)[0];
      if (latest) {
        values.person = requested;
        values.seatCategoryId = String(latest.seatCategoryId);
        if (latest.endDate !== null) values.startDate = addDays(latest.endDate, 1);
        if (latest.publicConsent) values.publicConsent = 'on';
      }
    }
    return appointPage(ctx, { values, errors: {} });
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/mitglieder/neu', permission: 'members.manage', params: councilParams }, async (ctx) => {
    const { t } = ctx;
    const council = councilOf(ctx);
    const values = formValues(ctx.request.body);
    const raw = pick(values, appointFields);
    const parsed = appointSchema.safeParse(raw);
    const errors: FieldErrors = parsed.success ? {} : fieldErrors(t, parsed.error);
    // Checks across fields run on what was typed, so every problem is listed at once.
    const newPerson = raw.person === 'new';
    if (newPerson && typeof raw.givenName === 'string' && raw.givenName.trim() === '') addError(errors, 'givenName', t.t('form.error.required'));
    if (newPerson && typeof raw.familyName === 'string' && raw.familyName.trim() === '') addError(errors, 'familyName', t.t('form.error.required'));
    // Checked here, not in the schema: fieldErrors only translates messages of the shared form.* keys.
    if (typeof raw.phone === 'string' && !phonePattern.test(raw.phone.trim())) addError(errors, 'phone', t.t('membersAdmin.error.phone'));
    const start = typeof raw.startDate === 'string' ? parseFormDate(raw.startDate) : null;
    const end = typeof raw.endDate === 'string' ? optionalDate(raw.endDate) : null;
    if (start && end && end < start) addError(errors, 'endDate', t.t('membersAdmin.error.endBeforeStart'));
    const categories = await listSeatCategories(ctx.db, council.id);
    if (typeof raw.seatCategoryId === 'string' && !categories.some((c) => String(c.id) === raw.seatCategoryId)) addError(errors, 'seatCategoryId', t.t('form.error.choose'));
    const failed = (errs: FieldErrors) => {
      ctx.reply.status(400);
      return appointPage(ctx, { values, errors: errs });
    };
    if (!parsed.success || Object.keys(errors).length > 0) return failed(errors);

    const data = parsed.data;
    const outcome = await appoint(
      ctx.db,
      council.id,
      {
        person: newPerson
          ? { formOfAddress: data.formOfAddress || null, givenName: data.givenName, familyName: data.familyName, email: data.email || null, phone: data.phone || null }
          : { id: Number(data.person) },
        seatCategoryId: Number(data.seatCategoryId),
        startDate: start!,
        endDate: end ?? undefined,
        votingRight: data.votingRight === 'category' ? undefined : data.votingRight === 'yes',
        publicConsent: data.publicConsent === 'on',
      },
      ctx.actor,
    );
    if (outcome.ok) return ctx.redirect(`${membersBase(council.slug)}?hinweis=membersAdmin.flash.appointed`);
    switch (outcome.reason) {
      case 'over_quota':
        return failed({ seatCategoryId: overQuotaMessage(t, categories, outcome) });
      case 'unknown_category':
        return failed({ seatCategoryId: t.t('form.error.choose') });
      case 'unknown_person':
        return failed({ person: t.t('form.error.choose') });
      case 'person_busy':
        return failed({ person: t.t('membersAdmin.error.personBusy') });
      case 'end_before_start':
        return failed({ endDate: t.t('membersAdmin.error.endBeforeStart') });
    }
  });

  // 3. Ending ----------------------------------------------------------------------------------------
  const endSchema = z.object({ endDate: dateText(true), reason: text(limits.reason).min(1, 'form.error.required') });

  async function loadMembership(ctx: AdminContext, id: number): Promise<{ council: Council; membership: MembershipRow; categories: SeatCategory[] }> {
    const council = councilOf(ctx);
    const membership = await findCouncilMembership(ctx.db, council.id, id);
    if (!membership) throw new NotFoundError(`No membership ${id} in ${council.slug}`);
    return { council, membership, categories: await listSeatCategories(ctx.db, council.id) };
  }

  function MembershipSummary(props: { t: Translator; membership: MembershipRow; categories: SeatCategory[] }): JSX.Element {
    const { t, membership: m } = props;
    return (
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t.html('members.name')}</dt>
          <dd class="kern-description-list-item__value">
            <PersonName t={t} person={m.person} />
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t.html('council.seatCategory')}</dt>
          <dd class="kern-description-list-item__value" safe>
            {categoryName(t, props.categories, m.seatCategoryId)}
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t.html('membersAdmin.col.since')}</dt>
          <dd class="kern-description-list-item__value">
            <DateCell t={t} value={m.startDate} />
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t.html('membersAdmin.col.until')}</dt>
          <dd class="kern-description-list-item__value">
            <DateCell t={t} value={m.endDate} empty={t.t('membersAdmin.open')} />
          </dd>
        </div>
        {m.endReason ? (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{t.html('membersAdmin.col.reason')}</dt>
            <dd class="kern-description-list-item__value" safe>
              {m.endReason}
            </dd>
          </div>
        ) : (
          ''
        )}
      </dl>
    );
  }

  async function endPage(ctx: AdminContext, id: number, form: FormState) {
    const { t } = ctx;
    const { council, membership, categories } = await loadMembership(ctx, id);
    const today = berlinDate(ctx.now);
    const ended = membership.endDate !== null && membership.endDate < today;
    const labels = { endDate: t.t('membersAdmin.field.endDateEnd'), reason: t.t('membersAdmin.field.reason') };
    const title = t.t('membersAdmin.end.title', { name: displayName(membership.person) });
    return (
      <AdminLayout ctx={ctx} title={title} crumbs={crumbs(ctx, council, title)}>
        <MembershipSummary t={t} membership={membership} categories={categories} />
        {ended ? (
          <p class="kern-body">{t.html('membersAdmin.end.alreadyEnded', { date: t.fmt.dateShort(membership.endDate!) })}</p>
        ) : (
          <>
            <p class="kern-body">{t.html('membersAdmin.end.intro')}</p>
            <ErrorSummary t={t} errors={form.errors} labels={labels} />
            <Form action={t.href(`${membersBase(council.slug)}/${membership.id}/beenden`)} csrfToken={ctx.csrfToken()}>
              <TextField t={t} name="endDate" type="date" label={labels.endDate} form={form} hint={t.t('membersAdmin.hint.endDateEnd', { date: t.fmt.dateShort(membership.startDate) })} />
              <TextArea t={t} name="reason" label={labels.reason} form={form} maxlength={limits.reason} rows={3} hint={t.t('membersAdmin.hint.reason', { max: limits.reason })} />
              <SubmitButton label={t.t('membersAdmin.end.submit')} />
            </Form>
          </>
        )}
        <BackLink t={t} slug={council.slug} />
      </AdminLayout>
    );
  }

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/mitglieder/:id/beenden', permission: 'members.manage', params: membershipParams }, async (ctx, params) =>
    endPage(ctx, params.id, { values: { endDate: berlinDate(ctx.now) }, errors: {} }),
  );

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/mitglieder/:id/beenden', permission: 'members.manage', params: membershipParams }, async (ctx, params) => {
    const { t } = ctx;
    const { council, membership } = await loadMembership(ctx, params.id);
    const values = formValues(ctx.request.body);
    const parsed = endSchema.safeParse(pick(values, ['endDate', 'reason']));
    const failed = (errors: FieldErrors) => {
      ctx.reply.status(400);
      return endPage(ctx, params.id, { values, errors });
    };
    if (!parsed.success) {
      const errors = fieldErrors(t, parsed.error);
      const end = typeof values.endDate === 'string' ? parseFormDate(values.endDate) : null;
      if (end && end < membership.startDate) addError(errors, 'endDate', t.t('membersAdmin.error.endBeforeMembershipStart', { date: t.fmt.dateShort(membership.startDate) }));
      return failed(errors);
    }
    const outcome = await endMembership(ctx.db, council.id, membership.id, { endDate: parseFormDate(parsed.data.endDate)!, reason: parsed.data.reason, today: berlinDate(ctx.now) }, ctx.actor);
    if (outcome.ok) return ctx.redirect(`${membersBase(council.slug)}?hinweis=membersAdmin.flash.ended`);
    switch (outcome.reason) {
      case 'not_found':
        throw new NotFoundError('Membership vanished');
      case 'already_ended':
        return failed({ _form: t.t('membersAdmin.end.alreadyEnded', { date: t.fmt.dateShort(outcome.endDate) }) });
      case 'before_start':
        return failed({ endDate: t.t('membersAdmin.error.endBeforeMembershipStart', { date: t.fmt.dateShort(outcome.startDate) }) });
      case 'after_planned_end':
        return failed({ endDate: t.t('membersAdmin.error.afterPlannedEnd', { date: t.fmt.dateShort(outcome.endDate) }) });
      case 'chair_conflict':
        return failed({ endDate: t.t('membersAdmin.error.chairConflict', { date: t.fmt.dateShort(outcome.chairStart) }) });
    }
  });

  // 4. Editing ---------------------------------------------------------------------------------------
  const editSchema = z.object({ votingRight: z.enum(['yes', 'no'], { message: 'form.error.choose' }), publicConsent: z.enum(['', 'on']), endDate: dateText(false) });

  async function editPage(ctx: AdminContext, id: number, form: FormState | undefined) {
    const { t } = ctx;
    const { council, membership, categories } = await loadMembership(ctx, id);
    const state = form ?? {
      values: { votingRight: membership.votingRight ? 'yes' : 'no', publicConsent: membership.publicConsent ? 'on' : '', endDate: membership.endDate ?? '' },
      errors: {},
    };
    const labels = { votingRight: t.t('membersAdmin.field.votingRight'), publicConsent: t.t('membersAdmin.field.publicConsent'), endDate: t.t('membersAdmin.field.endDate') };
    const title = t.t('membersAdmin.edit.title', { name: displayName(membership.person) });
    return (
      <AdminLayout ctx={ctx} title={title} crumbs={crumbs(ctx, council, title)}>
        <MembershipSummary t={t} membership={membership} categories={categories} />
        <ErrorSummary t={t} errors={state.errors} labels={labels} />
        <Form action={t.href(`${membersBase(council.slug)}/${membership.id}/bearbeiten`)} csrfToken={ctx.csrfToken()}>
          <Select
            t={t}
            name="votingRight"
            label={labels.votingRight}
            form={state}
            options={[
              { value: 'yes', label: t.t('membersAdmin.voting.yes') },
              { value: 'no', label: t.t('membersAdmin.voting.no') },
            ]}
          />
          <Checkbox t={t} name="publicConsent" label={labels.publicConsent} form={state} hint={t.t('membersAdmin.hint.publicConsent')} />
          <TextField t={t} name="endDate" type="date" label={labels.endDate} form={state} optional hint={t.t('membersAdmin.hint.endDateEdit')} />
          <SubmitButton label={t.t('form.save')} />
        </Form>
        <p class="kern-body">
          <a class="kern-link" href={t.href(`${membersBase(council.slug)}/${membership.id}/beenden`)}>
            {t.html('membersAdmin.action.end')}
          </a>
        </p>
        <BackLink t={t} slug={council.slug} />
      </AdminLayout>
    );
  }

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/mitglieder/:id/bearbeiten', permission: 'members.manage', params: membershipParams }, async (ctx, params) => editPage(ctx, params.id, undefined));

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/mitglieder/:id/bearbeiten', permission: 'members.manage', params: membershipParams }, async (ctx, params) => {
    const { t } = ctx;
    const { council, membership, categories } = await loadMembership(ctx, params.id);
    const values = formValues(ctx.request.body);
    const parsed = editSchema.safeParse(pick(values, ['votingRight', 'publicConsent', 'endDate']));
    const failed = (errors: FieldErrors) => {
      ctx.reply.status(400);
      return editPage(ctx, params.id, { values, errors });
    };
    if (!parsed.success) return failed(fieldErrors(t, parsed.error));
    const endDate = optionalDate(parsed.data.endDate);
    if (endDate !== null && endDate < membership.startDate) return failed({ endDate: t.t('membersAdmin.error.endBeforeMembershipStart', { date: t.fmt.dateShort(membership.startDate) }) });
    const outcome = await updateMembership(ctx.db, council.id, membership.id, { votingRight: parsed.data.votingRight === 'yes', publicConsent: parsed.data.publicConsent === 'on', endDate }, ctx.actor);
    if (outcome.ok) return ctx.redirect(`${membersBase(council.slug)}?hinweis=${outcome.changed ? 'membersAdmin.flash.updated' : 'membersAdmin.flash.unchanged'}`);
    switch (outcome.reason) {
      case 'not_found':
        throw new NotFoundError('Membership vanished');
      case 'before_start':
        return failed({ endDate: t.t('membersAdmin.error.endBeforeMembershipStart', { date: t.fmt.dateShort(outcome.startDate) }) });
      case 'over_quota':
        return failed({ endDate: overQuotaMessage(t, categories, outcome) });
      case 'chair_conflict':
        return failed({ endDate: t.t('membersAdmin.error.chairConflict', { date: t.fmt.dateShort(outcome.chairStart) }) });
    }
  });

  // 5. Chair elections -------------------------------------------------------------------------------
  const chairSchema = z.object({
    personId: idText,
    role: z.enum(['chair', 'deputy_chair'], { message: 'form.error.choose' }),
    electedOn: dateText(true),
    startDate: dateText(true),
  });

  async function chairPage(ctx: AdminContext, form: FormState) {
    const { t, db } = ctx;
    const council = councilOf(ctx);
    const today = berlinDate(ctx.now);
    const [all, terms] = await Promise.all([listCouncilMemberships(db, council.id), listCouncilChairTerms(db, council.id)]);
    const candidates = uniquePeople(all.filter((m) => isCurrent(m, today))).sort((a, b) => displayName(a).localeCompare(displayName(b), t.locale));
    const labels = { personId: t.t('membersAdmin.field.chairPerson'), role: t.t('membersAdmin.field.role'), electedOn: t.t('membersAdmin.field.electedOn'), startDate: t.t('membersAdmin.field.chairStart') };
    const title = t.t('membersAdmin.chair.title');
    return (
      <AdminLayout ctx={ctx} title={title} crumbs={crumbs(ctx, council, title)}>
        <Flash ctx={ctx} allowed={flashKeys} />
        <p class="kern-body">{t.html('membersAdmin.chair.intro')}</p>
        <ErrorSummary t={t} errors={form.errors} labels={labels} />
        <Form action={t.href(`${base(council.slug)}/vorsitz`)} csrfToken={ctx.csrfToken()}>
          <Select t={t} name="personId" label={labels.personId} form={form} options={[{ value: '', label: t.t('membersAdmin.choose') }, ...candidates.map((p) => ({ value: String(p.id), label: displayName(p) }))]} />
          <Select
            t={t}
            name="role"
            label={labels.role}
            form={form}
            options={[
              { value: 'chair', label: t.t('chair.role.chair') },
              { value: 'deputy_chair', label: t.t('chair.role.deputy_chair') },
            ]}
          />
          <TextField t={t} name="electedOn" type="date" label={labels.electedOn} form={form} />
          <TextField t={t} name="startDate" type="date" label={labels.startDate} form={form} hint={t.t('membersAdmin.hint.chairStart')} />
          <SubmitButton label={t.t('membersAdmin.chair.submit')} />
        </Form>
        <h2 id="chair-history" class="kern-heading-medium">
          {t.html('membersAdmin.chair.history')}
        </h2>
        <ChairTable t={t} terms={terms} />
        <BackLink t={t} slug={council.slug} />
      </AdminLayout>
    );
  }

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/vorsitz', permission: 'members.manage', params: councilParams }, async (ctx) => {
    const today = berlinDate(ctx.now);
    return chairPage(ctx, { values: { role: 'chair', electedOn: today, startDate: today }, errors: {} });
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/vorsitz', permission: 'members.manage', params: councilParams }, async (ctx) => {
    const { t } = ctx;
    const council = councilOf(ctx);
    const values = formValues(ctx.request.body);
    const raw = pick(values, ['personId', 'role', 'electedOn', 'startDate']);
    const parsed = chairSchema.safeParse(raw);
    const errors: FieldErrors = parsed.success ? {} : fieldErrors(t, parsed.error);
    const electedOn = typeof raw.electedOn === 'string' ? parseFormDate(raw.electedOn) : null;
    const startDate = typeof raw.startDate === 'string' ? parseFormDate(raw.startDate) : null;
    if (electedOn && startDate && electedOn > startDate) addError(errors, 'electedOn', t.t('membersAdmin.error.electedAfterStart'));
    const failed = (errs: FieldErrors) => {
      ctx.reply.status(400);
      return chairPage(ctx, { values, errors: errs });
    };
    if (!parsed.success || Object.keys(errors).length > 0) return failed(errors);
    const outcome = await electChair(ctx.db, council.id, { personId: Number(parsed.data.personId), role: parsed.data.role, electedOn: electedOn!, startDate: startDate! }, ctx.actor);
    if (outcome.ok) return ctx.redirect(`${base(council.slug)}/vorsitz?hinweis=membersAdmin.flash.elected`);
    switch (outcome.reason) {
      case 'not_member':
        return failed({ personId: t.t('membersAdmin.error.notMember') });
      case 'starts_too_early':
        return failed({ startDate: t.t('membersAdmin.error.chairStartsTooEarly', { date: t.fmt.dateShort(outcome.after) }) });
    }
  });

  // 6. History ---------------------------------------------------------------------------------------
  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/mitglieder/verlauf', permission: 'members.manage', params: councilParams }, async (ctx) => {
    const { t, db } = ctx;
    const council = councilOf(ctx);
    const [categories, all, terms] = await Promise.all([listSeatCategories(db, council.id), listCouncilMemberships(db, council.id), listCouncilChairTerms(db, council.id)]);
    const title = t.t('membersAdmin.history.title');
    return (
      <AdminLayout ctx={ctx} title={title} crumbs={crumbs(ctx, council, title)}>
        <h2 id="membership-history" class="kern-heading-medium">
          {t.html('membersAdmin.history.memberships')}
        </h2>
        {all.length === 0 ? (
          <p class="kern-body">{t.html('membersAdmin.history.none')}</p>
        ) : (
          <DataTable
            label={t.t('membersAdmin.history.memberships')}
            columns={[{ label: t.t('members.name') }, { label: t.t('council.seatCategory') }, { label: t.t('membersAdmin.col.since') }, { label: t.t('membersAdmin.col.until') }, { label: t.t('membersAdmin.col.reason') }, { label: t.t('membersAdmin.col.voting') }, { label: t.t('membersAdmin.col.consent') }]}
          >
            {all.map((m) => (
              <tr>
                <th scope="row" class="kern-table__cell">
                  <PersonName t={t} person={m.person} />
                </th>
                <td class="kern-table__cell" safe>
                  {categoryName(t, categories, m.seatCategoryId)}
                </td>
                <td class="kern-table__cell">
                  <DateCell t={t} value={m.startDate} />
                </td>
                <td class="kern-table__cell">
                  <DateCell t={t} value={m.endDate} empty={t.t('membersAdmin.open')} />
                </td>
                <td class="kern-table__cell" safe>
                  {m.endReason ?? ''}
                </td>
                <td class="kern-table__cell" safe>
                  {yesNo(t, m.votingRight)}
                </td>
                <td class="kern-table__cell" safe>
                  {yesNo(t, m.publicConsent)}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <h2 id="chair-history" class="kern-heading-medium">
          {t.html('membersAdmin.chair.history')}
        </h2>
        <ChairTable t={t} terms={terms} />
        <BackLink t={t} slug={council.slug} />
      </AdminLayout>
    );
  });
}

/** Current members of one group, with what the office may change. */
function MemberTable(props: {
  ctx: AdminContext;
  council: Council;
  caption: string;
  rows: MembershipRow[];
  functionOf: (personId: number) => string[];
  /** Given when the rows mix categories: adds a category column. */
  categories?: SeatCategory[];
}): JSX.Element {
  const { ctx, council, rows, categories } = props;
  const { t } = ctx;
  return (
    <DataTable
      label={props.caption}
      columns={[{ label: t.t('members.name') }, ...(categories ? [{ label: t.t('council.seatCategory') }] : []), { label: t.t('members.role') }, { label: t.t('membersAdmin.col.voting') }, { label: t.t('membersAdmin.col.since') }, { label: t.t('membersAdmin.col.until') }, { label: t.t('membersAdmin.col.consent') }, { label: t.t('membersAdmin.col.actions') }]}
      class="members-admin__table"
    >
      {rows.map((m) => {
        const name = displayName(m.person);
        const functions = [t.t(`membersAdmin.role.${m.role}`), ...props.functionOf(m.person.id)];
        return (
          <tr>
            <th scope="row" class="kern-table__cell">
              <PersonName t={t} person={m.person} />
            </th>
            {categories ? (
              <td class="kern-table__cell" safe>
                {categoryName(t, categories, m.seatCategoryId)}
              </td>
            ) : (
              ''
            )}
            <td class="kern-table__cell" safe>
              {functions.join(', ')}
            </td>
            <td class="kern-table__cell" safe>
              {yesNo(t, m.votingRight)}
            </td>
            <td class="kern-table__cell">
              <DateCell t={t} value={m.startDate} />
            </td>
            <td class="kern-table__cell">
              <DateCell t={t} value={m.endDate} empty={t.t('membersAdmin.open')} />
            </td>
            <td class="kern-table__cell" safe>
              {yesNo(t, m.publicConsent)}
            </td>
            <td class="kern-table__cell">
              <ul class="kern-list members-admin__row-actions">
                <li>
                  <a class="kern-link" href={t.href(`${membersBase(council.slug)}/${m.id}/bearbeiten`)}>
                    {t.html('membersAdmin.action.edit')}
                    <span class="kern-sr-only" safe>{`: ${name}`}</span>
                  </a>
                </li>
                <li>
                  <a class="kern-link" href={t.href(`${membersBase(council.slug)}/${m.id}/beenden`)}>
                    {t.html('membersAdmin.action.end')}
                    <span class="kern-sr-only" safe>{`: ${name}`}</span>
                  </a>
                </li>
              </ul>
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}

function ChairTable(props: { t: Translator; terms: ChairTermRow[] }): JSX.Element {
  const { t, terms } = props;
  if (terms.length === 0) return <p class="kern-body">{t.html('membersAdmin.chair.noHistory')}</p>;
  return (
    <DataTable
      label={t.t('membersAdmin.chair.history')}
      columns={[{ label: t.t('members.name') }, { label: t.t('membersAdmin.field.role') }, { label: t.t('membersAdmin.field.electedOn') }, { label: t.t('membersAdmin.col.since') }, { label: t.t('membersAdmin.col.until') }, { label: t.t('membersAdmin.col.consent') }]}
    >
      {terms.map((c) => (
        <tr>
          <th scope="row" class="kern-table__cell">
            <PersonName t={t} person={c.person} />
          </th>
          <td class="kern-table__cell">{t.html(`chair.role.${c.role}`)}</td>
          <td class="kern-table__cell">
            <DateCell t={t} value={c.electedOn} />
          </td>
          <td class="kern-table__cell">
            <DateCell t={t} value={c.startDate} />
          </td>
          <td class="kern-table__cell">
            <DateCell t={t} value={c.endDate} empty={t.t('membersAdmin.open')} />
          </td>
          <td class="kern-table__cell" safe>
            {yesNo(t, c.publicConsent)}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** Each person once, with their latest membership: whom a new term can be given to. */
function latestPerPerson(all: readonly MembershipRow[]): MembershipRow[] {
  const latest = new Map<number, MembershipRow>();
  for (const m of all) {
    const seen = latest.get(m.person.id);
    if (!seen || m.startDate > seen.startDate) latest.set(m.person.id, m);
  }
  return [...latest.values()].sort((a, b) => displayName(a.person).localeCompare(displayName(b.person), 'de'));
}

function uniquePeople(rows: readonly MembershipRow[]): Array<MembershipRow['person']> {
  const map = new Map<number, MembershipRow['person']>();
  for (const m of rows) map.set(m.person.id, m.person);
  return [...map.values()];
}
