import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { loadCouncilContext } from '../councils/load.js';
import { councilGenitive } from '../councils/service.js';
import { CouncilLayout, councilPath, type CouncilPageHeader } from '../councils/views.js';
import { FileInput } from '../documents/admin.js';
import { detectDocumentType, pdfType } from '../documents/content-type.js';
import { fileChosen, megabytes, multipartOptions, readUpload, type UploadedFile, type UploadLimits } from '../documents/upload.js';
import type { Translator } from '../infra/i18n/translator.js';
import { Checkbox, ErrorSummary, Form, Select, SubmitButton, TextArea, TextField, type FieldErrors, type FormState, type FormValues, RadioGroup } from '../web/forms.js';
import type { PageContext, PageServices } from '../web/pages.js';
import { councilParams, publicRoute } from '../web/public-route.js';
import { formatEuroInput } from './amounts.js';
import {
  amendApplication,
  applicantKinds,
  findByResumeToken,
  findSubmittedNumber,
  fundingField,
  fundingRows,
  limits,
  readApplication,
  resumeValidDays,
  saveDraft,
  submitApplication,
  type ApplyContext,
  type ApplyOutcome,
  type FieldProblems,
  type StoredApplication,
  type UploadedPlan,
} from './apply-service.js';
import { formatGrantNumber, parseGrantNumber } from './service.js';

/**
 * The public application form for grants: no account, CSRF-checked, rate-limited, with a honeypot.
 * It is multipart (the budget plan is a file), so the CSRF token also travels in the query string:
 * the check runs before the body is read.
 */

/** A field people never see (hidden by the stylesheet); bots that fill in every field give themselves away. */
const honeypotField = 'website';
const planField = 'budgetPlan';

const applyRoute = '/beiraete/:slug/projekte/antrag';
export const applyPath = (slug: string) => councilPath(slug, '/projekte/antrag');
const thanksPath = (slug: string) => `${applyPath(slug)}/danke`;
const savedPath = (slug: string) => `${applyPath(slug)}/gespeichert`;
const amendedPath = (slug: string) => `${applyPath(slug)}/ergaenzt`;

// ---------------------------------------------------------------------------------------------------
// Reading the multipart body
// ---------------------------------------------------------------------------------------------------

const uploadLimits = (maxBytes: number): UploadLimits => ({ fileField: planField, maxBytes, fields: 40, fieldSize: 64 * 1024, label: 'grant application form' });

/** The budget plan, if one was chosen: a PDF by its content and within the limit, or the reason it is not. */
function checkPlan(t: Translator, file: UploadedFile | undefined, maxBytes: number): { plan?: UploadedPlan; error?: string } {
  if (!fileChosen(file)) return {};
  if (file.truncated) return { error: t.t('grantApply.error.planTooLarge', { max: megabytes(t, maxBytes) }) };
  if (file.bytes.length === 0) return { error: t.t('grantApply.error.planEmpty') };
  if (detectDocumentType(file.bytes)?.mimeType !== pdfType.mimeType) return { error: t.t('grantApply.error.planNotPdf') };
  return { plan: { name: file.name, bytes: file.bytes } };
}

// ---------------------------------------------------------------------------------------------------
// The form
// ---------------------------------------------------------------------------------------------------

type Mode = { kind: 'new' } | { kind: 'draft'; token: string; application: StoredApplication } | { kind: 'amend'; token: string; application: StoredApplication };

function fieldLabels(t: Translator): Record<string, string> {
  const labels: Record<string, string> = {
    kind: t.t('grantApply.field.kind'),
    recipientName: t.t('grantApply.field.recipientName'),
    recipientAddress: t.t('grantApply.field.recipientAddress'),
    applicantName: t.t('grantApply.field.applicantName'),
    email: t.t('grantApply.field.email'),
    phone: t.t('grantApply.field.phone'),
    title: t.t('grantApply.field.title'),
    description: t.t('grantApply.field.description'),
    targetGroup: t.t('grantApply.field.targetGroup'),
    place: t.t('grantApply.field.place'),
    periodStart: t.t('grantApply.field.periodStart'),
    periodEnd: t.t('grantApply.field.periodEnd'),
    totalCost: t.t('grantApply.field.totalCost'),
    amountRequested: t.t('grantApply.field.amountRequested'),
    earlyStart: t.t('grantApply.field.earlyStart'),
    [planField]: t.t('grantApply.field.plan'),
    consent: t.t('grantApply.privacy.title'),
  };
  for (let row = 1; row <= fundingRows; row++) {
    const group = t.t('grantApply.funding.row', { row });
    labels[fundingField(row, 'Source')] = `${group}, ${t.t('grantApply.field.fundingSource')}`;
    labels[fundingField(row, 'Amount')] = `${group}, ${t.t('grantApply.field.fundingAmount')}`;
    labels[fundingField(row, 'Confirmed')] = `${group}, ${t.t('grantApply.field.fundingConfirmed')}`;
  }
  return labels;
}

function translateProblems(t: Translator, problems: FieldProblems): FieldErrors {
  const errors: FieldErrors = {};
  for (const [name, problem] of Object.entries(problems)) if (problem) errors[name] = t.t(problem.key, problem.params);
  return errors;
}

/** The form filled in from a stored application, as it would have been typed. */
function valuesOf(application: StoredApplication): FormValues {
  const g = application.grant;
  const values: FormValues = {
    kind: g.recipientKind === 'council' ? '' : g.recipientKind,
    recipientName: g.recipientName,
    recipientAddress: g.recipientAddress ?? '',
    applicantName: g.applicantName ?? '',
    email: g.applicantEmail ?? '',
    phone: g.applicantPhone ?? '',
    title: g.title.de,
    description: g.description ?? '',
    targetGroup: g.targetGroup ?? '',
    place: g.place ?? '',
    periodStart: g.periodStart ?? '',
    periodEnd: g.periodEnd ?? '',
    totalCost: g.totalCostCents !== null ? formatEuroInput(g.totalCostCents) : '',
    amountRequested: g.amountRequestedCents !== null ? formatEuroInput(g.amountRequestedCents) : '',
    earlyStart: g.earlyStartRequested ? 'on' : '',
  };
  application.otherFunding.slice(0, fundingRows).forEach((f, i) => {
    values[fundingField(i + 1, 'Source')] = f.source;
    values[fundingField(i + 1, 'Amount')] = formatEuroInput(f.amountCents);
    values[fundingField(i + 1, 'Confirmed')] = f.confirmed ? 'yes' : 'no';
  });
  return values;
}

function PlanField(props: { ctx: PageContext; form: FormState; mode: Mode; chooseAgain: boolean }): JSX.Element {
  const { ctx, form, mode } = props;
  const { t } = ctx;
  const stored = mode.kind === 'new' ? [] : mode.application.documents;
  const hints = [t.t('grantApply.field.planHint', { max: megabytes(t, ctx.config.uploadMaxBytes) })];
  if (stored.length > 0) {
    const names = stored.map((d) => d.fileName).join(', ');
    hints.push(mode.kind === 'amend' ? t.t('grantApply.field.planStoredAmend', { files: names }) : t.t('grantApply.field.planStored', { files: names }));
  }
  if (props.chooseAgain) hints.push(t.t('grantApply.field.planAgain'));
  return <FileInput t={t} form={form} name={planField} label={t.t('grantApply.field.plan')} hint={hints.join(' ')} accept=".pdf,application/pdf" optional />;
}

function FundingRows(props: { t: Translator; form: FormState }): JSX.Element {
  const { t, form } = props;
  const rows = Array.from({ length: fundingRows }, (_, i) => i + 1);
  return (
    <>
      {rows.map((row) => (
        <fieldset class="kern-fieldset grant-apply__funding">
          <legend class="kern-label" safe>
            {t.t('grantApply.funding.row', { row })}
          </legend>
          <div class="kern-fieldset__body grant-apply__funding-row">
            <TextField t={t} name={fundingField(row, 'Source')} label={t.t('grantApply.field.fundingSource')} form={form} maxlength={limits.fundingSource} optional />
            <TextField t={t} name={fundingField(row, 'Amount')} label={t.t('grantApply.field.fundingAmount')} form={form} inputmode="decimal" maxlength={limits.amount} optional />
            <Select
              t={t}
              name={fundingField(row, 'Confirmed')}
              label={t.t('grantApply.field.fundingConfirmed')}
              form={form}
              options={[
                { value: 'no', label: t.t('grantApply.funding.open') },
                { value: 'yes', label: t.t('grantApply.funding.confirmed') },
              ]}
            />
          </div>
        </fieldset>
      ))}
    </>
  );
}

function Notice(props: { kind: 'info' | 'success'; title: string; text?: string }): JSX.Element {
  return (
    <div class={`kern-alert kern-alert--${props.kind}`} role={props.kind === 'success' ? 'status' : undefined}>
      <div class="kern-alert__header">
        <span class={`kern-icon kern-icon--${props.kind}`} aria-hidden="true"></span>
        <p class="kern-title" safe>
          {props.title}
        </p>
      </div>
      {props.text ? (
        <div class="kern-alert__body">
          <p class="kern-body grant-apply__text" safe>
            {props.text}
          </p>
        </div>
      ) : (
        ''
      )}
    </div>
  );
}

function ModeNotice(props: { t: Translator; mode: Mode }): JSX.Element {
  const { t, mode } = props;
  if (mode.kind === 'new') return '';
  const g = mode.application.grant;
  const until = g.resumeExpiresAt ? t.fmt.dateShort(g.resumeExpiresAt) : '';
  if (mode.kind === 'draft') return <Notice kind="info" title={t.t('grantApply.resume.draftTitle', { date: t.fmt.dateShort(g.updatedAt), until })} />;
  return (
    <Notice
      kind="info"
      title={t.t('grantApply.resume.amendTitle', { number: formatGrantNumber(g.year, g.number), until })}
      text={g.missingInfo ? t.t('grantApply.resume.missing', { missing: g.missingInfo }) : undefined}
    />
  );
}

function ApplyPage(props: { ctx: PageContext; bodyName: string; header: CouncilPageHeader; form: FormState; mode: Mode; chooseAgain?: boolean; refusal?: string }): JSX.Element {
  const { ctx, header, form, mode } = props;
  const { t } = ctx;
  const council = header.council;
  const title = mode.kind === 'amend' ? t.t('grantApply.amendTitle') : t.t('grantApply.title');
  const labels = fieldLabels(t);
  const csrf = ctx.reply.generateCsrf();
  const action = `${t.href(applyPath(council.slug))}?_csrf=${encodeURIComponent(csrf)}`;
  const name = t.text(council.name);
  return (
    <CouncilLayout ctx={ctx} bodyName={props.bodyName} header={header} section="projects" title={title} crumbs={[{ label: title }]}>
      <div class="narrow-form grant-apply">
        {props.refusal ? (
          <div class="kern-alert kern-alert--danger" role="alert">
            <div class="kern-alert__header">
              <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
              <p class="kern-title" safe>
                {props.refusal}
              </p>
            </div>
          </div>
        ) : (
          ''
        )}
        <ModeNotice t={t} mode={mode} />
        {mode.kind === 'new' ? (
          <>
            <p class="kern-body kern-body--large">{t.html('grantApply.intro', { council: councilGenitive(name, t.locale) })}</p>
            <h2 class="kern-heading-small">{t.html('grantApply.steps.title')}</h2>
            <ol class="kern-list kern-list--number">
              <li>{t.html('grantApply.steps.submit')}</li>
              <li>{t.html('grantApply.steps.check')}</li>
              <li>{t.html('grantApply.steps.meeting')}</li>
              <li>{t.html('grantApply.steps.decision')}</li>
            </ol>
          </>
        ) : (
          ''
        )}
        <p class="kern-body kern-body--small">{t.html('grantApply.required')}</p>
        <ErrorSummary t={t} errors={form.errors} labels={labels} />
        {/* A multipart body is not parsed before the CSRF check, so the token also travels in the query. */}
        <Form action={action} csrfToken={csrf} multipart label={title}>
          {mode.kind === 'new' ? '' : <input type="hidden" name="resume" value={mode.token} />}

          <h2 class="kern-heading-medium">{t.html('grantApply.section.applicant')}</h2>
          <RadioGroup t={t} name="kind" label={labels.kind!} form={form} options={applicantKinds.map((k) => ({ value: k, label: t.t(`grantApply.kindOption.${k}`) }))} />
          <TextField t={t} name="recipientName" label={labels.recipientName!} hint={t.t('grantApply.field.recipientNameHint')} form={form} autocomplete="organization" maxlength={limits.name} />
          <TextArea t={t} name="recipientAddress" label={labels.recipientAddress!} hint={t.t('grantApply.field.recipientAddressHint')} form={form} rows={3} maxlength={limits.address} optional />
          <TextField t={t} name="applicantName" label={labels.applicantName!} hint={t.t('grantApply.field.applicantNameHint')} form={form} autocomplete="name" maxlength={limits.name} />
          <TextField t={t} name="email" type="email" label={labels.email!} hint={t.t('grantApply.field.emailHint')} form={form} autocomplete="email" maxlength={limits.email} />
          <TextField t={t} name="phone" type="tel" label={labels.phone!} form={form} autocomplete="tel" maxlength={limits.phone} optional />

          <h2 class="kern-heading-medium">{t.html('grantApply.section.project')}</h2>
          <TextField t={t} name="title" label={labels.title!} hint={t.t('grantApply.field.titleHint')} form={form} maxlength={limits.title} />
          <TextArea t={t} name="description" label={labels.description!} hint={t.t('grantApply.field.descriptionHint', { max: t.fmt.number(limits.description) })} form={form} rows={8} maxlength={limits.description} />
          <TextArea t={t} name="targetGroup" label={labels.targetGroup!} hint={t.t('grantApply.field.targetGroupHint')} form={form} rows={3} maxlength={limits.targetGroup} optional />
          <TextField t={t} name="place" label={labels.place!} hint={t.t('grantApply.field.placeHint')} form={form} maxlength={limits.place} optional />
          <div class="grant-apply__pair">
            <TextField t={t} name="periodStart" type="date" label={labels.periodStart!} hint={t.t('grantApply.field.dateHint')} form={form} />
            <TextField t={t} name="periodEnd" type="date" label={labels.periodEnd!} hint={t.t('grantApply.field.dateHint')} form={form} />
          </div>

          <h2 class="kern-heading-medium">{t.html('grantApply.section.funding')}</h2>
          <TextField t={t} name="totalCost" label={labels.totalCost!} hint={t.t('grantApply.field.totalCostHint')} form={form} inputmode="decimal" maxlength={limits.amount} />
          <TextField t={t} name="amountRequested" label={labels.amountRequested!} hint={t.t('grantApply.field.amountRequestedHint')} form={form} inputmode="decimal" maxlength={limits.amount} />
          <p class="kern-body">{t.html('grantApply.funding.intro')}</p>
          <FundingRows t={t} form={form} />
          {/* The explanation is long: a paragraph of its own reads better than a hint squeezed beside the box. */}
          <p class="kern-body grant-apply__explain" id="early-start-explained">
            {t.html('grantApply.field.earlyStartHint')}
          </p>
          <Checkbox t={t} name="earlyStart" label={labels.earlyStart!} form={form} />

          <h2 class="kern-heading-medium">{t.html('grantApply.section.plan')}</h2>
          <PlanField ctx={ctx} form={form} mode={mode} chooseAgain={props.chooseAgain ?? false} />

          <h2 class="kern-heading-medium">{t.html('grantApply.privacy.title')}</h2>
          <p class="kern-body">{t.html('grantApply.privacy.stored')}</p>
          <p class="kern-body">{t.html('grantApply.privacy.seen', { council: councilGenitive(name, t.locale) })}</p>
          <p class="kern-body">{t.html('grantApply.privacy.kept', { days: resumeValidDays, email: council.contactEmail })}</p>
          <Checkbox t={t} name="consent" label={t.t('grantApply.privacy.consent')} form={form} />
          <div class="joining-hp">
            <label for="field-website">{t.html('grantApply.honeypot')}</label>
            <input id="field-website" name={honeypotField} type="text" value="" tabindex="-1" autocomplete="off" />
          </div>
          <div class="grant-apply__buttons">
            {mode.kind === 'amend' ? (
              <SubmitButton label={t.t('grantApply.button.amend')} name="action" value="amend" />
            ) : (
              <>
                <SubmitButton label={t.t('grantApply.button.submit')} name="action" value="submit" />
                <SubmitButton label={t.t('grantApply.button.draft')} variant="secondary" name="action" value="draft" />
              </>
            )}
          </div>
          {mode.kind === 'amend' ? '' : <p class="kern-body kern-body--small">{t.html('grantApply.button.draftHint', { days: resumeValidDays })}</p>}
        </Form>
      </div>
    </CouncilLayout>
  );
}

/** The answer to a link that is unknown, expired or used: a page of its own, so the applicant knows what to do. */
function LinkInvalidPage(props: { ctx: PageContext; bodyName: string; header: CouncilPageHeader }): JSX.Element {
  const { ctx, header } = props;
  const { t } = ctx;
  const title = t.t('grantApply.linkInvalid.title');
  ctx.reply.status(404);
  return (
    <CouncilLayout ctx={ctx} bodyName={props.bodyName} header={header} section="projects" title={title} crumbs={[{ label: title }]}>
      <p class="kern-body kern-body--large">{t.html('grantApply.linkInvalid.text', { days: resumeValidDays })}</p>
      <p class="kern-body">{t.html('grantApply.linkInvalid.contact', { email: header.council.contactEmail })}</p>
      <p class="kern-body">
        <a class="kern-link" href={t.href(applyPath(header.council.slug))}>
          {t.html('grantApply.linkInvalid.new')}
        </a>
      </p>
    </CouncilLayout>
  );
}

function DonePage(props: { ctx: PageContext; bodyName: string; header: CouncilPageHeader; title: string; lines: string[] }): JSX.Element {
  const { ctx, header } = props;
  const { t } = ctx;
  return (
    <CouncilLayout ctx={ctx} bodyName={props.bodyName} header={header} section="projects" title={props.title} crumbs={[{ label: props.title }]}>
      <Notice kind="success" title={props.lines[0]!} />
      {props.lines.slice(1).map((line) => (
        <p class="kern-body" safe>
          {line}
        </p>
      ))}
      <p class="kern-body">
        <a class="kern-link" href={t.href(councilPath(header.council.slug, '/projekte'))}>
          {t.html('grantApply.done.back')}
        </a>
      </p>
    </CouncilLayout>
  );
}

// ---------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------

/** One query or body parameter as a bounded string; anything else counts as missing. */
function tokenParam(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= 100 ? value : undefined;
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function refusalOf(t: Translator, outcome: Extract<ApplyOutcome, { reason: 'invalid_transition' }>): string {
  return t.t('grantApply.error.transition', { status: t.t(`projects.status.${outcome.status}`) });
}

export function registerGrantApplication(app: FastifyInstance, services: PageServices): void {
  app.register(async (scope) => {
    // Multipart parsing only here, where a file is expected; the limits are read per request.
    await scope.register(multipart, multipartOptions(uploadLimits(services.config.uploadMaxBytes)));

    publicRoute(scope, services, { method: 'GET', path: applyRoute, params: councilParams }, async (ctx, { slug }) => {
      const { bodyName, header } = await loadCouncilContext(ctx, slug);
      return <ApplyPage ctx={ctx} bodyName={bodyName} header={header} form={{ values: { kind: 'association' }, errors: {} }} mode={{ kind: 'new' }} />;
    });

    // Opening the link only reads: the application is changed when the form is sent.
    publicRoute(scope, services, { method: 'GET', path: `${applyRoute}/fortsetzen`, params: councilParams }, async (ctx, { slug }) => {
      const { bodyName, header } = await loadCouncilContext(ctx, slug);
      const token = tokenParam((ctx.request.query as Record<string, unknown> | undefined)?.t);
      const application = token ? await findByResumeToken(ctx.db, header.council.id, token, ctx.now) : undefined;
      if (!token || !application) return <LinkInvalidPage ctx={ctx} bodyName={bodyName} header={header} />;
      const mode: Mode = application.grant.status === 'submitted' ? { kind: 'amend', token, application } : { kind: 'draft', token, application };
      return <ApplyPage ctx={ctx} bodyName={bodyName} header={header} form={{ values: valuesOf(application), errors: {} }} mode={mode} />;
    });

    publicRoute(scope, services, { method: 'POST', path: applyRoute, params: councilParams, rateLimit: { max: 10, timeWindow: '10 minutes' } }, async (ctx, { slug }) => {
      const { t } = ctx;
      const { bodyName, header } = await loadCouncilContext(ctx, slug);
      const maxBytes = ctx.config.uploadMaxBytes;
      const posted = await readUpload(ctx.request, uploadLimits(maxBytes));
      const { [honeypotField]: trap, action, resume, ...values } = posted.values;
      // A bot gets the same answer as a person, so it learns nothing; nothing is stored or mailed.
      if (typeof trap === 'string' ? trap.trim() !== '' : Array.isArray(trap)) return ctx.reply.redirect(t.href(thanksPath(slug)), 303);

      const token = tokenParam(single(resume));
      let mode: Mode = { kind: 'new' };
      if (resume !== undefined) {
        const application = token ? await findByResumeToken(ctx.db, header.council.id, token, ctx.now) : undefined;
        if (!token || !application) return <LinkInvalidPage ctx={ctx} bodyName={bodyName} header={header} />;
        mode = application.grant.status === 'submitted' ? { kind: 'amend', token, application } : { kind: 'draft', token, application };
      }
      const intent = mode.kind === 'amend' ? 'amend' : single(action) === 'draft' ? 'draft' : 'submit';
      const checked = readApplication(values, intent === 'draft' ? 'draft' : 'submit');
      const plan = checkPlan(t, posted.file, maxBytes);
      const errors: FieldErrors = checked.ok ? {} : translateProblems(t, checked.problems);
      if (plan.error) errors[planField] = plan.error;
      if (posted.malformed) errors._form = t.t('grantApply.error.form');
      if (!checked.ok || plan.error || posted.malformed) {
        ctx.reply.status(400);
        return <ApplyPage ctx={ctx} bodyName={bodyName} header={header} form={{ values, errors }} mode={mode} chooseAgain={plan.plan !== undefined} />;
      }

      const applyCtx: ApplyContext = { council: header.council, bodyName, locale: t.locale, baseUrl: ctx.config.baseUrl, dataDir: ctx.config.dataDir, now: ctx.now };
      const resumeToken = mode.kind === 'new' ? undefined : mode.token;
      const outcome =
        intent === 'amend'
          ? await amendApplication(ctx.db, applyCtx, checked.data, resumeToken!, plan.plan)
          : intent === 'draft'
            ? await saveDraft(ctx.db, applyCtx, checked.data, resumeToken, plan.plan)
            : await submitApplication(ctx.db, applyCtx, checked.data, resumeToken, plan.plan);
      if (!outcome.ok && outcome.reason === 'link_invalid') return <LinkInvalidPage ctx={ctx} bodyName={bodyName} header={header} />;
      if (!outcome.ok) {
        // Someone sent the same link's form twice, or the office moved the application on meanwhile.
        ctx.reply.status(409);
        return <ApplyPage ctx={ctx} bodyName={bodyName} header={header} form={{ values, errors: {} }} mode={mode} refusal={refusalOf(t, outcome)} chooseAgain={plan.plan !== undefined} />;
      }
      if (intent === 'draft') return ctx.reply.redirect(t.href(savedPath(slug)), 303);
      if (intent === 'amend') return ctx.reply.redirect(t.href(amendedPath(slug)), 303);
      return ctx.reply.redirect(`${t.href(thanksPath(slug))}?nummer=${encodeURIComponent(formatGrantNumber(outcome.year, outcome.number))}`, 303);
    });

    publicRoute(scope, services, { method: 'GET', path: `${applyRoute}/danke`, params: councilParams }, async (ctx, { slug }) => {
      const { t } = ctx;
      const { bodyName, header } = await loadCouncilContext(ctx, slug);
      // Only a number this council gave is shown: the page cannot be made to announce an invented one.
      const asked = parseGrantNumber(String((ctx.request.query as Record<string, unknown> | undefined)?.nummer ?? '').slice(0, 20));
      const known = asked && (await findSubmittedNumber(ctx.db, header.council.id, asked.year, asked.number)) ? formatGrantNumber(asked.year, asked.number) : undefined;
      const lines = [known ? t.t('grantApply.done.submittedNumber', { number: known }) : t.t('grantApply.done.submitted'), t.t('grantApply.done.submittedMail'), t.t('grantApply.done.submittedNext')];
      return <DonePage ctx={ctx} bodyName={bodyName} header={header} title={t.t('grantApply.done.submittedTitle')} lines={lines} />;
    });

    publicRoute(scope, services, { method: 'GET', path: `${applyRoute}/gespeichert`, params: councilParams }, async (ctx, { slug }) => {
      const { t } = ctx;
      const { bodyName, header } = await loadCouncilContext(ctx, slug);
      const lines = [t.t('grantApply.done.saved'), t.t('grantApply.done.savedLink', { days: resumeValidDays }), t.t('grantApply.done.savedOlder')];
      return <DonePage ctx={ctx} bodyName={bodyName} header={header} title={t.t('grantApply.done.savedTitle')} lines={lines} />;
    });

    publicRoute(scope, services, { method: 'GET', path: `${applyRoute}/ergaenzt`, params: councilParams }, async (ctx, { slug }) => {
      const { t } = ctx;
      const { bodyName, header } = await loadCouncilContext(ctx, slug);
      const lines = [t.t('grantApply.done.amended'), t.t('grantApply.done.amendedNext')];
      return <DonePage ctx={ctx} bodyName={bodyName} header={header} title={t.t('grantApply.done.amendedTitle')} lines={lines} />;
    });
  });
}
