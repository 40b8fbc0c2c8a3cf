/**
 * The council office's back office for its own council: the texts of the public page (as a draft
 * that is published on purpose), the contact, and the rules with the seat categories. Routes are
 * thin: they validate with the schemas of admin-service.ts, store in one transaction with the audit
 * record, and redirect (Post/Redirect/Get) or render the form again with what was typed.
 */
import { and, eq, max } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AdminLayout, adminRoute, Flash, type AdminContext } from '../admin/kit.js';
import { councilAreas } from '../admin/routes.js';
import { recordAudit, type AuditActor, type Tx } from '../audit/service.js';
import { can } from '../auth/policy.js';
import type { Database } from '../infra/db/database.js';
import { locales, type Locale } from '../infra/i18n/locales.js';
import type { LocalizedText } from '../infra/i18n/localized.js';
import type { MessageKey, Translator } from '../infra/i18n/translator.js';
import { berlinDate } from '../infra/time.js';
import { memberships } from '../members/schema.js';
import { Alert } from '../web/components.js';
import { Checkbox, CheckboxGroup, ErrorSummary, fieldErrors, Form, formValues, HintAndError, Select, SubmitButton, TextArea, TextField, type FieldErrors, type FormState, type FormValues } from '../web/forms.js';
import { NotFoundError } from '../web/http-errors.js';
import type { PageServices } from '../web/pages.js';
import { DataTable } from '../web/table.js';
import {
  categoriesFormSchema,
  categoriesFromForm,
  categoryFieldName,
  categoryKey,
  categoryNameMax,
  checkRules,
  checkTexts,
  contactFormSchema,
  contactFromForm,
  contactLimits,
  dayCountings,
  districtTies,
  membershipModes,
  migrationQuotaShare,
  occupiedSeats,
  publishedTexts,
  quorumRules,
  requiredTextFields,
  rulesFormSchema,
  shareForDisplay,
  textChanges,
  textFieldName,
  textFields,
  textLimits,
  textsFormSchema,
  textsFromForm,
  textsToForm,
  tieRules,
  voteEffects,
  type CategoryInput,
  type CouncilContact,
  type CouncilTexts,
  type Problem,
  type RulesForm,
  type TextFieldName,
} from './admin-service.js';
import { listSeatCategories, type Council, type SeatCategory } from './repository.js';
import { councils, seatCategories, type CouncilTextDraft } from './schema.js';
import { slugify } from './slug.js';

const slugParams = z.object({ slug: z.string().max(100) });
const base = (slug: string) => `/admin/beiraete/${slug}`;

/** The areas of this module on the dashboard and on the council's overview. */
const areas = [
  { path: '/texte', label: 'councilAdmin.area.texts', permission: 'council.edit' },
  { path: '/regeln', label: 'councilAdmin.area.rules', permission: 'council.edit' },
  { path: '/kontakt', label: 'councilAdmin.area.contact', permission: 'council.edit' },
] as const;

export function registerCouncilAdmin(app: FastifyInstance, services: PageServices): void {
  // Several apps can be built in one process (tests): the dashboard must list each area once.
  for (const area of areas) if (!councilAreas.some((a) => a.path === area.path)) councilAreas.push({ ...area });

  // The overview only links to what the reader may open, so anyone working on the council may see it.
  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug', permission: 'backoffice.enter', params: slugParams }, async (ctx) => {
    const { t } = ctx;
    const council = councilOf(ctx);
    const open = councilAreas.filter((a) => can(ctx.user, a.permission, council.id));
    return (
      <AdminLayout ctx={ctx} title={t.text(council.name)}>
        <p class="kern-body">{t.html('councilAdmin.overview.intro')}</p>
        {council.draftTexts && can(ctx.user, 'council.edit', council.id) ? (
          <Alert kind="info" title={t.t('councilAdmin.texts.draftTitle')}>
            <p class="kern-body">
              <a class="kern-link" href={t.href(`${base(council.slug)}/texte`)}>
                {t.html('councilAdmin.overview.draftPending')}
              </a>
            </p>
          </Alert>
        ) : (
          ''
        )}
        <h2 class="kern-heading-medium">{t.html('councilAdmin.overview.areas')}</h2>
        {open.length === 0 ? <p class="kern-body">{t.html('councilAdmin.overview.noAreas')}</p> : ''}
        <ul class="kern-list council-admin__areas">
          {open.map((a) => (
            <li>
              <a class="kern-link" href={t.href(`${base(council.slug)}${a.path}`)} safe>
                {t.t(a.label)}
              </a>
            </li>
          ))}
        </ul>
        <p class="kern-body">
          <a class="kern-link" href={t.href(`/beiraete/${council.slug}`)}>
            {t.html('councilAdmin.overview.publicPage')}
          </a>
        </p>
      </AdminLayout>
    );
  });

  // ---- Texts ------------------------------------------------------------------------------------

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/texte', permission: 'council.edit', params: slugParams }, async (ctx) => {
    const council = councilOf(ctx);
    const shown = council.draftTexts ?? publishedTexts(council);
    return <TextsPage ctx={ctx} council={council} form={{ values: textsToForm(shown), errors: {} }} />;
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/texte', permission: 'council.edit', params: slugParams }, async (ctx) => {
    const { t } = ctx;
    const council = councilOf(ctx);
    const values = formValues(ctx.request.body);
    const parsed = textsFormSchema.safeParse(values);
    const errors: FieldErrors = parsed.success ? {} : schemaErrors(t, parsed.error);
    addProblems(t, errors, checkTexts(parsed.success ? parsed.data : trimmedStrings(values)));
    if (!parsed.success || hasErrors(errors)) {
      ctx.reply.status(400);
      return <TextsPage ctx={ctx} council={council} form={{ values, errors }} />;
    }
    const outcome = await saveTextDraft(ctx.db, council.id, textsFromForm(parsed.data), { actor: ctx.actor, savedBy: ctx.user.displayName, now: ctx.now });
    return ctx.redirect(`${base(council.slug)}/texte?hinweis=${outcome === 'saved' ? 'councilAdmin.texts.saved' : 'councilAdmin.texts.unchanged'}`);
  });

  const draftAction = (action: 'publish' | 'discard', path: string) =>
    adminRoute(app, services, { method: 'POST', path, permission: 'council.edit', params: slugParams }, async (ctx) => {
      const council = councilOf(ctx);
      const seen = formValues(ctx.request.body).draftSavedAt;
      const outcome = await (action === 'publish' ? publishTextDraft : discardTextDraft)(ctx.db, council.id, typeof seen === 'string' ? seen : '', ctx.actor);
      if (outcome === 'stale') {
        // Someone saved a newer draft since this page was loaded: publish only what was seen.
        const [fresh] = await ctx.db.select().from(councils).where(eq(councils.id, council.id));
        ctx.reply.status(409);
        return <TextsPage ctx={ctx} council={fresh!} form={{ values: textsToForm(fresh!.draftTexts ?? publishedTexts(fresh!)), errors: {} }} stale />;
      }
      const notice = outcome === 'none' ? 'councilAdmin.texts.nothingToPublish' : outcome === 'published' ? 'councilAdmin.texts.published' : 'councilAdmin.texts.discarded';
      return ctx.redirect(`${base(council.slug)}/texte?hinweis=${notice}`);
    });
  draftAction('publish', '/admin/beiraete/:slug/texte/veroeffentlichen');
  draftAction('discard', '/admin/beiraete/:slug/texte/verwerfen');

  // ---- Contact ----------------------------------------------------------------------------------

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/kontakt', permission: 'council.edit', params: slugParams }, async (ctx) => {
    const council = councilOf(ctx);
    const values: FormValues = {
      contactName_de: council.contactName.de,
      contactName_en: council.contactName.en ?? '',
      contactEmail: council.contactEmail,
      contactPhone: council.contactPhone ?? '',
      contactAddress: council.contactAddress ?? '',
    };
    return <ContactPage ctx={ctx} council={council} form={{ values, errors: {} }} />;
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/kontakt', permission: 'council.edit', params: slugParams }, async (ctx) => {
    const council = councilOf(ctx);
    const values = formValues(ctx.request.body);
    const parsed = contactFormSchema.safeParse(values);
    if (!parsed.success) {
      ctx.reply.status(400);
      return <ContactPage ctx={ctx} council={council} form={{ values, errors: schemaErrors(ctx.t, parsed.error) }} />;
    }
    await saveContact(ctx.db, council.id, contactFromForm(parsed.data), ctx.actor);
    return ctx.redirect(`${base(council.slug)}/kontakt?hinweis=councilAdmin.contact.saved`);
  });

  // ---- Rules and seats --------------------------------------------------------------------------

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/regeln', permission: 'council.edit', params: slugParams }, async (ctx) => {
    const council = councilOf(ctx);
    const seats = await loadSeats(ctx.db, council.id, berlinDate(ctx.now));
    return <RulesPage ctx={ctx} council={council} seats={seats} form={{ values: rulesToForm(council, seats.categories), errors: {} }} />;
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/regeln', permission: 'council.edit', params: slugParams }, async (ctx) => {
    const { t } = ctx;
    const council = councilOf(ctx);
    const values = formValues(ctx.request.body);
    const ids = (await listSeatCategories(ctx.db, council.id)).map((c) => c.id);
    const rules = rulesFormSchema.safeParse(values);
    const seatTable = categoriesFormSchema(ids).safeParse(values);
    const errors: FieldErrors = {
      ...(rules.success ? {} : schemaErrors(t, rules.error)),
      ...(seatTable.success ? {} : schemaErrors(t, seatTable.error)),
    };
    if (rules.success && seatTable.success) {
      const { categories, problems } = categoriesFromForm(ids, seatTable.data);
      addProblems(t, errors, problems);
      if (!hasErrors(errors)) {
        const outcome = await saveRules(ctx.db, council.id, rules.data, categories, ctx.actor, berlinDate(ctx.now));
        if (outcome.ok) return ctx.redirect(`${base(council.slug)}/regeln?hinweis=councilAdmin.rules.saved`);
        addProblems(t, errors, outcome.problems);
      }
    }
    ctx.reply.status(400);
    const seats = await loadSeats(ctx.db, council.id, berlinDate(ctx.now));
    return <RulesPage ctx={ctx} council={council} seats={seats} form={{ values, errors }} />;
  });
}

// ---------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------

function councilOf(ctx: AdminContext): Council {
  if (!ctx.council) throw new NotFoundError('No council in this URL');
  return ctx.council;
}

/**
 * The schema's errors in the reader's language. The shared fieldErrors translates only messages
 * starting with "form.", so this area's own message keys are translated here.
 */
function schemaErrors(t: Translator, error: z.ZodError): FieldErrors {
  const errors = fieldErrors(t, error);
  const seen = new Set<string>();
  for (const issue of error.issues) {
    const name = String(issue.path[0] ?? '_form');
    if (seen.has(name)) continue;
    seen.add(name);
    if (issue.message.startsWith('councilAdmin.')) errors[name] = t.t(issue.message as MessageKey);
  }
  return errors;
}

const hasErrors = (errors: FieldErrors) => Object.values(errors).some((e) => e !== undefined);

/** Field values as the rules read them when the schema refused the form: every single value trimmed. */
function trimmedStrings(values: FormValues): Record<string, string> {
  return Object.fromEntries(Object.entries(values).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v.trim()]] : [])));
}

/** A rule's problem in the reader's language: numbers formatted, stored texts in the reader's language. */
function problemText(t: Translator, problem: Problem): string {
  const params = Object.fromEntries(Object.entries(problem.params ?? {}).map(([k, v]) => [k, typeof v === 'number' ? t.fmt.number(v) : typeof v === 'string' ? v : t.text(v)]));
  return t.t(problem.key, params);
}

/** Adds the rules' problems to the schema's errors; a field keeps its first error. */
function addProblems(t: Translator, errors: FieldErrors, problems: readonly Problem[]): void {
  for (const p of problems) errors[p.field] ??= problemText(t, p);
}

function crumbs(ctx: AdminContext, council: Council, label: string) {
  return [{ label: ctx.t.text(council.name), path: base(council.slug) }, { label }];
}

const languageName = (t: Translator, locale: Locale) => t.t(`councilAdmin.language.${locale}`);
const textFieldLabel = (t: Translator, field: TextFieldName, locale: Locale) => t.t('councilAdmin.texts.fieldIn', { field: t.t(`councilAdmin.texts.field.${field}`), language: languageName(t, locale) });

// ---------------------------------------------------------------------------------------------------
// Storing (one transaction per change, with its audit record)
// ---------------------------------------------------------------------------------------------------

async function lockCouncil(tx: Tx, councilId: number): Promise<Council> {
  const [council] = await tx.select().from(councils).where(eq(councils.id, councilId)).for('update');
  if (!council) throw new NotFoundError(`No council ${councilId}`);
  return council;
}

/** The texts of a draft without who saved it when: the audit record has that already. */
const draftContent = (draft: CouncilTextDraft | null): CouncilTexts | null => {
  if (!draft) return null;
  const { savedAt: _at, savedBy: _by, ...texts } = draft;
  return texts;
};

/**
 * Keeps the texts as the council's draft. Texts equal to the published ones need no draft: an
 * existing one is dropped then, and nothing is recorded when there was none.
 */
export async function saveTextDraft(db: Database, councilId: number, texts: CouncilTexts, who: { actor: AuditActor; savedBy: string; now: Date }): Promise<'saved' | 'unchanged'> {
  return db.transaction(async (tx) => {
    const council = await lockCouncil(tx, councilId);
    const published = publishedTexts(council);
    const changed = textChanges(published, texts).length > 0;
    if (!changed && !council.draftTexts) return 'unchanged';
    const draft: CouncilTextDraft | null = changed ? { ...texts, savedAt: who.now.toISOString(), savedBy: who.savedBy } : null;
    await tx.update(councils).set({ draftTexts: draft }).where(eq(councils.id, councilId));
    await recordAudit(tx, {
      actor: who.actor,
      action: 'council.texts.draft',
      entityType: 'council',
      entityId: councilId,
      councilId,
      before: draftContent(council.draftTexts) ?? published,
      after: texts,
    });
    return changed ? 'saved' : 'unchanged';
  });
}

/** Publishes the draft the office has seen (identified by when it was saved) and clears it. */
export async function publishTextDraft(db: Database, councilId: number, seenSavedAt: string, actor: AuditActor): Promise<'published' | 'none' | 'stale'> {
  return db.transaction(async (tx) => {
    const council = await lockCouncil(tx, councilId);
    const draft = council.draftTexts;
    if (!draft) return 'none';
    if (draft.savedAt !== seenSavedAt) return 'stale';
    const texts = draftContent(draft)!;
    await tx
      .update(councils)
      .set({ ...texts, draftTexts: null })
      .where(eq(councils.id, councilId));
    await recordAudit(tx, { actor, action: 'council.texts.publish', entityType: 'council', entityId: councilId, councilId, before: publishedTexts(council), after: texts });
    return 'published';
  });
}

export async function discardTextDraft(db: Database, councilId: number, seenSavedAt: string, actor: AuditActor): Promise<'discarded' | 'none' | 'stale'> {
  return db.transaction(async (tx) => {
    const council = await lockCouncil(tx, councilId);
    const draft = council.draftTexts;
    if (!draft) return 'none';
    if (draft.savedAt !== seenSavedAt) return 'stale';
    await tx.update(councils).set({ draftTexts: null }).where(eq(councils.id, councilId));
    // The discarded texts stay readable in the trail.
    await recordAudit(tx, { actor, action: 'council.texts.discard', entityType: 'council', entityId: councilId, councilId, before: draftContent(draft), after: null });
    return 'discarded';
  });
}

/** Saves and publishes the contact. Entered by the office, it is no longer demo data. */
export async function saveContact(db: Database, councilId: number, contact: CouncilContact, actor: AuditActor): Promise<void> {
  await db.transaction(async (tx) => {
    const council = await lockCouncil(tx, councilId);
    const before = { contactName: council.contactName, contactEmail: council.contactEmail, contactPhone: council.contactPhone, contactAddress: council.contactAddress, contactIsExample: council.contactIsExample };
    const after = { ...contact, contactIsExample: false };
    await tx.update(councils).set(after).where(eq(councils.id, councilId));
    await recordAudit(tx, { actor, action: 'council.contact.update', entityType: 'council', entityId: councilId, councilId, before, after });
  });
}

const ruleFields = (c: Council) => ({
  membershipMode: c.membershipMode,
  termLimitYears: c.termLimitYears,
  deputiesAllowed: c.deputiesAllowed,
  invitationPeriodDays: c.invitationPeriodDays,
  invitationDayCounting: c.invitationDayCounting,
  agendaProposalDays: c.agendaProposalDays,
  quorumRule: c.quorumRule,
  quorumFixedNumber: c.quorumFixedNumber,
  tieRule: c.tieRule,
  voteEffect: c.voteEffect,
  minMigrationSharePercent: c.minMigrationSharePercent,
  eligibilityMinAge: c.eligibilityMinAge,
  eligibilityTies: c.eligibilityTies,
});

const categoryFields = (c: { name: LocalizedText; quota: number; votingRight: boolean; forMigrationBackground: boolean }) => ({
  name: c.name,
  quota: c.quota,
  votingRight: c.votingRight,
  forMigrationBackground: c.forMigrationBackground,
});

async function seatSpans(tx: Tx, councilId: number) {
  return tx.select({ seatCategoryId: memberships.seatCategoryId, startDate: memberships.startDate, endDate: memberships.endDate }).from(memberships).where(eq(memberships.councilId, councilId));
}

/**
 * Saves the rules and the seat table. The quotas are checked again against the seats filled at this
 * moment, inside the transaction, so an appointment made while the form was open is not overlooked.
 */
export async function saveRules(
  db: Database,
  councilId: number,
  rules: RulesForm,
  categories: readonly CategoryInput[],
  actor: AuditActor,
  today: string,
): Promise<{ ok: true } | { ok: false; problems: Problem[] }> {
  return db.transaction(async (tx) => {
    const council = await lockCouncil(tx, councilId);
    const problems = checkRules(rules, categories, occupiedSeats(await seatSpans(tx, councilId), today));
    if (problems.length > 0) return { ok: false as const, problems };

    const after = { ...rules, quorumFixedNumber: rules.quorumRule === 'fixed_number' ? rules.quorumFixedNumber : null, eligibilityTies: [...rules.eligibilityTies] };
    await tx.update(councils).set(after).where(eq(councils.id, councilId));
    const before = ruleFields(council);
    if (JSON.stringify(before) !== JSON.stringify(ruleFields({ ...council, ...after }))) {
      await recordAudit(tx, { actor, action: 'council.rules.update', entityType: 'council', entityId: councilId, councilId, before, after });
    }

    const existing = await tx.select().from(seatCategories).where(eq(seatCategories.councilId, councilId));
    const byId = new Map(existing.map((c) => [c.id, c]));
    for (const input of categories) {
      const fields = categoryFields(input);
      if (input.id !== undefined) {
        const stored = byId.get(input.id);
        if (!stored || JSON.stringify(categoryFields(stored)) === JSON.stringify(fields)) continue;
        await tx
          .update(seatCategories)
          .set(fields)
          .where(and(eq(seatCategories.id, input.id), eq(seatCategories.councilId, councilId)));
        await recordAudit(tx, { actor, action: 'seat_category.update', entityType: 'seat_category', entityId: input.id, councilId, before: categoryFields(stored), after: fields });
      } else {
        const [{ last } = { last: 0 }] = await tx.select({ last: max(seatCategories.position) }).from(seatCategories).where(eq(seatCategories.councilId, councilId));
        const key = categoryKey(slugify(input.name.de), new Set(existing.map((c) => c.key)));
        const [created] = await tx
          .insert(seatCategories)
          .values({ councilId, key, ...fields, position: (last ?? 0) + 1 })
          .returning();
        await recordAudit(tx, { actor, action: 'seat_category.create', entityType: 'seat_category', entityId: created!.id, councilId, before: null, after: created });
      }
    }
    return { ok: true as const };
  });
}

interface Seats {
  categories: SeatCategory[];
  filled: Map<number, number>;
}

async function loadSeats(db: Database, councilId: number, today: string): Promise<Seats> {
  const [categories, spans] = await Promise.all([listSeatCategories(db, councilId), seatSpans(db, councilId)]);
  return { categories, filled: occupiedSeats(spans, today) };
}

// ---------------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------------

function TextsPage(props: { ctx: AdminContext; council: Council; form: FormState; stale?: boolean }): JSX.Element {
  const { ctx, council, form } = props;
  const { t } = ctx;
  const draft = council.draftTexts;
  const title = t.t('councilAdmin.area.texts');
  const labels = Object.fromEntries(textFields.flatMap((field) => locales.map((locale) => [textFieldName(field, locale), textFieldLabel(t, field, locale)])));
  const action = t.href(`${base(council.slug)}/texte`);
  return (
    <AdminLayout ctx={ctx} title={title} crumbs={crumbs(ctx, council, title)}>
      <Flash ctx={ctx} allowed={['councilAdmin.texts.saved', 'councilAdmin.texts.unchanged', 'councilAdmin.texts.published', 'councilAdmin.texts.discarded', 'councilAdmin.texts.nothingToPublish']} />
      {props.stale ? (
        <div class="kern-alert kern-alert--warning" role="alert">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--warning" aria-hidden="true"></span>
            <p class="kern-title">{t.html('councilAdmin.texts.staleDraft')}</p>
          </div>
        </div>
      ) : (
        ''
      )}
      <p class="kern-body">{t.html('councilAdmin.texts.intro')}</p>
      {draft ? <DraftStatus ctx={ctx} council={council} draft={draft} /> : (
        <Alert kind="info" title={t.t('councilAdmin.texts.noDraftTitle')}>
          <p class="kern-body">{t.html('councilAdmin.texts.noDraft')}</p>
        </Alert>
      )}
      <h2 class="kern-heading-medium">{t.html('councilAdmin.texts.editHeading')}</h2>
      <ErrorSummary t={t} errors={form.errors} labels={labels} />
      <Form action={action} csrfToken={ctx.csrfToken()} label={t.t('councilAdmin.texts.editHeading')}>
        {locales.map((locale) => (
          <fieldset class="kern-fieldset council-admin__language" lang={locale === t.locale ? undefined : locale}>
            <legend class="kern-title" lang={t.locale} safe>
              {t.t(locale === 'de' ? 'councilAdmin.texts.section' : 'councilAdmin.texts.sectionOptional', { language: languageName(t, locale) })}
            </legend>
            <div class="kern-fieldset__body kern-stack">
              {textFields.map((field) => {
                const name = textFieldName(field, locale);
                const optional = locale !== 'de' || !requiredTextFields.includes(field);
                const hint = [field === 'tasks' ? t.t('councilAdmin.texts.hint.tasks') : '', locale !== 'de' ? t.t('councilAdmin.texts.hint.translation') : ''].filter(Boolean).join(' ') || undefined;
                const common = { t, name, label: labels[name]!, form, optional, hint, maxlength: textLimits[field] };
                return field === 'name' || field === 'shortName' ? <TextField {...common} /> : <TextArea {...common} rows={field === 'tasks' ? 7 : 5} lang={locale} />;
              })}
            </div>
          </fieldset>
        ))}
        <SubmitButton label={t.t('councilAdmin.texts.saveDraft')} />
      </Form>
    </AdminLayout>
  );
}

/** The draft: when and by whom it was saved, what it changes, and the buttons to publish or discard it. */
function DraftStatus(props: { ctx: AdminContext; council: Council; draft: CouncilTextDraft }): JSX.Element {
  const { ctx, council, draft } = props;
  const { t } = ctx;
  const savedAt = new Date(draft.savedAt);
  const changes = textChanges(publishedTexts(council), draft);
  const shown = (value: string) => (value === '' ? <em>{t.html('councilAdmin.empty')}</em> : <span safe>{value}</span>);
  return (
    <>
      <Alert kind="warning" title={t.t('councilAdmin.texts.draftTitle')}>
        <p class="kern-body" safe>
          {t.t('councilAdmin.texts.draftStatus', { date: t.fmt.dateShort(savedAt), time: t.fmt.time(savedAt), name: draft.savedBy })}
        </p>
      </Alert>
      <h2 class="kern-heading-medium">{t.html('councilAdmin.texts.changes')}</h2>
      {changes.length === 0 ? (
        <p class="kern-body">{t.html('councilAdmin.texts.noChanges')}</p>
      ) : (
        <DataTable
          label={t.t('councilAdmin.texts.changes')}
          columns={[{ label: t.t('councilAdmin.texts.col.field') }, { label: t.t('councilAdmin.texts.col.published') }, { label: t.t('councilAdmin.texts.col.draft') }]}
          class="text-changes"
        >
          {changes.map((c) => (
            <tr>
              <th scope="row" class="kern-table__cell" safe>
                {textFieldLabel(t, c.field, c.locale)}
              </th>
              <td class="kern-table__cell text-changes__value" lang={c.locale}>
                {shown(c.published)}
              </td>
              <td class="kern-table__cell text-changes__value" lang={c.locale}>
                {shown(c.draft)}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <h2 class="kern-heading-medium">{t.html('councilAdmin.texts.publishHeading')}</h2>
      <p class="kern-body">{t.html('councilAdmin.texts.publishIntro')}</p>
      <div class="council-admin__actions">
        <Form action={t.href(`${base(council.slug)}/texte/veroeffentlichen`)} csrfToken={ctx.csrfToken()} class="council-admin__action" label={t.t('councilAdmin.texts.publish')}>
          <input type="hidden" name="draftSavedAt" value={draft.savedAt} />
          <SubmitButton label={t.t('councilAdmin.texts.publish')} />
        </Form>
        <Form action={t.href(`${base(council.slug)}/texte/verwerfen`)} csrfToken={ctx.csrfToken()} class="council-admin__action" label={t.t('councilAdmin.texts.discard')}>
          <input type="hidden" name="draftSavedAt" value={draft.savedAt} />
          <SubmitButton label={t.t('councilAdmin.texts.discard')} variant="secondary" />
        </Form>
      </div>
    </>
  );
}

function ContactPage(props: { ctx: AdminContext; council: Council; form: FormState }): JSX.Element {
  const { ctx, council, form } = props;
  const { t } = ctx;
  const title = t.t('councilAdmin.area.contact');
  const nameLabel = (locale: Locale) => t.t('councilAdmin.texts.fieldIn', { field: t.t('councilAdmin.contact.name'), language: languageName(t, locale) });
  const labels = {
    contactName_de: nameLabel('de'),
    contactName_en: nameLabel('en'),
    contactEmail: t.t('councilAdmin.contact.email'),
    contactPhone: t.t('councilAdmin.contact.phone'),
    contactAddress: t.t('councilAdmin.contact.address'),
  };
  return (
    <AdminLayout ctx={ctx} title={title} crumbs={crumbs(ctx, council, title)}>
      <Flash ctx={ctx} allowed={['councilAdmin.contact.saved']} />
      <p class="kern-body">{t.html('councilAdmin.contact.intro')}</p>
      <ErrorSummary t={t} errors={form.errors} labels={labels} />
      <Form action={t.href(`${base(council.slug)}/kontakt`)} csrfToken={ctx.csrfToken()} label={title}>
        <TextField t={t} name="contactName_de" label={labels.contactName_de} form={form} hint={t.t('councilAdmin.contact.nameHint')} maxlength={contactLimits.name} />
        <TextField t={t} name="contactName_en" label={labels.contactName_en} form={form} hint={t.t('councilAdmin.texts.hint.translation')} maxlength={contactLimits.name} optional />
        <TextField t={t} name="contactEmail" type="email" label={labels.contactEmail} form={form} maxlength={contactLimits.email} autocomplete="off" />
        <TextField t={t} name="contactPhone" type="tel" label={labels.contactPhone} form={form} hint={t.t('councilAdmin.contact.phoneHint')} maxlength={contactLimits.phone} autocomplete="off" optional />
        <TextField t={t} name="contactAddress" label={labels.contactAddress} form={form} hint={t.t('councilAdmin.contact.addressHint')} maxlength={contactLimits.address} autocomplete="off" optional />
        <SubmitButton label={t.t('form.save')} />
      </Form>
    </AdminLayout>
  );
}

const numberText = (n: number | null) => (n === null ? '' : String(n));
const ticked = (b: boolean) => (b ? 'on' : '');

function rulesToForm(council: Council, categories: readonly SeatCategory[]): FormValues {
  const values: FormValues = {
    membershipMode: council.membershipMode,
    termLimitYears: numberText(council.termLimitYears),
    deputiesAllowed: ticked(council.deputiesAllowed),
    invitationPeriodDays: String(council.invitationPeriodDays),
    invitationDayCounting: council.invitationDayCounting,
    agendaProposalDays: numberText(council.agendaProposalDays),
    quorumRule: council.quorumRule,
    quorumFixedNumber: numberText(council.quorumFixedNumber),
    tieRule: council.tieRule,
    voteEffect: council.voteEffect,
    minMigrationSharePercent: String(council.minMigrationSharePercent),
    eligibilityMinAge: numberText(council.eligibilityMinAge),
    eligibilityTies: [...council.eligibilityTies],
    [categoryFieldName('new', 'voting')]: 'on',
  };
  for (const c of categories) {
    values[categoryFieldName(c.id, 'quota')] = String(c.quota);
    values[categoryFieldName(c.id, 'name_de')] = c.name.de;
    values[categoryFieldName(c.id, 'name_en')] = c.name.en ?? '';
    values[categoryFieldName(c.id, 'voting')] = ticked(c.votingRight);
    values[categoryFieldName(c.id, 'migration')] = ticked(c.forMigrationBackground);
  }
  return values;
}

function RulesPage(props: { ctx: AdminContext; council: Council; seats: Seats; form: FormState }): JSX.Element {
  const { ctx, council, seats, form } = props;
  const { t } = ctx;
  const title = t.t('councilAdmin.area.rules');
  const options = <K extends string>(values: readonly K[], prefix: (v: K) => MessageKey) => values.map((value) => ({ value, label: t.t(prefix(value)) }));
  const label = (key: MessageKey) => t.t(key);
  const labels: Record<string, string> = {
    membershipMode: label('councilAdmin.rules.membershipMode'),
    termLimitYears: label('councilAdmin.rules.termLimitYears'),
    deputiesAllowed: label('councilAdmin.rules.deputiesAllowed'),
    invitationPeriodDays: label('councilAdmin.rules.invitationPeriodDays'),
    invitationDayCounting: label('councilAdmin.rules.invitationDayCounting'),
    agendaProposalDays: label('councilAdmin.rules.agendaProposalDays'),
    quorumRule: label('councilAdmin.rules.quorumRule'),
    quorumFixedNumber: label('councilAdmin.rules.quorumFixedNumber'),
    tieRule: label('councilAdmin.rules.tieRule'),
    voteEffect: label('councilAdmin.rules.voteEffect'),
    minMigrationSharePercent: label('councilAdmin.rules.minMigrationSharePercent'),
    eligibilityMinAge: label('councilAdmin.rules.eligibilityMinAge'),
    eligibilityTies: label('councilAdmin.rules.eligibilityTies'),
    ...Object.fromEntries(
      seats.categories.flatMap((c) => {
        const name = t.text(c.name);
        return [
          [categoryFieldName(c.id, 'quota'), t.t('councilAdmin.rules.cellLabel', { column: t.t('councilAdmin.rules.col.quota'), category: name })],
          [categoryFieldName(c.id, 'name_de'), t.t('councilAdmin.rules.cellLabel', { column: t.t('councilAdmin.rules.col.nameDe'), category: name })],
          [categoryFieldName(c.id, 'name_en'), t.t('councilAdmin.rules.cellLabel', { column: t.t('councilAdmin.rules.col.nameEn'), category: name })],
        ];
      }),
    ),
    [categoryFieldName('new', 'name_de')]: t.t('councilAdmin.rules.cellLabel', { column: t.t('councilAdmin.rules.newCategory'), category: t.t('councilAdmin.rules.col.nameDe') }),
    [categoryFieldName('new', 'name_en')]: t.t('councilAdmin.rules.cellLabel', { column: t.t('councilAdmin.rules.newCategory'), category: t.t('councilAdmin.rules.col.nameEn') }),
    [categoryFieldName('new', 'quota')]: t.t('councilAdmin.rules.cellLabel', { column: t.t('councilAdmin.rules.newCategory'), category: t.t('councilAdmin.rules.col.quota') }),
  };
  const share = migrationQuotaShare(seats.categories, council.minMigrationSharePercent);
  const field = { t, form };
  return (
    <AdminLayout ctx={ctx} title={title} crumbs={crumbs(ctx, council, title)}>
      <Flash ctx={ctx} allowed={['councilAdmin.rules.saved']} />
      <p class="kern-body">{t.html('councilAdmin.rules.intro')}</p>
      <ErrorSummary t={t} errors={form.errors} labels={labels} />
      <Form action={t.href(`${base(council.slug)}/regeln`)} csrfToken={ctx.csrfToken()} label={title} class="kern-stack form council-admin__rules">
        <h2 class="kern-heading-medium">{t.html('councilAdmin.rules.membership')}</h2>
        <Select {...field} name="membershipMode" label={labels.membershipMode!} options={options(membershipModes, (m) => `councilAdmin.rules.membershipMode.${m}`)} />
        <TextField {...field} name="termLimitYears" label={labels.termLimitYears!} hint={t.t('councilAdmin.rules.termLimitYearsHint')} inputmode="numeric" maxlength={3} optional />
        <Checkbox {...field} name="deputiesAllowed" label={labels.deputiesAllowed!} />

        <h2 class="kern-heading-medium">{t.html('councilAdmin.rules.meetings')}</h2>
        <TextField {...field} name="invitationPeriodDays" label={labels.invitationPeriodDays!} inputmode="numeric" maxlength={3} />
        <Select {...field} name="invitationDayCounting" label={labels.invitationDayCounting!} options={options(dayCountings, (d) => `councilAdmin.rules.dayCounting.${d}`)} />
        <TextField {...field} name="agendaProposalDays" label={labels.agendaProposalDays!} hint={t.t('councilAdmin.rules.agendaProposalDaysHint')} inputmode="numeric" maxlength={3} optional />

        <h2 class="kern-heading-medium">{t.html('councilAdmin.rules.votes')}</h2>
        <Select {...field} name="quorumRule" label={labels.quorumRule!} options={options(quorumRules, (q) => `councilAdmin.rules.quorumRule.${q}`)} />
        <TextField {...field} name="quorumFixedNumber" label={labels.quorumFixedNumber!} hint={t.t('councilAdmin.rules.quorumFixedNumberHint')} inputmode="numeric" maxlength={3} optional />
        <Select {...field} name="tieRule" label={labels.tieRule!} options={options(tieRules, (r) => `councilAdmin.rules.tieRule.${r}`)} />
        <Select {...field} name="voteEffect" label={labels.voteEffect!} options={options(voteEffects, (v) => `councilAdmin.rules.voteEffect.${v}`)} />

        <h2 class="kern-heading-medium">{t.html('councilAdmin.rules.eligibility')}</h2>
        <TextField {...field} name="eligibilityMinAge" label={labels.eligibilityMinAge!} hint={t.t('councilAdmin.rules.eligibilityMinAgeHint')} inputmode="numeric" maxlength={3} optional />
        <CheckboxGroup {...field} name="eligibilityTies" label={labels.eligibilityTies!} hint={t.t('councilAdmin.rules.eligibilityTiesHint')} options={options(districtTies, (d) => `councilAdmin.rules.tie.${d}`)} optional />

        <h2 class="kern-heading-medium">{t.html('councilAdmin.rules.seats')}</h2>
        <p class="kern-body">{t.html('councilAdmin.rules.seatsIntro')}</p>
        <TextField {...field} name="minMigrationSharePercent" label={labels.minMigrationSharePercent!} hint={t.t('councilAdmin.rules.minMigrationSharePercentHint')} inputmode="numeric" maxlength={3} />
        <p class="kern-body" safe>
          {t.t('councilAdmin.rules.shareNow', { seats: t.fmt.number(share.migrationSeats), total: t.fmt.number(share.totalSeats), share: t.fmt.number(shareForDisplay(share.sharePercent)) })}
        </p>
        <SeatTable ctx={ctx} seats={seats} form={form} />

        <fieldset class="kern-fieldset" aria-describedby="new-category-hint">
          <legend class="kern-title">{t.html('councilAdmin.rules.newCategory')}</legend>
          <div class="kern-hint" id="new-category-hint">
            {t.html('councilAdmin.rules.newCategoryHint')}
          </div>
          <div class="kern-fieldset__body kern-stack">
            <TextField {...field} name={categoryFieldName('new', 'name_de')} label={t.t('councilAdmin.rules.col.nameDe')} maxlength={categoryNameMax} optional />
            <TextField {...field} name={categoryFieldName('new', 'name_en')} label={t.t('councilAdmin.rules.col.nameEn')} maxlength={categoryNameMax} optional />
            <TextField {...field} name={categoryFieldName('new', 'quota')} label={t.t('councilAdmin.rules.col.quota')} inputmode="numeric" maxlength={3} optional />
            <Checkbox {...field} name={categoryFieldName('new', 'voting')} label={t.t('councilAdmin.rules.newCategory.voting')} />
            <Checkbox {...field} name={categoryFieldName('new', 'migration')} label={t.t('councilAdmin.rules.newCategory.migration')} />
          </div>
        </fieldset>
        <SubmitButton label={t.t('form.save')} />
      </Form>
    </AdminLayout>
  );
}

/** One input of the seat table, labelled for screen readers by its column and its category. */
function CellInput(props: { name: string; label: string; form: FormState; type: 'text' | 'number' | 'checkbox'; maxlength?: number; lang?: string }): JSX.Element {
  const { name, form } = props;
  const id = `field-${name}`;
  const error = form.errors[name];
  const raw = form.values[name];
  const value = (Array.isArray(raw) ? raw[0] : raw) ?? '';
  return (
    <div class={error ? 'seat-table__cell seat-table__cell--error' : 'seat-table__cell'}>
      <label class="kern-sr-only" for={id} safe>
        {props.label}
      </label>
      {props.type === 'checkbox' ? (
        <input class="kern-form-check__checkbox" id={id} name={name} type="checkbox" value="on" checked={value === 'on'} />
      ) : (
        <input
          class={error ? 'kern-form-input__input kern-form-input__input--error' : 'kern-form-input__input'}
          id={id}
          name={name}
          type="text"
          inputmode={props.type === 'number' ? 'numeric' : undefined}
          value={value}
          maxlength={props.maxlength}
          lang={props.lang}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      )}
      <HintAndError id={id} error={error} />
    </div>
  );
}

function SeatTable(props: { ctx: AdminContext; seats: Seats; form: FormState }): JSX.Element {
  const { ctx, seats, form } = props;
  const { t } = ctx;
  const col = (key: MessageKey) => t.t(key);
  const cell = (column: MessageKey, category: string) => t.t('councilAdmin.rules.cellLabel', { column: col(column), category });
  const totalQuota = seats.categories.reduce((s, c) => s + c.quota, 0);
  const totalFilled = seats.categories.reduce((s, c) => s + (seats.filled.get(c.id) ?? 0), 0);
  return (
    <DataTable
      label={t.t('councilAdmin.rules.seatsCaption')}
      columns={[{ label: t.t('councilAdmin.rules.col.nameDe') }, { label: t.t('councilAdmin.rules.col.nameEn') }, { label: t.t('councilAdmin.rules.col.quota') }, { label: t.t('councilAdmin.rules.col.filled'), numeric: true }, { label: t.t('councilAdmin.rules.col.voting') }, { label: t.t('councilAdmin.rules.col.migration') }]}
      class="seat-table"
      footer={
        <tfoot class="kern-table__footer">
          <tr>
            <th scope="row" class="kern-table__cell" colspan="2">
              {t.html('councilAdmin.rules.total')}
            </th>
            <td class="kern-table__cell kern-table__cell--numeric" safe>
              {t.fmt.number(totalQuota)}
            </td>
            <td class="kern-table__cell kern-table__cell--numeric" safe>
              {t.fmt.number(totalFilled)}
            </td>
            <td class="kern-table__cell" colspan="2"></td>
          </tr>
        </tfoot>
      }
    >
      {seats.categories.map((c) => {
        const name = t.text(c.name);
        return (
          <tr>
            <th scope="row" class="kern-table__cell">
              <CellInput name={categoryFieldName(c.id, 'name_de')} label={cell('councilAdmin.rules.col.nameDe', name)} form={form} type="text" maxlength={categoryNameMax} lang="de" />
            </th>
            <td class="kern-table__cell">
              <CellInput name={categoryFieldName(c.id, 'name_en')} label={cell('councilAdmin.rules.col.nameEn', name)} form={form} type="text" maxlength={categoryNameMax} lang="en" />
            </td>
            <td class="kern-table__cell seat-table__quota">
              <CellInput name={categoryFieldName(c.id, 'quota')} label={cell('councilAdmin.rules.col.quota', name)} form={form} type="number" maxlength={3} />
            </td>
            <td class="kern-table__cell kern-table__cell--numeric" safe>
              {t.fmt.number(seats.filled.get(c.id) ?? 0)}
            </td>
            <td class="kern-table__cell">
              <CellInput name={categoryFieldName(c.id, 'voting')} label={cell('councilAdmin.rules.col.voting', name)} form={form} type="checkbox" />
            </td>
            <td class="kern-table__cell">
              <CellInput name={categoryFieldName(c.id, 'migration')} label={cell('councilAdmin.rules.col.migration', name)} form={form} type="checkbox" />
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
