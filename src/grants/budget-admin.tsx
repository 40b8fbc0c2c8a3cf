import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AdminLayout, adminRoute, Flash, type AdminContext } from '../admin/kit.js';
import { councilAreas } from '../admin/routes.js';
import type { Council } from '../councils/repository.js';
import { councilGenitive } from '../councils/service.js';
import { berlinYear } from '../infra/i18n/format.js';
import type { MessageKey, Translator } from '../infra/i18n/translator.js';
import { Alert, DescriptionList } from '../web/components.js';
import { Checkbox, emptyForm, ErrorSummary, Form, formValues, Select, SubmitButton, TextArea, TextField, type FieldErrors, type FormState, type FormValues } from '../web/forms.js';
import { NotFoundError } from '../web/http-errors.js';
import type { PageServices } from '../web/pages.js';
import { DataTable } from '../web/table.js';
import { formatEuroInput, parseEuroAmount } from './amounts.js';
import type { BudgetFigures } from './budget.js';
import {
  budgetKinds,
  budgetYears,
  loadCouncilYearBudgets,
  loadGrantFinancing,
  saveGrantFinancing,
  saveYearBudgets,
  type BudgetKind,
  type BudgetWithFigures,
  type CarriedGrant,
  type GrantFinancing,
} from './budget-service.js';
import { formatGrantNumber } from './service.js';

/**
 * The budget back office: a council's budgets per year with what is recommended, approved, paid,
 * returned and left, and the co-funding split of one grant across budgets. Overcommitting is possible
 * only by ticking "trotzdem zuordnen" with a reason, which is kept on record.
 */

const permission = 'grants.manage' as const;
const budgetPath = (slug: string, year?: number) => `/admin/beiraete/${slug}/haushalt${year === undefined ? '' : `?jahr=${year}`}`;
const grantOfficePath = (slug: string, id: number) => `/admin/beiraete/${slug}/zuwendungen/${id}`;
export const financingPath = (slug: string, id: number) => `${grantOfficePath(slug, id)}/finanzierung`;

const positiveId = z
  .string()
  .regex(/^[1-9]\d{0,8}$/)
  .transform(Number);
const councilParams = z.object({ slug: z.string() });
const grantParams = z.object({ slug: z.string(), id: positiveId });
const yearParam = z
  .string()
  .regex(/^\d{4}$/)
  .transform(Number)
  .refine((y) => y >= 2000 && y <= 2100);

const limits = { reason: 1000 } as const;
const flashKeys = ['budget.flash.saved', 'budget.flash.savedOverride', 'budget.financing.flash.saved', 'budget.financing.flash.savedOverride'] as const;

function councilOf(ctx: AdminContext): Council {
  if (!ctx.council) throw new NotFoundError('No council');
  return ctx.council;
}

const single = (v: FormValues[string]) => (Array.isArray(v) ? v[0] : v) ?? '';

/** An amount field: empty means `empty` (the caller decides), anything else must parse to cents. */
function readAmount(t: Translator, values: FormValues, name: string, errors: FieldErrors, required: boolean): number | undefined {
  const parsed = parseEuroAmount(single(values[name]));
  if (parsed.ok) return parsed.cents;
  if (parsed.reason === 'empty' && !required) return undefined;
  errors[name] = t.t(`budget.error.amount.${parsed.reason}` as MessageKey);
  return undefined;
}

function readOverride(t: Translator, values: FormValues, errors: FieldErrors): { reason: string } | undefined {
  if (single(values.override) !== 'on') return undefined;
  const reason = single(values.overrideReason).trim();
  if (reason.length > limits.reason) errors.overrideReason = t.t('form.error.tooLong', { max: String(limits.reason) });
  return { reason };
}

const kindLabel = (t: Translator, kind: BudgetKind) => t.t(`budget.kind.${kind}`);
const statusLabel = (t: Translator, status: string) => t.t(`projects.status.${status}` as MessageKey);
const money = (t: Translator, cents: number) => t.fmt.money(cents);

function grantLabel(t: Translator, g: { year: number; number: number | null; title: CarriedGrant['title'] }): string {
  const number = formatGrantNumber(g.year, g.number);
  return number ? `${number} ${t.text(g.title)}` : t.text(g.title);
}

// ---------------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------------

const figureColumns = (t: Translator) => [
  { label: t.t('budget.col.allocated'), numeric: true },
  { label: t.t('budget.col.recommended'), numeric: true },
  { label: t.t('budget.col.approved'), numeric: true },
  { label: t.t('budget.col.paid'), numeric: true },
  { label: t.t('budget.col.returned'), numeric: true },
  { label: t.t('budget.col.remaining'), numeric: true },
];

function FigureCells(props: { t: Translator; figures: BudgetFigures }): JSX.Element {
  const { t, figures: f } = props;
  const cells = [f.allocatedCents, f.recommendedCents, f.approvedCents, f.paidCents, f.returnedCents];
  return (
    <>
      {cells.map((c) => (
        <td class="kern-table__cell kern-table__cell--numeric" safe>
          {money(t, c)}
        </td>
      ))}
      <td class="kern-table__cell kern-table__cell--numeric" safe>
        {f.remainingCents < 0 ? t.t('budget.overcommittedBy', { amount: money(t, -f.remainingCents) }) : money(t, f.remainingCents)}
      </td>
    </>
  );
}

function SummaryTable(props: { t: Translator; year: number; list: BudgetWithFigures[]; totals: BudgetFigures }): JSX.Element {
  const { t, list } = props;
  return (
    <DataTable
      label={t.t('budget.summary.caption', { year: props.year })}
      columns={[{ label: t.t('budget.col.budget') }, ...figureColumns(t)]}
      footer={
        list.length > 1 ? (
          <tfoot class="kern-table__footer">
            <tr>
              <th scope="row" class="kern-table__cell">
                {t.html('budget.total')}
              </th>
              <FigureCells t={t} figures={props.totals} />
            </tr>
          </tfoot>
        ) : undefined
      }
    >
      {list.map((b) => (
        <tr>
          <th scope="row" class="kern-table__cell">
            <a class="kern-link" href={`#budget-${b.budget.kind}`} safe>
              {kindLabel(t, b.budget.kind)}
            </a>
          </th>
          <FigureCells t={t} figures={b.figures} />
        </tr>
      ))}
    </DataTable>
  );
}

function CarriedTable(props: { t: Translator; council: Council; budget: BudgetWithFigures }): JSX.Element {
  const { t, council, budget } = props;
  if (budget.grants.length === 0) return <p class="kern-body">{t.html('budget.carried.none')}</p>;
  return (
    <DataTable
      label={t.t('budget.carried.caption', { budget: kindLabel(t, budget.budget.kind) })}
      columns={[
        { label: t.t('budget.col.grant') },
        { label: t.t('budget.col.recipient') },
        { label: t.t('budget.col.status') },
        { label: t.t('budget.col.share'), numeric: true },
        { label: t.t('budget.col.paid'), numeric: true },
        { label: t.t('budget.col.returned'), numeric: true },
      ]}
    >
      {budget.grants.map((g) => (
        <tr>
          <th scope="row" class="kern-table__cell">
            {g.councilId === council.id ? (
              <a class="kern-link" href={t.href(financingPath(council.slug, g.grantId))} safe>
                {grantLabel(t, g)}
              </a>
            ) : (
              <span safe>{`${grantLabel(t, g)} (${t.t('budget.carried.otherCouncil', { council: t.text(g.councilName) })})`}</span>
            )}
          </th>
          <td class="kern-table__cell" safe>
            {g.recipientName}
          </td>
          <td class="kern-table__cell" safe>
            {statusLabel(t, g.status)}
          </td>
          <td class="kern-table__cell kern-table__cell--numeric" safe>
            {money(t, g.allocationCents)}
          </td>
          <td class="kern-table__cell kern-table__cell--numeric" safe>
            {money(t, g.payoutCents - g.repaymentCents)}
          </td>
          <td class="kern-table__cell kern-table__cell--numeric" safe>
            {money(t, g.repaymentCents)}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

const budgetLabels = (t: Translator) => ({
  council: t.t('budget.field.council'),
  district_council: t.t('budget.field.district_council'),
  override: t.t('budget.field.override'),
  overrideReason: t.t('budget.field.overrideReason'),
});

function OverrideFields(props: { t: Translator; form: FormState; hint: string }): JSX.Element {
  const { t, form } = props;
  return (
    <fieldset class="kern-fieldset">
      <legend class="kern-label">{t.html('budget.override.legend')}</legend>
      <div class="kern-fieldset__body">
        <Checkbox t={t} name="override" label={t.t('budget.field.override')} hint={props.hint} form={form} />
        <TextArea t={t} name="overrideReason" label={t.t('budget.field.overrideReason')} form={form} maxlength={limits.reason} rows={3} optional />
      </div>
    </fieldset>
  );
}

async function budgetPage(ctx: AdminContext, year: number, form?: FormState): Promise<JSX.Element> {
  const { t } = ctx;
  const council = councilOf(ctx);
  const [data, years] = await Promise.all([loadCouncilYearBudgets(ctx.db, council.id, year), budgetYears(ctx.db, council.id, berlinYear(ctx.now))]);
  const byKind = new Map(data.budgets.map((b) => [b.budget.kind, b]));
  const state =
    form ??
    emptyForm(Object.fromEntries(budgetKinds.map((k) => [k, byKind.has(k) ? formatEuroInput(byKind.get(k)!.budget.allocatedCents) : ''])));
  const overcommitted = data.budgets.filter((b) => b.figures.remainingCents < 0);
  const name = t.text(council.name);
  return (
    <AdminLayout
      ctx={ctx}
      title={t.t('budget.title', { council: councilGenitive(name, t.locale), year })}
      crumbs={[{ label: name, path: `/admin/beiraete/${council.slug}` }, { label: t.t('budget.crumb', { year }) }]}
    >
      <Flash ctx={ctx} allowed={flashKeys} />
      <nav aria-label={t.t('budget.years')}>
        <ul class="kern-list kern-list--horizontal">
          {years.map((y) => (
            <li>
              <a class="kern-link" href={t.href(budgetPath(council.slug, y))} aria-current={y === year ? 'page' : undefined}>
                {y}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p class="kern-body">{t.html('budget.intro')}</p>

      <section>
        <h2 id="summary" class="kern-heading-medium">
          {t.html('budget.summary.title', { year })}
        </h2>
        {overcommitted.length > 0 ? (
          <Alert kind="warning" title={t.t('budget.overcommitted.title')}>
            <ul class="kern-list">
              {overcommitted.map((b) => (
                <li safe>{t.t('budget.overcommitted.item', { budget: kindLabel(t, b.budget.kind), amount: money(t, -b.figures.remainingCents) })}</li>
              ))}
            </ul>
          </Alert>
        ) : (
          ''
        )}
        {data.budgets.length === 0 ? <p class="kern-body">{t.html('budget.summary.none', { year })}</p> : <SummaryTable t={t} year={year} list={data.budgets} totals={data.totals} />}
        <p class="kern-body kern-body--small">{t.html('budget.summary.explain')}</p>
      </section>

      <section>
        <h2 id="set" class="kern-heading-medium">
          {t.html('budget.set.title', { year })}
        </h2>
        <ErrorSummary t={t} errors={state.errors} labels={budgetLabels(t)} />
        <Form action={t.href(budgetPath(council.slug, year))} csrfToken={ctx.csrfToken()} label={t.t('budget.set.title', { year })}>
          <input type="hidden" name="year" value={String(year)} />
          <TextField t={t} name="council" label={t.t('budget.field.council')} hint={t.t('budget.hint.amount')} form={state} maxlength={20} inputmode="decimal" optional={!byKind.has('council')} />
          <TextField
            t={t}
            name="district_council"
            label={t.t('budget.field.district_council')}
            hint={t.t('budget.hint.district_council')}
            form={state}
            maxlength={20}
            inputmode="decimal"
            optional={!byKind.has('district_council')}
          />
          <OverrideFields t={t} form={state} hint={t.t('budget.hint.overrideBudget')} />
          <SubmitButton label={t.t('budget.set.submit')} />
        </Form>
      </section>

      {data.budgets.map((b) => (
        <section>
          <h2 id={`budget-${b.budget.kind}`} class="kern-heading-medium" safe>
            {t.t('budget.carried.title', { budget: kindLabel(t, b.budget.kind) })}
          </h2>
          <CarriedTable t={t} council={council} budget={b} />
        </section>
      ))}

      {data.unallocated.length > 0 ? (
        <section>
          <h2 id="unallocated" class="kern-heading-medium">
            {t.html('budget.unallocated.title')}
          </h2>
          <p class="kern-body">{t.html('budget.unallocated.intro')}</p>
          <DataTable
            label={t.t('budget.unallocated.title')}
            columns={[{ label: t.t('budget.col.grant') }, { label: t.t('budget.col.status') }, { label: t.t('budget.col.amount'), numeric: true }, { label: t.t('budget.col.assigned'), numeric: true }]}
          >
            {data.unallocated.map((g) => (
              <tr>
                <th scope="row" class="kern-table__cell">
                  <a class="kern-link" href={t.href(financingPath(council.slug, g.grantId))} safe>
                    {grantLabel(t, { year, number: g.number, title: g.title })}
                  </a>
                </th>
                <td class="kern-table__cell" safe>
                  {statusLabel(t, g.status)}
                </td>
                <td class="kern-table__cell kern-table__cell--numeric" safe>
                  {money(t, g.amountCents)}
                </td>
                <td class="kern-table__cell kern-table__cell--numeric" safe>
                  {money(t, g.allocatedCents)}
                </td>
              </tr>
            ))}
          </DataTable>
        </section>
      ) : (
        ''
      )}
    </AdminLayout>
  );
}

// ---------------------------------------------------------------------------------------------------
// The co-funding split of one grant
// ---------------------------------------------------------------------------------------------------

const budgetField = (budgetId: number) => `b${budgetId}`;

function budgetName(t: Translator, council: Council, b: BudgetWithFigures): string {
  return b.council.id === council.id ? t.t('budget.financing.ownBudget', { budget: kindLabel(t, b.budget.kind), year: b.budget.year }) : t.t('budget.financing.neighbourBudget', { council: councilGenitive(t.text(b.council.name), t.locale), year: b.budget.year });
}

function financingLabels(t: Translator, council: Council, f: GrantFinancing): Record<string, string> {
  const labels: Record<string, string> = {
    neighbour: t.t('budget.financing.field.neighbour'),
    neighbourAmount: t.t('budget.financing.field.neighbourAmount'),
    override: t.t('budget.field.override'),
    overrideReason: t.t('budget.field.overrideReason'),
  };
  for (const b of [...f.own, ...f.neighbours]) labels[budgetField(b.budget.id)] = budgetName(t, council, b);
  return labels;
}

function budgetHint(t: Translator, f: GrantFinancing, b: BudgetWithFigures): string {
  const paid = f.paid.get(b.budget.id) ?? 0;
  const left = t.t('budget.financing.hint.remaining', { amount: money(t, b.figures.remainingCents) });
  return paid > 0 ? `${left} ${t.t('budget.financing.hint.paid', { amount: money(t, paid) })}` : left;
}

async function financingPage(ctx: AdminContext, grantId: number, form?: FormState, refusal?: string): Promise<JSX.Element> {
  const { t } = ctx;
  const council = councilOf(ctx);
  const f = await loadGrantFinancing(ctx.db, council.id, grantId);
  if (!f) throw new NotFoundError(`No grant ${grantId} in ${council.slug}`);
  const { grant } = f;
  const number = formatGrantNumber(grant.year, grant.number) || `#${grant.id}`;
  const ownKinds = new Set(f.own.map((b) => b.budget.kind));
  const carryingNeighbours = f.neighbours.filter((b) => f.allocations.has(b.budget.id));
  const offered = f.neighbours.filter((b) => !f.allocations.has(b.budget.id));
  const initial: FormValues = {};
  for (const b of [...f.own, ...carryingNeighbours]) initial[budgetField(b.budget.id)] = f.allocations.has(b.budget.id) ? formatEuroInput(f.allocations.get(b.budget.id)!) : '';
  const state = form ?? emptyForm(initial);
  const title = t.t('budget.financing.title', { number });
  const rows = [...f.own, ...carryingNeighbours];
  return (
    <AdminLayout
      ctx={ctx}
      title={title}
      crumbs={[
        { label: t.text(council.name), path: `/admin/beiraete/${council.slug}` },
        { label: t.t('budget.crumb', { year: grant.year }), path: budgetPath(council.slug, grant.year) },
        { label: number, path: grantOfficePath(council.slug, grant.id) },
        { label: t.t('budget.financing.crumb') },
      ]}
    >
      <Flash ctx={ctx} allowed={flashKeys} />
      {refusal ? (
        <Alert kind="danger" title={refusal}>
          {''}
        </Alert>
      ) : (
        ''
      )}
      <DescriptionList
        items={[
          { key: t.t('budget.col.grant'), value: <span safe>{`${number} ${t.text(grant.title)}`}</span> },
          { key: t.t('budget.col.recipient'), value: <span safe>{grant.recipientName}</span> },
          { key: t.t('budget.col.status'), value: <span safe>{statusLabel(t, grant.status)}</span> },
          {
            key: grant.amountApprovedCents !== null ? t.t('budget.financing.approved') : t.t('budget.financing.recommended'),
            value: <span safe>{f.targetCents === null ? t.t('budget.financing.noAmount') : money(t, f.targetCents)}</span>,
          },
          { key: t.t('budget.financing.total'), value: <span safe>{money(t, f.totalCents)}</span> },
        ]}
      />
      {f.targetCents !== null && f.differenceCents !== 0 ? (
        <Alert kind="warning" title={t.t('budget.financing.mismatch.title')}>
          <p class="kern-body" safe>
            {t.t(f.differenceCents > 0 ? 'budget.financing.mismatch.more' : 'budget.financing.mismatch.less', { total: money(t, f.totalCents), amount: money(t, f.targetCents), difference: money(t, Math.abs(f.differenceCents)) })}
          </p>
        </Alert>
      ) : (
        ''
      )}
      {grant.budgetOverrideReason ? (
        <Alert kind="info" title={t.t('budget.financing.overridden')}>
          <p class="kern-body" safe>
            {grant.budgetOverrideReason}
          </p>
        </Alert>
      ) : (
        ''
      )}
      <p class="kern-body">{t.html('budget.financing.intro')}</p>
      {budgetKinds
        .filter((k) => !ownKinds.has(k))
        .map((k) => (
          <p class="kern-body">
            <span safe>{t.t('budget.financing.noBudget', { budget: kindLabel(t, k), year: grant.year })}</span>{' '}
            <a class="kern-link" href={t.href(budgetPath(council.slug, grant.year))}>
              {t.html('budget.financing.setUpBudget')}
            </a>
          </p>
        ))}

      {f.editable ? (
        <>
          <ErrorSummary t={t} errors={state.errors} labels={financingLabels(t, council, f)} />
          <Form action={t.href(financingPath(council.slug, grant.id))} csrfToken={ctx.csrfToken()} label={title}>
            {rows.map((b) => (
              <TextField t={t} name={budgetField(b.budget.id)} label={budgetName(t, council, b)} hint={budgetHint(t, f, b)} form={state} maxlength={20} inputmode="decimal" optional />
            ))}
            {offered.length > 0 ? (
              <fieldset class="kern-fieldset">
                <legend class="kern-label">{t.html('budget.financing.neighbourLegend')}</legend>
                <div class="kern-fieldset__body">
                  <Select
                    t={t}
                    name="neighbour"
                    label={t.t('budget.financing.field.neighbour')}
                    form={state}
                    options={[
                      { value: '', label: t.t('budget.financing.neighbourNone') },
                      ...offered.map((b) => ({ value: String(b.budget.id), label: t.t('budget.financing.neighbourOption', { council: t.text(b.council.name), amount: money(t, b.figures.remainingCents) }) })),
                    ]}
                    optional
                  />
                  <TextField t={t} name="neighbourAmount" label={t.t('budget.financing.field.neighbourAmount')} hint={t.t('budget.hint.amount')} form={state} maxlength={20} inputmode="decimal" optional />
                </div>
              </fieldset>
            ) : (
              ''
            )}
            <OverrideFields t={t} form={state} hint={t.t('budget.hint.overrideGrant')} />
            <SubmitButton label={t.t('budget.financing.submit')} />
          </Form>
        </>
      ) : (
        <>
          <p class="kern-body" safe>
            {t.t('budget.financing.settled', { status: statusLabel(t, grant.status) })}
          </p>
          {rows.length > 0 ? (
            <DataTable label={t.t('budget.financing.split')} columns={[{ label: t.t('budget.col.budget') }, { label: t.t('budget.col.share'), numeric: true }, { label: t.t('budget.col.paid'), numeric: true }]}>
              {rows
                .filter((b) => f.allocations.has(b.budget.id) || f.paid.has(b.budget.id))
                .map((b) => (
                  <tr>
                    <th scope="row" class="kern-table__cell" safe>
                      {budgetName(t, council, b)}
                    </th>
                    <td class="kern-table__cell kern-table__cell--numeric" safe>
                      {money(t, f.allocations.get(b.budget.id) ?? 0)}
                    </td>
                    <td class="kern-table__cell kern-table__cell--numeric" safe>
                      {money(t, f.paid.get(b.budget.id) ?? 0)}
                    </td>
                  </tr>
                ))}
            </DataTable>
          ) : (
            ''
          )}
        </>
      )}
    </AdminLayout>
  );
}

// ---------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------

function queryYear(ctx: AdminContext): number {
  const raw = (ctx.request.query as Record<string, unknown> | undefined)?.jahr;
  if (raw === undefined || raw === '') return berlinYear(ctx.now);
  const parsed = yearParam.safeParse(raw);
  if (!parsed.success) throw new NotFoundError('Malformed year');
  return parsed.data;
}

export function registerBudgetAdmin(app: FastifyInstance, services: PageServices): void {
  if (!councilAreas.some((a) => a.path === '/haushalt')) councilAreas.push({ path: '/haushalt', label: 'budget.area', permission });

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/haushalt', permission, params: councilParams }, async (ctx) => budgetPage(ctx, queryYear(ctx)));

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/haushalt', permission, params: councilParams }, async (ctx) => {
    const { t } = ctx;
    const council = councilOf(ctx);
    const values = formValues(ctx.request.body);
    const year = yearParam.safeParse(single(values.year));
    if (!year.success) throw new NotFoundError('Malformed year');
    const existing = await loadCouncilYearBudgets(ctx.db, council.id, year.data);
    const errors: FieldErrors = {};
    const amounts: Partial<Record<BudgetKind, number>> = {};
    for (const kind of budgetKinds) {
      // An existing budget needs an amount (0 for none); a new one only if one is typed.
      const cents = readAmount(t, values, kind, errors, existing.budgets.some((b) => b.budget.kind === kind));
      if (cents !== undefined) amounts[kind] = cents;
    }
    const override = readOverride(t, values, errors);
    const fail = (more: FieldErrors = {}) => {
      ctx.reply.status(400);
      return budgetPage(ctx, year.data, { values, errors: { ...errors, ...more } });
    };
    if (Object.keys(errors).length > 0) return fail();
    const outcome = await saveYearBudgets(ctx.db, council.id, year.data, amounts, override, ctx.actor);
    if (!outcome.ok) {
      if (outcome.reason === 'override_reason') return fail({ overrideReason: t.t('budget.error.overrideReason') });
      return fail({ [outcome.kind]: t.t('budget.error.belowCommitted', { amount: money(t, outcome.committedCents) }) });
    }
    return ctx.redirect(`${budgetPath(council.slug, year.data)}&hinweis=${outcome.overridden ? 'budget.flash.savedOverride' : 'budget.flash.saved'}`);
  });

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/zuwendungen/:id/finanzierung', permission, params: grantParams }, async (ctx, p) => financingPage(ctx, p.id));

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/zuwendungen/:id/finanzierung', permission, params: grantParams }, async (ctx, p) => {
    const { t } = ctx;
    const council = councilOf(ctx);
    const f = await loadGrantFinancing(ctx.db, council.id, p.id);
    if (!f) throw new NotFoundError(`No grant ${p.id} in ${council.slug}`);
    const values = formValues(ctx.request.body);
    const errors: FieldErrors = {};
    const split = new Map<number, number>();
    // Fields for this council's budgets and for neighbours already carrying the grant: empty is none.
    for (const b of [...f.own, ...f.neighbours.filter((n) => f.allocations.has(n.budget.id))]) {
      const name = budgetField(b.budget.id);
      if (values[name] === undefined) continue;
      split.set(b.budget.id, readAmount(t, values, name, errors, false) ?? 0);
    }
    const neighbour = single(values.neighbour);
    const neighbourAmount = readAmount(t, values, 'neighbourAmount', errors, neighbour !== '');
    if (neighbour !== '') {
      const chosen = f.neighbours.find((b) => String(b.budget.id) === neighbour);
      if (!chosen) errors.neighbour = t.t('form.error.choose');
      else if (neighbourAmount !== undefined) split.set(chosen.budget.id, neighbourAmount);
    } else if (neighbourAmount !== undefined && neighbourAmount > 0) errors.neighbour = t.t('budget.error.neighbourMissing');
    const override = readOverride(t, values, errors);
    const fail = (more: FieldErrors = {}, refusal?: string) => {
      ctx.reply.status(400);
      return financingPage(ctx, p.id, { values, errors: { ...errors, ...more } }, refusal);
    };
    if (Object.keys(errors).length > 0) return fail();

    const outcome = await saveGrantFinancing(ctx.db, council.id, p.id, split, override, ctx.actor);
    if (outcome.ok) return ctx.redirect(`${financingPath(council.slug, p.id)}?hinweis=${outcome.overridden ? 'budget.financing.flash.savedOverride' : 'budget.financing.flash.saved'}`);
    const fieldOf = (budgetId: number) => (f.allocations.has(budgetId) || f.own.some((b) => b.budget.id === budgetId) ? budgetField(budgetId) : 'neighbourAmount');
    switch (outcome.reason) {
      case 'not_found':
        throw new NotFoundError(`No grant ${p.id}`);
      case 'settled':
        return fail({}, t.t('budget.financing.refused.settled', { status: statusLabel(t, outcome.status) }));
      case 'unknown_budget':
        return fail({ [fieldOf(outcome.budgetId)]: t.t('form.error.choose') });
      case 'below_paid':
        return fail({ [fieldOf(outcome.budgetId)]: t.t('budget.error.belowPaid', { amount: money(t, outcome.paidCents) }) });
      case 'override_reason':
        return fail({ overrideReason: t.t('budget.error.overrideReason') });
      case 'overcommitted':
        return fail(
          Object.fromEntries(outcome.budgets.map((o) => [fieldOf(o.budgetId), t.t('budget.error.overcommitted', { amount: money(t, Math.max(0, o.remainingCents)) })])),
          t.t('budget.financing.refused.overcommitted'),
        );
    }
  });
}
