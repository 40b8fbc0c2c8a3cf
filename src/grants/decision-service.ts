import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { districts } from '../city/schema.js';
import { findBody } from '../city/repository.js';
import { recordAudit, type AuditActor, type Tx } from '../audit/service.js';
import { councils } from '../councils/schema.js';
import { documents } from '../documents/schema.js';
import { removeStoredFile, storeFile } from '../documents/storage.js';
import type { Database } from '../infra/db/database.js';
import { translator } from '../infra/i18n/translator.js';
import { berlinDate } from '../infra/time.js';
import { defaultPaperTitle, paperFileName, renderPaperPdf, type PaperAllocation, type PaperInput } from './decision-paper.js';
import { budgets, decisionPapers, grantAllocations, grants } from './schema.js';
import { formatGrantNumber, type GrantStatus } from './service.js';
import { transition } from './states.js';

/**
 * Decision papers and the district council's decision. A paper bundles recommended grants of one
 * council (a grant is on at most one undecided paper: `grants.decision_paper_id` links it from the
 * moment it is put on one). Recording the decision approves or rejects every grant on the paper
 * through the state machine, in one transaction with its audit events and the filed copy of the paper.
 */

export type DecisionPaper = typeof decisionPapers.$inferSelect;
export type GrantRow = typeof grants.$inferSelect;

export type PaperRefusal = 'not_found' | 'decided' | 'no_grants' | 'grant_unavailable';
export type PaperOutcome<T extends object = object> = ({ ok: true } & T) | { ok: false; reason: PaperRefusal };

const paperLocale = 'de' as const;

export interface AllocationRow {
  budgetId: number;
  budgetKind: 'council' | 'district_council';
  budgetYear: number;
  budgetCouncilId: number;
  amountCents: number;
  /** "Integrationsbeirat Mitte 2025", "Stadtbezirksrat Mitte 2025". */
  label: string;
}

export interface PaperGrantRow {
  grant: GrantRow;
  allocations: AllocationRow[];
}

// ---------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------

export async function listPapers(db: Database, councilId: number): Promise<Array<DecisionPaper & { grantCount: number; totalCents: number }>> {
  const papers = await db.select().from(decisionPapers).where(eq(decisionPapers.councilId, councilId)).orderBy(desc(decisionPapers.createdAt), desc(decisionPapers.id));
  if (papers.length === 0) return [];
  const sums = await db
    .select({ paperId: grants.decisionPaperId, count: sql<number>`count(*)::int`, total: sql<number>`coalesce(sum(${grants.amountRecommendedCents}), 0)::int` })
    .from(grants)
    .where(inArray(grants.decisionPaperId, papers.map((p) => p.id)))
    .groupBy(grants.decisionPaperId);
  return papers.map((p) => {
    const s = sums.find((x) => x.paperId === p.id);
    return { ...p, grantCount: s?.count ?? 0, totalCents: s?.total ?? 0 };
  });
}

export async function findPaper(db: Tx, councilId: number, paperId: number): Promise<DecisionPaper | undefined> {
  const [paper] = await db.select().from(decisionPapers).where(and(eq(decisionPapers.id, paperId), eq(decisionPapers.councilId, councilId)));
  return paper;
}

/** The budgets carrying each grant, labelled by whose money it is. */
export async function allocationsOf(db: Tx, grantIds: readonly number[]): Promise<Map<number, AllocationRow[]>> {
  const result = new Map<number, AllocationRow[]>();
  if (grantIds.length === 0) return result;
  const rows = await db
    .select({
      grantId: grantAllocations.grantId,
      budgetId: budgets.id,
      budgetKind: budgets.kind,
      budgetYear: budgets.year,
      budgetCouncilId: budgets.councilId,
      councilName: councils.name,
      districtName: districts.name,
      amountCents: grantAllocations.amountCents,
    })
    .from(grantAllocations)
    .innerJoin(budgets, eq(budgets.id, grantAllocations.budgetId))
    .innerJoin(councils, eq(councils.id, budgets.councilId))
    .leftJoin(districts, eq(districts.id, councils.districtId))
    .where(inArray(grantAllocations.grantId, [...grantIds]))
    .orderBy(asc(budgets.kind), asc(budgets.id));
  const t = translator(paperLocale);
  for (const r of rows) {
    const label =
      r.budgetKind === 'district_council'
        ? t.t('grantDecision.budget.districtCouncil', { name: r.districtName ? t.t('grantDecision.paper.districtCouncilOf', { district: r.districtName }) : t.t('grantDecision.paper.districtCouncil'), year: r.budgetYear })
        : t.t('grantDecision.budget.council', { name: t.text(r.councilName), year: r.budgetYear });
    const list = result.get(r.grantId) ?? [];
    list.push({ budgetId: r.budgetId, budgetKind: r.budgetKind, budgetYear: r.budgetYear, budgetCouncilId: r.budgetCouncilId, amountCents: r.amountCents, label });
    result.set(r.grantId, list);
  }
  return result;
}

export async function paperGrants(db: Tx, paperId: number): Promise<PaperGrantRow[]> {
  const rows = await db.select().from(grants).where(eq(grants.decisionPaperId, paperId)).orderBy(asc(grants.year), asc(grants.number), asc(grants.id));
  const allocations = await allocationsOf(db, rows.map((g) => g.id));
  return rows.map((grant) => ({ grant, allocations: allocations.get(grant.id) ?? [] }));
}

/** Recommended grants of the council not yet on a paper: what a new paper can bundle. */
export async function grantsAwaitingPaper(db: Tx, councilId: number): Promise<GrantRow[]> {
  return db
    .select()
    .from(grants)
    .where(and(eq(grants.councilId, councilId), eq(grants.status, 'recommended'), isNull(grants.decisionPaperId)))
    .orderBy(asc(grants.year), asc(grants.number), asc(grants.id));
}

async function councilFacts(db: Tx, councilId: number): Promise<{ name: string; contactEmail: string; districtName: string | null; slug: string }> {
  const [row] = await db
    .select({ name: councils.name, contactEmail: councils.contactEmail, districtName: districts.name, slug: councils.slug })
    .from(councils)
    .leftJoin(districts, eq(districts.id, councils.districtId))
    .where(eq(councils.id, councilId));
  if (!row) throw new Error(`No council ${councilId}`);
  return { name: translator(paperLocale).text(row.name), contactEmail: row.contactEmail, districtName: row.districtName, slug: row.slug };
}

/** The grant numbers of a paper in the order it lists them, for its default title. */
const numbersOf = (rows: ReadonlyArray<Pick<GrantRow, 'year' | 'number'>>) => rows.map((g) => formatGrantNumber(g.year, g.number)).filter(Boolean);

/** Everything the paper's PDF and ODT are made from, as it stands now. */
export async function loadPaperInput(db: Database, councilId: number, paperId: number, now: Date): Promise<{ paper: DecisionPaper; input: PaperInput } | undefined> {
  const paper = await findPaper(db, councilId, paperId);
  if (!paper) return undefined;
  const [council, body, rows] = await Promise.all([councilFacts(db, councilId), findBody(db), paperGrants(db, paperId)]);
  const t = translator(paperLocale);
  return {
    paper,
    input: {
      bodyName: body?.name ?? '',
      councilName: council.name,
      contactEmail: council.contactEmail,
      districtName: council.districtName,
      title: paper.title,
      paperNumber: paper.paperNumber,
      genderAspects: paper.genderAspects,
      climateImpact: paper.climateImpact,
      reasons: paper.reasons,
      date: paper.decidedOn ?? berlinDate(now),
      grants: rows.map(({ grant, allocations }) => ({
        number: formatGrantNumber(grant.year, grant.number),
        recipientName: grant.recipientName,
        title: t.text(grant.title),
        summary: grant.summary ? t.text(grant.summary) : null,
        amountCents: grant.amountRecommendedCents ?? 0,
        periodStart: grant.periodStart,
        periodEnd: grant.periodEnd,
        recommendedOn: grant.recommendedOn,
        allocations: allocations.map((a): PaperAllocation => ({ label: a.label, amountCents: a.amountCents })),
      })),
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Papers
// ---------------------------------------------------------------------------------------------------

/** Gender aspects and climate impact as most papers state them; the office edits them per paper. */
export function defaultSections(): { genderAspects: string; climateImpact: string } {
  const t = translator(paperLocale);
  return { genderAspects: t.t('grantDecision.paper.genderDefault'), climateImpact: t.t('grantDecision.paper.climateDefault') };
}

/**
 * Puts the chosen grants on the paper: each must be the council's, recommended, and on no other
 * paper. Grants no longer chosen come off it. Runs in the caller's transaction.
 */
async function assignGrants(tx: Tx, councilId: number, paperId: number, grantIds: readonly number[]): Promise<PaperRefusal | undefined> {
  const wanted = [...new Set(grantIds)];
  if (wanted.length === 0) return 'no_grants';
  const rows = await tx.select().from(grants).where(and(eq(grants.councilId, councilId), inArray(grants.id, wanted))).for('update');
  if (rows.length !== wanted.length || rows.some((g) => g.status !== 'recommended' || (g.decisionPaperId !== null && g.decisionPaperId !== paperId))) return 'grant_unavailable';
  await tx
    .update(grants)
    .set({ decisionPaperId: null })
    .where(and(eq(grants.decisionPaperId, paperId), sql`${grants.id} not in (${sql.join(wanted.map((id) => sql`${id}`), sql`, `)})`));
  await tx.update(grants).set({ decisionPaperId: paperId }).where(inArray(grants.id, wanted));
  return undefined;
}

export async function createPaper(db: Database, councilId: number, grantIds: readonly number[], actor: AuditActor): Promise<PaperOutcome<{ paper: DecisionPaper }>> {
  if (grantIds.length === 0) return { ok: false, reason: 'no_grants' };
  return db
    .transaction(async (tx) => {
    const chosen = await tx.select().from(grants).where(and(eq(grants.councilId, councilId), inArray(grants.id, [...grantIds]))).orderBy(asc(grants.year), asc(grants.number), asc(grants.id));
    const council = await councilFacts(tx, councilId);
    const [paper] = await tx
      .insert(decisionPapers)
      .values({ councilId, title: defaultPaperTitle(council.name, numbersOf(chosen)), ...defaultSections() })
      .returning();
    // A refusal after the insert must undo it: thrown, the transaction rolls back.
    const refused = await assignGrants(tx, councilId, paper!.id, grantIds);
    if (refused) throw new Refused({ ok: false, reason: refused });
    await recordAudit(tx, { actor, action: 'decision_paper.create', entityType: 'decision_paper', entityId: paper!.id, councilId, after: { ...paper, grantIds: [...grantIds] } });
    return { ok: true, paper: paper! } as const;
    })
    .catch(refusedOutcome);
}

/** A refusal thrown out of a transaction to roll it back; its outcome travels on the error. */
class Refused extends Error {
  constructor(readonly outcome: { ok: false; reason: PaperRefusal }) {
    super(outcome.reason);
  }
}
function refusedOutcome(error: unknown): never | { ok: false; reason: PaperRefusal } {
  if (error instanceof Refused) return error.outcome;
  throw error;
}

export interface PaperEdit {
  title: string;
  paperNumber: string | null;
  genderAspects: string | null;
  climateImpact: string | null;
  reasons: string | null;
  grantIds: readonly number[];
}

/** Edits an undecided paper: its texts, the city's number, which grants it bundles. */
export async function updatePaper(db: Database, councilId: number, paperId: number, edit: PaperEdit, actor: AuditActor): Promise<PaperOutcome<{ paper: DecisionPaper }>> {
  return db
    .transaction(async (tx) => {
      const [before] = await tx.select().from(decisionPapers).where(and(eq(decisionPapers.id, paperId), eq(decisionPapers.councilId, councilId))).for('update');
      if (!before) return { ok: false, reason: 'not_found' } as const;
      if (before.decidedOn !== null) return { ok: false, reason: 'decided' } as const;
      const beforeGrants = (await tx.select({ id: grants.id }).from(grants).where(eq(grants.decisionPaperId, paperId))).map((g) => g.id);
      const refused = await assignGrants(tx, councilId, paperId, edit.grantIds);
      if (refused) throw new Refused({ ok: false, reason: refused });
      const [after] = await tx
        .update(decisionPapers)
        .set({ title: edit.title, paperNumber: edit.paperNumber, genderAspects: edit.genderAspects, climateImpact: edit.climateImpact, reasons: edit.reasons })
        .where(eq(decisionPapers.id, paperId))
        .returning();
      await recordAudit(tx, { actor, action: 'decision_paper.update', entityType: 'decision_paper', entityId: paperId, councilId, before: { ...before, grantIds: beforeGrants }, after: { ...after, grantIds: [...new Set(edit.grantIds)] } });
      return { ok: true, paper: after! } as const;
    })
    .catch(refusedOutcome);
}

/** Deletes an undecided paper; its grants wait for another. */
export async function deletePaper(db: Database, councilId: number, paperId: number, actor: AuditActor): Promise<PaperOutcome> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(decisionPapers).where(and(eq(decisionPapers.id, paperId), eq(decisionPapers.councilId, councilId))).for('update');
    if (!before) return { ok: false, reason: 'not_found' } as const;
    if (before.decidedOn !== null) return { ok: false, reason: 'decided' } as const;
    const released = await tx.update(grants).set({ decisionPaperId: null }).where(eq(grants.decisionPaperId, paperId)).returning({ id: grants.id });
    await tx.delete(decisionPapers).where(eq(decisionPapers.id, paperId));
    await recordAudit(tx, { actor, action: 'decision_paper.delete', entityType: 'decision_paper', entityId: paperId, councilId, before: { ...before, grantIds: released.map((g) => g.id) } });
    return { ok: true } as const;
  });
}

// ---------------------------------------------------------------------------------------------------
// The decision
// ---------------------------------------------------------------------------------------------------

/** A paper number as the city gives it, e.g. "15-1094/2025"; other cities number differently. */
export const paperNumberPattern = /^[\p{L}\p{N}][\p{L}\p{N}\-/. ]{0,39}$/u;

export interface GrantDecisionInput {
  grantId: number;
  approved: boolean;
  /** The approved amount ("bis zu"); ignored for a rejection. */
  amountCents: number | null;
  /** Set when the office confirms that the district council approved more than was recommended. */
  aboveConfirmed: boolean;
  conditions: string | null;
}

export interface DecisionInput {
  decidedOn: string;
  paperNumber: string;
  grants: readonly GrantDecisionInput[];
}

export type GrantDecisionRefusal = 'invalid_transition' | 'amount_missing' | 'above_recommendation';

/**
 * Whether one grant's decision can be recorded. The district council approves "bis zu" an amount;
 * more than the council recommended happens (it may add its own funds) but is never a typo that
 * slips through: it needs the office's explicit confirmation, and the split across budgets must then
 * be adjusted on the grant's funding page.
 */
export function checkGrantDecision(grant: { status: GrantStatus; amountRecommendedCents: number | null }, decision: Pick<GrantDecisionInput, 'approved' | 'amountCents' | 'aboveConfirmed'>): { ok: true } | { ok: false; reason: GrantDecisionRefusal } {
  if (!transition(grant.status, decision.approved ? 'approve' : 'reject').ok) return { ok: false, reason: 'invalid_transition' };
  if (!decision.approved) return { ok: true };
  if (decision.amountCents === null || !Number.isSafeInteger(decision.amountCents) || decision.amountCents <= 0) return { ok: false, reason: 'amount_missing' };
  if (grant.amountRecommendedCents !== null && decision.amountCents > grant.amountRecommendedCents && !decision.aboveConfirmed) return { ok: false, reason: 'above_recommendation' };
  return { ok: true };
}

export type DecisionOutcome =
  | { ok: true; documentId: number; splitToAdjust: number[] }
  | { ok: false; reason: 'not_found' | 'decided' | 'no_grants' | 'stale' | 'before_recommendation' | 'in_future' }
  | { ok: false; reason: 'grant'; grantId: number; refusal: GrantDecisionRefusal; status: GrantStatus };

/**
 * Records the district council's decision on every grant of the paper: approve (with amount and
 * conditions) or reject, through the state machine. A grant carried by one budget gets that
 * allocation set to the approved amount when it is not more than recommended; otherwise the split
 * is left alone and reported in `splitToAdjust` (adjusted on the grant's funding page, where an
 * overcommitted budget needs its override). A copy of the paper is filed as a non-public document.
 */
export async function recordDecision(db: Database, dataDir: string, councilId: number, paperId: number, input: DecisionInput, actor: AuditActor, now: Date): Promise<DecisionOutcome> {
  const loaded = await loadPaperInput(db, councilId, paperId, now);
  if (!loaded) return { ok: false, reason: 'not_found' };
  if (loaded.paper.decidedOn !== null) return { ok: false, reason: 'decided' };
  if (input.decidedOn > berlinDate(now)) return { ok: false, reason: 'in_future' };
  // The filed copy is the paper as decided: with the number the city gave it, dated on the decision.
  const pdf = await renderPaperPdf({ ...loaded.input, paperNumber: input.paperNumber, date: input.decidedOn });
  const stored = await storeFile(dataDir, pdf);
  try {
    const outcome = await db.transaction(async (tx): Promise<DecisionOutcome> => {
      const [paper] = await tx.select().from(decisionPapers).where(and(eq(decisionPapers.id, paperId), eq(decisionPapers.councilId, councilId))).for('update');
      if (!paper) return { ok: false, reason: 'not_found' };
      if (paper.decidedOn !== null) return { ok: false, reason: 'decided' };
      const rows = await tx.select().from(grants).where(eq(grants.decisionPaperId, paperId)).orderBy(asc(grants.id)).for('update');
      if (rows.length === 0) return { ok: false, reason: 'no_grants' };
      // The form must decide exactly the grants on the paper, as they were when it was shown.
      const ids = new Set(input.grants.map((g) => g.grantId));
      if (ids.size !== input.grants.length || ids.size !== rows.length || rows.some((g) => !ids.has(g.id))) return { ok: false, reason: 'stale' };
      if (rows.some((g) => g.recommendedOn !== null && g.recommendedOn > input.decidedOn)) return { ok: false, reason: 'before_recommendation' };
      for (const grant of rows) {
        const decision = input.grants.find((g) => g.grantId === grant.id)!;
        const check = checkGrantDecision(grant, decision);
        if (!check.ok) return { ok: false, reason: 'grant', grantId: grant.id, refusal: check.reason, status: grant.status };
      }
      const allocations = await allocationsOf(tx, rows.map((g) => g.id));
      const splitToAdjust: number[] = [];
      for (const before of rows) {
        const decision = input.grants.find((g) => g.grantId === before.id)!;
        const move = transition(before.status, decision.approved ? 'approve' : 'reject');
        if (!move.ok) throw new Error('checked above');
        const approvedCents = decision.approved ? decision.amountCents! : null;
        const [after] = await tx
          .update(grants)
          .set({ status: move.to, amountApprovedCents: approvedCents, decidedOn: input.decidedOn, decisionPaperNumber: input.paperNumber, decisionPaperId: paperId, conditions: decision.approved ? decision.conditions : null })
          .where(eq(grants.id, before.id))
          .returning();
        const carried = allocations.get(before.id) ?? [];
        if (approvedCents !== null) {
          const fitsOne = carried.length === 1 && (before.amountRecommendedCents === null || approvedCents <= before.amountRecommendedCents);
          if (fitsOne) {
            if (carried[0]!.amountCents !== approvedCents) {
              await tx.update(grantAllocations).set({ amountCents: approvedCents }).where(and(eq(grantAllocations.grantId, before.id), eq(grantAllocations.budgetId, carried[0]!.budgetId)));
            }
          } else if (carried.reduce((sum, a) => sum + a.amountCents, 0) !== approvedCents) {
            splitToAdjust.push(before.id);
          }
        }
        await recordAudit(tx, {
          actor,
          action: decision.approved ? 'grant.approve' : 'grant.reject',
          entityType: 'grant',
          entityId: before.id,
          councilId,
          before,
          after: { ...after, aboveRecommendationConfirmed: decision.approved && decision.aboveConfirmed && before.amountRecommendedCents !== null && approvedCents! > before.amountRecommendedCents },
        });
      }
      const [decided] = await tx.update(decisionPapers).set({ paperNumber: input.paperNumber, decidedOn: input.decidedOn }).where(eq(decisionPapers.id, paperId)).returning();
      const [document] = await tx
        .insert(documents)
        .values({
          councilId,
          kind: 'decision_paper',
          grantId: null,
          title: { de: `${translator('de').t('grantDecision.paper.kind')} ${input.paperNumber}: ${paper.title}`, en: `${translator('en').t('grantDecision.paper.kind')} ${input.paperNumber}: ${paper.title}` },
          fileName: paperFileName(paperId, input.paperNumber, 'pdf'),
          mimeType: 'application/pdf',
          isPublic: false,
          ...stored,
        })
        .returning();
      await recordAudit(tx, { actor, action: 'decision_paper.decide', entityType: 'decision_paper', entityId: paperId, councilId, before: paper, after: { ...decided, documentId: document!.id, decisions: input.grants } });
      return { ok: true, documentId: document!.id, splitToAdjust };
    });
    if (!outcome.ok) await removeStoredFile(dataDir, stored.storageKey);
    return outcome;
  } catch (error) {
    await removeStoredFile(dataDir, stored.storageKey);
    throw error;
  }
}

/** The filed copy of a decided paper, if any: the newest decision_paper document whose title names it. */
export async function filedPaperDocument(db: Database, councilId: number, paper: DecisionPaper): Promise<typeof documents.$inferSelect | undefined> {
  if (!paper.paperNumber || !paper.decidedOn) return undefined;
  const [doc] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.councilId, councilId), eq(documents.kind, 'decision_paper'), eq(documents.fileName, paperFileName(paper.id, paper.paperNumber, 'pdf'))))
    .orderBy(desc(documents.id))
    .limit(1);
  return doc;
}
