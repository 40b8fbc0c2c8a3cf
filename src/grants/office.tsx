import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AdminLayout, adminRoute, Flash, type AdminContext } from '../admin/kit.js';
import { councilAreas } from '../admin/routes.js';
import type { Council } from '../councils/repository.js';
import { documentPath } from '../documents/routes.js';
import type { MessageKey, Translator } from '../infra/i18n/translator.js';
import { Alert, DateText, DescriptionList, ExampleBadge, Time } from '../web/components.js';
import { parseFormDate } from '../members/service.js';
import type { GrantRecommendation } from './recommendation.js';
import { emptyForm, ErrorSummary, fieldErrors, Form, FormError, formValues, Select, SubmitButton, TextArea, TextField, type FieldErrors, type FormState, type FormValues } from '../web/forms.js';
import { NotFoundError } from '../web/http-errors.js';
import type { PageServices } from '../web/pages.js';
import { DataTable } from '../web/table.js';
import { askForMissingParts, completeGrant, countByStatus, findGrantStatus, listAgendaMeetings, listInbox, loadGrantFile, officeStatuses, putOnAgenda, withdrawGrant, type GrantFile, type GrantRow, type OfficeOutcome } from './office-service.js';
import { formatEuroInput, parseEuroAmount, type EuroAmountError } from './amounts.js';
import { formatGrantNumber, type GrantStatus } from './service.js';
import { availableActions, grantActions, transition, type GrantAction } from './states.js';

/**
 * The office's pages for grant applications: the inbox with a status filter, and one page per
 * application with everything the applicant gave, where it stands and the steps its state allows,
 * each a small form that works without JavaScript. The rules live in office-service.ts and
 * states.ts; these pages parse forms, keep what was typed and show refusals in the reader's language.
 */

export const grantsBase = (slug: string) => `/admin/beiraete/${slug}/zuwendungen`;
export const grantOfficePath = (slug: string, id: number) => `${grantsBase(slug)}/${id}`;

const idParam = z
  .string()
  .regex(/^[1-9]\d{0,8}$/)
  .transform(Number);
const councilParams = z.object({ slug: z.string() });
const grantParams = z.object({ slug: z.string(), id: idParam });

const limits = { missingInfo: 4000, reason: 1000 } as const;

const flashKeys = ['grantOffice.flash.completed', 'grantOffice.flash.askedBack', 'grantOffice.flash.onAgenda', 'grantOffice.flash.withdrawn'] as const;

function councilOf(ctx: AdminContext): Council {
  // adminRoute has loaded the council of :slug (or answered 404) before any handler here runs.
  if (!ctx.council) throw new NotFoundError('No council');
  return ctx.council;
}

export const statusLabel = (t: Translator, status: GrantStatus) => t.t(`grantOffice.status.${status}`);

const statusBadge: Record<GrantStatus, 'info' | 'success' | 'warning' | 'danger'> = {
  draft: 'info',
  submitted: 'warning',
  complete: 'info',
  on_agenda: 'info',
  recommended: 'success',
  not_recommended: 'danger',
  approved: 'success',
  rejected: 'danger',
  notified: 'success',
  paid: 'success',
  proof_due: 'warning',
  proof_received: 'info',
  closed: 'success',
  withdrawn: 'danger',
};

function StatusBadge(props: { t: Translator; status: GrantStatus }): JSX.Element {
  return (
    <span class={`kern-badge kern-badge--${statusBadge[props.status]}`}>
      <span class="kern-label" safe>
        {statusLabel(props.t, props.status)}
      </span>
    </span>
  );
}

const money = (t: Translator, cents: number | null) => (cents === null ? t.t('grantOffice.noAmount') : t.fmt.money(cents));
const grantNumber = (g: Pick<GrantRow, 'year' | 'number'>) => formatGrantNumber(g.year, g.number);

/** The refusal of a state change, naming the state the application is in. */
function refusalText(t: Translator, outcome: Exclude<OfficeOutcome, { ok: true }>): string {
  switch (outcome.reason) {
    case 'invalid_transition':
      return t.t('grantOffice.refused.invalid_transition', { status: statusLabel(t, outcome.status) });
    case 'meeting_not_eligible':
      return t.t('grantOffice.refused.meeting');
    case 'no_email':
      return t.t('grantOffice.refused.no_email');
    case 'not_found':
      return '';
  }
}

// ---------------------------------------------------------------------------------------------------
// Inbox
// ---------------------------------------------------------------------------------------------------

async function inboxPage(ctx: AdminContext, filter: FormState): Promise<JSX.Element> {
  const { t } = ctx;
  const council = councilOf(ctx);
  const slug = council.slug;
  const chosen = filter.errors.status ? undefined : (officeStatuses as readonly string[]).includes(String(filter.values.status ?? '')) ? (filter.values.status as GrantStatus) : undefined;
  const [rows, counts] = await Promise.all([listInbox(ctx.db, council.id, chosen), countByStatus(ctx.db, council.id)]);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const title = t.t('grantOffice.inbox.title', { council: t.text(council.shortName) });
  const caption = chosen ? t.t('grantOffice.inbox.captionFiltered', { status: statusLabel(t, chosen) }) : t.t('grantOffice.inbox.caption');
  return (
    <AdminLayout ctx={ctx} title={title} crumbs={[{ label: t.text(council.name), path: `/admin/beiraete/${slug}` }, { label: t.t('grantOffice.crumb') }]}>
      <p class="kern-body">{t.html('grantOffice.inbox.intro')}</p>

      <section>
        <h2 id="counts" class="kern-heading-medium">
          {t.html('grantOffice.inbox.counts')}
        </h2>
        <ul class="kern-list">
          {officeStatuses
            .filter((s) => (counts.get(s) ?? 0) > 0)
            .map((s) => (
              <li>
                <a class="kern-link" href={`${t.href(grantsBase(slug))}?status=${s}`} aria-current={chosen === s ? 'true' : undefined} safe>
                  {`${statusLabel(t, s)}: ${t.fmt.number(counts.get(s) ?? 0)}`}
                </a>
              </li>
            ))}
          <li>
            <a class="kern-link" href={t.href(grantsBase(slug))} aria-current={chosen === undefined ? 'true' : undefined} safe>
              {`${t.t('grantOffice.inbox.total')}: ${t.fmt.number(total)}`}
            </a>
          </li>
        </ul>
      </section>

      <ErrorSummary t={t} errors={filter.errors} labels={{ status: t.t('grantOffice.inbox.status') }} />
      <Form action={t.href(grantsBase(slug))} method="get" label={t.t('grantOffice.inbox.filter')}>
        <Select
          t={t}
          name="status"
          label={t.t('grantOffice.inbox.status')}
          form={filter}
          options={[{ value: '', label: t.t('grantOffice.inbox.all') }, ...officeStatuses.map((s) => ({ value: s, label: `${statusLabel(t, s)} (${t.fmt.number(counts.get(s) ?? 0)})` }))]}
        />
        <SubmitButton label={t.t('grantOffice.inbox.apply')} variant="secondary" />
      </Form>

      {total === 0 ? (
        <p class="kern-body">{t.html('grantOffice.inbox.noneAtAll')}</p>
      ) : rows.length === 0 ? (
        <p class="kern-body">{t.html('grantOffice.inbox.none')}</p>
      ) : (
        <DataTable
          label={caption}
          columns={[
            { label: t.t('grantOffice.col.number') },
            { label: t.t('grantOffice.col.recipient') },
            { label: t.t('grantOffice.col.title') },
            { label: t.t('grantOffice.col.requested'), numeric: true },
            { label: t.t('grantOffice.col.recommended'), numeric: true },
            { label: t.t('grantOffice.col.approved'), numeric: true },
            { label: t.t('grantOffice.col.status') },
            { label: t.t('grantOffice.col.submitted') },
          ]}
        >
          {rows.map((g) => (
            <tr>
              <th scope="row" class="kern-table__cell">
                <a class="kern-link" href={t.href(grantOfficePath(slug, g.id))} safe>
                  {grantNumber(g) || `#${g.id}`}
                </a>
              </th>
              <td class="kern-table__cell" safe>
                {g.recipientName}
              </td>
              <td class="kern-table__cell">
                <span safe>{t.text(g.title)}</span>
                <ExampleBadge t={t} show={g.isExample} />
              </td>
              <td class="kern-table__cell kern-table__cell--numeric" safe>
                {money(t, g.amountRequestedCents)}
              </td>
              <td class="kern-table__cell kern-table__cell--numeric" safe>
                {money(t, g.amountRecommendedCents)}
              </td>
              <td class="kern-table__cell kern-table__cell--numeric" safe>
                {money(t, g.amountApprovedCents)}
              </td>
              <td class="kern-table__cell">
                <StatusBadge t={t} status={g.status} />
              </td>
              <td class="kern-table__cell">{g.submittedAt ? <Time value={g.submittedAt} text={t.fmt.dateShort(g.submittedAt)} /> : ''}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </AdminLayout>
  );
}

// ---------------------------------------------------------------------------------------------------
// Detail
// ---------------------------------------------------------------------------------------------------

type ActionForm = 'askBack' | 'agenda' | 'withdraw';

interface DetailState {
  /** The form that failed, with what was typed and its field errors. */
  form?: { name: ActionForm; state: FormState };
  refusal?: string;
}

const fieldLabels = (t: Translator) => ({
  missingInfo: t.t('grantOffice.askBack.text'),
  meetingId: t.t('grantOffice.agenda.meeting'),
  reason: t.t('grantOffice.withdraw.reason'),
});

function textOrNone(t: Translator, value: string | null | undefined, lang?: string): JSX.Element {
  if (value === null || value === undefined || value.trim() === '') return <span class="kern-body--muted">{t.html('grantOffice.detail.none')}</span>;
  // Line breaks the applicant typed carry meaning (lists, paragraphs): keep them.
  const lines = value.split('\n');
  return (
    <span lang={lang}>
      {lines.map((line, i) => (
        <>
          {i > 0 ? <br /> : ''}
          <span safe>{line}</span>
        </>
      ))}
    </span>
  );
}

function dateOrNone(t: Translator, value: string | null): JSX.Element {
  return value ? <DateText value={value} text={t.fmt.dateShort(value)} /> : <span class="kern-body--muted">{t.html('grantOffice.detail.none')}</span>;
}

function instantOrNone(t: Translator, value: Date | null): JSX.Element {
  return value ? <Time value={value} text={t.fmt.dateShort(value)} /> : <span class="kern-body--muted">{t.html('grantOffice.detail.none')}</span>;
}

const historyNames = [...grantActions, 'ask_back', 'amend', 'draft_save'] as const;

/** What an audit event did, in words; events of steps this page does not know keep their code. */
function historyLabel(t: Translator, action: string): string {
  const name = action.replace(/^grant\./, '');
  return (historyNames as readonly string[]).includes(name) ? t.t(`grantOffice.history.${name as (typeof historyNames)[number]}`) : action;
}

function historyStatus(t: Translator, after: unknown): string {
  const status = after && typeof after === 'object' && 'status' in after ? (after as { status: unknown }).status : undefined;
  return typeof status === 'string' && status in statusBadge ? statusLabel(t, status as GrantStatus) : '';
}

/** Links to the steps other pages handle, shown when the state machine allows them. */
function laterSteps(slug: string, grant: GrantRow, actions: readonly GrantAction[]): Array<{ path: string; label: MessageKey }> {
  const own = grantOfficePath(slug, grant.id);
  const steps: Array<{ path: string; label: MessageKey }> = [];
  if (actions.includes('approve') || actions.includes('reject')) steps.push({ path: `${grantsBase(slug)}/vorlagen`, label: 'grantOffice.later.decisionPapers' });
  if (actions.includes('notify')) steps.push({ path: `${own}/bescheid`, label: 'grantOffice.later.notice' });
  if (actions.includes('pay')) steps.push({ path: `${own}/zahlungen`, label: 'grantOffice.later.payments' });
  if (actions.includes('receive_proof') || actions.includes('request_proof')) steps.push({ path: `${own}/nachweis`, label: 'grantOffice.later.proof' });
  if (actions.includes('close')) steps.push({ path: `${own}/abschliessen`, label: 'grantOffice.later.close' });
  const funded: readonly GrantStatus[] = ['recommended', 'approved', 'notified', 'paid', 'proof_due', 'proof_received', 'closed'];
  if (funded.includes(grant.status)) steps.push({ path: `${own}/finanzierung`, label: 'grantOffice.later.funding' });
  return steps;
}

const meetingName = (t: Translator, m: { title: GrantFile['agenda'][number]['meeting']['title']; startsAt: Date }) => (m.title ? t.text(m.title) : t.t('meetings.meetingOn', { date: t.fmt.dateShort(m.startsAt) }));

async function detailPage(ctx: AdminContext, grantId: number, state: DetailState = {}): Promise<JSX.Element> {
  const { t } = ctx;
  const council = councilOf(ctx);
  const slug = council.slug;
  const file = await loadGrantFile(ctx.db, council.id, grantId);
  if (!file) throw new NotFoundError(`No application ${grantId} in ${slug}`);
  const { grant } = file;
  const actions = availableActions(grant.status);
  const own = grantOfficePath(slug, grant.id);
  const number = grantNumber(grant);
  const title = t.t('grantOffice.detail.title', { number, title: t.text(grant.title) });
  const formOf = (name: ActionForm, initial: FormState = emptyForm()) => (state.form?.name === name ? state.form.state : initial);
  const labels = fieldLabels(t);
  const canAskBack = actions.includes('complete') || actions.includes('reopen');
  const meetingsOpen = actions.includes('put_on_agenda') ? await listAgendaMeetings(ctx.db, council.id, ctx.now) : [];
  const openItem = file.agenda.find((a) => a.item.result === null && grant.status === 'on_agenda');
  const later = laterSteps(slug, grant, actions);
  const summary = grant.summary ? t.textWithLang(grant.summary) : undefined;
  const applicantLang = grant.locale;

  return (
    <AdminLayout ctx={ctx} title={title} crumbs={[{ label: t.text(council.name), path: `/admin/beiraete/${slug}` }, { label: t.t('grantOffice.crumb'), path: grantsBase(slug) }, { label: number || `#${grant.id}` }]}>
      <Flash ctx={ctx} allowed={flashKeys} />
      <FormError message={state.refusal} id="refusal" />
      <DescriptionList
        items={[
          { key: t.t('grantOffice.detail.state'), value: <StatusBadge t={t} status={grant.status} /> },
          { key: t.t('grantOffice.col.number'), value: <span safe>{number}</span> },
          { key: t.t('grantOffice.detail.submittedAt'), value: instantOrNone(t, grant.submittedAt) },
        ]}
      />
      <ExampleBadge t={t} show={grant.isExample} />

      <section>
        <h2 id="actions" class="kern-heading-medium">
          {t.html('grantOffice.detail.actions')}
        </h2>
        {actions.length === 0 ? <p class="kern-body">{t.html('grantOffice.detail.actionsNone')}</p> : ''}

        {actions.includes('complete') ? (
          <section>
            <h3 class="kern-heading-small">{t.html('grantOffice.complete.title')}</h3>
            <p class="kern-body">{t.html('grantOffice.complete.intro')}</p>
            <Form action={t.href(`${own}/vollstaendig`)} csrfToken={ctx.csrfToken()} label={t.t('grantOffice.complete.title')}>
              <SubmitButton label={t.t('grantOffice.complete.submit')} />
            </Form>
          </section>
        ) : (
          ''
        )}

        {canAskBack ? (
          <section>
            <h3 id="ask-back" class="kern-heading-small">
              {t.html('grantOffice.askBack.title')}
            </h3>
            <p class="kern-body">{t.html('grantOffice.askBack.intro')}</p>
            {grant.status === 'complete' ? <p class="kern-body">{t.html('grantOffice.askBack.introComplete')}</p> : ''}
            {state.form?.name === 'askBack' ? <ErrorSummary t={t} errors={state.form.state.errors} labels={labels} /> : ''}
            <Form action={t.href(`${own}/nachfordern`)} csrfToken={ctx.csrfToken()} label={t.t('grantOffice.askBack.title')}>
              <TextArea t={t} name="missingInfo" label={labels.missingInfo} hint={t.t('grantOffice.askBack.hint')} form={formOf('askBack')} rows={6} maxlength={limits.missingInfo} />
              <SubmitButton label={t.t('grantOffice.askBack.submit')} variant="secondary" />
            </Form>
          </section>
        ) : (
          ''
        )}

        {actions.includes('put_on_agenda') ? (
          <section>
            <h3 id="agenda-form" class="kern-heading-small">
              {t.html('grantOffice.agenda.title')}
            </h3>
            <p class="kern-body">{t.html('grantOffice.agenda.intro')}</p>
            {state.form?.name === 'agenda' ? <ErrorSummary t={t} errors={state.form.state.errors} labels={labels} /> : ''}
            {meetingsOpen.length === 0 && state.form?.name !== 'agenda' ? (
              <p class="kern-body">
                {t.html('grantOffice.agenda.noMeetings')}{' '}
                <a class="kern-link" href={t.href(`/admin/beiraete/${slug}/sitzungen/neu`)}>
                  {t.html('grantOffice.agenda.planMeeting')}
                </a>
              </p>
            ) : (
              <Form action={t.href(`${own}/tagesordnung`)} csrfToken={ctx.csrfToken()} label={t.t('grantOffice.agenda.title')}>
                <Select
                  t={t}
                  name="meetingId"
                  label={labels.meetingId}
                  form={formOf('agenda')}
                  options={[
                    { value: '', label: t.t('grantOffice.agenda.choose') },
                    ...meetingsOpen.map((m) => ({
                      value: String(m.id),
                      label: `${t.t(m.state === 'invited' ? 'grantOffice.agenda.meetingOptionInvited' : 'grantOffice.agenda.meetingOption', { date: `${t.fmt.dateLong(m.startsAt)}, ${t.fmt.time(m.startsAt)}` })}${m.title ? ` – ${t.text(m.title)}` : ''}`,
                    })),
                  ]}
                />
                <SubmitButton label={t.t('grantOffice.agenda.submit')} />
              </Form>
            )}
          </section>
        ) : (
          ''
        )}

        {openItem ? (
          <p class="kern-body">
            {t.html('grantOffice.detail.inMeeting')}{' '}
            <a class="kern-link" href={t.href(`/admin/beiraete/${slug}/sitzungen/${openItem.meeting.id}/top/${openItem.item.id}`)}>
              {t.html('grantOffice.detail.toItem')}
            </a>
          </p>
        ) : (
          ''
        )}

        {later.length > 0 ? (
          <section>
            <h3 class="kern-heading-small">{t.html('grantOffice.later.title')}</h3>
            <ul class="kern-list">
              {later.map((step) => (
                <li>
                  <a class="kern-link" href={t.href(step.path)}>
                    {t.html(step.label)}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ) : (
          ''
        )}

        {actions.includes('withdraw') ? (
          <section>
            <h3 id="withdraw" class="kern-heading-small">
              {t.html('grantOffice.withdraw.title')}
            </h3>
            <p class="kern-body">{t.html('grantOffice.withdraw.intro')}</p>
            {state.form?.name === 'withdraw' ? <ErrorSummary t={t} errors={state.form.state.errors} labels={labels} /> : ''}
            <Form action={t.href(`${own}/zurueckziehen`)} csrfToken={ctx.csrfToken()} label={t.t('grantOffice.withdraw.title')}>
              <TextArea t={t} name="reason" label={labels.reason} form={formOf('withdraw')} rows={3} maxlength={limits.reason} />
              <SubmitButton label={t.t('grantOffice.withdraw.submit')} variant="secondary" />
            </Form>
          </section>
        ) : (
          ''
        )}
      </section>

      <section>
        <h2 id="application" class="kern-heading-medium">
          {t.html('grantOffice.detail.application')}
        </h2>
        <DescriptionList
          items={[
            { key: t.t('grantOffice.detail.recipient'), value: <span safe>{grant.recipientName}</span> },
            { key: t.t('grantOffice.detail.recipientKind'), value: <span safe>{t.t(`grantOffice.kind.${grant.recipientKind}`)}</span> },
            { key: t.t('grantOffice.detail.projectTitle'), value: <span safe>{t.text(grant.title)}</span> },
            {
              key: t.t('grantOffice.detail.summary'),
              value: summary ? (
                <span lang={summary.lang} safe>
                  {summary.value}
                </span>
              ) : (
                textOrNone(t, null)
              ),
            },
            { key: t.t('grantOffice.detail.description'), value: textOrNone(t, grant.description, applicantLang) },
            { key: t.t('grantOffice.detail.targetGroup'), value: textOrNone(t, grant.targetGroup, applicantLang) },
            { key: t.t('grantOffice.detail.place'), value: textOrNone(t, grant.place, applicantLang) },
            {
              key: t.t('grantOffice.detail.period'),
              value:
                grant.periodStart && grant.periodEnd ? (
                  <span safe>{t.t('grantOffice.detail.periodSpan', { from: t.fmt.dateShort(grant.periodStart), to: t.fmt.dateShort(grant.periodEnd) })}</span>
                ) : (
                  dateOrNone(t, grant.periodStart ?? grant.periodEnd)
                ),
            },
            { key: t.t('grantOffice.detail.earlyStart'), value: <span safe>{t.t(grant.earlyStartRequested ? 'grantOffice.detail.yes' : 'grantOffice.detail.no')}</span> },
          ]}
        />
      </section>

      <section>
        <h2 id="contact" class="kern-heading-medium">
          {t.html('grantOffice.detail.contact')}
        </h2>
        <p class="kern-body kern-body--small">{t.html('grantOffice.detail.contactNote')}</p>
        <DescriptionList
          items={[
            { key: t.t('grantOffice.detail.applicantName'), value: textOrNone(t, grant.applicantName) },
            {
              key: t.t('grantOffice.detail.applicantEmail'),
              value: grant.applicantEmail ? (
                <a class="kern-link" href={`mailto:${grant.applicantEmail}`} safe>
                  {grant.applicantEmail}
                </a>
              ) : (
                textOrNone(t, null)
              ),
            },
            { key: t.t('grantOffice.detail.applicantPhone'), value: textOrNone(t, grant.applicantPhone) },
            { key: t.t('grantOffice.detail.recipientAddress'), value: textOrNone(t, grant.recipientAddress) },
            { key: t.t('grantOffice.detail.locale'), value: <span safe>{grant.locale === 'en' ? t.t('grantOffice.locale.en') : t.t('grantOffice.locale.de')}</span> },
            { key: t.t('grantOffice.detail.consentedAt'), value: instantOrNone(t, grant.consentedAt) },
          ]}
        />
      </section>

      <section>
        <h2 id="amounts" class="kern-heading-medium">
          {t.html('grantOffice.detail.amounts')}
        </h2>
        <DescriptionList
          items={[
            { key: t.t('grantOffice.detail.totalCost'), value: <span safe>{money(t, grant.totalCostCents)}</span> },
            { key: t.t('grantOffice.detail.requested'), value: <span safe>{money(t, grant.amountRequestedCents)}</span> },
            { key: t.t('grantOffice.detail.recommended'), value: <span safe>{money(t, grant.amountRecommendedCents)}</span> },
            { key: t.t('grantOffice.detail.approved'), value: <span safe>{money(t, grant.amountApprovedCents)}</span> },
            { key: t.t('grantOffice.detail.paid'), value: <span safe>{money(t, grant.amountPaidCents)}</span> },
            ...(grant.actualCostCents !== null ? [{ key: t.t('grantOffice.detail.actualCost'), value: <span safe>{money(t, grant.actualCostCents)}</span> }] : []),
          ]}
        />
        <h3 class="kern-heading-small">{t.html('grantOffice.detail.otherFunding')}</h3>
        {file.otherFunding.length === 0 ? (
          <p class="kern-body">{t.html('grantOffice.detail.otherFundingNone')}</p>
        ) : (
          <DataTable label={t.t('grantOffice.detail.otherFunding')} columns={[{ label: t.t('grantOffice.detail.fundingSource') }, { label: t.t('grantOffice.detail.fundingAmount'), numeric: true }, { label: t.t('grantOffice.detail.fundingConfirmed') }]}>
            {file.otherFunding.map((f) => (
              <tr>
                <th scope="row" class="kern-table__cell" safe>
                  {f.source}
                </th>
                <td class="kern-table__cell kern-table__cell--numeric" safe>
                  {t.fmt.money(f.amountCents)}
                </td>
                <td class="kern-table__cell" safe>
                  {t.t(f.confirmed ? 'grantOffice.detail.yes' : 'grantOffice.detail.no')}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <section>
        <h2 id="documents" class="kern-heading-medium">
          {t.html('grantOffice.detail.documents')}
        </h2>
        {file.documents.length === 0 ? (
          <p class="kern-body">{t.html('grantOffice.detail.documentsNone')}</p>
        ) : (
          <ul class="kern-list">
            {file.documents.map((d) => (
              <li>
                <a class="kern-link" href={documentPath(slug, d.id, d.fileName)} safe>
                  {t.text(d.title)}
                </a>{' '}
                <span class="kern-body--muted" safe>{`(${d.fileName})`}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {grant.missingInfo || grant.completeAt ? (
        <section>
          <h2 id="completeness" class="kern-heading-medium">
            {t.html('grantOffice.detail.completeness')}
          </h2>
          <DescriptionList
            items={[
              ...(grant.completeAt ? [{ key: t.t('grantOffice.detail.completeAt'), value: instantOrNone(t, grant.completeAt) }] : []),
              ...(grant.missingInfo ? [{ key: t.t('grantOffice.detail.missingInfo'), value: textOrNone(t, grant.missingInfo) }, { key: t.t('grantOffice.detail.askedBackAt'), value: instantOrNone(t, grant.askedBackAt) }] : []),
            ]}
          />
        </section>
      ) : (
        ''
      )}

      <section>
        <h2 id="agenda" class="kern-heading-medium">
          {t.html('grantOffice.detail.agenda')}
        </h2>
        {file.agenda.length === 0 ? (
          <p class="kern-body">{t.html('grantOffice.detail.agendaNone')}</p>
        ) : (
          <ul class="kern-list">
            {file.agenda.map(({ item, meeting }) => (
              <li>
                <a class="kern-link" href={t.href(`/admin/beiraete/${slug}/sitzungen/${meeting.id}/top/${item.id}`)} safe>
                  {t.t('grantOffice.detail.agendaItem', { meeting: meetingName(t, meeting), number: item.number })}
                </a>
                <span safe>{` – ${t.t('grantOffice.detail.agendaResult')}: ${item.result ? t.t(`meetings.outcome.${item.result}`) : t.t('grantOffice.detail.agendaOpen')}`}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {grant.recommendedOn || grant.decidedOn || grant.decisionPaperNumber || grant.withdrawnAt || grant.notifiedAt || grant.proofDueOn || grant.closedAt ? (
        <section>
          <h2 id="decision" class="kern-heading-medium">
            {t.html('grantOffice.detail.decision')}
          </h2>
          <DescriptionList
            items={[
              ...(grant.recommendedOn ? [{ key: t.t('grantOffice.detail.recommendedOn'), value: dateOrNone(t, grant.recommendedOn) }] : []),
              ...(grant.decisionPaperNumber ? [{ key: t.t('grantOffice.detail.decisionPaper'), value: <span safe>{grant.decisionPaperNumber}</span> }] : []),
              ...(grant.decidedOn ? [{ key: t.t('grantOffice.detail.decidedOn'), value: dateOrNone(t, grant.decidedOn) }] : []),
              ...(grant.conditions ? [{ key: t.t('grantOffice.detail.conditions'), value: textOrNone(t, grant.conditions) }] : []),
              ...(grant.notifiedAt ? [{ key: t.t('grantOffice.detail.notifiedAt'), value: instantOrNone(t, grant.notifiedAt) }] : []),
              ...(grant.proofDueOn ? [{ key: t.t('grantOffice.detail.proofDueOn'), value: dateOrNone(t, grant.proofDueOn) }] : []),
              ...(grant.proofReceivedOn ? [{ key: t.t('grantOffice.detail.proofReceivedOn'), value: dateOrNone(t, grant.proofReceivedOn) }] : []),
              ...(grant.closedAt ? [{ key: t.t('grantOffice.detail.closedAt'), value: instantOrNone(t, grant.closedAt) }] : []),
              ...(grant.withdrawnAt ? [{ key: t.t('grantOffice.detail.withdrawnAt'), value: instantOrNone(t, grant.withdrawnAt) }, { key: t.t('grantOffice.detail.withdrawalReason'), value: textOrNone(t, grant.withdrawalReason) }] : []),
            ]}
          />
        </section>
      ) : (
        ''
      )}

      <section>
        <h2 id="history" class="kern-heading-medium">
          {t.html('grantOffice.detail.history')}
        </h2>
        {file.history.length === 0 ? (
          <p class="kern-body">{t.html('grantOffice.detail.historyNone')}</p>
        ) : (
          <DataTable label={t.t('grantOffice.detail.history')} columns={[{ label: t.t('grantOffice.detail.historyAt') }, { label: t.t('grantOffice.detail.historyWhat') }, { label: t.t('grantOffice.detail.historyStatus') }, { label: t.t('grantOffice.detail.historyWho') }]}>
            {file.history.map((e) => (
              <tr>
                <td class="kern-table__cell">
                  <Time value={e.at} text={`${t.fmt.dateShort(e.at)} ${t.fmt.time(e.at)}`} />
                </td>
                <td class="kern-table__cell" safe>
                  {historyLabel(t, e.action)}
                </td>
                <td class="kern-table__cell" safe>
                  {historyStatus(t, e.after)}
                </td>
                <td class="kern-table__cell" safe>
                  {e.actorLabel}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <p class="kern-body">
        <a class="kern-link" href={t.href(grantsBase(slug))}>
          {t.html('grantOffice.detail.back')}
        </a>
      </p>
    </AdminLayout>
  );
}

// ---------------------------------------------------------------------------------------------------
// On the meeting's agenda item: the application and the recommendation a vote makes
// ---------------------------------------------------------------------------------------------------

export type ItemGrant = Pick<GrantRow, 'id' | 'year' | 'number' | 'title' | 'recipientName' | 'amountRequestedCents' | 'amountRecommendedCents' | 'periodStart' | 'periodEnd' | 'status'>;

/** The application an agenda item is about, if it is the council's. */
export async function findItemGrant(db: AdminContext['db'], councilId: number, grantId: number | null): Promise<ItemGrant | undefined> {
  if (grantId === null) return undefined;
  const file = await loadGrantFile(db, councilId, grantId);
  return file?.grant;
}

const recommendationFields = ['grantAmount', 'grantPeriodStart', 'grantPeriodEnd'] as const;

export const recommendationLabels = (t: Translator) => ({
  grantAmount: t.t('grantOffice.vote.amount'),
  grantPeriodStart: t.t('grantOffice.vote.periodStart'),
  grantPeriodEnd: t.t('grantOffice.vote.periodEnd'),
});

/** What the recommendation fields start with: the amount recommended before, else the amount asked, and the period asked for. */
export function recommendationDefaults(grant: ItemGrant): Record<(typeof recommendationFields)[number], string> {
  const cents = grant.amountRecommendedCents ?? grant.amountRequestedCents;
  return { grantAmount: cents === null ? '' : formatEuroInput(cents), grantPeriodStart: grant.periodStart ?? '', grantPeriodEnd: grant.periodEnd ?? '' };
}

const amountMessages: Record<EuroAmountError, MessageKey> = {
  empty: 'grantOffice.amount.empty',
  format: 'grantOffice.amount.format',
  too_many_decimals: 'grantOffice.amount.too_many_decimals',
  negative: 'grantOffice.amount.negative',
  too_large: 'grantOffice.amount.too_large',
};

/** Reads the recommendation fields of a vote: the amount "bis zu" in euros and an optional period. */
export function parseRecommendation(t: Translator, values: FormValues): { ok: true; recommendation: GrantRecommendation } | { ok: false; errors: FieldErrors } {
  const text = (name: string) => {
    const v = values[name];
    return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
  };
  const errors: FieldErrors = {};
  const amount = parseEuroAmount(text('grantAmount'));
  if (!amount.ok) errors.grantAmount = t.t(amountMessages[amount.reason]);
  else if (amount.cents <= 0) errors.grantAmount = t.t('grantOffice.amount.zero');
  const date = (name: 'grantPeriodStart' | 'grantPeriodEnd'): string | null => {
    if (text(name) === '') return null;
    const parsed = parseFormDate(text(name));
    if (parsed === null) errors[name] = t.t('form.error.date');
    return parsed;
  };
  const periodStart = date('grantPeriodStart');
  const periodEnd = date('grantPeriodEnd');
  if (periodStart && periodEnd && periodEnd < periodStart) errors.grantPeriodEnd = t.t('grantOffice.error.periodEnd');
  if (!amount.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, recommendation: { amountCents: amount.cents, periodStart, periodEnd } };
}

/** The application on the item's page: number, recipient, amount asked and a link to its page. */
export function ItemGrantFacts(props: { t: Translator; slug: string; grant: ItemGrant }): JSX.Element {
  const { t, grant } = props;
  return (
    <Alert kind="info" title={t.t('grantOffice.vote.title')} headingLevel={2}>
      <DescriptionList
        items={[
          { key: t.t('grantOffice.vote.number'), value: <span safe>{grantNumber(grant)}</span> },
          { key: t.t('grantOffice.col.title'), value: <span safe>{t.text(grant.title)}</span> },
          { key: t.t('grantOffice.vote.recipient'), value: <span safe>{grant.recipientName}</span> },
          { key: t.t('grantOffice.vote.requested'), value: <span safe>{money(t, grant.amountRequestedCents)}</span> },
          { key: t.t('grantOffice.vote.status'), value: <StatusBadge t={t} status={grant.status} /> },
        ]}
      />
      <p class="kern-body">
        <a class="kern-link" href={t.href(grantOfficePath(props.slug, grant.id))}>
          {t.html('grantOffice.vote.link')}
        </a>
      </p>
    </Alert>
  );
}

/** The recommendation an adopting vote makes: amount "bis zu" and period. */
export function RecommendationFields(props: { t: Translator; form: FormState }): JSX.Element {
  const { t, form } = props;
  const labels = recommendationLabels(t);
  return (
    <fieldset class="kern-fieldset" id="field-grant-recommendation" aria-describedby="field-grant-recommendation-hint">
      <legend class="kern-label">{t.html('grantOffice.vote.recommendation')}</legend>
      <div class="kern-hint" id="field-grant-recommendation-hint">
        {t.html('grantOffice.vote.recommendationHint')}
      </div>
      <div class="kern-fieldset__body kern-stack">
        <TextField t={t} name="grantAmount" label={labels.grantAmount} hint={t.t('grantOffice.vote.amountHint')} form={form} inputmode="decimal" autocomplete="off" maxlength={40} />
        <TextField t={t} name="grantPeriodStart" type="date" label={labels.grantPeriodStart} hint={t.t('grantOffice.vote.periodHint')} form={form} maxlength={20} optional />
        <TextField t={t} name="grantPeriodEnd" type="date" label={labels.grantPeriodEnd} hint={t.t('grantOffice.vote.periodHint')} form={form} maxlength={20} optional />
      </div>
    </fieldset>
  );
}

// ---------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------

const filterSchema = z.object({ status: z.enum(['', ...officeStatuses] as [string, ...string[]], { message: 'form.error.choose' }) });
const askBackSchema = z.object({ missingInfo: z.string().trim().min(1, 'form.error.required').max(limits.missingInfo) });
const agendaSchema = z.object({ meetingId: idParam });
const withdrawSchema = z.object({ reason: z.string().trim().min(1, 'form.error.required').max(limits.reason) });

const normalise = (text: string) => text.replace(/\r\n?/g, '\n').trim();

export function registerGrantOffice(app: FastifyInstance, services: PageServices): void {
  const permission = 'grants.manage' as const;
  if (!councilAreas.some((a) => a.path === '/zuwendungen')) councilAreas.push({ path: '/zuwendungen', label: 'grantOffice.area', permission });

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/zuwendungen', permission, params: councilParams }, async (ctx) => {
    const query = (ctx.request.query ?? {}) as Record<string, unknown>;
    const values = { status: typeof query.status === 'string' ? query.status : '' };
    const parsed = filterSchema.safeParse(values);
    if (parsed.success) return inboxPage(ctx, { values, errors: {} });
    ctx.reply.status(400);
    return inboxPage(ctx, { values, errors: fieldErrors(ctx.t, parsed.error) });
  });

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/zuwendungen/:id', permission, params: grantParams }, async (ctx, p) => detailPage(ctx, p.id));

  /** Answers a service refusal: 404 for an unknown application, else the page with the message (409). */
  const refused = (ctx: AdminContext, grantId: number, outcome: Exclude<OfficeOutcome, { ok: true }>, form?: DetailState['form']) => {
    if (outcome.reason === 'not_found') throw new NotFoundError(`No application ${grantId}`);
    ctx.reply.status(409);
    return detailPage(ctx, grantId, { refusal: refusalText(ctx.t, outcome), form });
  };

  /**
   * A form with field errors is shown again only where the application's state still offers it;
   * otherwise the state is what the person needs to hear about.
   */
  const invalidFor = async (ctx: AdminContext, grantId: number, actions: readonly GrantAction[]) => {
    const status = await findGrantStatus(ctx.db, councilOf(ctx).id, grantId);
    if (!status) throw new NotFoundError(`No application ${grantId}`);
    const fits = status === 'submitted' && actions.includes('complete') ? true : actions.some((a) => transition(status, a).ok);
    return fits ? undefined : ({ ok: false, reason: 'invalid_transition', status } as const);
  };

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/zuwendungen/:id/vollstaendig', permission, params: grantParams }, async (ctx, p) => {
    const council = councilOf(ctx);
    const outcome = await completeGrant(ctx.db, council.id, p.id, ctx.now, ctx.actor);
    if (outcome.ok) return ctx.redirect(`${grantOfficePath(council.slug, p.id)}?hinweis=grantOffice.flash.completed`);
    return refused(ctx, p.id, outcome);
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/zuwendungen/:id/nachfordern', permission, params: grantParams }, async (ctx, p) => {
    const council = councilOf(ctx);
    const values = formValues(ctx.request.body);
    const parsed = askBackSchema.safeParse({ missingInfo: values.missingInfo ?? '' });
    if (!parsed.success) {
      const wrongState = await invalidFor(ctx, p.id, ['complete', 'reopen']);
      if (wrongState) return refused(ctx, p.id, wrongState);
      ctx.reply.status(400);
      return detailPage(ctx, p.id, { form: { name: 'askBack', state: { values, errors: fieldErrors(ctx.t, parsed.error) } } });
    }
    const outcome = await askForMissingParts(ctx.db, council, p.id, normalise(parsed.data.missingInfo), ctx.now, ctx.actor, ctx.config.baseUrl);
    if (outcome.ok) return ctx.redirect(`${grantOfficePath(council.slug, p.id)}?hinweis=grantOffice.flash.askedBack`);
    return refused(ctx, p.id, outcome, { name: 'askBack', state: { values, errors: {} } });
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/zuwendungen/:id/tagesordnung', permission, params: grantParams }, async (ctx, p) => {
    const council = councilOf(ctx);
    const values = formValues(ctx.request.body);
    const failed = async (errors: FieldErrors) => {
      const wrongState = await invalidFor(ctx, p.id, ['put_on_agenda']);
      if (wrongState) return refused(ctx, p.id, wrongState);
      ctx.reply.status(400);
      return detailPage(ctx, p.id, { form: { name: 'agenda', state: { values, errors } } });
    };
    const parsed = agendaSchema.safeParse({ meetingId: values.meetingId ?? '' });
    if (!parsed.success) return failed({ meetingId: ctx.t.t('form.error.choose') });
    const outcome = await putOnAgenda(ctx.db, council.id, p.id, parsed.data.meetingId, ctx.now, ctx.actor);
    if (outcome.ok) return ctx.redirect(`${grantOfficePath(council.slug, p.id)}?hinweis=grantOffice.flash.onAgenda`);
    if (outcome.reason === 'meeting_not_eligible') return failed({ meetingId: ctx.t.t('grantOffice.refused.meeting') });
    return refused(ctx, p.id, outcome);
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/zuwendungen/:id/zurueckziehen', permission, params: grantParams }, async (ctx, p) => {
    const council = councilOf(ctx);
    const values = formValues(ctx.request.body);
    const parsed = withdrawSchema.safeParse({ reason: values.reason ?? '' });
    if (!parsed.success) {
      const wrongState = await invalidFor(ctx, p.id, ['withdraw']);
      if (wrongState) return refused(ctx, p.id, wrongState);
      ctx.reply.status(400);
      return detailPage(ctx, p.id, { form: { name: 'withdraw', state: { values, errors: fieldErrors(ctx.t, parsed.error) } } });
    }
    const outcome = await withdrawGrant(ctx.db, council.id, p.id, normalise(parsed.data.reason), ctx.now, ctx.actor);
    if (outcome.ok) return ctx.redirect(`${grantOfficePath(council.slug, p.id)}?hinweis=grantOffice.flash.withdrawn`);
    return refused(ctx, p.id, outcome);
  });
}
