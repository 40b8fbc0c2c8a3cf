import { and, asc, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit, systemActor, type AuditActor, type Tx } from '../audit/service.js';
import { hashToken, newToken } from '../auth/sessions.js';
import type { Council } from '../councils/repository.js';
import { councils } from '../councils/schema.js';
import { councilGenitive } from '../councils/service.js';
import { pdfType, safeFileName } from '../documents/content-type.js';
import { renderPdf, type PdfBlock } from '../documents/pdf.js';
import { documents } from '../documents/schema.js';
import { removeStoredFile, storeFile, type StoredFile } from '../documents/storage.js';
import type { Database } from '../infra/db/database.js';
import { isLocale, type Locale } from '../infra/i18n/locales.js';
import { translator, type MessageKey, type Translator } from '../infra/i18n/translator.js';
import { berlinDate } from '../infra/time.js';
import { enqueueMail, mailQueued } from '../mail/outbox.js';
import { parseEuroAmount, type EuroAmountError } from './amounts.js';
import { grantOtherFunding, grants } from './schema.js';
import { formatGrantNumber } from './service.js';
import { transition } from './states.js';

/**
 * Applying for a grant without an account: what a valid application is, and the writes — saving a
 * draft, submitting it (which gives the number IB-NN/YYYY), and amending a submitted application
 * when the office asked for missing parts. The applicant is known only by the e-mail address; a
 * draft is reached again through a link with a random token, of which only the hash is stored.
 */

export type Grant = typeof grants.$inferSelect;
export type OtherFunding = typeof grantOtherFunding.$inferSelect;
export type ApplicationDocument = Pick<typeof documents.$inferSelect, 'id' | 'fileName' | 'sizeBytes' | 'createdAt'>;

/** Who the audit trail names for what an applicant sends without an account. */
export const applicantActor: AuditActor = { userId: null, label: 'applicant' };

export const applicantKinds = ['association', 'initiative', 'person'] as const;
export type ApplicantKind = (typeof applicantKinds)[number];

export const resumeValidDays = 30;
export const fundingRows = 3;

export const limits = {
  name: 200,
  email: 254,
  phone: 50,
  address: 500,
  title: 200,
  description: 5000,
  targetGroup: 1000,
  place: 300,
  fundingSource: 200,
  amount: 40,
} as const;

/** The path of the link that continues a saved application, without a language prefix. */
export function resumePath(slug: string, token: string): string {
  return `/beiraete/${slug}/projekte/antrag/fortsetzen?t=${encodeURIComponent(token)}`;
}

export const wellFormedToken = (token: string) => /^[A-Za-z0-9_-]{20,100}$/.test(token);

/**
 * A new link for a grant: stores the hash of a random token and when it runs out, and returns the
 * token. Any earlier link of the grant stops working.
 */
export async function issueResumeToken(tx: Tx, grantId: number, now: Date): Promise<string> {
  const token = newToken();
  await tx
    .update(grants)
    .set({ resumeTokenHash: hashToken(token), resumeExpiresAt: new Date(now.getTime() + resumeValidDays * 86_400_000) })
    .where(eq(grants.id, grantId));
  return token;
}

// ---------------------------------------------------------------------------------------------------
// The form's content
// ---------------------------------------------------------------------------------------------------

export interface FundingInput {
  source: string;
  amountCents: number;
  confirmed: boolean;
}

/** An application as the form carries it, every field checked; what was left empty is null. */
export interface ApplicationInput {
  kind: ApplicantKind | null;
  recipientName: string | null;
  applicantName: string | null;
  email: string | null;
  phone: string | null;
  recipientAddress: string | null;
  title: string | null;
  description: string | null;
  targetGroup: string | null;
  place: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  totalCostCents: number | null;
  amountRequestedCents: number | null;
  otherFunding: FundingInput[];
  earlyStartRequested: boolean;
  consent: boolean;
}

export interface FieldProblem {
  key: MessageKey;
  params?: Record<string, string | number>;
}
export type FieldProblems = Partial<Record<string, FieldProblem>>;

export type FormInput = Record<string, string | string[] | undefined>;

export const fundingField = (row: number, part: 'Source' | 'Amount' | 'Confirmed') => `funding${row}${part}`;

const single = (v: string | string[] | undefined) => ((Array.isArray(v) ? v[0] : v) ?? '').trim();

const amountMessages: Record<EuroAmountError, MessageKey> = {
  empty: 'form.error.required',
  format: 'grantApply.error.amountFormat',
  too_many_decimals: 'grantApply.error.amountDecimals',
  negative: 'grantApply.error.amountNegative',
  too_large: 'grantApply.error.amountTooLarge',
};

const emailSchema = z.string().max(limits.email).email();

/** A calendar date as the date field sends it (2026-07-01) or as typed without one (1.7.2026). */
export function parseFormDate(text: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : german ? [german[3], german[2], german[1]] : [];
  if (!y || !m || !d) return undefined;
  const value = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) ? value : undefined;
}

export type ApplicationMode = 'draft' | 'submit';

/**
 * Checks the form. Whatever is filled in must be well-formed in either mode; a draft needs only the
 * e-mail address (for the link) and the consent (it is stored), a submission everything the office
 * needs to decide.
 */
export function readApplication(values: FormInput, mode: ApplicationMode): { ok: true; data: ApplicationInput } | { ok: false; problems: FieldProblems } {
  const problems: FieldProblems = {};
  const required = (name: string) => (problems[name] ??= { key: 'form.error.required' });
  const text = (name: string, max: number): string | null => {
    // Browsers send a textarea's line breaks as CR LF; stored and mailed text uses LF.
    const value = single(values[name]).replace(/\r\n?/g, '\n');
    if (value.length > max) {
      problems[name] = { key: 'form.error.tooLong', params: { max } };
      return null;
    }
    return value === '' ? null : value;
  };
  const amount = (name: string): number | null => {
    const value = single(values[name]);
    if (value === '') return null;
    const parsed = value.length > limits.amount ? ({ ok: false, reason: 'format' } as const) : parseEuroAmount(value);
    if (!parsed.ok) {
      problems[name] = { key: amountMessages[parsed.reason] };
      return null;
    }
    return parsed.cents;
  };
  const date = (name: string): string | null => {
    const value = single(values[name]);
    if (value === '') return null;
    const parsed = parseFormDate(value);
    if (!parsed) problems[name] = { key: 'grantApply.error.date' };
    return parsed ?? null;
  };

  const kindValue = single(values.kind);
  const kind = (applicantKinds as readonly string[]).includes(kindValue) ? (kindValue as ApplicantKind) : null;
  if (kindValue !== '' && kind === null) problems.kind = { key: 'form.error.choose' };

  const data: ApplicationInput = {
    kind,
    recipientName: text('recipientName', limits.name),
    applicantName: text('applicantName', limits.name),
    email: text('email', limits.email),
    phone: text('phone', limits.phone),
    recipientAddress: text('recipientAddress', limits.address),
    title: text('title', limits.title),
    description: text('description', limits.description),
    targetGroup: text('targetGroup', limits.targetGroup),
    place: text('place', limits.place),
    periodStart: date('periodStart'),
    periodEnd: date('periodEnd'),
    totalCostCents: amount('totalCost'),
    amountRequestedCents: amount('amountRequested'),
    otherFunding: [],
    earlyStartRequested: single(values.earlyStart) === 'on',
    consent: single(values.consent) === 'on',
  };

  if (data.email !== null && !emailSchema.safeParse(data.email).success) problems.email = { key: 'form.error.email' };
  if (data.phone !== null && !/^[0-9+()/. -]*$/.test(data.phone)) problems.phone = { key: 'grantApply.error.phone' };
  if (data.periodStart && data.periodEnd && data.periodEnd < data.periodStart) problems.periodEnd = { key: 'grantApply.error.periodOrder' };
  if (data.totalCostCents === 0) problems.totalCost = { key: 'grantApply.error.amountZero' };
  if (data.amountRequestedCents === 0) problems.amountRequested = { key: 'grantApply.error.amountZero' };
  if (data.totalCostCents !== null && data.amountRequestedCents !== null && data.amountRequestedCents > data.totalCostCents && !problems.amountRequested) {
    problems.amountRequested = { key: 'grantApply.error.amountAboveCost' };
  }

  for (let row = 1; row <= fundingRows; row++) {
    const sourceName = fundingField(row, 'Source');
    const amountName = fundingField(row, 'Amount');
    const source = text(sourceName, limits.fundingSource);
    const cents = amount(amountName);
    const confirmed = single(values[fundingField(row, 'Confirmed')]);
    if (confirmed !== '' && confirmed !== 'yes' && confirmed !== 'no') problems[fundingField(row, 'Confirmed')] = { key: 'form.error.choose' };
    const amountTyped = single(values[amountName]) !== '';
    // A row counts once anything is typed into it; then it needs both the source and the amount.
    if (source === null && !amountTyped && !problems[sourceName]) continue;
    if (source === null && !problems[sourceName]) problems[sourceName] = { key: 'grantApply.error.fundingSource' };
    if (!amountTyped) problems[amountName] = { key: 'grantApply.error.fundingAmount' };
    if (source !== null && cents !== null) data.otherFunding.push({ source, amountCents: cents, confirmed: confirmed === 'yes' });
  }

  if (data.email === null) required('email');
  if (!data.consent) problems.consent = { key: mode === 'draft' ? 'grantApply.error.consentDraft' : 'grantApply.error.consent' };
  if (mode === 'submit') {
    if (data.kind === null) problems.kind ??= { key: 'grantApply.error.kind' };
    for (const name of ['recipientName', 'applicantName', 'title', 'description'] as const) if (data[name] === null) required(name);
    if (data.periodStart === null) required('periodStart');
    if (data.periodEnd === null) required('periodEnd');
    if (data.totalCostCents === null) required('totalCost');
    if (data.amountRequestedCents === null) required('amountRequested');
  }
  return Object.keys(problems).length === 0 ? { ok: true, data } : { ok: false, problems };
}

// ---------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------

export interface StoredApplication {
  grant: Grant;
  otherFunding: OtherFunding[];
  documents: ApplicationDocument[];
}

async function loadParts(db: Tx, grant: Grant): Promise<StoredApplication> {
  const [funding, docs] = await Promise.all([
    db.select().from(grantOtherFunding).where(eq(grantOtherFunding.grantId, grant.id)).orderBy(asc(grantOtherFunding.position), asc(grantOtherFunding.id)),
    db
      .select({ id: documents.id, fileName: documents.fileName, sizeBytes: documents.sizeBytes, createdAt: documents.createdAt })
      .from(documents)
      .where(and(eq(documents.grantId, grant.id), eq(documents.kind, 'grant_application')))
      .orderBy(asc(documents.id)),
  ]);
  return { grant, otherFunding: funding, documents: docs };
}

/** Statuses in which a link may open the application: a draft, or a submission the office sent back. */
const resumableStatuses = ['draft', 'submitted'] as const;

/** The application a link opens: of this council, not expired, still a draft or waiting for the applicant. */
export async function findByResumeToken(db: Tx, councilId: number, token: string, now: Date): Promise<StoredApplication | undefined> {
  if (!wellFormedToken(token)) return undefined;
  const [grant] = await db
    .select()
    .from(grants)
    .where(and(eq(grants.resumeTokenHash, hashToken(token)), eq(grants.councilId, councilId), inArray(grants.status, [...resumableStatuses])))
    .limit(1);
  if (!grant || !grant.resumeExpiresAt || grant.resumeExpiresAt.getTime() <= now.getTime()) return undefined;
  return loadParts(db, grant);
}

/** The grant a link names, locked for the rest of the transaction; undefined when the link does not (or no longer) work. */
async function lockByResumeToken(tx: Tx, councilId: number, token: string, now: Date): Promise<Grant | undefined> {
  if (!wellFormedToken(token)) return undefined;
  const [grant] = await tx
    .select()
    .from(grants)
    .where(and(eq(grants.resumeTokenHash, hashToken(token)), eq(grants.councilId, councilId)))
    .for('update');
  if (!grant || !grant.resumeExpiresAt || grant.resumeExpiresAt.getTime() <= now.getTime()) return undefined;
  return grant;
}

/** A submitted application by its number, for the thanks page. */
export async function findSubmittedNumber(db: Database, councilId: number, year: number, number: number): Promise<boolean> {
  const [row] = await db
    .select({ id: grants.id })
    .from(grants)
    .where(and(eq(grants.councilId, councilId), eq(grants.year, year), eq(grants.number, number)))
    .limit(1);
  return row !== undefined;
}

// ---------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------

export interface ApplyContext {
  council: Council;
  /** The city, for the letterhead ("Landeshauptstadt Hannover"). */
  bodyName: string;
  locale: Locale;
  baseUrl: string;
  dataDir: string;
  now: Date;
}

export interface UploadedPlan {
  /** As the browser named it; the stored name is made safe and ends in .pdf. */
  name: string;
  /** Already checked: a PDF by its content, within the size limit. */
  bytes: Uint8Array;
}

export type ApplyOutcome =
  | { ok: true; grantId: number; number: number | null; year: number }
  | { ok: false; reason: 'link_invalid' }
  | { ok: false; reason: 'invalid_transition'; status: Grant['status'] };

const berlinYear = (now: Date) => Number(berlinDate(now).slice(0, 4));

/** What the audit trail keeps of an application: its state and figures, not the applicant's contact details. */
function auditView(g: Grant, funding?: FundingInput[]) {
  return {
    id: g.id,
    councilId: g.councilId,
    status: g.status,
    year: g.year,
    number: g.number,
    recipientKind: g.recipientKind,
    recipientName: g.recipientName,
    title: g.title,
    periodStart: g.periodStart,
    periodEnd: g.periodEnd,
    totalCostCents: g.totalCostCents,
    amountRequestedCents: g.amountRequestedCents,
    earlyStartRequested: g.earlyStartRequested,
    submittedAt: g.submittedAt,
    ...(funding ? { otherFunding: funding } : {}),
  };
}

function columnsOf(data: ApplicationInput, locale: Locale) {
  return {
    recipientKind: data.kind ?? 'association',
    recipientName: data.recipientName ?? '',
    applicantName: data.applicantName,
    applicantEmail: data.email,
    applicantPhone: data.phone,
    recipientAddress: data.recipientAddress,
    title: { de: data.title ?? '' },
    description: data.description,
    targetGroup: data.targetGroup,
    place: data.place,
    periodStart: data.periodStart,
    periodEnd: data.periodEnd,
    totalCostCents: data.totalCostCents,
    amountRequestedCents: data.amountRequestedCents,
    earlyStartRequested: data.earlyStartRequested,
    locale,
  };
}

async function replaceFunding(tx: Tx, grantId: number, funding: FundingInput[]): Promise<void> {
  await tx.delete(grantOtherFunding).where(eq(grantOtherFunding.grantId, grantId));
  if (funding.length > 0) await tx.insert(grantOtherFunding).values(funding.map((f, position) => ({ grantId, source: f.source, amountCents: f.amountCents, confirmed: f.confirmed, position })));
}

/**
 * Files the budget plan with the application: a non-public document of kind grant_application. A
 * draft keeps one plan (a new one replaces the old); an amendment adds to what the office has seen.
 * Returns the storage keys of replaced files, to remove once the transaction has committed.
 */
async function attachPlan(tx: Tx, grant: Grant, plan: UploadedPlan, stored: StoredFile, replace: boolean, actor: AuditActor): Promise<string[]> {
  const replaced = replace
    ? await tx
        .delete(documents)
        .where(and(eq(documents.grantId, grant.id), eq(documents.kind, 'grant_application')))
        .returning()
    : [];
  for (const old of replaced) await recordAudit(tx, { actor, action: 'document.delete', entityType: 'document', entityId: old.id, councilId: old.councilId, before: old });
  const [row] = await tx
    .insert(documents)
    .values({
      councilId: grant.councilId,
      grantId: grant.id,
      meetingId: null,
      agendaItemId: null,
      kind: 'grant_application',
      title: { de: 'Kosten- und Finanzierungsplan', en: 'Budget plan' },
      fileName: safeFileName(plan.name, pdfType, 'finanzierungsplan'),
      mimeType: pdfType.mimeType,
      isPublic: false,
      ...stored,
    })
    .returning();
  await recordAudit(tx, { actor, action: 'document.upload', entityType: 'document', entityId: row!.id, councilId: row!.councilId, after: row });
  return replaced.map((r) => r.storageKey);
}

/**
 * Runs a write with the uploaded plan stored first: if the transaction fails, the file goes again,
 * so none is left without its row; files it replaced go once it has committed.
 */
async function withPlan<T extends { removed: string[]; mailed: boolean }>(dataDir: string, plan: UploadedPlan | undefined, write: (stored: StoredFile | undefined) => Promise<T>): Promise<T> {
  const stored = plan ? await storeFile(dataDir, plan.bytes) : undefined;
  let result: T;
  try {
    result = await write(stored);
  } catch (error) {
    if (stored) await removeStoredFile(dataDir, stored.storageKey);
    throw error;
  }
  for (const key of result.removed) await removeStoredFile(dataDir, key);
  if (result.mailed) mailQueued();
  return result;
}

const mailLocale = (locale: string): Locale => (isLocale(locale) ? locale : 'de');

function councilName(t: Translator, council: Council): string {
  return t.text(council.name);
}

/** Saves a draft (new, or the one the link names) and mails a fresh link to continue it. */
export async function saveDraft(db: Database, ctx: ApplyContext, data: ApplicationInput, resumeToken: string | undefined, plan?: UploadedPlan): Promise<ApplyOutcome> {
  const outcome = await withPlan(ctx.dataDir, plan, (stored) =>
    db.transaction(async (tx) => {
      let before: Grant | undefined;
      if (resumeToken !== undefined) {
        before = await lockByResumeToken(tx, ctx.council.id, resumeToken, ctx.now);
        if (!before) return { result: { ok: false, reason: 'link_invalid' } as const, removed: [], mailed: false };
        // A submitted application is amended, never turned back into a draft.
        if (before.status !== 'draft') return { result: { ok: false, reason: 'invalid_transition', status: before.status } as const, removed: [], mailed: false };
      }
      const values = { ...columnsOf(data, ctx.locale), consentedAt: ctx.now, updatedAt: ctx.now };
      const [after] = before
        ? await tx.update(grants).set(values).where(eq(grants.id, before.id)).returning()
        : await tx
            .insert(grants)
            .values({ ...values, councilId: ctx.council.id, year: berlinYear(ctx.now), status: 'draft', createdAt: ctx.now })
            .returning();
      const grant = after!;
      await replaceFunding(tx, grant.id, data.otherFunding);
      const removed = plan && stored ? await attachPlan(tx, grant, plan, stored, true, applicantActor) : [];
      const token = await issueResumeToken(tx, grant.id, ctx.now);
      const t = translator(ctx.locale);
      const expires = new Date(ctx.now.getTime() + resumeValidDays * 86_400_000);
      const params = {
        council: councilGenitive(councilName(t, ctx.council), t.locale),
        councilName: councilName(t, ctx.council),
        link: `${ctx.baseUrl}${t.href(resumePath(ctx.council.slug, token))}`,
        until: t.fmt.dateShort(expires),
        days: resumeValidDays,
        contact: ctx.council.contactEmail,
        title: data.title ?? t.t('grantApply.mail.untitled'),
      };
      await enqueueMail(tx, {
        key: `grant-draft:${grant.id}:${hashToken(token).slice(0, 16)}`,
        to: data.email!,
        subject: t.t('grantApply.mail.draft.subject', params),
        text: t.t('grantApply.mail.draft.text', params),
      });
      await recordAudit(tx, { actor: applicantActor, action: 'grant.draft_save', entityType: 'grant', entityId: grant.id, councilId: grant.councilId, before: before ? auditView(before) : null, after: auditView(grant, data.otherFunding) });
      return { result: { ok: true, grantId: grant.id, number: null, year: grant.year } as const, removed, mailed: true };
    }),
  );
  return outcome.result;
}

/** The next number of a council's year: the council's row is locked, so two submissions never take the same one. */
async function nextNumber(tx: Tx, councilId: number, year: number): Promise<number> {
  await tx.select({ id: councils.id }).from(councils).where(eq(councils.id, councilId)).for('update');
  const [row] = await tx
    .select({ max: sql<number | null>`max(${grants.number})` })
    .from(grants)
    .where(and(eq(grants.councilId, councilId), eq(grants.year, year)));
  return Number(row?.max ?? 0) + 1;
}

/**
 * Submits an application: a new one, or the draft the link names. It gets the next number of the
 * council's year (the Berlin year of submission), the link stops working, and the applicant is
 * mailed the confirmation with a summary PDF.
 */
export async function submitApplication(db: Database, ctx: ApplyContext, data: ApplicationInput, resumeToken: string | undefined, plan?: UploadedPlan): Promise<ApplyOutcome> {
  const outcome = await withPlan(ctx.dataDir, plan, (stored) =>
    db.transaction(async (tx) => {
      let before: Grant | undefined;
      if (resumeToken !== undefined) {
        before = await lockByResumeToken(tx, ctx.council.id, resumeToken, ctx.now);
        if (!before) return { result: { ok: false, reason: 'link_invalid' } as const, removed: [], mailed: false };
      }
      const moved = transition(before?.status ?? 'draft', 'submit');
      if (!moved.ok) return { result: { ok: false, reason: 'invalid_transition', status: moved.from } as const, removed: [], mailed: false };
      const year = berlinYear(ctx.now);
      const number = await nextNumber(tx, ctx.council.id, year);
      const values = {
        ...columnsOf(data, ctx.locale),
        status: moved.to,
        year,
        number,
        submittedAt: ctx.now,
        consentedAt: ctx.now,
        resumeTokenHash: null,
        resumeExpiresAt: null,
        updatedAt: ctx.now,
      };
      const [after] = before
        ? await tx.update(grants).set(values).where(eq(grants.id, before.id)).returning()
        : await tx
            .insert(grants)
            .values({ ...values, councilId: ctx.council.id, createdAt: ctx.now })
            .returning();
      const grant = after!;
      await replaceFunding(tx, grant.id, data.otherFunding);
      const removed = plan && stored ? await attachPlan(tx, grant, plan, stored, true, applicantActor) : [];
      const application = await loadParts(tx, grant);
      await enqueueMail(tx, await applicantMail(ctx, application, 'submitted', `grant-submitted:${grant.id}`));
      await recordAudit(tx, { actor: applicantActor, action: 'grant.submit', entityType: 'grant', entityId: grant.id, councilId: grant.councilId, before: before ? auditView(before) : null, after: auditView(grant, data.otherFunding) });
      return { result: { ok: true, grantId: grant.id, number, year } as const, removed, mailed: true };
    }),
  );
  return outcome.result;
}

/**
 * Adds what the office asked for to a submitted application, through the link the office mailed.
 * The status stays submitted (the office checks completeness again); the link is used up.
 */
export async function amendApplication(db: Database, ctx: ApplyContext, data: ApplicationInput, resumeToken: string, plan?: UploadedPlan): Promise<ApplyOutcome> {
  const outcome = await withPlan(ctx.dataDir, plan, (stored) =>
    db.transaction(async (tx) => {
      const before = await lockByResumeToken(tx, ctx.council.id, resumeToken, ctx.now);
      if (!before) return { result: { ok: false, reason: 'link_invalid' } as const, removed: [], mailed: false };
      if (before.status !== 'submitted') return { result: { ok: false, reason: 'invalid_transition', status: before.status } as const, removed: [], mailed: false };
      const [after] = await tx
        .update(grants)
        .set({ ...columnsOf(data, mailLocale(before.locale)), consentedAt: ctx.now, resumeTokenHash: null, resumeExpiresAt: null, updatedAt: ctx.now })
        .where(eq(grants.id, before.id))
        .returning();
      const grant = after!;
      await replaceFunding(tx, grant.id, data.otherFunding);
      const removed = plan && stored ? await attachPlan(tx, grant, plan, stored, false, applicantActor) : [];
      const application = await loadParts(tx, grant);
      await enqueueMail(tx, await applicantMail(ctx, application, 'amended', `grant-amended:${grant.id}:${ctx.now.getTime()}`));
      await recordAudit(tx, { actor: applicantActor, action: 'grant.amend', entityType: 'grant', entityId: grant.id, councilId: grant.councilId, before: auditView(before), after: auditView(grant, data.otherFunding) });
      return { result: { ok: true, grantId: grant.id, number: grant.number, year: grant.year } as const, removed, mailed: true };
    }),
  );
  return outcome.result;
}

/**
 * Deletes drafts whose link ran out (nobody can reach them any more), with their files. The audit
 * entry keeps only the id and the council: the draft's contents are what the deletion removes.
 */
export async function deleteExpiredDrafts(db: Database, dataDir: string, now: Date): Promise<number> {
  const { removed, keys } = await db.transaction(async (tx) => {
    const expired = await tx
      .select({ id: grants.id, councilId: grants.councilId })
      .from(grants)
      .where(and(eq(grants.status, 'draft'), isNotNull(grants.resumeExpiresAt), lt(grants.resumeExpiresAt, now)))
      .for('update');
    if (expired.length === 0) return { removed: 0, keys: [] as string[] };
    const ids = expired.map((g) => g.id);
    const files = await tx.delete(documents).where(inArray(documents.grantId, ids)).returning({ storageKey: documents.storageKey });
    await tx.delete(grants).where(inArray(grants.id, ids));
    for (const g of expired) await recordAudit(tx, { actor: systemActor, action: 'grant.draft_delete_expired', entityType: 'grant', entityId: g.id, councilId: g.councilId, before: { id: g.id, councilId: g.councilId }, after: null });
    return { removed: expired.length, keys: files.map((f) => f.storageKey) };
  });
  for (const key of keys) await removeStoredFile(dataDir, key);
  return removed;
}

// ---------------------------------------------------------------------------------------------------
// The summary: in the confirmation mail and as its PDF
// ---------------------------------------------------------------------------------------------------

function period(t: Translator, g: Grant): string {
  if (g.periodStart && g.periodEnd) return t.t('grantApply.summary.periodSpan', { from: t.fmt.dateShort(g.periodStart), to: t.fmt.dateShort(g.periodEnd) });
  return g.periodStart ? t.fmt.dateShort(g.periodStart) : '';
}

/** The application as label and value pairs, in the order of the form. */
export function summaryItems(t: Translator, application: StoredApplication): Array<{ key: string; value: string }> {
  const g = application.grant;
  const none = t.t('grantApply.summary.none');
  const items = [
    { key: t.t('grantApply.summary.number'), value: formatGrantNumber(g.year, g.number) || none },
    { key: t.t('grantApply.field.kind'), value: t.t(`grantApply.kind.${g.recipientKind === 'council' ? 'association' : g.recipientKind}`) },
    { key: t.t('grantApply.field.recipientName'), value: g.recipientName || none },
    { key: t.t('grantApply.field.recipientAddress'), value: g.recipientAddress ?? none },
    { key: t.t('grantApply.field.applicantName'), value: g.applicantName ?? none },
    { key: t.t('grantApply.field.email'), value: g.applicantEmail ?? none },
    { key: t.t('grantApply.field.phone'), value: g.applicantPhone ?? none },
    { key: t.t('grantApply.field.title'), value: g.title.de || none },
    { key: t.t('grantApply.field.targetGroup'), value: g.targetGroup ?? none },
    { key: t.t('grantApply.field.place'), value: g.place ?? none },
    { key: t.t('grantApply.summary.period'), value: period(t, g) || none },
    { key: t.t('grantApply.field.totalCost'), value: g.totalCostCents !== null ? t.fmt.money(g.totalCostCents) : none },
    { key: t.t('grantApply.field.amountRequested'), value: g.amountRequestedCents !== null ? t.fmt.money(g.amountRequestedCents) : none },
    { key: t.t('grantApply.field.earlyStart'), value: g.earlyStartRequested ? t.t('grantApply.summary.yes') : t.t('grantApply.summary.no') },
    { key: t.t('grantApply.summary.plan'), value: application.documents.length > 0 ? application.documents.map((d) => d.fileName).join(', ') : none },
  ];
  return items;
}

function fundingLine(t: Translator, f: Pick<OtherFunding, 'source' | 'amountCents' | 'confirmed'>): string {
  return t.t('grantApply.summary.fundingLine', { source: f.source, amount: t.fmt.money(f.amountCents), state: f.confirmed ? t.t('grantApply.funding.confirmed') : t.t('grantApply.funding.open') });
}

export async function summaryPdf(ctx: Pick<ApplyContext, 'council' | 'bodyName'>, application: StoredApplication, date: Date): Promise<Buffer> {
  const g = application.grant;
  const t = translator(mailLocale(g.locale));
  const name = councilName(t, ctx.council);
  const number = formatGrantNumber(g.year, g.number);
  const blocks: PdfBlock[] = [
    { kind: 'heading', text: t.t('grantApply.pdf.heading', { number }), level: 2 },
    { kind: 'paragraph', text: t.t('grantApply.pdf.intro', { council: councilGenitive(name, t.locale), date: g.submittedAt ? t.fmt.dateShort(g.submittedAt) : t.fmt.dateShort(date) }) },
    { kind: 'keyValue', items: summaryItems(t, application) },
    { kind: 'heading', text: t.t('grantApply.field.description'), level: 3 },
    { kind: 'paragraph', text: g.description ?? t.t('grantApply.summary.none') },
    { kind: 'heading', text: t.t('grantApply.section.funding'), level: 3 },
    application.otherFunding.length > 0
      ? {
          kind: 'table',
          columns: [t.t('grantApply.field.fundingSource'), t.t('grantApply.field.fundingAmount'), t.t('grantApply.field.fundingConfirmed')],
          rows: application.otherFunding.map((f) => [f.source, t.fmt.money(f.amountCents), f.confirmed ? t.t('grantApply.funding.confirmed') : t.t('grantApply.funding.open')]),
          numeric: [1],
        }
      : { kind: 'paragraph', text: t.t('grantApply.summary.noFunding') },
    { kind: 'heading', text: t.t('grantApply.pdf.nextHeading'), level: 3 },
    { kind: 'paragraph', text: t.t('grantApply.pdf.next', { contact: ctx.council.contactEmail }) },
  ];
  return renderPdf({
    title: t.t('grantApply.pdf.heading', { number }),
    author: name,
    lang: t.locale,
    footer: `${name} · ${ctx.council.contactEmail}`,
    pageLabel: (page, pages) => t.t('grantApply.pdf.page', { page, pages }),
    sections: [
      {
        letterhead: {
          sender: [ctx.bodyName, name, t.t('grantApply.pdf.office'), ctx.council.contactEmail, ...(ctx.council.contactPhone ? [ctx.council.contactPhone] : [])],
          recipient: [g.recipientName, ...(g.applicantName && g.applicantName !== g.recipientName ? [g.applicantName] : []), ...(g.recipientAddress ?? '').split(/\r?\n/).filter((l) => l.trim() !== '')],
          place: ctx.bodyName.replace(/^Landeshauptstadt\s+/, ''),
          date: t.fmt.dateLong(date).replace(/^[^,]+,\s*/, ''),
        },
        blocks,
      },
    ],
  });
}

/** The mail to the applicant after submitting or amending: the number, the summary, and the summary as a PDF. */
async function applicantMail(ctx: ApplyContext, application: StoredApplication, kind: 'submitted' | 'amended', key: string) {
  const g = application.grant;
  const t = translator(mailLocale(g.locale));
  const name = councilName(t, ctx.council);
  const number = formatGrantNumber(g.year, g.number);
  const summary = [
    ...summaryItems(t, application).map((i) => `${i.key}: ${i.value}`),
    '',
    `${t.t('grantApply.field.description')}:`,
    g.description ?? t.t('grantApply.summary.none'),
    '',
    `${t.t('grantApply.section.funding')}:`,
    ...(application.otherFunding.length > 0 ? application.otherFunding.map((f) => `- ${fundingLine(t, f)}`) : [t.t('grantApply.summary.noFunding')]),
  ].join('\n');
  const params = {
    number,
    council: councilGenitive(name, t.locale),
    councilName: name,
    name: g.applicantName ?? g.recipientName,
    title: g.title.de,
    date: t.fmt.dateShort(ctx.now),
    summary,
    contact: ctx.council.contactEmail,
  };
  const pdf = await summaryPdf(ctx, application, ctx.now);
  return {
    key,
    to: g.applicantEmail!,
    subject: t.t(`grantApply.mail.${kind}.subject`, params),
    text: t.t(`grantApply.mail.${kind}.text`, params),
    attachments: [{ filename: `${t.t('grantApply.pdf.fileName')}-${number.replace('/', '-')}.pdf`, contentType: 'application/pdf', content: pdf }],
  };
}
