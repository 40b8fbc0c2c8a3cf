import { and, asc, eq, inArray } from 'drizzle-orm';
import { findBody } from '../city/repository.js';
import { districts } from '../city/schema.js';
import { recordAudit, type AuditActor, type Tx } from '../audit/service.js';
import { councils } from '../councils/schema.js';
import { councilGenitive } from '../councils/service.js';
import { renderPdf, type PdfBlock, type PdfDocumentSpec } from '../documents/pdf.js';
import { documents } from '../documents/schema.js';
import { removeStoredFile, storeFile, type StoredFile } from '../documents/storage.js';
import type { Database } from '../infra/db/database.js';
import type { LocalizedText } from '../infra/i18n/localized.js';
import { isLocale, type Locale } from '../infra/i18n/locales.js';
import { translator, type Translator } from '../infra/i18n/translator.js';
import { berlinDate } from '../infra/time.js';
import { enqueueMail, mailQueued } from '../mail/outbox.js';
import { checkRepayment, paymentTotals } from './budget.js';
import { districtCouncilName, formatPeriod } from './decision-paper.js';
import { allocationsOf, type AllocationRow } from './decision-service.js';
import { grantPayments, grants } from './schema.js';
import { formatGrantNumber, type GrantStatus } from './service.js';
import { transition, type GrantAction } from './states.js';

/**
 * After the district council's decision: the grant notice (with the proof-of-use deadline), payouts
 * and repayments per budget, the proof of use, and closing. The money rules are pure functions
 * below; every change is one transaction with its audit event and goes through the state machine.
 */

export type GrantRow = typeof grants.$inferSelect;
export type PaymentRow = typeof grantPayments.$inferSelect;
export type PaymentKind = PaymentRow['kind'];

// ---------------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------------

/** A calendar date moved by whole months; the 31st becomes the last day of a shorter month. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return first.toISOString().slice(0, 10);
}

/** The proof of use is due three months after the project's end (or, without a period, after today). */
export function defaultProofDue(periodEnd: string | null, today: string): string {
  const due = addMonths(periodEnd ?? today, 3);
  return due < today ? addMonths(today, 1) : due;
}

export interface LedgerEntry {
  budgetId: number;
  kind: PaymentKind;
  amountCents: number;
}

/** Payouts net of repayments, per budget. */
export function netPaidByBudget(payments: readonly LedgerEntry[]): Map<number, number> {
  const net = new Map<number, number>();
  for (const p of payments) net.set(p.budgetId, (net.get(p.budgetId) ?? 0) + (p.kind === 'payout' ? p.amountCents : -p.amountCents));
  return net;
}

/** What the recipient holds: all payouts minus all repayments (what `grants.amount_paid_cents` keeps). */
export function netPaid(payments: readonly LedgerEntry[]): number {
  const { payoutCents, repaymentCents } = paymentTotals(payments);
  return payoutCents - repaymentCents;
}

/** Statuses in which money can come back: once paid, until the grant is closed; and all of it after a withdrawal. */
export const repayableStatuses: readonly GrantStatus[] = ['paid', 'proof_due', 'proof_received', 'withdrawn'];

export type PaymentRefusal = 'invalid_transition' | 'not_repayable' | 'unknown_budget' | 'over_allocation' | 'over_approved' | 'repayment_exceeds_paid' | 'amount';

export interface Ledger {
  status: GrantStatus;
  approvedCents: number | null;
  allocations: ReadonlyArray<{ budgetId: number; amountCents: number }>;
  payments: readonly LedgerEntry[];
}

/**
 * Whether a payment can be booked. A payout comes from one of the grant's budgets and never takes
 * that budget's payouts (net of repayments) above its allocation, nor the grant's above the
 * approved amount; a repayment goes back to a budget and is at most what that budget paid. On a
 * refusal, `limitCents` says how much would still have been possible.
 */
export function checkPayment(ledger: Ledger, payment: LedgerEntry): { ok: true } | { ok: false; reason: PaymentRefusal; limitCents?: number } {
  if (!Number.isSafeInteger(payment.amountCents) || payment.amountCents <= 0) return { ok: false, reason: 'amount' };
  if (payment.kind === 'payout' && !transition(ledger.status, 'pay').ok) return { ok: false, reason: 'invalid_transition' };
  if (payment.kind === 'repayment' && !repayableStatuses.includes(ledger.status)) return { ok: false, reason: 'not_repayable' };
  const allocation = ledger.allocations.find((a) => a.budgetId === payment.budgetId);
  if (!allocation) return { ok: false, reason: 'unknown_budget' };
  const fromBudget = netPaidByBudget(ledger.payments).get(payment.budgetId) ?? 0;
  if (payment.kind === 'repayment') {
    const check = checkRepayment(Math.max(0, fromBudget), payment.amountCents);
    return check.ok ? { ok: true } : { ok: false, reason: 'repayment_exceeds_paid', limitCents: check.paid };
  }
  if (fromBudget + payment.amountCents > allocation.amountCents) return { ok: false, reason: 'over_allocation', limitCents: Math.max(0, allocation.amountCents - fromBudget) };
  const total = netPaid(ledger.payments);
  const approved = ledger.approvedCents ?? 0;
  if (total + payment.amountCents > approved) return { ok: false, reason: 'over_approved', limitCents: Math.max(0, approved - total) };
  return { ok: true };
}

/**
 * What should come back: money paid beyond the project's actual cost (nothing while the cost is
 * unknown); everything paid when the grant was withdrawn.
 */
export function repaymentDue(netPaidCents: number, actualCostCents: number | null, status?: GrantStatus): number {
  if (status === 'withdrawn') return Math.max(0, netPaidCents);
  return actualCostCents === null ? 0 : Math.max(0, netPaidCents - actualCostCents);
}

// ---------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------

export interface CouncilFacts {
  id: number;
  slug: string;
  name: string;
  contactEmail: string;
  contactPhone: string | null;
  contactAddress: string | null;
  districtName: string | null;
}

export async function loadCouncilFacts(db: Tx, councilId: number): Promise<CouncilFacts> {
  const [row] = await db
    .select({ id: councils.id, slug: councils.slug, name: councils.name, contactEmail: councils.contactEmail, contactPhone: councils.contactPhone, contactAddress: councils.contactAddress, districtName: districts.name })
    .from(councils)
    .leftJoin(districts, eq(districts.id, councils.districtId))
    .where(eq(councils.id, councilId));
  if (!row) throw new Error(`No council ${councilId}`);
  return { ...row, name: translator('de').text(row.name) };
}

export interface AftercareFile {
  grant: GrantRow;
  allocations: AllocationRow[];
  payments: PaymentRow[];
  documents: Array<typeof documents.$inferSelect>;
  netPaidCents: number;
  /** Paid beyond the actual cost and not yet paid back. */
  outstandingCents: number;
}

/** Past the decision only: before it there is nothing to notify, pay or prove. */
const decidedStatuses: readonly GrantStatus[] = ['approved', 'notified', 'paid', 'proof_due', 'proof_received', 'closed', 'withdrawn', 'rejected'];

export async function loadAftercare(db: Database, councilId: number, grantId: number): Promise<AftercareFile | undefined> {
  const [grant] = await db.select().from(grants).where(and(eq(grants.id, grantId), eq(grants.councilId, councilId), inArray(grants.status, [...decidedStatuses])));
  if (!grant) return undefined;
  const [allocations, payments, docs] = await Promise.all([
    allocationsOf(db, [grantId]),
    db.select().from(grantPayments).where(eq(grantPayments.grantId, grantId)).orderBy(asc(grantPayments.paidOn), asc(grantPayments.id)),
    db
      .select()
      .from(documents)
      .where(and(eq(documents.grantId, grantId), eq(documents.councilId, councilId), inArray(documents.kind, ['grant_notice', 'proof_of_use'])))
      .orderBy(asc(documents.id)),
  ]);
  const net = netPaid(payments);
  return { grant, allocations: allocations.get(grantId) ?? [], payments, documents: docs, netPaidCents: net, outstandingCents: repaymentDue(net, grant.actualCostCents, grant.status) };
}

// ---------------------------------------------------------------------------------------------------
// Outcomes
// ---------------------------------------------------------------------------------------------------

export type AftercareRefusal = 'not_found' | 'due_in_past' | 'in_future' | 'before_decision' | 'repayment_outstanding';

export type AftercareOutcome<T extends object = object> =
  | ({ ok: true } & T)
  | { ok: false; reason: 'invalid_transition'; status: GrantStatus; action: GrantAction }
  | { ok: false; reason: AftercareRefusal }
  | { ok: false; reason: 'payment'; refusal: PaymentRefusal; limitCents?: number };

const notFound = { ok: false, reason: 'not_found' } as const;

async function lockGrant(tx: Tx, councilId: number, grantId: number): Promise<GrantRow | undefined> {
  const [grant] = await tx.select().from(grants).where(and(eq(grants.id, grantId), eq(grants.councilId, councilId))).for('update');
  return grant;
}

const mailLocale = (grant: GrantRow): Locale => (isLocale(grant.locale) ? grant.locale : 'de');

/**
 * A mail to the applicant about their grant, in their language: greeting, the lines given, what a
 * proof of use contains, whom to ask, the council's signature. Notice, proof request and reminders
 * all use it.
 */
export function applicantMailText(council: CouncilFacts, grant: GrantRow, lead: string[], options: { proofIntro: string; beforeQuestions?: string[]; after?: string[] }): string {
  const t = translator(mailLocale(grant));
  return [
    grant.applicantName ? t.t('grantAftercare.mail.helloNamed', { name: grant.applicantName }) : t.t('grantAftercare.mail.hello'),
    '',
    ...lead,
    '',
    options.proofIntro,
    `- ${t.t('grantAftercare.notice.proofReport')}`,
    `- ${t.t('grantAftercare.notice.proofCosts')}`,
    `- ${t.t('grantAftercare.notice.proofReceipts')}`,
    '',
    ...(options.beforeQuestions ?? []),
    t.t('grantAftercare.mail.questions', { email: council.contactEmail }),
    '',
    t.t('grantAftercare.mail.regards'),
    `${council.name} · ${council.contactEmail}`,
    ...(options.after ?? []),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// The grant notice
// ---------------------------------------------------------------------------------------------------

export interface NoticeInput {
  proofDueOn: string;
  recipientAddress: string | null;
}

const letterDate = (t: Translator, date: string | Date) => t.fmt.dateLong(date).replace(/^[^,]+,\s*/, '');

function addressLines(address: string | null): string[] {
  return (address ?? '')
    .split(/\r?\n|,\s*/)
    .map((l) => l.trim())
    .filter(Boolean);
}

function paragraphs(text: string | null): PdfBlock[] {
  return (text ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => ({ kind: 'paragraph' as const, text: p }));
}

/** The grant notice letter (Zuwendungsbescheid). German: it is the administration's letter of record. */
export function noticeSpec(bodyName: string, council: CouncilFacts, grant: GrantRow, input: NoticeInput, date: string): PdfDocumentSpec {
  const t = translator('de');
  const number = formatGrantNumber(grant.year, grant.number);
  const title = t.text(grant.title);
  const subject = t.t('grantAftercare.notice.subject', { number, title });
  const councilOf = councilGenitive(council.name, 'de');
  const decided = grant.decidedOn ? letterDate(t, grant.decidedOn) : '';
  const blocks: PdfBlock[] = [
    { kind: 'heading', text: subject, level: 2 },
    { kind: 'paragraph', text: grant.applicantName ? t.t('grantAftercare.notice.salutationNamed', { name: grant.applicantName }) : t.t('grantAftercare.notice.salutation') },
    {
      kind: 'paragraph',
      text: t.t(grant.decisionPaperNumber ? 'grantAftercare.letter.intro' : 'grantAftercare.letter.introNoPaper', {
        districtCouncil: districtCouncilName(t, council.districtName),
        date: decided,
        paper: grant.decisionPaperNumber ?? '',
        council: councilOf,
      }),
    },
    {
      kind: 'keyValue',
      items: [
        { key: t.t('grantAftercare.notice.recipient'), value: grant.recipientName },
        { key: t.t('grantAftercare.notice.number'), value: number },
        { key: t.t('grantAftercare.notice.amount'), value: t.t('grantDecision.paper.upTo', { amount: t.fmt.money(grant.amountApprovedCents ?? 0) }) },
        { key: t.t('grantAftercare.notice.purpose'), value: title },
        { key: t.t('grantAftercare.notice.period'), value: formatPeriod(t, grant.periodStart, grant.periodEnd) },
        { key: t.t('grantAftercare.notice.proofDue'), value: letterDate(t, input.proofDueOn) },
      ],
    },
    // One paragraph of conditions reads as a line of its own; several get a heading.
    ...(paragraphs(grant.conditions).length === 1
      ? [{ kind: 'paragraph' as const, text: t.t('grantAftercare.notice.conditionsLine', { conditions: grant.conditions!.trim() }) }]
      : paragraphs(grant.conditions).length > 1
        ? [{ kind: 'heading' as const, text: t.t('grantAftercare.notice.conditions'), level: 3 as const }, ...paragraphs(grant.conditions)]
        : []),
    { kind: 'paragraph', text: t.t('grantAftercare.notice.proofIntro', { date: letterDate(t, input.proofDueOn) }) },
    { kind: 'list', items: [t.t('grantAftercare.notice.proofReport'), t.t('grantAftercare.notice.proofCosts'), t.t('grantAftercare.notice.proofReceipts')] },
    { kind: 'paragraph', text: `${t.t('grantAftercare.notice.unused')} ${t.t('grantAftercare.notice.publication', { council: councilOf })}` },
    { kind: 'paragraph', text: t.t('grantAftercare.notice.questions', { email: council.contactEmail }) },
    // Sent electronically, without a handwritten signature: no space left for one.
    { kind: 'paragraph', text: t.t('grantAftercare.notice.regards') },
    { kind: 'paragraph', text: t.t('grantAftercare.notice.office', { council: councilOf }) },
  ];
  return {
    title: subject,
    author: council.name,
    lang: 'de',
    footer: `${council.name} · ${council.contactEmail}`,
    pageLabel: (page, pages) => t.t('grantDecision.paper.page', { page, pages }),
    sections: [
      {
        letterhead: {
          sender: [bodyName, council.name, t.t('grantDecision.paper.office'), ...(council.contactAddress ? addressLines(council.contactAddress) : []), council.contactEmail, ...(council.contactPhone ? [council.contactPhone] : [])],
          recipient: [grant.recipientName, ...(grant.applicantName && grant.applicantName !== grant.recipientName ? [grant.applicantName] : []), ...addressLines(input.recipientAddress)],
          place: bodyName.replace(/^Landeshauptstadt\s+/, ''),
          date: letterDate(t, date),
        },
        blocks,
      },
    ],
  };
}

export const noticeFileName = (grant: Pick<GrantRow, 'year' | 'number' | 'id'>) => `zuwendungsbescheid-${formatGrantNumber(grant.year, grant.number).toLowerCase().replace(/[^a-z0-9]+/g, '-') || grant.id}.pdf`;

/** The notice as it would be sent now, for the office's preview. */
export async function previewNotice(db: Database, councilId: number, grant: GrantRow, input: NoticeInput, now: Date): Promise<Buffer> {
  const [council, body] = await Promise.all([loadCouncilFacts(db, councilId), findBody(db)]);
  return renderPdf(noticeSpec(body?.name ?? '', council, grant, input, berlinDate(now)));
}

function noticeMail(council: CouncilFacts, grant: GrantRow, proofDueOn: string): { subject: string; text: string } {
  const t = translator(mailLocale(grant));
  const number = formatGrantNumber(grant.year, grant.number);
  const title = t.text(grant.title);
  return {
    subject: t.t('grantAftercare.noticeMail.subject', { number, title }),
    text: applicantMailText(council, grant, [t.t('grantAftercare.noticeMail.body', { number, title, amount: t.fmt.money(grant.amountApprovedCents ?? 0), council: councilGenitive(council.name, t.locale) })], { proofIntro: t.t('grantAftercare.mail.proofDue', { date: t.fmt.dateLong(proofDueOn) }) }),
  };
}

/**
 * Sends the grant notice: 'notify', the deadline for the proof of use, the letter filed as a
 * non-public document of the grant and mailed to the applicant (when there is an address).
 */
export async function sendGrantNotice(db: Database, dataDir: string, councilId: number, grantId: number, input: NoticeInput, actor: AuditActor, now: Date): Promise<AftercareOutcome<{ documentId: number; mailed: boolean }>> {
  const today = berlinDate(now);
  const [current] = await db.select().from(grants).where(and(eq(grants.id, grantId), eq(grants.councilId, councilId)));
  if (!current) return notFound;
  const move = transition(current.status, 'notify');
  if (!move.ok) return { ok: false, reason: 'invalid_transition', status: current.status, action: 'notify' };
  if (input.proofDueOn < today) return { ok: false, reason: 'due_in_past' };
  const [council, body] = await Promise.all([loadCouncilFacts(db, councilId), findBody(db)]);
  const pdf = await renderPdf(noticeSpec(body?.name ?? '', council, { ...current, recipientAddress: input.recipientAddress }, input, today));
  const stored = await storeFile(dataDir, pdf);
  try {
    const outcome = await db.transaction(async (tx): Promise<AftercareOutcome<{ documentId: number; mailed: boolean }>> => {
      const before = await lockGrant(tx, councilId, grantId);
      if (!before) return notFound;
      const step = transition(before.status, 'notify');
      if (!step.ok) return { ok: false, reason: 'invalid_transition', status: before.status, action: 'notify' };
      const [after] = await tx.update(grants).set({ status: step.to, notifiedAt: now, proofDueOn: input.proofDueOn, recipientAddress: input.recipientAddress }).where(eq(grants.id, grantId)).returning();
      const number = formatGrantNumber(before.year, before.number);
      const [document] = await tx
        .insert(documents)
        .values({
          councilId,
          grantId,
          kind: 'grant_notice',
          title: { de: translator('de').t('grantAftercare.notice.docTitle', { number }), en: translator('en').t('grantAftercare.notice.docTitle', { number }) },
          fileName: noticeFileName(before),
          mimeType: 'application/pdf',
          isPublic: false,
          ...stored,
        })
        .returning();
      const mailed = Boolean(before.applicantEmail);
      if (before.applicantEmail) {
        await enqueueMail(tx, { key: `grant-notice:${grantId}`, to: before.applicantEmail, ...noticeMail(council, after!, input.proofDueOn), attachments: [{ filename: noticeFileName(before), contentType: 'application/pdf', content: pdf }] });
      }
      await recordAudit(tx, { actor, action: 'grant.notify', entityType: 'grant', entityId: grantId, councilId, before, after: { ...after, documentId: document!.id, mailed } });
      return { ok: true, documentId: document!.id, mailed };
    });
    if (!outcome.ok) await removeStoredFile(dataDir, stored.storageKey);
    else if (outcome.mailed) mailQueued();
    return outcome;
  } catch (error) {
    await removeStoredFile(dataDir, stored.storageKey);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------
// Payments
// ---------------------------------------------------------------------------------------------------

export interface PaymentInput {
  kind: PaymentKind;
  budgetId: number;
  amountCents: number;
  paidOn: string;
  note: string | null;
}

/**
 * Books a payout or a repayment. The first payout moves a notified grant to paid ('pay'); further
 * payouts keep it paid. `amount_paid_cents` always equals payouts minus repayments.
 */
export async function recordPayment(db: Database, councilId: number, grantId: number, input: PaymentInput, actor: AuditActor, now: Date): Promise<AftercareOutcome<{ payment: PaymentRow }>> {
  if (input.paidOn > berlinDate(now)) return { ok: false, reason: 'in_future' };
  return db.transaction(async (tx) => {
    const before = await lockGrant(tx, councilId, grantId);
    if (!before) return notFound;
    if (before.decidedOn && input.paidOn < before.decidedOn) return { ok: false, reason: 'before_decision' } as const;
    const [allocations, payments] = await Promise.all([
      allocationsOf(tx, [grantId]),
      tx.select().from(grantPayments).where(eq(grantPayments.grantId, grantId)),
    ]);
    const check = checkPayment({ status: before.status, approvedCents: before.amountApprovedCents, allocations: allocations.get(grantId) ?? [], payments }, input);
    if (!check.ok) {
      if (check.reason === 'invalid_transition') return { ok: false, reason: 'invalid_transition', status: before.status, action: 'pay' } as const;
      return { ok: false, reason: 'payment', refusal: check.reason, limitCents: check.limitCents } as const;
    }
    const [payment] = await tx.insert(grantPayments).values({ grantId, budgetId: input.budgetId, kind: input.kind, amountCents: input.amountCents, paidOn: input.paidOn, note: input.note }).returning();
    const status = input.kind === 'payout' ? (transition(before.status, 'pay') as { ok: true; to: GrantStatus }).to : before.status;
    const [after] = await tx
      .update(grants)
      .set({ status, amountPaidCents: netPaid([...payments, payment!]) })
      .where(eq(grants.id, grantId))
      .returning();
    await recordAudit(tx, { actor, action: input.kind === 'payout' ? 'grant.pay' : 'grant.repayment', entityType: 'grant', entityId: grantId, councilId, before, after: { ...after, payment } });
    return { ok: true, payment: payment! } as const;
  });
}

// ---------------------------------------------------------------------------------------------------
// Proof of use
// ---------------------------------------------------------------------------------------------------

function proofRequestMail(council: CouncilFacts, grant: GrantRow): { subject: string; text: string } {
  const t = translator(mailLocale(grant));
  const number = formatGrantNumber(grant.year, grant.number);
  const title = t.text(grant.title);
  return {
    subject: t.t('grantAftercare.requestMail.subject', { number, title }),
    text: applicantMailText(council, grant, [t.t('grantAftercare.requestMail.body', { number, title })], {
      proofIntro: grant.proofDueOn ? t.t('grantAftercare.mail.proofDue', { date: t.fmt.dateLong(grant.proofDueOn) }) : t.t('grantAftercare.mail.proofContents'),
    }),
  };
}

/** Asks the recipient for the proof of use ('request_proof'), by mail when there is an address. */
export async function requestProof(db: Database, councilId: number, grantId: number, actor: AuditActor): Promise<AftercareOutcome<{ mailed: boolean }>> {
  const council = await loadCouncilFacts(db, councilId);
  const outcome = await db.transaction(async (tx): Promise<AftercareOutcome<{ mailed: boolean }>> => {
    const before = await lockGrant(tx, councilId, grantId);
    if (!before) return notFound;
    const move = transition(before.status, 'request_proof');
    if (!move.ok) return { ok: false, reason: 'invalid_transition', status: before.status, action: 'request_proof' };
    const [after] = await tx.update(grants).set({ status: move.to }).where(eq(grants.id, grantId)).returning();
    if (before.applicantEmail) await enqueueMail(tx, { key: `grant-proof-request:${grantId}`, to: before.applicantEmail, ...proofRequestMail(council, after!) });
    await recordAudit(tx, { actor, action: 'grant.request_proof', entityType: 'grant', entityId: grantId, councilId, before, after });
    return { ok: true, mailed: Boolean(before.applicantEmail) };
  });
  if (outcome.ok && outcome.mailed) mailQueued();
  return outcome;
}

export interface ProofInput {
  receivedOn: string;
  report: string | null;
  actualCostCents: number;
  /** What the project did, published on the project page once the proof is in. */
  outcome: LocalizedText;
  /** The proof as a PDF, already checked by content. */
  file: { bytes: Uint8Array; fileName: string } | null;
}

/** Records the proof of use ('receive_proof'): report, actual cost, the public outcome, the PDF if any. */
export async function receiveProof(db: Database, dataDir: string, councilId: number, grantId: number, input: ProofInput, actor: AuditActor, now: Date): Promise<AftercareOutcome<{ outstandingCents: number; documentId: number | null }>> {
  if (input.receivedOn > berlinDate(now)) return { ok: false, reason: 'in_future' };
  const stored: StoredFile | null = input.file ? await storeFile(dataDir, input.file.bytes) : null;
  try {
    const outcome = await db.transaction(async (tx): Promise<AftercareOutcome<{ outstandingCents: number; documentId: number | null }>> => {
      const before = await lockGrant(tx, councilId, grantId);
      if (!before) return notFound;
      const move = transition(before.status, 'receive_proof');
      if (!move.ok) return { ok: false, reason: 'invalid_transition', status: before.status, action: 'receive_proof' };
      if (before.decidedOn && input.receivedOn < before.decidedOn) return { ok: false, reason: 'before_decision' };
      const [after] = await tx
        .update(grants)
        .set({ status: move.to, proofReceivedOn: input.receivedOn, proofReport: input.report, actualCostCents: input.actualCostCents, outcome: input.outcome })
        .where(eq(grants.id, grantId))
        .returning();
      let documentId: number | null = null;
      if (stored && input.file) {
        const number = formatGrantNumber(before.year, before.number);
        const [document] = await tx
          .insert(documents)
          .values({
            councilId,
            grantId,
            kind: 'proof_of_use',
            title: { de: translator('de').t('grantAftercare.proof.docTitle', { number }), en: translator('en').t('grantAftercare.proof.docTitle', { number }) },
            fileName: input.file.fileName,
            mimeType: 'application/pdf',
            isPublic: false,
            ...stored,
          })
          .returning();
        documentId = document!.id;
      }
      await recordAudit(tx, { actor, action: 'grant.receive_proof', entityType: 'grant', entityId: grantId, councilId, before, after: { ...after, documentId } });
      return { ok: true, outstandingCents: repaymentDue(after!.amountPaidCents ?? 0, input.actualCostCents), documentId };
    });
    if (!outcome.ok && stored) await removeStoredFile(dataDir, stored.storageKey);
    return outcome;
  } catch (error) {
    if (stored) await removeStoredFile(dataDir, stored.storageKey);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------
// Closing
// ---------------------------------------------------------------------------------------------------

/**
 * Closes the grant ('close'). While money paid beyond the actual cost has not come back, closing
 * needs the office's confirmation (e.g. the repayment was waived), which the audit trail keeps.
 */
export async function closeGrant(db: Database, councilId: number, grantId: number, input: { confirmOutstanding: boolean }, actor: AuditActor, now: Date): Promise<AftercareOutcome<{ outstandingCents: number }>> {
  return db.transaction(async (tx): Promise<AftercareOutcome<{ outstandingCents: number }>> => {
    const before = await lockGrant(tx, councilId, grantId);
    if (!before) return notFound;
    const move = transition(before.status, 'close');
    if (!move.ok) return { ok: false, reason: 'invalid_transition', status: before.status, action: 'close' };
    const payments = await tx.select().from(grantPayments).where(eq(grantPayments.grantId, grantId));
    const outstandingCents = repaymentDue(netPaid(payments), before.actualCostCents);
    if (outstandingCents > 0 && !input.confirmOutstanding) return { ok: false, reason: 'repayment_outstanding' };
    const [after] = await tx.update(grants).set({ status: move.to, closedAt: now }).where(eq(grants.id, grantId)).returning();
    await recordAudit(tx, { actor, action: 'grant.close', entityType: 'grant', entityId: grantId, councilId, before, after: { ...after, outstandingCents } });
    return { ok: true, outstandingCents };
  });
}
