import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ActionButton, AdminLayout, adminRoute, Flash, type AdminContext } from '../admin/kit.js';
import { councilAreas } from '../admin/routes.js';
import type { Council } from '../councils/repository.js';
import { contentDisposition, documentPath } from '../documents/routes.js';
import type { MessageKey, Translator } from '../infra/i18n/translator.js';
import { berlinDate } from '../infra/time.js';
import { parseFormDate } from '../members/service.js';
import { Alert, DateText, DescriptionList } from '../web/components.js';
import { CheckboxGroup, emptyForm, ErrorSummary, fieldErrors, Form, formValues, RadioGroup, SubmitButton, TextArea, TextField, Checkbox, type FieldErrors, type FormState, type FormValues } from '../web/forms.js';
import { NotFoundError } from '../web/http-errors.js';
import type { PageServices } from '../web/pages.js';
import { DataTable } from '../web/table.js';
import { formatEuroInput, parseEuroAmount } from './amounts.js';
import { odtMimeType, paperFileName, renderPaperOdt, renderPaperPdf } from './decision-paper.js';
import {
  createPaper,
  deletePaper,
  filedPaperDocument,
  findPaper,
  grantsAwaitingPaper,
  listPapers,
  loadPaperInput,
  paperGrants,
  paperNumberPattern,
  recordDecision,
  updatePaper,
  type DecisionOutcome,
  type GrantDecisionInput,
  type GrantRow,
  type PaperGrantRow,
  type PaperRefusal,
} from './decision-service.js';
import { formatGrantNumber, type GrantStatus } from './service.js';

/**
 * Decision papers in the back office: the list, a new paper bundling recommended grants, editing
 * its texts and number, the PDF and ODT, and recording the district council's decision.
 */

export const grantsBase = (slug: string) => `/admin/beiraete/${slug}/zuwendungen`;
export const grantBase = (slug: string, id: number) => `${grantsBase(slug)}/${id}`;
const papersBase = (slug: string) => `${grantsBase(slug)}/vorlagen`;
const paperBase = (slug: string, id: number) => `${papersBase(slug)}/${id}`;

export const positiveId = z
  .string()
  .regex(/^[1-9]\d{0,8}$/)
  .transform(Number);
const councilParams = z.object({ slug: z.string() });
const paperParams = z.object({ slug: z.string(), paperId: positiveId });

const limits = { title: 300, paperNumber: 40, section: 4000, conditions: 2000 } as const;

const flashKeys = ['grantDecision.flash.created', 'grantDecision.flash.saved', 'grantDecision.flash.deleted', 'grantDecision.flash.decided'] as const;

export function councilOf(ctx: AdminContext): Council {
  if (!ctx.council) throw new NotFoundError('No council');
  return ctx.council;
}

export const grantLabel = (t: Translator, g: Pick<GrantRow, 'year' | 'number' | 'recipientName' | 'title'>) => `${formatGrantNumber(g.year, g.number)} – ${g.recipientName}: ${t.text(g.title)}`;

export const statusLabel = (t: Translator, status: GrantStatus) => t.t(`projects.status.${status}` as MessageKey);

/** The message for an amount the parser refused, in the reader's language. */
export function amountError(t: Translator, input: string): { cents: number } | { error: string } {
  const parsed = parseEuroAmount(input);
  return parsed.ok ? { cents: parsed.cents } : { error: t.t(`grantDecision.amount.${parsed.reason}` as MessageKey) };
}

/** The grants area's crumbs: the grants list, then what follows. */
export function grantCrumbs(ctx: AdminContext, council: Council, ...rest: Array<{ label: string; path?: string }>) {
  return [{ label: ctx.t.t('grantDecision.crumb', { council: ctx.t.text(council.shortName) }), path: grantsBase(council.slug) }, ...rest];
}

export function ErrorAlert(props: { message?: string }): JSX.Element {
  if (!props.message) return '';
  return (
    <Alert kind="danger" title={props.message}>
      {''}
    </Alert>
  );
}

const refusalMessage = (t: Translator, reason: PaperRefusal) => t.t(`grantDecision.refused.${reason}` as MessageKey);

const chosenIds = (values: FormValues): number[] => {
  const raw = values.grants;
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return list.flatMap((v) => (/^[1-9]\d{0,8}$/.test(v) ? [Number(v)] : []));
};

// ---------------------------------------------------------------------------------------------------
// Forms
// ---------------------------------------------------------------------------------------------------

const optionalText = (max: number) => z.string().trim().max(max);

const paperForm = z.object({
  title: z.string().trim().min(1, 'form.error.required').max(limits.title),
  paperNumber: z.union([z.literal(''), z.string().trim().max(limits.paperNumber).regex(paperNumberPattern, 'grantDecision.error.paperNumber')]),
  genderAspects: optionalText(limits.section),
  climateImpact: optionalText(limits.section),
  reasons: optionalText(limits.section),
});

const paperLabels = (t: Translator) => ({
  title: t.t('grantDecision.field.title'),
  paperNumber: t.t('grantDecision.field.paperNumber'),
  genderAspects: t.t('grantDecision.field.genderAspects'),
  climateImpact: t.t('grantDecision.field.climateImpact'),
  reasons: t.t('grantDecision.field.reasons'),
  grants: t.t('grantDecision.field.grants'),
});

function grantOptions(t: Translator, rows: readonly GrantRow[]) {
  return rows.map((g) => ({ value: String(g.id), label: `${grantLabel(t, g)} (${t.t('grantDecision.upTo', { amount: t.fmt.money(g.amountRecommendedCents ?? 0) })})` }));
}

// ---------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------

export function registerDecisionAdmin(app: FastifyInstance, services: PageServices): void {
  if (!councilAreas.some((a) => a.path === '/zuwendungen/vorlagen')) councilAreas.push({ path: '/zuwendungen/vorlagen', label: 'grantDecision.area', permission: 'grants.manage' });

  // The list and a new paper ----------------------------------------------------------------------
  async function listPage(ctx: AdminContext, form: FormState, error?: string) {
    const { t } = ctx;
    const council = councilOf(ctx);
    const [papers, waiting] = await Promise.all([listPapers(ctx.db, council.id), grantsAwaitingPaper(ctx.db, council.id)]);
    const title = t.t('grantDecision.list.title');
    return (
      <AdminLayout ctx={ctx} title={title} crumbs={grantCrumbs(ctx, council, { label: title })}>
        <Flash ctx={ctx} allowed={flashKeys} />
        <ErrorAlert message={error} />
        <p class="kern-body">{t.html('grantDecision.list.intro')}</p>
        {papers.length === 0 ? (
          <p class="kern-body">{t.html('grantDecision.list.none')}</p>
        ) : (
          <DataTable label={title} columns={[{ label: t.t('grantDecision.col.paper') }, { label: t.t('grantDecision.col.number') }, { label: t.t('grantDecision.col.grants'), numeric: true }, { label: t.t('grantDecision.col.total'), numeric: true }, { label: t.t('grantDecision.col.state') }]}>
            {papers.map((p) => (
              <tr>
                <th scope="row" class="kern-table__cell">
                  <a class="kern-link" href={t.href(paperBase(council.slug, p.id))} safe>
                    {p.title}
                  </a>
                </th>
                <td class="kern-table__cell" safe>
                  {p.paperNumber ?? '–'}
                </td>
                <td class="kern-table__cell kern-table__cell--numeric" safe>
                  {t.fmt.number(p.grantCount)}
                </td>
                <td class="kern-table__cell kern-table__cell--numeric" safe>
                  {t.fmt.money(p.totalCents)}
                </td>
                <td class="kern-table__cell" safe>
                  {p.decidedOn ? t.t('grantDecision.state.decided', { date: t.fmt.dateShort(p.decidedOn) }) : t.t('grantDecision.state.draft')}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <h2 id="new" class="kern-heading-medium">
          {t.html('grantDecision.new.title')}
        </h2>
        {waiting.length === 0 ? (
          <p class="kern-body">{t.html('grantDecision.new.none')}</p>
        ) : (
          <>
            <ErrorSummary t={t} errors={form.errors} labels={paperLabels(t)} />
            <Form action={t.href(papersBase(council.slug))} csrfToken={ctx.csrfToken()}>
              <CheckboxGroup t={t} name="grants" label={t.t('grantDecision.field.grants')} hint={t.t('grantDecision.hint.grants')} form={form} options={grantOptions(t, waiting)} />
              <SubmitButton label={t.t('grantDecision.new.submit')} />
            </Form>
          </>
        )}
      </AdminLayout>
    );
  }

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/zuwendungen/vorlagen', permission: 'grants.manage', params: councilParams }, async (ctx) => listPage(ctx, emptyForm()));

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/zuwendungen/vorlagen', permission: 'grants.manage', params: councilParams }, async (ctx) => {
    const values = formValues(ctx.request.body);
    const ids = chosenIds(values);
    if (ids.length === 0) {
      ctx.reply.status(400);
      return listPage(ctx, { values, errors: { grants: ctx.t.t('grantDecision.error.noGrants') } });
    }
    const outcome = await createPaper(ctx.db, councilOf(ctx).id, ids, ctx.actor);
    if (!outcome.ok) {
      ctx.reply.status(409);
      return listPage(ctx, { values, errors: {} }, refusalMessage(ctx.t, outcome.reason));
    }
    return ctx.redirect(`${paperBase(councilOf(ctx).slug, outcome.paper.id)}?hinweis=grantDecision.flash.created`);
  });

  // One paper -------------------------------------------------------------------------------------
  async function paperOf(ctx: AdminContext, paperId: number) {
    const paper = await findPaper(ctx.db, councilOf(ctx).id, paperId);
    if (!paper) throw new NotFoundError(`No decision paper ${paperId}`);
    return paper;
  }

  function GrantsOnPaper(props: { t: Translator; council: Council; rows: PaperGrantRow[]; decided: boolean }): JSX.Element {
    const { t, council, rows } = props;
    return (
      <DataTable
        label={t.t('grantDecision.paper.grantsTitle')}
        columns={[{ label: t.t('grantDecision.col.grant') }, { label: t.t('grantDecision.col.recommended'), numeric: true }, ...(props.decided ? [{ label: t.t('grantDecision.col.approved'), numeric: true }] : []), { label: t.t('grantDecision.col.state') }]}
      >
        {rows.map(({ grant }) => (
          <tr>
            <th scope="row" class="kern-table__cell">
              <a class="kern-link" href={t.href(grantBase(council.slug, grant.id))} safe>
                {grantLabel(t, grant)}
              </a>
            </th>
            <td class="kern-table__cell kern-table__cell--numeric" safe>
              {t.fmt.money(grant.amountRecommendedCents ?? 0)}
            </td>
            {props.decided ? (
              <td class="kern-table__cell kern-table__cell--numeric">
                {grant.amountApprovedCents !== null ? t.fmt.money(grant.amountApprovedCents) : '–'}
              </td>
            ) : (
              ''
            )}
            <td class="kern-table__cell" safe>
              {statusLabel(t, grant.status)}
            </td>
          </tr>
        ))}
      </DataTable>
    );
  }

  async function paperPage(ctx: AdminContext, paperId: number, form?: FormState, error?: string) {
    const { t } = ctx;
    const council = councilOf(ctx);
    const paper = await paperOf(ctx, paperId);
    const [rows, waiting, filed] = await Promise.all([paperGrants(ctx.db, paper.id), paper.decidedOn ? Promise.resolve([]) : grantsAwaitingPaper(ctx.db, council.id), filedPaperDocument(ctx.db, council.id, paper)]);
    const path = paperBase(council.slug, paper.id);
    const state =
      form ??
      emptyForm({
        title: paper.title,
        paperNumber: paper.paperNumber ?? '',
        genderAspects: paper.genderAspects ?? '',
        climateImpact: paper.climateImpact ?? '',
        reasons: paper.reasons ?? '',
        grants: rows.map((r) => String(r.grant.id)),
      });
    const labels = paperLabels(t);
    // After the decision: grants whose budgets no longer add up to the approved amount.
    const toAdjust = paper.decidedOn
      ? rows.filter(({ grant, allocations }) => grant.amountApprovedCents !== null && allocations.reduce((s, a) => s + a.amountCents, 0) !== grant.amountApprovedCents)
      : [];
    return (
      <AdminLayout ctx={ctx} title={paper.title} crumbs={grantCrumbs(ctx, council, { label: t.t('grantDecision.list.title'), path: papersBase(council.slug) }, { label: paper.paperNumber ?? t.t('grantDecision.state.draft') })}>
        <Flash ctx={ctx} allowed={flashKeys} />
        <ErrorAlert message={error} />
        {toAdjust.map(({ grant, allocations }) => (
          <Alert kind="warning" title={t.t('grantDecision.warning.split', { number: formatGrantNumber(grant.year, grant.number), split: t.fmt.money(allocations.reduce((s, a) => s + a.amountCents, 0)), approved: t.fmt.money(grant.amountApprovedCents ?? 0) })}>
            <p class="kern-body">
              <a class="kern-link" href={t.href(`${grantBase(council.slug, grant.id)}/finanzierung`)}>
                {t.html('grantDecision.warning.splitLink', { number: formatGrantNumber(grant.year, grant.number) })}
              </a>
            </p>
          </Alert>
        ))}
        <DescriptionList
          items={[
            { key: t.t('grantDecision.field.paperNumber'), value: <span safe>{paper.paperNumber ?? t.t('grantDecision.paper.numberPending')}</span> },
            { key: t.t('grantDecision.col.state'), value: <span safe>{paper.decidedOn ? t.t('grantDecision.state.decided', { date: t.fmt.dateShort(paper.decidedOn) }) : t.t('grantDecision.state.draft')}</span> },
            ...(paper.decidedOn ? [{ key: t.t('grantDecision.field.decidedOn'), value: <DateText value={paper.decidedOn} text={t.fmt.dateLong(paper.decidedOn)} /> }] : []),
          ]}
        />
        <h2 class="kern-heading-medium">{t.html('grantDecision.paper.grantsTitle')}</h2>
        <GrantsOnPaper t={t} council={council} rows={rows} decided={paper.decidedOn !== null} />
        <h2 class="kern-heading-medium">{t.html('grantDecision.paper.downloads')}</h2>
        <ul class="kern-list">
          <li>
            <a class="kern-link" href={t.href(`${path}/vorlage.pdf`)}>
              {t.html('grantDecision.paper.pdf')}
            </a>
          </li>
          <li>
            <a class="kern-link" href={t.href(`${path}/vorlage.odt`)}>
              {t.html('grantDecision.paper.odt')}
            </a>
          </li>
          {filed ? (
            <li>
              <a class="kern-link" href={documentPath(council.slug, filed.id, filed.fileName)}>
                {t.html('grantDecision.paper.filed')}
              </a>
            </li>
          ) : (
            ''
          )}
        </ul>
        {paper.decidedOn ? (
          ''
        ) : (
          <>
            <p class="kern-body">
              <a class="kern-link" href={t.href(`${path}/beschluss`)}>
                {t.html('grantDecision.paper.recordDecision')}
              </a>
            </p>
            <h2 id="edit" class="kern-heading-medium">
              {t.html('grantDecision.edit.title')}
            </h2>
            <ErrorSummary t={t} errors={state.errors} labels={labels} />
            <Form action={t.href(path)} csrfToken={ctx.csrfToken()}>
              <TextField t={t} name="title" label={labels.title} form={state} maxlength={limits.title} />
              <TextField t={t} name="paperNumber" label={labels.paperNumber} hint={t.t('grantDecision.hint.paperNumber')} form={state} maxlength={limits.paperNumber} optional />
              <CheckboxGroup t={t} name="grants" label={labels.grants} hint={t.t('grantDecision.hint.grantsEdit')} form={state} options={grantOptions(t, [...rows.map((r) => r.grant), ...waiting])} />
              <TextArea t={t} name="genderAspects" label={labels.genderAspects} form={state} maxlength={limits.section} rows={4} optional />
              <TextArea t={t} name="climateImpact" label={labels.climateImpact} form={state} maxlength={limits.section} rows={2} optional />
              <TextArea t={t} name="reasons" label={labels.reasons} hint={t.t('grantDecision.hint.reasons')} form={state} maxlength={limits.section} rows={6} optional />
              <SubmitButton label={t.t('grantDecision.edit.submit')} />
            </Form>
            <h2 class="kern-heading-medium">{t.html('grantDecision.delete.title')}</h2>
            <p class="kern-body">{t.html('grantDecision.delete.intro')}</p>
            <ActionButton ctx={ctx} action={`${path}/loeschen`} label={t.t('grantDecision.delete.submit')} variant="tertiary" />
          </>
        )}
      </AdminLayout>
    );
  }

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/zuwendungen/vorlagen/:paperId', permission: 'grants.manage', params: paperParams }, async (ctx, p) => paperPage(ctx, p.paperId));

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/zuwendungen/vorlagen/:paperId', permission: 'grants.manage', params: paperParams }, async (ctx, p) => {
    const values = formValues(ctx.request.body);
    await paperOf(ctx, p.paperId);
    const parsed = paperForm.safeParse(values);
    const errors: FieldErrors = parsed.success ? {} : fieldErrors(ctx.t, parsed.error);
    const ids = chosenIds(values);
    if (ids.length === 0) errors.grants = ctx.t.t('grantDecision.error.noGrants');
    if (!parsed.success || Object.keys(errors).length > 0) {
      ctx.reply.status(400);
      return paperPage(ctx, p.paperId, { values, errors });
    }
    const d = parsed.data;
    const outcome = await updatePaper(
      ctx.db,
      councilOf(ctx).id,
      p.paperId,
      { title: d.title, paperNumber: d.paperNumber || null, genderAspects: d.genderAspects || null, climateImpact: d.climateImpact || null, reasons: d.reasons || null, grantIds: ids },
      ctx.actor,
    );
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') throw new NotFoundError('No paper');
      ctx.reply.status(409);
      return paperPage(ctx, p.paperId, { values, errors: {} }, refusalMessage(ctx.t, outcome.reason));
    }
    return ctx.redirect(`${paperBase(councilOf(ctx).slug, p.paperId)}?hinweis=grantDecision.flash.saved`);
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/zuwendungen/vorlagen/:paperId/loeschen', permission: 'grants.manage', params: paperParams }, async (ctx, p) => {
    await paperOf(ctx, p.paperId);
    const outcome = await deletePaper(ctx.db, councilOf(ctx).id, p.paperId, ctx.actor);
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') throw new NotFoundError('No paper');
      ctx.reply.status(409);
      return paperPage(ctx, p.paperId, undefined, refusalMessage(ctx.t, outcome.reason));
    }
    return ctx.redirect(`${papersBase(councilOf(ctx).slug)}?hinweis=grantDecision.flash.deleted`);
  });

  // Downloads ---------------------------------------------------------------------------------------
  async function inputOf(ctx: AdminContext, paperId: number) {
    const loaded = await loadPaperInput(ctx.db, councilOf(ctx).id, paperId, ctx.now);
    if (!loaded) throw new NotFoundError(`No decision paper ${paperId}`);
    return loaded;
  }

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/zuwendungen/vorlagen/:paperId/vorlage.pdf', permission: 'grants.manage', params: paperParams }, async (ctx, p) => {
    const { paper, input } = await inputOf(ctx, p.paperId);
    const pdf = await renderPaperPdf(input);
    return ctx.reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition('inline', paperFileName(paper.id, paper.paperNumber, 'pdf'))).send(pdf);
  });

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/zuwendungen/vorlagen/:paperId/vorlage.odt', permission: 'grants.manage', params: paperParams }, async (ctx, p) => {
    const { paper, input } = await inputOf(ctx, p.paperId);
    const odt = renderPaperOdt(input, ctx.now);
    return ctx.reply.header('content-type', odtMimeType).header('content-disposition', contentDisposition('attachment', paperFileName(paper.id, paper.paperNumber, 'odt'))).send(Buffer.from(odt));
  });

  // The decision ------------------------------------------------------------------------------------
  const decisionLabels = (t: Translator, rows: PaperGrantRow[]) => ({
    decidedOn: t.t('grantDecision.field.decidedOn'),
    paperNumber: t.t('grantDecision.field.paperNumber'),
    ...Object.fromEntries(
      rows.flatMap(({ grant }) => {
        const n = formatGrantNumber(grant.year, grant.number);
        return [
          [`decision-${grant.id}`, t.t('grantDecision.field.decisionOf', { number: n })],
          [`amount-${grant.id}`, t.t('grantDecision.field.amountOf', { number: n })],
          [`conditions-${grant.id}`, t.t('grantDecision.field.conditionsOf', { number: n })],
        ];
      }),
    ),
  });

  async function decisionPage(ctx: AdminContext, paperId: number, form?: FormState, error?: string) {
    const { t } = ctx;
    const council = councilOf(ctx);
    const paper = await paperOf(ctx, paperId);
    const rows = await paperGrants(ctx.db, paper.id);
    const path = paperBase(council.slug, paper.id);
    const title = t.t('grantDecision.decision.title');
    const state =
      form ??
      emptyForm({
        decidedOn: '',
        paperNumber: paper.paperNumber ?? '',
        ...Object.fromEntries(rows.flatMap(({ grant }) => [[`decision-${grant.id}`, 'approve'], [`amount-${grant.id}`, grant.amountRecommendedCents !== null ? formatEuroInput(grant.amountRecommendedCents) : ''], [`conditions-${grant.id}`, '']])),
      });
    return (
      <AdminLayout ctx={ctx} title={title} crumbs={grantCrumbs(ctx, council, { label: t.t('grantDecision.list.title'), path: papersBase(council.slug) }, { label: paper.paperNumber ?? t.t('grantDecision.state.draft'), path }, { label: title })}>
        <ErrorAlert message={error} />
        <p class="kern-body" safe>
          {paper.title}
        </p>
        {paper.decidedOn ? (
          <p class="kern-body">{t.html('grantDecision.refused.decided')}</p>
        ) : rows.length === 0 ? (
          <p class="kern-body">{t.html('grantDecision.refused.no_grants')}</p>
        ) : (
          <>
            <p class="kern-body">{t.html('grantDecision.decision.intro')}</p>
            <ErrorSummary t={t} errors={state.errors} labels={decisionLabels(t, rows)} />
            <Form action={t.href(`${path}/beschluss`)} csrfToken={ctx.csrfToken()}>
              <TextField t={t} name="decidedOn" type="date" label={t.t('grantDecision.field.decidedOn')} hint={t.t('grantDecision.hint.date')} form={state} maxlength={20} />
              <TextField t={t} name="paperNumber" label={t.t('grantDecision.field.paperNumber')} hint={t.t('grantDecision.hint.paperNumber')} form={state} maxlength={limits.paperNumber} />
              {rows.map(({ grant }) => {
                const n = formatGrantNumber(grant.year, grant.number);
                return (
                  <section class="kern-stack" aria-labelledby={`grant-${grant.id}`}>
                    <h2 id={`grant-${grant.id}`} class="kern-heading-small" safe>
                      {grantLabel(t, grant)}
                    </h2>
                    <p class="kern-body" safe>
                      {t.t('grantDecision.decision.recommended', { amount: t.fmt.money(grant.amountRecommendedCents ?? 0), date: grant.recommendedOn ? t.fmt.dateShort(grant.recommendedOn) : '–' })}
                    </p>
                    <RadioGroup
                      t={t}
                      name={`decision-${grant.id}`}
                      label={t.t('grantDecision.field.decisionOf', { number: n })}
                      form={state}
                      options={[
                        { value: 'approve', label: t.t('grantDecision.decision.approve') },
                        { value: 'reject', label: t.t('grantDecision.decision.reject') },
                      ]}
                    />
                    <TextField t={t} name={`amount-${grant.id}`} label={t.t('grantDecision.field.amountOf', { number: n })} hint={t.t('grantDecision.hint.amount')} form={state} maxlength={20} inputmode="decimal" />
                    <Checkbox t={t} name={`above-${grant.id}`} label={`${t.t('grantDecision.field.above')} ${t.t('grantDecision.hint.above')}`} form={state} />
                    <TextArea t={t} name={`conditions-${grant.id}`} label={t.t('grantDecision.field.conditionsOf', { number: n })} hint={t.t('grantDecision.hint.conditions')} form={state} maxlength={limits.conditions} rows={3} optional />
                  </section>
                );
              })}
              <SubmitButton label={t.t('grantDecision.decision.submit')} />
            </Form>
          </>
        )}
      </AdminLayout>
    );
  }

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/zuwendungen/vorlagen/:paperId/beschluss', permission: 'grants.manage', params: paperParams }, async (ctx, p) => decisionPage(ctx, p.paperId));

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/zuwendungen/vorlagen/:paperId/beschluss', permission: 'grants.manage', params: paperParams }, async (ctx, p) => {
    const { t } = ctx;
    const values = formValues(ctx.request.body);
    const paper = await paperOf(ctx, p.paperId);
    const rows = await paperGrants(ctx.db, paper.id);
    const single = (name: string) => {
      const v = values[name];
      return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
    };
    const errors: FieldErrors = {};
    const decidedOn = parseFormDate(single('decidedOn'));
    if (single('decidedOn') === '') errors.decidedOn = t.t('form.error.required');
    else if (!decidedOn) errors.decidedOn = t.t('form.error.date');
    else if (decidedOn > berlinDate(ctx.now)) errors.decidedOn = t.t('grantDecision.error.dateInFuture');
    else if (rows.some((r) => r.grant.recommendedOn !== null && r.grant.recommendedOn > decidedOn)) errors.decidedOn = t.t('grantDecision.refused.before_recommendation');
    const paperNumber = single('paperNumber');
    if (paperNumber === '') errors.paperNumber = t.t('form.error.required');
    else if (paperNumber.length > limits.paperNumber || !paperNumberPattern.test(paperNumber)) errors.paperNumber = t.t('grantDecision.error.paperNumber');
    const decisions: GrantDecisionInput[] = [];
    for (const { grant } of rows) {
      const choice = single(`decision-${grant.id}`);
      if (choice !== 'approve' && choice !== 'reject') {
        errors[`decision-${grant.id}`] = t.t('form.error.choose');
        continue;
      }
      const conditions = single(`conditions-${grant.id}`);
      if (conditions.length > limits.conditions) errors[`conditions-${grant.id}`] = t.t('form.error.tooLong', { max: String(limits.conditions) });
      const aboveConfirmed = single(`above-${grant.id}`) === 'on';
      let amountCents: number | null = null;
      if (choice === 'approve') {
        const amount = amountError(t, single(`amount-${grant.id}`));
        if ('error' in amount) errors[`amount-${grant.id}`] = amount.error;
        else if (amount.cents === 0) errors[`amount-${grant.id}`] = t.t('grantDecision.amount.zero');
        else if (grant.amountRecommendedCents !== null && amount.cents > grant.amountRecommendedCents && !aboveConfirmed)
          errors[`amount-${grant.id}`] = t.t('grantDecision.error.aboveRecommendation', { amount: t.fmt.money(grant.amountRecommendedCents) });
        else amountCents = amount.cents;
      }
      decisions.push({ grantId: grant.id, approved: choice === 'approve', amountCents, aboveConfirmed, conditions: conditions || null });
    }
    if (Object.keys(errors).length > 0) {
      ctx.reply.status(400);
      return decisionPage(ctx, p.paperId, { values, errors });
    }
    const outcome = await recordDecision(ctx.db, ctx.config.dataDir, councilOf(ctx).id, p.paperId, { decidedOn: decidedOn!, paperNumber, grants: decisions }, ctx.actor, ctx.now);
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') throw new NotFoundError('No paper');
      ctx.reply.status(409);
      return decisionPage(ctx, p.paperId, { values, errors: {} }, decisionRefusal(t, outcome, rows));
    }
    return ctx.redirect(`${paperBase(councilOf(ctx).slug, p.paperId)}?hinweis=grantDecision.flash.decided`);
  });
}

function decisionRefusal(t: Translator, outcome: Exclude<DecisionOutcome, { ok: true }>, rows: PaperGrantRow[]): string {
  if (outcome.reason !== 'grant') return t.t(`grantDecision.refused.${outcome.reason}` as MessageKey);
  const grant = rows.find((r) => r.grant.id === outcome.grantId)?.grant;
  const number = grant ? formatGrantNumber(grant.year, grant.number) : '';
  return t.t(`grantDecision.refused.grant.${outcome.refusal}` as MessageKey, { number, status: statusLabel(t, outcome.status) });
}
