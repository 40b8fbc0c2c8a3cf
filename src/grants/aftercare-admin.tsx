import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ActionButton, AdminLayout, adminRoute, Flash, type AdminContext } from '../admin/kit.js';
import { FileInput } from '../documents/admin.js';
import { detectDocumentType, pdfType, safeFileName } from '../documents/content-type.js';
import { contentDisposition, documentPath } from '../documents/routes.js';
import { fileChosen, megabytes, multipartOptions, readUpload, type UploadLimits } from '../documents/upload.js';
import type { MessageKey, Translator } from '../infra/i18n/translator.js';
import { berlinDate } from '../infra/time.js';
import { parseFormDate } from '../members/service.js';
import { Alert, DateText, DescriptionList } from '../web/components.js';
import { Checkbox, emptyForm, ErrorSummary, Form, formValues, Select, SubmitButton, TextArea, TextField, type FieldErrors, type FormState, type FormValues, RadioGroup } from '../web/forms.js';
import { NotFoundError } from '../web/http-errors.js';
import type { PageServices } from '../web/pages.js';
import { DataTable } from '../web/table.js';
import {
  closeGrant,
  defaultProofDue,
  loadAftercare,
  netPaidByBudget,
  previewNotice,
  receiveProof,
  recordPayment,
  repayableStatuses,
  requestProof,
  sendGrantNotice,
  noticeFileName,
  type AftercareFile,
  type AftercareOutcome,
} from './aftercare-service.js';
import { amountError, councilOf, ErrorAlert, grantBase, grantCrumbs, grantLabel, positiveId, statusLabel } from './decision-admin.js';
import { formatGrantNumber } from './service.js';
import { transition } from './states.js';
import { projectPath } from './views.js';

/**
 * The back office after the district council's decision: the grant notice, payouts and
 * repayments, the proof of use and closing. Each page shows where the grant stands and links to
 * the others; every form works without JavaScript.
 */

const grantParams = z.object({ slug: z.string(), id: positiveId });

const limits = { address: 500, note: 500, report: 8000, outcome: 2000 } as const;

const flashKeys = ['grantAftercare.flash.notified', 'grantAftercare.flash.paid', 'grantAftercare.flash.repaid', 'grantAftercare.flash.requested', 'grantAftercare.flash.proof', 'grantAftercare.flash.closed'] as const;

const single = (values: FormValues, name: string) => {
  const v = values[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
};

function outcomeMessage(t: Translator, outcome: Exclude<AftercareOutcome, { ok: true }>): string {
  if (outcome.reason === 'invalid_transition') return t.t(`grantAftercare.refused.transition.${outcome.action}` as MessageKey, { status: statusLabel(t, outcome.status) });
  if (outcome.reason === 'payment') return t.t(`grantAftercare.refused.payment.${outcome.refusal}` as MessageKey, { limit: t.fmt.money(outcome.limitCents ?? 0) });
  return t.t(`grantAftercare.refused.${outcome.reason}` as MessageKey);
}

/** A date field: empty, not a date, in the future. */
function dateField(t: Translator, raw: string, options: { notAfter?: string; notBefore?: string } = {}): { date: string } | { error: string } {
  if (raw === '') return { error: t.t('form.error.required') };
  const date = parseFormDate(raw);
  if (!date) return { error: t.t('form.error.date') };
  if (options.notAfter && date > options.notAfter) return { error: t.t('grantDecision.error.dateInFuture') };
  if (options.notBefore && date < options.notBefore) return { error: t.t('grantAftercare.error.dateTooEarly', { date: t.fmt.dateShort(options.notBefore) }) };
  return { date };
}

function AftercareHeader(props: { ctx: AdminContext; file: AftercareFile; current: 'notice' | 'payments' | 'proof' | 'close' }): JSX.Element {
  const { ctx, file } = props;
  const { t } = ctx;
  const { grant } = file;
  const council = councilOf(ctx);
  const base = grantBase(council.slug, grant.id);
  const pages = [
    { key: 'notice', path: `${base}/bescheid`, label: t.t('grantAftercare.nav.notice') },
    { key: 'payments', path: `${base}/zahlungen`, label: t.t('grantAftercare.nav.payments') },
    { key: 'proof', path: `${base}/nachweis`, label: t.t('grantAftercare.nav.proof') },
    { key: 'close', path: `${base}/abschliessen`, label: t.t('grantAftercare.nav.close') },
  ];
  return (
    <>
      <Flash ctx={ctx} allowed={flashKeys} />
      <DescriptionList
        items={[
          { key: t.t('grantAftercare.fact.grant'), value: <span safe>{grantLabel(t, grant)}</span> },
          { key: t.t('grantAftercare.fact.status'), value: <span safe>{statusLabel(t, grant.status)}</span> },
          { key: t.t('grantAftercare.fact.approved'), value: <span>{grant.amountApprovedCents !== null ? t.t('grantDecision.upTo', { amount: t.fmt.money(grant.amountApprovedCents) }) : '–'}</span> },
          ...(grant.decidedOn ? [{ key: t.t('grantAftercare.fact.decided'), value: <span safe>{t.t('grantAftercare.fact.decidedText', { date: t.fmt.dateShort(grant.decidedOn), paper: grant.decisionPaperNumber ?? '–' })}</span> }] : []),
          { key: t.t('grantAftercare.fact.paid'), value: <span safe>{t.fmt.money(file.netPaidCents)}</span> },
          ...(grant.proofDueOn ? [{ key: t.t('grantAftercare.fact.proofDue'), value: <DateText value={grant.proofDueOn} text={t.fmt.dateShort(grant.proofDueOn)} /> }] : []),
        ]}
      />
      <nav aria-label={t.t('grantAftercare.nav.label')}>
        <ul class="kern-list kern-list--horizontal">
          <li>
            <a class="kern-link" href={t.href(base)}>
              {t.html('grantAftercare.nav.grant')}
            </a>
          </li>
          {pages.map((p) => (
            <li>
              <a class="kern-link" href={t.href(p.path)} aria-current={p.key === props.current ? 'page' : undefined} safe>
                {p.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}

function DocumentList(props: { t: Translator; slug: string; file: AftercareFile; kind: 'grant_notice' | 'proof_of_use' }): JSX.Element {
  const docs = props.file.documents.filter((d) => d.kind === props.kind);
  if (docs.length === 0) return '';
  return (
    <ul class="kern-list">
      {docs.map((d) => (
        <li>
          <a class="kern-link" href={documentPath(props.slug, d.id, d.fileName)} safe>
            {props.t.text(d.title)}
          </a>
        </li>
      ))}
    </ul>
  );
}

const proofLimits = (maxBytes: number): UploadLimits => ({ fileField: 'file', maxBytes, fields: 12, fieldSize: 16_384, label: 'proof form' });

export function registerAftercareAdmin(app: FastifyInstance, services: PageServices): void {
  async function fileOf(ctx: AdminContext, id: number): Promise<AftercareFile> {
    const file = await loadAftercare(ctx.db, councilOf(ctx).id, id);
    if (!file) throw new NotFoundError(`No decided grant ${id}`);
    return file;
  }

  const crumbsFor = (ctx: AdminContext, file: AftercareFile, label: string) => {
    const council = councilOf(ctx);
    return grantCrumbs(ctx, council, { label: formatGrantNumber(file.grant.year, file.grant.number) || String(file.grant.id), path: grantBase(council.slug, file.grant.id) }, { label });
  };

  // The grant notice --------------------------------------------------------------------------------
  async function noticePage(ctx: AdminContext, id: number, form?: FormState, error?: string) {
    const { t } = ctx;
    const file = await fileOf(ctx, id);
    const { grant } = file;
    const council = councilOf(ctx);
    const path = `${grantBase(council.slug, id)}/bescheid`;
    const title = t.t('grantAftercare.notice.title');
    const canNotify = transition(grant.status, 'notify').ok;
    const state = form ?? emptyForm({ proofDueOn: defaultProofDue(grant.periodEnd, berlinDate(ctx.now)), recipientAddress: grant.recipientAddress ?? '' });
    const labels = { proofDueOn: t.t('grantAftercare.field.proofDueOn'), recipientAddress: t.t('grantAftercare.field.recipientAddress') };
    return (
      <AdminLayout ctx={ctx} title={title} crumbs={crumbsFor(ctx, file, title)}>
        <AftercareHeader ctx={ctx} file={file} current="notice" />
        <ErrorAlert message={error} />
        {grant.notifiedAt ? <p class="kern-body">{t.html('grantAftercare.notice.sent', { date: t.fmt.dateShort(grant.notifiedAt) })}</p> : ''}
        <DocumentList t={t} slug={council.slug} file={file} kind="grant_notice" />
        {canNotify ? (
          <>
            <p class="kern-body">{t.html('grantAftercare.notice.intro')}</p>
            {grant.applicantEmail ? <p class="kern-body">{t.html('grantAftercare.notice.mailTo', { email: grant.applicantEmail })}</p> : <p class="kern-body">{t.html('grantAftercare.notice.noEmail')}</p>}
            {grant.conditions ? <p class="kern-body">{t.html('grantAftercare.notice.withConditions')}</p> : ''}
            <p class="kern-body">
              <a class="kern-link" href={t.href(`${path}.pdf`)}>
                {t.html('grantAftercare.notice.preview')}
              </a>
            </p>
            <ErrorSummary t={t} errors={state.errors} labels={labels} />
            <Form action={t.href(path)} csrfToken={ctx.csrfToken()}>
              <TextField t={t} name="proofDueOn" type="date" label={labels.proofDueOn} hint={t.t('grantAftercare.hint.proofDueOn')} form={state} maxlength={20} />
              <TextArea t={t} name="recipientAddress" label={labels.recipientAddress} hint={t.t('grantAftercare.hint.recipientAddress')} form={state} maxlength={limits.address} rows={3} />
              <SubmitButton label={t.t('grantAftercare.notice.submit')} />
            </Form>
          </>
        ) : grant.notifiedAt ? (
          ''
        ) : (
          <p class="kern-body">{t.html('grantAftercare.refused.transition.notify', { status: statusLabel(t, grant.status) })}</p>
        )}
      </AdminLayout>
    );
  }

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/zuwendungen/:id/bescheid', permission: 'grants.manage', params: grantParams }, async (ctx, p) => noticePage(ctx, p.id));

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/zuwendungen/:id/bescheid.pdf', permission: 'grants.manage', params: grantParams }, async (ctx, p) => {
    const { grant } = await fileOf(ctx, p.id);
    const pdf = await previewNotice(ctx.db, councilOf(ctx).id, grant, { proofDueOn: grant.proofDueOn ?? defaultProofDue(grant.periodEnd, berlinDate(ctx.now)), recipientAddress: grant.recipientAddress }, ctx.now);
    return ctx.reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition('inline', noticeFileName(grant))).send(pdf);
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/zuwendungen/:id/bescheid', permission: 'grants.manage', params: grantParams }, async (ctx, p) => {
    const { t } = ctx;
    const values = formValues(ctx.request.body);
    await fileOf(ctx, p.id);
    const errors: FieldErrors = {};
    const due = dateField(t, single(values, 'proofDueOn'), { notBefore: berlinDate(ctx.now) });
    if ('error' in due) errors.proofDueOn = due.error;
    const address = single(values, 'recipientAddress');
    if (address === '') errors.recipientAddress = t.t('form.error.required');
    else if (address.length > limits.address) errors.recipientAddress = t.t('form.error.tooLong', { max: String(limits.address) });
    if (Object.keys(errors).length > 0 || 'error' in due) {
      ctx.reply.status(400);
      return noticePage(ctx, p.id, { values, errors });
    }
    const outcome = await sendGrantNotice(ctx.db, ctx.config.dataDir, councilOf(ctx).id, p.id, { proofDueOn: due.date, recipientAddress: address }, ctx.actor, ctx.now);
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') throw new NotFoundError('No grant');
      ctx.reply.status(409);
      return noticePage(ctx, p.id, { values, errors: {} }, outcomeMessage(t, outcome));
    }
    return ctx.redirect(`${grantBase(councilOf(ctx).slug, p.id)}/bescheid?hinweis=grantAftercare.flash.notified`);
  });

  // Payments ------------------------------------------------------------------------------------------
  async function paymentsPage(ctx: AdminContext, id: number, form?: FormState, error?: string) {
    const { t } = ctx;
    const file = await fileOf(ctx, id);
    const { grant, allocations, payments } = file;
    const council = councilOf(ctx);
    const title = t.t('grantAftercare.payments.title');
    const byBudget = netPaidByBudget(payments);
    const canPay = transition(grant.status, 'pay').ok;
    const canRepay = repayableStatuses.includes(grant.status);
    const budgetLabel = (budgetId: number) => allocations.find((a) => a.budgetId === budgetId)?.label ?? String(budgetId);
    const state = form ?? emptyForm({ kind: canPay ? 'payout' : 'repayment', budgetId: allocations[0] ? String(allocations[0].budgetId) : '', paidOn: berlinDate(ctx.now), amount: '', note: '' });
    const labels = { kind: t.t('grantAftercare.field.kind'), budgetId: t.t('grantAftercare.field.budget'), amount: t.t('grantAftercare.field.amount'), paidOn: t.t('grantAftercare.field.paidOn'), note: t.t('grantAftercare.field.note') };
    return (
      <AdminLayout ctx={ctx} title={title} crumbs={crumbsFor(ctx, file, title)}>
        <AftercareHeader ctx={ctx} file={file} current="payments" />
        <ErrorAlert message={error} />
        {file.outstandingCents > 0 ? (
          <Alert kind="warning" title={t.t('grantAftercare.proof.repaymentDue', { amount: t.fmt.money(file.outstandingCents) })}>
            {''}
          </Alert>
        ) : (
          ''
        )}
        <h2 class="kern-heading-medium">{t.html('grantAftercare.payments.budgets')}</h2>
        {allocations.length === 0 ? (
          <p class="kern-body">
            {t.html('grantAftercare.payments.noBudget')}{' '}
            <a class="kern-link" href={t.href(`${grantBase(council.slug, id)}/finanzierung`)}>
              {t.html('grantAftercare.payments.fundingLink')}
            </a>
          </p>
        ) : (
          <DataTable label={t.t('grantAftercare.payments.budgets')} columns={[{ label: t.t('grantAftercare.col.budget') }, { label: t.t('grantAftercare.col.allocation'), numeric: true }, { label: t.t('grantAftercare.col.paid'), numeric: true }, { label: t.t('grantAftercare.col.left'), numeric: true }]}>
            {allocations.map((a) => (
              <tr>
                <th scope="row" class="kern-table__cell" safe>
                  {a.label}
                </th>
                <td class="kern-table__cell kern-table__cell--numeric" safe>
                  {t.fmt.money(a.amountCents)}
                </td>
                <td class="kern-table__cell kern-table__cell--numeric" safe>
                  {t.fmt.money(byBudget.get(a.budgetId) ?? 0)}
                </td>
                <td class="kern-table__cell kern-table__cell--numeric" safe>
                  {t.fmt.money(Math.max(0, a.amountCents - (byBudget.get(a.budgetId) ?? 0)))}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <h2 class="kern-heading-medium">{t.html('grantAftercare.payments.list')}</h2>
        {payments.length === 0 ? (
          <p class="kern-body">{t.html('grantAftercare.payments.none')}</p>
        ) : (
          <DataTable label={t.t('grantAftercare.payments.list')} columns={[{ label: t.t('grantAftercare.col.date') }, { label: t.t('grantAftercare.col.kind') }, { label: t.t('grantAftercare.col.budget') }, { label: t.t('grantAftercare.col.amount'), numeric: true }, { label: t.t('grantAftercare.col.note') }]}>
            {payments.map((pay) => (
              <tr>
                <th scope="row" class="kern-table__cell">
                  <DateText value={pay.paidOn} text={t.fmt.dateShort(pay.paidOn)} />
                </th>
                <td class="kern-table__cell" safe>
                  {t.t(`grantAftercare.kind.${pay.kind}`)}
                </td>
                <td class="kern-table__cell" safe>
                  {budgetLabel(pay.budgetId)}
                </td>
                <td class="kern-table__cell kern-table__cell--numeric" safe>
                  {pay.kind === 'repayment' ? `−${t.fmt.money(pay.amountCents)}` : t.fmt.money(pay.amountCents)}
                </td>
                <td class="kern-table__cell" safe>
                  {pay.note ?? ''}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <h2 id="book" class="kern-heading-medium">
          {t.html('grantAftercare.payments.add')}
        </h2>
        {allocations.length > 0 && (canPay || canRepay) ? (
          <>
            <ErrorSummary t={t} errors={state.errors} labels={labels} />
            <Form action={t.href(`${grantBase(council.slug, id)}/zahlungen`)} csrfToken={ctx.csrfToken()}>
              <RadioGroup
                t={t}
                name="kind"
                label={labels.kind}
                form={state}
                options={[...(canPay ? [{ value: 'payout', label: t.t('grantAftercare.kind.payout') }] : []), ...(canRepay ? [{ value: 'repayment', label: t.t('grantAftercare.kind.repayment') }] : [])]}
              />
              <Select t={t} name="budgetId" label={labels.budgetId} form={state} options={allocations.map((a) => ({ value: String(a.budgetId), label: a.label }))} />
              <TextField t={t} name="amount" label={labels.amount} hint={t.t('grantDecision.hint.amount')} form={state} maxlength={20} inputmode="decimal" />
              <TextField t={t} name="paidOn" type="date" label={labels.paidOn} hint={t.t('grantDecision.hint.date')} form={state} maxlength={20} />
              <TextField t={t} name="note" label={labels.note} form={state} maxlength={limits.note} optional />
              <SubmitButton label={t.t('grantAftercare.payments.submit')} />
            </Form>
          </>
        ) : (
          <p class="kern-body">{t.html('grantAftercare.payments.notNow', { status: statusLabel(t, grant.status) })}</p>
        )}
      </AdminLayout>
    );
  }

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/zuwendungen/:id/zahlungen', permission: 'grants.manage', params: grantParams }, async (ctx, p) => paymentsPage(ctx, p.id));

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/zuwendungen/:id/zahlungen', permission: 'grants.manage', params: grantParams }, async (ctx, p) => {
    const { t } = ctx;
    const values = formValues(ctx.request.body);
    const file = await fileOf(ctx, p.id);
    const errors: FieldErrors = {};
    const kind = single(values, 'kind');
    if (kind !== 'payout' && kind !== 'repayment') errors.kind = t.t('form.error.choose');
    const budgetId = Number(single(values, 'budgetId'));
    if (!file.allocations.some((a) => a.budgetId === budgetId)) errors.budgetId = t.t('form.error.choose');
    const amount = amountError(t, single(values, 'amount'));
    if ('error' in amount) errors.amount = amount.error;
    else if (amount.cents === 0) errors.amount = t.t('grantDecision.amount.zero');
    const paidOn = dateField(t, single(values, 'paidOn'), { notAfter: berlinDate(ctx.now), notBefore: file.grant.decidedOn ?? undefined });
    if ('error' in paidOn) errors.paidOn = paidOn.error;
    const note = single(values, 'note');
    if (note.length > limits.note) errors.note = t.t('form.error.tooLong', { max: String(limits.note) });
    if (Object.keys(errors).length > 0 || 'error' in amount || 'error' in paidOn) {
      ctx.reply.status(400);
      return paymentsPage(ctx, p.id, { values, errors });
    }
    const outcome = await recordPayment(ctx.db, councilOf(ctx).id, p.id, { kind: kind as 'payout' | 'repayment', budgetId, amountCents: amount.cents, paidOn: paidOn.date, note: note || null }, ctx.actor, ctx.now);
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') throw new NotFoundError('No grant');
      // Over a limit is a problem with the amount typed: shown at the field, as typed.
      if (outcome.reason === 'payment') {
        ctx.reply.status(400);
        return paymentsPage(ctx, p.id, { values, errors: { amount: outcomeMessage(t, outcome) } });
      }
      ctx.reply.status(409);
      return paymentsPage(ctx, p.id, { values, errors: {} }, outcomeMessage(t, outcome));
    }
    return ctx.redirect(`${grantBase(councilOf(ctx).slug, p.id)}/zahlungen?hinweis=${kind === 'payout' ? 'grantAftercare.flash.paid' : 'grantAftercare.flash.repaid'}`);
  });

  // Proof of use ------------------------------------------------------------------------------------
  const proofLabels = (t: Translator) => ({
    receivedOn: t.t('grantAftercare.field.receivedOn'),
    actualCost: t.t('grantAftercare.field.actualCost'),
    report: t.t('grantAftercare.field.report'),
    outcomeDe: t.t('grantAftercare.field.outcomeDe'),
    outcomeEn: t.t('grantAftercare.field.outcomeEn'),
    file: t.t('grantAftercare.field.file'),
  });

  async function proofPage(ctx: AdminContext, id: number, form?: FormState, error?: string) {
    const { t } = ctx;
    const file = await fileOf(ctx, id);
    const { grant } = file;
    const council = councilOf(ctx);
    const base = grantBase(council.slug, id);
    const title = t.t('grantAftercare.proof.title');
    const canReceive = transition(grant.status, 'receive_proof').ok;
    const state = form ?? emptyForm({ receivedOn: berlinDate(ctx.now), actualCost: '', report: grant.proofReport ?? '', outcomeDe: grant.outcome?.de ?? '', outcomeEn: grant.outcome?.en ?? '' });
    const labels = proofLabels(t);
    const csrf = ctx.csrfToken();
    return (
      <AdminLayout ctx={ctx} title={title} crumbs={crumbsFor(ctx, file, title)}>
        <AftercareHeader ctx={ctx} file={file} current="proof" />
        <ErrorAlert message={error} />
        {grant.proofReceivedOn ? (
          <>
            <DescriptionList
              items={[
                { key: labels.receivedOn, value: <DateText value={grant.proofReceivedOn} text={t.fmt.dateShort(grant.proofReceivedOn)} /> },
                { key: labels.actualCost, value: <span>{grant.actualCostCents !== null ? t.fmt.money(grant.actualCostCents) : '–'}</span> },
                ...(grant.proofReport ? [{ key: labels.report, value: <span safe>{grant.proofReport}</span> }] : []),
                ...(grant.outcome ? [{ key: labels.outcomeDe, value: <span safe>{grant.outcome.de}</span> }] : []),
              ]}
            />
            {file.outstandingCents > 0 ? (
              <Alert kind="warning" title={t.t('grantAftercare.proof.repaymentDue', { amount: t.fmt.money(file.outstandingCents) })}>
                <p class="kern-body">
                  <a class="kern-link" href={t.href(`${base}/zahlungen`)}>
                    {t.html('grantAftercare.proof.bookRepayment')}
                  </a>
                </p>
              </Alert>
            ) : (
              ''
            )}
            <DocumentList t={t} slug={council.slug} file={file} kind="proof_of_use" />
            <p class="kern-body">
              <a class="kern-link" href={t.href(projectPath(council.slug, grant.id))}>
                {t.html('grantAftercare.proof.publicPage')}
              </a>
            </p>
          </>
        ) : (
          ''
        )}
        {transition(grant.status, 'request_proof').ok ? (
          <section>
            <h2 class="kern-heading-medium">{t.html('grantAftercare.proof.requestTitle')}</h2>
            <p class="kern-body">{grant.applicantEmail ? t.html('grantAftercare.proof.requestIntro', { email: grant.applicantEmail }) : t.html('grantAftercare.proof.requestNoEmail')}</p>
            <ActionButton ctx={ctx} action={`${base}/nachweis/anfordern`} label={t.t('grantAftercare.proof.requestSubmit')} />
          </section>
        ) : (
          ''
        )}
        {canReceive ? (
          <section>
            <h2 id="receive" class="kern-heading-medium">
              {t.html('grantAftercare.proof.receiveTitle')}
            </h2>
            <p class="kern-body">{t.html('grantAftercare.proof.receiveIntro', { paid: t.fmt.money(file.netPaidCents) })}</p>
            <ErrorSummary t={t} errors={state.errors} labels={labels} />
            {/* A multipart body is not parsed before the CSRF check, so the token also travels in the query. */}
            <Form action={`${t.href(`${base}/nachweis`)}?_csrf=${encodeURIComponent(csrf)}`} csrfToken={csrf} multipart>
              <TextField t={t} name="receivedOn" type="date" label={labels.receivedOn} hint={t.t('grantDecision.hint.date')} form={state} maxlength={20} />
              <TextField t={t} name="actualCost" label={labels.actualCost} hint={t.t('grantAftercare.hint.actualCost')} form={state} maxlength={20} inputmode="decimal" />
              <TextArea t={t} name="report" label={labels.report} hint={t.t('grantAftercare.hint.report')} form={state} maxlength={limits.report} rows={6} optional />
              <TextArea t={t} name="outcomeDe" label={labels.outcomeDe} hint={t.t('grantAftercare.hint.outcome')} form={state} maxlength={limits.outcome} rows={4} lang="de" />
              <TextArea t={t} name="outcomeEn" label={labels.outcomeEn} form={state} maxlength={limits.outcome} rows={4} lang="en" optional />
              <FileInput t={t} form={state} name="file" label={labels.file} hint={t.t('grantAftercare.hint.file', { max: megabytes(t, ctx.config.uploadMaxBytes) })} accept=".pdf,application/pdf" optional />
              <SubmitButton label={t.t('grantAftercare.proof.receiveSubmit')} />
            </Form>
          </section>
        ) : grant.proofReceivedOn ? (
          ''
        ) : (
          <p class="kern-body">{t.html('grantAftercare.refused.transition.receive_proof', { status: statusLabel(t, grant.status) })}</p>
        )}
      </AdminLayout>
    );
  }

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/zuwendungen/:id/nachweis', permission: 'grants.manage', params: grantParams }, async (ctx, p) => proofPage(ctx, p.id));

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/zuwendungen/:id/nachweis/anfordern', permission: 'grants.manage', params: grantParams }, async (ctx, p) => {
    await fileOf(ctx, p.id);
    const outcome = await requestProof(ctx.db, councilOf(ctx).id, p.id, ctx.actor);
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') throw new NotFoundError('No grant');
      ctx.reply.status(409);
      return proofPage(ctx, p.id, undefined, outcomeMessage(ctx.t, outcome));
    }
    return ctx.redirect(`${grantBase(councilOf(ctx).slug, p.id)}/nachweis?hinweis=grantAftercare.flash.requested`);
  });

  // Multipart parsing only here, where a file is expected: every other form stays urlencoded.
  app.register(async (scope) => {
    await scope.register(multipart, multipartOptions(proofLimits(services.config.uploadMaxBytes)));
    adminRoute(scope, services, { method: 'POST', path: '/admin/beiraete/:slug/zuwendungen/:id/nachweis', permission: 'grants.manage', params: grantParams }, async (ctx, p) => {
      const { t } = ctx;
      const upload = await readUpload(ctx.request, proofLimits(ctx.config.uploadMaxBytes));
      const values = upload.values;
      const file = await fileOf(ctx, p.id);
      const errors: FieldErrors = {};
      if (upload.malformed) errors._form = t.t('grantAftercare.error.form');
      const receivedOn = dateField(t, single(values, 'receivedOn'), { notAfter: berlinDate(ctx.now), notBefore: file.grant.decidedOn ?? undefined });
      if ('error' in receivedOn) errors.receivedOn = receivedOn.error;
      const cost = amountError(t, single(values, 'actualCost'));
      if ('error' in cost) errors.actualCost = cost.error;
      const report = single(values, 'report');
      if (report.length > limits.report) errors.report = t.t('form.error.tooLong', { max: String(limits.report) });
      const outcomeDe = single(values, 'outcomeDe');
      const outcomeEn = single(values, 'outcomeEn');
      if (outcomeDe === '') errors.outcomeDe = t.t('form.error.required');
      else if (outcomeDe.length > limits.outcome) errors.outcomeDe = t.t('form.error.tooLong', { max: String(limits.outcome) });
      if (outcomeEn.length > limits.outcome) errors.outcomeEn = t.t('form.error.tooLong', { max: String(limits.outcome) });
      let pdf: { bytes: Uint8Array; fileName: string } | null = null;
      const uploaded = upload.file;
      if (fileChosen(uploaded)) {
        if (uploaded.truncated) errors.file = t.t('grantAftercare.error.fileTooLarge', { max: megabytes(t, ctx.config.uploadMaxBytes) });
        else if (uploaded.bytes.length === 0) errors.file = t.t('grantAftercare.error.fileEmpty');
        else if (detectDocumentType(uploaded.bytes)?.mimeType !== pdfType.mimeType) errors.file = t.t('grantAftercare.error.notPdf');
        else pdf = { bytes: uploaded.bytes, fileName: safeFileName(uploaded.name, pdfType, 'verwendungsnachweis') };
      }
      if (Object.keys(errors).length > 0 || 'error' in receivedOn || 'error' in cost) {
        ctx.reply.status(400);
        return proofPage(ctx, p.id, { values, errors });
      }
      const outcome = await receiveProof(
        ctx.db,
        ctx.config.dataDir,
        councilOf(ctx).id,
        p.id,
        { receivedOn: receivedOn.date, report: report || null, actualCostCents: cost.cents, outcome: outcomeEn ? { de: outcomeDe, en: outcomeEn } : { de: outcomeDe }, file: pdf },
        ctx.actor,
        ctx.now,
      );
      if (!outcome.ok) {
        if (outcome.reason === 'not_found') throw new NotFoundError('No grant');
        ctx.reply.status(409);
        return proofPage(ctx, p.id, { values, errors: {} }, outcomeMessage(t, outcome));
      }
      return ctx.redirect(`${grantBase(councilOf(ctx).slug, p.id)}/nachweis?hinweis=grantAftercare.flash.proof`);
    });
  });

  // Closing -----------------------------------------------------------------------------------------
  async function closePage(ctx: AdminContext, id: number, form?: FormState, error?: string) {
    const { t } = ctx;
    const file = await fileOf(ctx, id);
    const { grant } = file;
    const council = councilOf(ctx);
    const title = t.t('grantAftercare.close.title');
    const state = form ?? emptyForm();
    return (
      <AdminLayout ctx={ctx} title={title} crumbs={crumbsFor(ctx, file, title)}>
        <AftercareHeader ctx={ctx} file={file} current="close" />
        <ErrorAlert message={error} />
        {grant.closedAt ? <p class="kern-body">{t.html('grantAftercare.close.done', { date: t.fmt.dateShort(grant.closedAt) })}</p> : ''}
        {transition(grant.status, 'close').ok ? (
          <>
            <DescriptionList
              items={[
                { key: t.t('grantAftercare.fact.paid'), value: <span safe>{t.fmt.money(file.netPaidCents)}</span> },
                { key: t.t('grantAftercare.field.actualCost'), value: <span>{grant.actualCostCents !== null ? t.fmt.money(grant.actualCostCents) : '–'}</span> },
                { key: t.t('grantAftercare.close.outstanding'), value: <span safe>{t.fmt.money(file.outstandingCents)}</span> },
              ]}
            />
            {file.outstandingCents > 0 ? (
              <Alert kind="warning" title={t.t('grantAftercare.proof.repaymentDue', { amount: t.fmt.money(file.outstandingCents) })}>
                <p class="kern-body">
                  <a class="kern-link" href={t.href(`${grantBase(council.slug, id)}/zahlungen`)}>
                    {t.html('grantAftercare.proof.bookRepayment')}
                  </a>
                </p>
              </Alert>
            ) : (
              <p class="kern-body">{t.html('grantAftercare.close.intro')}</p>
            )}
            <ErrorSummary t={t} errors={state.errors} labels={{ confirm: t.t('grantAftercare.field.confirmOutstanding') }} />
            <Form action={t.href(`${grantBase(council.slug, id)}/abschliessen`)} csrfToken={ctx.csrfToken()}>
              {file.outstandingCents > 0 ? <Checkbox t={t} name="confirm" label={`${t.t('grantAftercare.field.confirmOutstanding')} ${t.t('grantAftercare.hint.confirmOutstanding')}`} form={state} /> : ''}
              <SubmitButton label={t.t('grantAftercare.close.submit')} />
            </Form>
          </>
        ) : grant.closedAt ? (
          ''
        ) : (
          <p class="kern-body">{t.html('grantAftercare.refused.transition.close', { status: statusLabel(t, grant.status) })}</p>
        )}
      </AdminLayout>
    );
  }

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/zuwendungen/:id/abschliessen', permission: 'grants.manage', params: grantParams }, async (ctx, p) => closePage(ctx, p.id));

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/zuwendungen/:id/abschliessen', permission: 'grants.manage', params: grantParams }, async (ctx, p) => {
    const values = formValues(ctx.request.body);
    await fileOf(ctx, p.id);
    const outcome = await closeGrant(ctx.db, councilOf(ctx).id, p.id, { confirmOutstanding: single(values, 'confirm') === 'on' }, ctx.actor, ctx.now);
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') throw new NotFoundError('No grant');
      if (outcome.reason === 'repayment_outstanding') {
        ctx.reply.status(400);
        return closePage(ctx, p.id, { values, errors: { confirm: outcomeMessage(ctx.t, outcome) } });
      }
      ctx.reply.status(409);
      return closePage(ctx, p.id, { values, errors: {} }, outcomeMessage(ctx.t, outcome));
    }
    return ctx.redirect(`${grantBase(councilOf(ctx).slug, p.id)}/abschliessen?hinweis=grantAftercare.flash.closed`);
  });
}
