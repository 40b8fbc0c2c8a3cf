import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AdminLayout, adminRoute, Flash, type AdminContext } from '../admin/kit.js';
import type { Council } from '../councils/repository.js';
import { berlinDate } from '../infra/time.js';
import type { MessageKey, Translator } from '../infra/i18n/translator.js';
import { displayName } from '../members/service.js';
import { findItemGrant, ItemGrantFacts, parseRecommendation, recommendationDefaults, recommendationLabels, RecommendationFields } from '../grants/office.js';
import { Alert, DescriptionList, Time } from '../web/components.js';
import { Checkbox, CheckboxGroup, describedBy, ErrorSummary, fieldErrors, Form, FormError, formValues, HintAndError, RadioGroup, Select, SubmitButton, TextArea, TextField, type FieldErrors, type FormState, type FormValues } from '../web/forms.js';
import { NotFoundError } from '../web/http-errors.js';
import type { PageServices } from '../web/pages.js';
import { DataTable } from '../web/table.js';
import { findCouncilMeeting, listAgendaItems, listAttendance, listExclusions, listMembersOn, meetingDay, type AgendaItemRow, type AttendanceRow, type MeetingRow, type MemberAtMeeting } from './admin-repository.js';
import { closeMeeting, headcountPerItem, recordItemResult, saveAttendance, saveMinutes, type AttendanceInput, type ItemHeadcount, type ResultInput } from './admin-service.js';
import { draftMinutes, minutesPdf, minutesPublisher, parseMinutes } from './minutes.js';
import { voteSummary } from './service.js';
import { MeetingStatusBadge, meetingWhen, MinutesText } from './views.js';

/**
 * Holding a meeting in the back office: who came (and who came late or left early), the quorum at
 * every item, the result of every item, closing the meeting and editing the minutes draft until a
 * later meeting approves it. The rules live in admin-service.ts; these pages parse forms, show the
 * rules' refusals in the reader's language and keep what was typed.
 */

const base = (slug: string, id: number) => `/admin/beiraete/${slug}/sitzungen/${id}`;
const sessionPath = (slug: string, id: number) => `${base(slug, id)}/sitzung`;
const itemPath = (slug: string, id: number, itemId: number) => `${base(slug, id)}/top/${itemId}`;
const minutesPath = (slug: string, id: number) => `${base(slug, id)}/protokoll`;

// Ids are positive integers; anything else is a page that does not exist.
const idParam = z
  .string()
  .regex(/^[1-9]\d{0,8}$/)
  .transform(Number);
const meetingParams = z.object({ slug: z.string(), id: idParam });
const itemParams = z.object({ slug: z.string(), id: idParam, itemId: idParam });

const limits = { notes: 10_000, minutes: 100_000, count: 4 } as const;

const flashKeys = [
  'meetingSession.flash.attendanceSaved',
  'meetingSession.flash.resultSaved',
  'meetingSession.flash.minutesApproved',
  'meetingSession.flash.closed',
  'meetingSession.flash.minutesSaved',
  'meetingSession.flash.minutesRegenerated',
] as const;

function councilOf(ctx: AdminContext): Council {
  // adminRoute has loaded the council of :slug (or answered 404) before any handler here runs.
  if (!ctx.council) throw new NotFoundError('No council');
  return ctx.council;
}

/** Where a meeting stands for recording: only `running` and `held` take attendance and results. */
type Phase = 'cancelled' | 'planned' | 'approved' | 'not_yet' | 'running' | 'held';

function phaseOf(meeting: MeetingRow, now: Date): Phase {
  if (meeting.cancelled) return 'cancelled';
  if (meeting.state === 'planned') return 'planned';
  if (meeting.state === 'minutes_approved') return 'approved';
  if (berlinDate(now) < meetingDay(meeting)) return 'not_yet';
  return meeting.state === 'held' ? 'held' : 'running';
}

const recording = (phase: Phase) => phase === 'running' || phase === 'held';

/** Every refusal of the rules, in the reader's language. */
type Refusal = 'not_found' | 'not_invited' | 'cancelled' | 'approved' | 'not_yet' | 'not_held' | 'unknown_member' | 'unknown_item' | 'negative' | 'no_eligible_voters' | 'chair_vote_missing' | 'no_minutes_to_approve' | 'grant_state' | 'grant_amount';
const refusalKeys: Record<Refusal, MessageKey> = {
  not_found: 'meetingSession.refusal.not_found',
  not_invited: 'meetingSession.refusal.not_invited',
  cancelled: 'meetingSession.refusal.cancelled',
  approved: 'meetingSession.refusal.approved',
  not_yet: 'meetingSession.refusal.not_yet',
  not_held: 'meetingSession.refusal.not_held',
  unknown_member: 'meetingSession.refusal.unknown_member',
  unknown_item: 'meetingSession.refusal.unknown_item',
  negative: 'meetingSession.error.count',
  no_eligible_voters: 'meetingSession.refusal.no_eligible_voters',
  chair_vote_missing: 'meetingSession.refusal.chair_vote_missing',
  no_minutes_to_approve: 'meetingSession.refusal.no_minutes_to_approve',
  grant_state: 'meetingSession.refusal.grant_state',
  grant_amount: 'meetingSession.refusal.grant_amount',
};
const refusalText = (t: Translator, reason: Refusal, meeting: MeetingRow) => t.t(refusalKeys[reason], { date: t.fmt.dateShort(meeting.startsAt) });

// ---------------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------------

interface Session {
  council: Council;
  meeting: MeetingRow;
  phase: Phase;
  members: MemberAtMeeting[];
  items: AgendaItemRow[];
  records: AttendanceRow[];
  exclusions: Array<{ agendaItemId: number; membershipId: number }>;
  heads: ItemHeadcount[];
}

async function loadMeeting(ctx: AdminContext, meetingId: number): Promise<{ council: Council; meeting: MeetingRow }> {
  const council = councilOf(ctx);
  const found = await findCouncilMeeting(ctx.db, council.id, meetingId);
  if (!found) throw new NotFoundError(`No meeting ${meetingId} in ${council.slug}`);
  return { council, meeting: found.meeting };
}

async function loadSession(ctx: AdminContext, meetingId: number): Promise<Session> {
  const { council, meeting } = await loadMeeting(ctx, meetingId);
  const [members, items, records, exclusions] = await Promise.all([listMembersOn(ctx.db, council.id, meetingDay(meeting)), listAgendaItems(ctx.db, meeting.id), listAttendance(ctx.db, meeting.id), listExclusions(ctx.db, meeting.id)]);
  return { council, meeting, phase: phaseOf(meeting, ctx.now), members, items, records, exclusions, heads: headcountPerItem(council, members, items, records, exclusions) };
}

const votes = (m: Pick<MemberAtMeeting, 'votingRight' | 'role'>) => m.votingRight && m.role === 'member';

/** The number the quorum is a share of: all members under the all-members rule, else those with a vote. */
function quorumBase(council: Council, members: readonly MemberAtMeeting[]): number {
  return council.quorumRule === 'majority_of_all_members' ? members.length : members.filter(votes).length;
}

function quorumText(t: Translator, head: ItemHeadcount, of: number): string {
  const params = { present: t.fmt.number(head.quorum.present), members: t.fmt.number(of), required: t.fmt.number(head.quorum.required) };
  return t.t(head.quorum.reached ? 'meetingSession.quorum.reached' : 'meetingSession.quorum.missed', params);
}

const itemLabel = (t: Translator, item: AgendaItemRow) => `${t.t('meetings.itemNumber', { number: item.number })} ${t.text(item.title)}`;
const meetingLabel = (t: Translator, meeting: MeetingRow) => (meeting.title ? t.text(meeting.title) : t.t('meetings.meetingOn', { date: t.fmt.dateShort(meeting.startsAt) }));

function resultText(t: Translator, item: AgendaItemRow): string {
  if (!item.result) return t.t('meetingSession.result.none');
  const vote = voteSummary(item);
  const votesText = vote ? (vote.kind === 'unanimous' ? t.t('meetings.vote.unanimous') : t.t('meetings.vote.counts', { yes: vote.yes, no: vote.no, abstain: vote.abstain })) : '';
  const casting = item.chairCastingVote === null ? '' : t.t(item.chairCastingVote ? 'meetingSession.result.castingYes' : 'meetingSession.result.castingNo');
  return [t.t(`meetings.outcome.${item.result}`), votesText, casting].filter(Boolean).join(' – ');
}

function crumbs(ctx: AdminContext, council: Council, meeting: MeetingRow, ...rest: Array<{ label: string; path?: string }>) {
  return [{ label: ctx.t.text(council.name), path: `/admin/beiraete/${council.slug}` }, { label: meetingLabel(ctx.t, meeting), path: base(council.slug, meeting.id) }, ...rest];
}

function PhaseNotice(props: { t: Translator; meeting: MeetingRow; phase: Phase; slug: string }): JSX.Element {
  const { t, meeting, phase } = props;
  const date = t.fmt.dateLong(meeting.startsAt);
  switch (phase) {
    case 'cancelled':
      return (
        <Alert kind="warning" title={t.t('meetingSession.phase.cancelledTitle')}>
          <p class="kern-body">{t.html('meetingSession.phase.cancelled')}</p>
        </Alert>
      );
    case 'planned':
      return (
        <Alert kind="info" title={t.t('meetingSession.phase.plannedTitle')}>
          <p class="kern-body">{t.html('meetingSession.phase.planned')}</p>
        </Alert>
      );
    case 'not_yet':
      return (
        <Alert kind="info" title={t.t('meetingSession.phase.notYetTitle')}>
          <p class="kern-body">{t.html('meetingSession.phase.notYet', { date })}</p>
        </Alert>
      );
    case 'held':
      return (
        <Alert kind="info" title={t.t('meetingSession.phase.heldTitle')}>
          <p class="kern-body">{t.html('meetingSession.phase.held')}</p>
          <p class="kern-body">
            <a class="kern-link" href={t.href(minutesPath(props.slug, meeting.id))}>
              {t.html('meetingSession.minutes.link')}
            </a>
          </p>
        </Alert>
      );
    case 'approved':
      return (
        <Alert kind="success" title={t.t('meetingSession.phase.approvedTitle')}>
          <p class="kern-body">{t.html('meetingSession.phase.approved')}</p>
        </Alert>
      );
    case 'running':
      return '';
  }
}

const multiple = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]);

function MeetingFacts(props: { t: Translator; meeting: MeetingRow }): JSX.Element {
  const { t, meeting } = props;
  const when = meetingWhen(t, meeting);
  return (
    <DescriptionList
      items={[
        { key: t.t('meetings.date'), value: <Time value={meeting.startsAt} text={when.date} /> },
        { key: t.t('meetings.time'), value: <span safe>{when.time}</span> },
        { key: t.t('meetingSession.state'), value: <MeetingStatusBadge t={t} meeting={meeting} /> },
      ]}
    />
  );
}

// ---------------------------------------------------------------------------------------------------
// Running the meeting: attendance, quorum per item, results, closing
// ---------------------------------------------------------------------------------------------------

const statuses = ['present', 'excused', 'absent'] as const;
type Status = (typeof statuses)[number];

const statusField = (id: number) => `status-${id}`;
const arrivedField = (id: number) => `arrived-${id}`;
const leftField = (id: number) => `left-${id}`;

function savedAttendance(records: readonly AttendanceRow[]): FormValues {
  const values: FormValues = {};
  for (const r of records) {
    values[statusField(r.membershipId)] = r.status;
    values[arrivedField(r.membershipId)] = r.arrivedAtItemId === null ? '' : String(r.arrivedAtItemId);
    values[leftField(r.membershipId)] = r.leftAtItemId === null ? '' : String(r.leftAtItemId);
  }
  return values;
}

function MemberName(props: { t: Translator; member: MemberAtMeeting }): JSX.Element {
  return (
    <>
      <span safe>{displayName(props.member)}</span>
      {votes(props.member) ? '' : <span class="kern-body--muted" safe>{` (${props.t.t('meetingSession.attendance.advisory')})`}</span>}
    </>
  );
}

/** Which agenda item a member came at or left at; the column header says which, so the label is hidden. */
function ItemSelect(props: { t: Translator; name: string; label: string; empty: string; items: readonly AgendaItemRow[]; form: FormState }): JSX.Element {
  const { t, empty, items, ...field } = props;
  return <Select t={t} {...field} labelHidden options={[{ value: '', label: empty }, ...items.map((i) => ({ value: String(i.id), label: t.t('meetings.itemNumber', { number: i.number }) }))]} />;
}

async function sessionPage(ctx: AdminContext, meetingId: number, state?: { attendance?: FormState; closeError?: string }): Promise<JSX.Element> {
  const { t } = ctx;
  const s = await loadSession(ctx, meetingId);
  const { council, meeting, phase, members, items, records, heads } = s;
  const slug = council.slug;
  const open = recording(phase);
  const form = state?.attendance ?? { values: savedAttendance(records), errors: {} };
  const record = new Map(records.map((r) => [r.membershipId, r]));
  const itemById = new Map(items.map((i) => [i.id, i]));
  const of = quorumBase(council, members);
  const title = t.t('meetingSession.session.title', { meeting: meetingLabel(t, meeting) });
  const counts = {
    present: records.filter((r) => r.status === 'present').length,
    excused: records.filter((r) => r.status === 'excused').length,
    absent: records.filter((r) => r.status === 'absent').length,
    unrecorded: members.filter((m) => !record.has(m.membershipId)).length,
  };
  const labels: Record<string, string> = {};
  for (const m of members) {
    labels[statusField(m.membershipId)] = t.t('meetingSession.attendance.statusOf', { name: displayName(m) });
    labels[arrivedField(m.membershipId)] = t.t('meetingSession.attendance.arrivedOf', { name: displayName(m) });
    labels[leftField(m.membershipId)] = t.t('meetingSession.attendance.leftOf', { name: displayName(m) });
  }
  const itemText = (id: number | null) => (id === null ? '' : itemById.get(id) ? t.t('meetings.itemNumber', { number: itemById.get(id)!.number }) : '');

  return (
    <AdminLayout ctx={ctx} title={title} crumbs={crumbs(ctx, council, meeting, { label: t.t('meetingSession.session.crumb') })}>
      <Flash ctx={ctx} allowed={flashKeys} />
      <MeetingFacts t={t} meeting={meeting} />
      <PhaseNotice t={t} meeting={meeting} phase={phase} slug={slug} />

      {open ? '' : <FormError message={form.errors._form} />}
      <section>
        <h2 id="attendance" class="kern-heading-medium">
          {t.html('meetingSession.attendance.title')}
        </h2>
        <p class="kern-body">
          {t.html('meetingSession.attendance.summary', { present: t.fmt.number(counts.present), excused: t.fmt.number(counts.excused), absent: t.fmt.number(counts.absent), unrecorded: t.fmt.number(counts.unrecorded) })}
        </p>
        {members.length === 0 ? (
          <p class="kern-body">{t.html('meetingSession.attendance.noMembers')}</p>
        ) : open ? (
          <>
            <p class="kern-body">{t.html('meetingSession.attendance.intro')}</p>
            <ErrorSummary t={t} errors={form.errors} labels={labels} />
            <Form action={t.href(`${base(slug, meeting.id)}/anwesenheit`)} csrfToken={ctx.csrfToken()} label={t.t('meetingSession.attendance.title')}>
              <DataTable
                label={t.t('meetingSession.attendance.title')}
                columns={[{ label: t.t('meetingSession.attendance.member') }, { label: t.t('meetingSession.attendance.status') }, { label: t.t('meetingSession.attendance.arrived') }, { label: t.t('meetingSession.attendance.left') }]}
              >
                {members.map((m) => (
                  <tr>
                    <th scope="row" class="kern-table__cell">
                      <MemberName t={t} member={m} />
                    </th>
                    <td class="kern-table__cell">
                      <RadioGroup
                        t={t}
                        name={statusField(m.membershipId)}
                        label={labels[statusField(m.membershipId)]!}
                        labelHidden
                        form={form}
                        inline
                        options={statuses.map((st) => ({ value: st, label: t.t(`meetingSession.attendance.${st}`) }))}
                      />
                    </td>
                    <td class="kern-table__cell">
                      <ItemSelect t={t} name={arrivedField(m.membershipId)} label={labels[arrivedField(m.membershipId)]!} empty={t.t('meetingSession.attendance.fromStart')} items={items} form={form} />
                    </td>
                    <td class="kern-table__cell">
                      <ItemSelect t={t} name={leftField(m.membershipId)} label={labels[leftField(m.membershipId)]!} empty={t.t('meetingSession.attendance.toEnd')} items={items} form={form} />
                    </td>
                  </tr>
                ))}
              </DataTable>
              <SubmitButton label={t.t('meetingSession.attendance.submit')} />
            </Form>
          </>
        ) : (
          <DataTable
            label={t.t('meetingSession.attendance.title')}
            columns={[{ label: t.t('meetingSession.attendance.member') }, { label: t.t('meetingSession.attendance.status') }, { label: t.t('meetingSession.attendance.arrived') }, { label: t.t('meetingSession.attendance.left') }]}
          >
            {members.map((m) => {
              const r = record.get(m.membershipId);
              return (
                <tr>
                  <th scope="row" class="kern-table__cell">
                    <MemberName t={t} member={m} />
                  </th>
                  <td class="kern-table__cell" safe>
                    {r ? t.t(`meetingSession.attendance.${r.status}`) : t.t('meetingSession.attendance.unrecorded')}
                  </td>
                  <td class="kern-table__cell" safe>
                    {itemText(r?.arrivedAtItemId ?? null)}
                  </td>
                  <td class="kern-table__cell" safe>
                    {itemText(r?.leftAtItemId ?? null)}
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </section>

      <section>
        <h2 id="agenda" class="kern-heading-medium">
          {t.html('meetingSession.agenda.title')}
        </h2>
        {items.length === 0 ? (
          <p class="kern-body">{t.html('meetingSession.agenda.none')}</p>
        ) : (
          <DataTable
            label={t.t('meetingSession.agenda.title')}
            columns={[{ label: t.t('meetingSession.agenda.item') }, { label: t.t('meetingSession.agenda.quorum') }, { label: t.t('meetingSession.agenda.result') }, { label: t.t('meetingSession.agenda.actions'), hidden: true }]}
          >
            {items.map((item) => {
              const head = heads.find((h) => h.itemId === item.id)!;
              return (
                <tr id={`top-${item.id}`}>
                  <th scope="row" class="kern-table__cell">
                    <span safe>{itemLabel(t, item)}</span>
                    {item.isPublic ? (
                      ''
                    ) : (
                      <>
                        {' '}
                        <span class="kern-badge kern-badge--warning">
                          <span class="kern-label">{t.html('meetingSession.nonPublic')}</span>
                        </span>
                      </>
                    )}
                  </th>
                  <td class="kern-table__cell">
                    <span safe>{quorumText(t, head, of)}</span>
                    <br />
                    <span class="kern-body--muted" safe>
                      {t.t('meetingSession.quorum.eligible', { count: t.fmt.number(head.eligibleVoters) })}
                    </span>
                  </td>
                  <td class="kern-table__cell" safe>
                    {resultText(t, item)}
                  </td>
                  <td class="kern-table__cell">
                    <a class="kern-link" href={t.href(itemPath(slug, meeting.id, item.id))}>
                      {open ? t.html('meetingSession.agenda.record') : t.html('meetingSession.agenda.view')}
                      <span class="kern-sr-only" safe>{`: ${t.t('meetings.itemNumber', { number: item.number })}`}</span>
                    </a>
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </section>

      <section>
        <h2 id="close" class="kern-heading-medium">
          {t.html('meetingSession.close.title')}
        </h2>
        <FormError message={state?.closeError} />
        {phase === 'running' ? (
          <>
            <p class="kern-body">{t.html('meetingSession.close.intro')}</p>
            <Form action={t.href(`${base(slug, meeting.id)}/abschliessen`)} csrfToken={ctx.csrfToken()} label={t.t('meetingSession.close.title')}>
              <SubmitButton label={t.t('meetingSession.close.submit')} />
            </Form>
          </>
        ) : phase === 'held' || phase === 'approved' ? (
          <p class="kern-body">
            <a class="kern-link" href={t.href(minutesPath(slug, meeting.id))}>
              {t.html('meetingSession.minutes.link')}
            </a>
          </p>
        ) : (
          <p class="kern-body">{t.html('meetingSession.close.notYet')}</p>
        )}
      </section>
    </AdminLayout>
  );
}

/** Reads the attendance form: a member left unmarked is not recorded (and counts as absent). */
function parseAttendance(t: Translator, values: FormValues, members: readonly MemberAtMeeting[], items: readonly AgendaItemRow[]): { entries: AttendanceInput[]; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const entries: AttendanceInput[] = [];
  const position = new Map(items.map((i) => [String(i.id), i.position]));
  const itemId = (field: string): number | null | undefined => {
    const raw = values[field];
    if (raw === undefined || raw === '') return null;
    if (typeof raw !== 'string' || !position.has(raw)) {
      errors[field] = t.t('form.error.choose');
      return undefined;
    }
    return Number(raw);
  };
  for (const m of members) {
    const raw = values[statusField(m.membershipId)];
    if (raw === undefined || raw === '') continue;
    if (typeof raw !== 'string' || !(statuses as readonly string[]).includes(raw)) {
      errors[statusField(m.membershipId)] = t.t('form.error.choose');
      continue;
    }
    const status = raw as Status;
    if (status !== 'present') {
      entries.push({ membershipId: m.membershipId, status, arrivedAtItemId: null, leftAtItemId: null });
      continue;
    }
    const arrived = itemId(arrivedField(m.membershipId));
    const left = itemId(leftField(m.membershipId));
    if (arrived === undefined || left === undefined) continue;
    if (arrived !== null && left !== null && position.get(String(left))! <= position.get(String(arrived))!) {
      errors[leftField(m.membershipId)] = t.t('meetingSession.error.leftBeforeArrived');
      continue;
    }
    entries.push({ membershipId: m.membershipId, status, arrivedAtItemId: arrived, leftAtItemId: left });
  }
  return { entries, errors };
}

// ---------------------------------------------------------------------------------------------------
// The result of one item
// ---------------------------------------------------------------------------------------------------

const resultKinds = ['vote', 'noted', 'deferred', 'withdrawn', 'none'] as const;
const countText = z.string().trim().max(limits.count, 'meetingSession.error.count').regex(/^\d*$/, 'meetingSession.error.count');
const resultSchema = z.object({
  kind: z.enum(resultKinds, { message: 'meetingSession.error.kind' }),
  unanimous: z.enum(['', 'on']),
  casting: z.enum(['', 'yes', 'no'], { message: 'form.error.choose' }),
  notes: z.string().trim().max(limits.notes),
});
const resultFields = ['kind', 'unanimous', 'casting', 'notes'] as const;
const countFields = ['yes', 'no', 'abstain'] as const;
const countsSchema = z.object({ yes: countText, no: countText, abstain: countText });

function savedResult(item: AgendaItemRow, exclusions: Session['exclusions']): FormValues {
  const kind = item.result === 'adopted' || item.result === 'rejected' ? 'vote' : (item.result ?? 'none');
  const counted = !item.unanimous && voteSummary(item) !== undefined;
  return {
    kind,
    unanimous: item.unanimous ? 'on' : '',
    yes: counted ? String(item.votesYes ?? 0) : '',
    no: counted ? String(item.votesNo ?? 0) : '',
    abstain: counted ? String(item.votesAbstain ?? 0) : '',
    casting: item.chairCastingVote === null ? '' : item.chairCastingVote ? 'yes' : 'no',
    excluded: exclusions.filter((x) => x.agendaItemId === item.id).map((x) => String(x.membershipId)),
    notes: item.notes ?? '',
  };
}

async function itemPage(ctx: AdminContext, meetingId: number, itemId: number, form?: FormState): Promise<JSX.Element> {
  const { t, db } = ctx;
  const s = await loadSession(ctx, meetingId);
  const { council, meeting, phase, members, items } = s;
  const item = items.find((i) => i.id === itemId);
  if (!item) throw new NotFoundError(`No item ${itemId} in meeting ${meetingId}`);
  const grant = await findItemGrant(db, council.id, item.grantId);
  const state = form ?? { values: { ...savedResult(item, s.exclusions), ...(grant ? recommendationDefaults(grant) : {}) }, errors: {} };
  const votingMembers = members.filter(votes);
  // The count follows the barred members as typed, so it matches what the rules will check.
  const typedBarred = multiple(state.values.excluded).filter((v) => votingMembers.some((m) => String(m.membershipId) === v));
  const exclusions = [...s.exclusions.filter((x) => x.agendaItemId !== item.id), ...typedBarred.map((v) => ({ agendaItemId: item.id, membershipId: Number(v) }))];
  const head = headcountPerItem(council, members, items, s.records, exclusions).find((h) => h.itemId === item.id)!;
  const open = recording(phase);
  const earlier = item.kind === 'minutes_approval' && item.minutesOfMeetingId !== null ? (await findCouncilMeeting(db, council.id, item.minutesOfMeetingId))?.meeting : undefined;
  const title = t.t('meetingSession.item.title', { item: itemLabel(t, item) });
  const chairDecides = council.tieRule === 'chair_decides';
  const labels = {
    kind: t.t('meetingSession.item.kind'),
    votes: t.t('meetingSession.item.votes'),
    unanimous: t.t('meetingSession.item.unanimous'),
    yes: t.t('meetingSession.item.yes'),
    no: t.t('meetingSession.item.no'),
    abstain: t.t('meetingSession.item.abstain'),
    casting: t.t('meetingSession.item.casting'),
    excluded: t.t('meetingSession.item.excluded'),
    notes: t.t('meetingSession.item.notes'),
    ...(grant ? recommendationLabels(t) : {}),
  };
  const text = item.text ? t.textWithLang(item.text) : undefined;
  const votesHint = t.t('meetingSession.hint.votes', { eligible: t.fmt.number(head.eligibleVoters) });

  return (
    <AdminLayout ctx={ctx} title={title} crumbs={crumbs(ctx, council, meeting, { label: t.t('meetingSession.session.crumb'), path: sessionPath(council.slug, meeting.id) }, { label: t.t('meetings.itemNumber', { number: item.number }) })}>
      <PhaseNotice t={t} meeting={meeting} phase={phase} slug={council.slug} />
      {open ? '' : <FormError message={state.errors._form} />}
      {item.isPublic ? '' : <p class="kern-body">{t.html('meetingSession.item.nonPublic')}</p>}
      {text ? (
        <p class="kern-body" lang={text.lang} safe>
          {text.value}
        </p>
      ) : (
        ''
      )}
      {item.kind === 'minutes_approval' ? (
        <Alert kind="info" title={t.t('meetingSession.item.minutesApprovalTitle')} headingLevel={2}>
          <p class="kern-body">
            {earlier
              ? earlier.state === 'minutes_approved'
                ? t.html('meetingSession.item.minutesAlreadyApproved', { date: t.fmt.dateShort(earlier.startsAt), approved: earlier.minutesApprovedAt ? t.fmt.dateShort(earlier.minutesApprovedAt) : '' })
                : earlier.state === 'held' && earlier.minutesPublic !== null
                  ? t.html('meetingSession.item.minutesApproval', { date: t.fmt.dateShort(earlier.startsAt) })
                  : t.html('meetingSession.item.minutesNotReady', { date: t.fmt.dateShort(earlier.startsAt) })
              : t.html('meetingSession.item.noMinutes')}
          </p>
          {earlier ? (
            <p class="kern-body">
              <a class="kern-link" href={t.href(minutesPath(council.slug, earlier.id))}>
                {t.html('meetingSession.item.earlierMinutes', { date: t.fmt.dateShort(earlier.startsAt) })}
              </a>
            </p>
          ) : (
            ''
          )}
        </Alert>
      ) : (
        ''
      )}
      {grant ? <ItemGrantFacts t={t} slug={council.slug} grant={grant} /> : ''}
      <DescriptionList
        items={[
          { key: t.t('meetingSession.agenda.quorum'), value: <span safe>{quorumText(t, head, quorumBase(council, members))}</span> },
          { key: t.t('meetingSession.item.eligible'), value: <span safe>{t.fmt.number(head.eligibleVoters)}</span> },
          { key: t.t('meetingSession.item.saved'), value: <span safe>{resultText(t, item)}</span> },
        ]}
      />
      {open ? (
        <>
          <ErrorSummary t={t} errors={state.errors} labels={labels} />
          <Form action={t.href(itemPath(council.slug, meeting.id, item.id))} csrfToken={ctx.csrfToken()}>
            <RadioGroup
              t={t}
              name="kind"
              label={labels.kind}
              form={state}
              options={resultKinds.map((k) => ({ value: k, label: t.t(`meetingSession.kind.${k}`) }))}
              hint={item.kind === 'minutes_approval' ? t.t('meetingSession.hint.kindMinutes') : undefined}
            />
            <fieldset class={state.errors.votes ? 'kern-fieldset kern-fieldset--error' : 'kern-fieldset'} id="field-votes" aria-describedby={describedBy('field-votes', votesHint, state.errors.votes)}>
              <legend class="kern-label">{t.html('meetingSession.item.votes')}</legend>
              <HintAndError id="field-votes" hint={votesHint} error={state.errors.votes} />
              <div class="kern-fieldset__body kern-stack">
                <Checkbox t={t} name="unanimous" label={labels.unanimous} form={state} />
                <TextField t={t} name="yes" label={labels.yes} form={state} inputmode="numeric" autocomplete="off" maxlength={limits.count} optional />
                <TextField t={t} name="no" label={labels.no} form={state} inputmode="numeric" autocomplete="off" maxlength={limits.count} optional />
                <TextField t={t} name="abstain" label={labels.abstain} form={state} inputmode="numeric" autocomplete="off" maxlength={limits.count} optional />
              </div>
            </fieldset>
            {grant ? <RecommendationFields t={t} form={state} /> : ''}
            {chairDecides ? (
              <RadioGroup
                t={t}
                name="casting"
                label={labels.casting}
                form={state}
                hint={t.t('meetingSession.hint.casting')}
                options={[
                  { value: '', label: t.t('meetingSession.casting.none') },
                  { value: 'yes', label: t.t('meetingSession.casting.yes') },
                  { value: 'no', label: t.t('meetingSession.casting.no') },
                ]}
              />
            ) : (
              ''
            )}
            {votingMembers.length > 0 ? (
              <CheckboxGroup t={t} name="excluded" label={labels.excluded} form={state} optional hint={t.t('meetingSession.hint.excluded')} options={votingMembers.map((m) => ({ value: String(m.membershipId), label: displayName(m) }))} />
            ) : (
              ''
            )}
            <TextArea t={t} name="notes" label={labels.notes} form={state} optional rows={6} maxlength={limits.notes} hint={t.t(item.isPublic ? 'meetingSession.hint.notes' : 'meetingSession.hint.notesNonPublic')} />
            <SubmitButton label={t.t('meetingSession.item.submit')} />
          </Form>
        </>
      ) : item.notes ? (
        <>
          <h2 class="kern-heading-medium">{t.html('meetingSession.item.notes')}</h2>
          <p class="kern-body" safe>
            {item.notes}
          </p>
        </>
      ) : (
        ''
      )}
      <p class="kern-body">
        <a class="kern-link" href={`${t.href(sessionPath(council.slug, meeting.id))}#top-${item.id}`}>
          {t.html('meetingSession.back')}
        </a>
      </p>
    </AdminLayout>
  );
}

// ---------------------------------------------------------------------------------------------------
// Minutes
// ---------------------------------------------------------------------------------------------------

const minutesSchema = z.object({
  public: z
    .string()
    .max(limits.minutes)
    .refine((v) => v.trim() !== '', { message: 'form.error.required' }),
  nonPublic: z.string().max(limits.minutes),
});
const normalise = (text: string) => text.replace(/\r\n?/g, '\n').trim();

async function minutesPage(ctx: AdminContext, meetingId: number, form?: FormState): Promise<JSX.Element> {
  const { t, db } = ctx;
  const { council, meeting } = await loadMeeting(ctx, meetingId);
  const slug = council.slug;
  const title = t.t('meetingSession.minutes.title', { meeting: meetingLabel(t, meeting) });
  const approver = meeting.minutesApprovedInMeetingId !== null ? (await findCouncilMeeting(db, council.id, meeting.minutesApprovedInMeetingId))?.meeting : undefined;
  const hasMinutes = meeting.minutesPublic !== null || meeting.minutesNonPublic !== null;
  const state = form ?? { values: { public: meeting.minutesPublic ?? '', nonPublic: meeting.minutesNonPublic ?? '' }, errors: {} };
  const labels = { public: t.t('meetingSession.minutes.public'), nonPublic: t.t('meetingSession.minutes.nonPublic') };
  const pdfLink = hasMinutes ? (
    <p class="kern-body">
      <a class="kern-link" href={t.href(`${minutesPath(slug, meeting.id)}.pdf`)}>
        <span class="kern-icon kern-icon--download" aria-hidden="true"></span>
        <span>{t.html('meetingSession.minutes.pdf')}</span>
      </a>
    </p>
  ) : (
    ''
  );
  const status =
    meeting.state === 'minutes_approved'
      ? approver
        ? t.t('meetingSession.minutes.statusApprovedIn', { date: meeting.minutesApprovedAt ? t.fmt.dateShort(meeting.minutesApprovedAt) : '', meetingDate: t.fmt.dateShort(approver.startsAt) })
        : t.t('meetingSession.minutes.statusApproved', { date: meeting.minutesApprovedAt ? t.fmt.dateShort(meeting.minutesApprovedAt) : '' })
      : meeting.state === 'held'
        ? t.t('meetingSession.minutes.statusDraft')
        : t.t('meetingSession.minutes.statusNone');

  return (
    <AdminLayout ctx={ctx} title={title} crumbs={crumbs(ctx, council, meeting, { label: t.t('meetingSession.minutes.crumb') })}>
      <Flash ctx={ctx} allowed={flashKeys} />
      <DescriptionList items={[{ key: t.t('meetingSession.minutes.status'), value: <span safe>{status}</span> }]} />
      {meeting.state === 'held' ? '' : <FormError message={state.errors._form} />}
      {meeting.state === 'minutes_approved' ? (
        <>
          <p class="kern-body">{t.html('meetingSession.minutes.readOnly')}</p>
          {pdfLink}
          <section>
            <h2 id="public" class="kern-heading-medium">
              {t.html('meetingSession.minutes.public')}
            </h2>
            <MinutesText blocks={parseMinutes(meeting.minutesPublic ?? '')} />
          </section>
          <section>
            <h2 id="non-public" class="kern-heading-medium">
              {t.html('meetingSession.minutes.nonPublic')}
            </h2>
            {meeting.minutesNonPublic?.trim() ? <MinutesText blocks={parseMinutes(meeting.minutesNonPublic)} /> : <p class="kern-body">{t.html('meetingSession.minutes.nonPublicEmpty')}</p>}
          </section>
        </>
      ) : meeting.state === 'held' ? (
        <>
          <p class="kern-body">{t.html('meetingSession.minutes.intro')}</p>
          {pdfLink}
          <ErrorSummary t={t} errors={state.errors} labels={labels} />
          <Alert kind="info" title={t.t('meetingSession.minutes.conventionsTitle')} headingLevel={2}>
            <ul class="kern-list">
              <li>{t.html('meetingSession.minutes.conventionHeading')}</li>
              <li>{t.html('meetingSession.minutes.conventionList')}</li>
              <li>{t.html('meetingSession.minutes.conventionParagraph')}</li>
            </ul>
          </Alert>
          <Form action={t.href(minutesPath(slug, meeting.id))} csrfToken={ctx.csrfToken()} label={t.t('meetingSession.minutes.crumb')}>
            <TextArea t={t} name="public" label={labels.public} form={state} rows={20} maxlength={limits.minutes} lang="de" hint={t.t('meetingSession.minutes.publicHint')} />
            <TextArea t={t} name="nonPublic" label={labels.nonPublic} form={state} rows={10} maxlength={limits.minutes} lang="de" optional hint={t.t('meetingSession.minutes.nonPublicHint')} />
            <SubmitButton label={t.t('meetingSession.minutes.submit')} name="action" value="save" />
          </Form>
          <section>
            <h2 id="regenerate" class="kern-heading-medium">
              {t.html('meetingSession.minutes.regenerateTitle')}
            </h2>
            <Alert kind="warning" title={t.t('meetingSession.minutes.regenerateWarningTitle')} headingLevel={3}>
              <p class="kern-body">{t.html('meetingSession.minutes.regenerateWarning')}</p>
            </Alert>
            <Form action={t.href(minutesPath(slug, meeting.id))} csrfToken={ctx.csrfToken()} label={t.t('meetingSession.minutes.regenerateTitle')}>
              <SubmitButton label={t.t('meetingSession.minutes.regenerate')} variant="secondary" name="action" value="regenerate" />
            </Form>
          </section>
          <section>
            <h2 id="preview" class="kern-heading-medium">
              {t.html('meetingSession.minutes.preview')}
            </h2>
            <div lang="de">
              <MinutesText blocks={parseMinutes(meeting.minutesPublic ?? '')} />
            </div>
          </section>
        </>
      ) : (
        <p class="kern-body">{t.html('meetingSession.minutes.none')}</p>
      )}
      <p class="kern-body">
        <a class="kern-link" href={t.href(sessionPath(slug, meeting.id))}>
          {t.html('meetingSession.back')}
        </a>
      </p>
    </AdminLayout>
  );
}

// ---------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------

export function registerMeetingSessionAdmin(app: FastifyInstance, services: PageServices): void {
  const permission = 'meetings.manage' as const;

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/sitzungen/:id/sitzung', permission, params: meetingParams }, async (ctx, params) => sessionPage(ctx, params.id));

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/sitzungen/:id/anwesenheit', permission, params: meetingParams }, async (ctx, params) => {
    const { t } = ctx;
    const s = await loadSession(ctx, params.id);
    const values = formValues(ctx.request.body);
    const { entries, errors } = parseAttendance(t, values, s.members, s.items);
    const failed = (errs: FieldErrors) => {
      ctx.reply.status(400);
      return sessionPage(ctx, params.id, { attendance: { values, errors: errs } });
    };
    if (Object.keys(errors).length > 0) return failed(errors);
    const outcome = await saveAttendance(ctx.db, s.council.id, s.meeting.id, entries, ctx.now, ctx.actor);
    if (outcome.ok) return ctx.redirect(`${sessionPath(s.council.slug, s.meeting.id)}?hinweis=meetingSession.flash.attendanceSaved`);
    if (outcome.reason === 'not_found') throw new NotFoundError('Meeting vanished');
    return failed({ _form: refusalText(t, outcome.reason, s.meeting) });
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/sitzungen/:id/abschliessen', permission, params: meetingParams }, async (ctx, params) => {
    const { council, meeting } = await loadMeeting(ctx, params.id);
    const outcome = await closeMeeting(ctx.db, council.id, meeting.id, ctx.now, ctx.actor, draftMinutes);
    if (outcome.ok) return ctx.redirect(`${minutesPath(council.slug, meeting.id)}?hinweis=meetingSession.flash.closed`);
    if (outcome.reason === 'not_found') throw new NotFoundError('Meeting vanished');
    ctx.reply.status(400);
    return sessionPage(ctx, params.id, { closeError: refusalText(ctx.t, outcome.reason, meeting) });
  });

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/sitzungen/:id/top/:itemId', permission, params: itemParams }, async (ctx, params) => itemPage(ctx, params.id, params.itemId));

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/sitzungen/:id/top/:itemId', permission, params: itemParams }, async (ctx, params) => {
    const { t } = ctx;
    const s = await loadSession(ctx, params.id);
    const item = s.items.find((i) => i.id === params.itemId);
    if (!item) throw new NotFoundError(`No item ${params.itemId} in meeting ${params.id}`);
    const values = formValues(ctx.request.body);
    const parsed = resultSchema.safeParse(Object.fromEntries(resultFields.map((n) => [n, values[n] ?? ''])));
    const errors: FieldErrors = parsed.success ? {} : fieldErrors(t, parsed.error);
    const failed = (errs: FieldErrors) => {
      ctx.reply.status(400);
      return itemPage(ctx, params.id, params.itemId, { values, errors: errs });
    };
    // Counts only matter for a vote that is not unanimous; elsewhere whatever is in them is ignored.
    const counted = values.kind === 'vote' && values.unanimous !== 'on';
    const counts = countsSchema.safeParse(Object.fromEntries(countFields.map((n) => [n, values[n] ?? ''])));
    if (counted && !counts.success) Object.assign(errors, fieldErrors(t, counts.error));
    if (counted && counts.success && Object.values(counts.data).every((v) => v === '')) errors.votes = t.t('meetingSession.error.votesMissing');
    const voting = new Set(s.members.filter(votes).map((m) => String(m.membershipId)));
    const excluded = multiple(values.excluded);
    if (excluded.some((v) => !voting.has(v))) errors.excluded = t.t('form.error.choose');
    // A vote on an application carries the recommendation it makes if adopted.
    const recommendation = item.grantId !== null && values.kind === 'vote' ? parseRecommendation(t, values) : undefined;
    if (recommendation && !recommendation.ok) Object.assign(errors, recommendation.errors);
    if (!parsed.success || Object.keys(errors).length > 0) return failed(errors);

    const data = parsed.data;
    const common = { excluded: [...new Set(excluded.map(Number))], notes: data.notes === '' ? null : data.notes.replace(/\r\n?/g, '\n') };
    const count = (v: string) => (v === '' ? 0 : Number(v));
    const input: ResultInput =
      data.kind === 'vote'
        ? {
            kind: 'vote',
            // A vote is either counted (the counts parsed above) or, with the box ticked, unanimous.
            vote: counted && counts.success ? { kind: 'counts', yes: count(counts.data.yes), no: count(counts.data.no), abstain: count(counts.data.abstain) } : { kind: 'unanimous' },
            chairCastingVote: s.council.tieRule !== 'chair_decides' || data.casting === '' ? null : data.casting === 'yes',
            ...common,
          }
        : { kind: data.kind, ...common };
    if (recommendation?.ok) input.grantRecommendation = recommendation.recommendation;
    const outcome = await recordItemResult(ctx.db, s.council.id, s.meeting.id, item.id, input, ctx.now, ctx.actor, minutesPublisher(ctx.config.dataDir));
    if (outcome.ok) {
      const flash = item.kind === 'minutes_approval' && outcome.result === 'adopted' ? 'meetingSession.flash.minutesApproved' : 'meetingSession.flash.resultSaved';
      return ctx.redirect(`${sessionPath(s.council.slug, s.meeting.id)}?hinweis=${flash}`);
    }
    switch (outcome.reason) {
      case 'not_found':
        throw new NotFoundError('Item vanished');
      case 'no_quorum': {
        const head = s.heads.find((h) => h.itemId === item.id)!;
        return failed({ kind: t.t('meetingSession.refusal.no_quorum', { quorum: quorumText(t, head, quorumBase(s.council, s.members)) }) });
      }
      case 'too_many_votes': {
        const cast = input.kind === 'vote' && input.vote.kind === 'counts' ? input.vote.yes + input.vote.no + input.vote.abstain : 0;
        const barred = new Set(common.excluded);
        const others = s.exclusions.filter((x) => x.agendaItemId !== item.id);
        const head = headcountPerItem(s.council, s.members, s.items, s.records, [...others, ...[...barred].map((membershipId) => ({ agendaItemId: item.id, membershipId }))]).find((h) => h.itemId === item.id)!;
        return failed({ votes: t.t('meetingSession.refusal.too_many_votes', { votes: t.fmt.number(cast), eligible: t.fmt.number(head.eligibleVoters) }) });
      }
      case 'negative':
      case 'no_eligible_voters':
        return failed({ votes: refusalText(t, outcome.reason, s.meeting) });
      case 'chair_vote_missing':
        return failed({ casting: refusalText(t, outcome.reason, s.meeting) });
      case 'unknown_member':
        return failed({ excluded: refusalText(t, outcome.reason, s.meeting) });
      case 'no_minutes_to_approve':
        return failed({ kind: refusalText(t, outcome.reason, s.meeting) });
      default:
        return failed({ _form: refusalText(t, outcome.reason, s.meeting) });
    }
  });

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/sitzungen/:id/protokoll', permission, params: meetingParams }, async (ctx, params) => minutesPage(ctx, params.id));

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/sitzungen/:id/protokoll', permission, params: meetingParams }, async (ctx, params) => {
    const { t } = ctx;
    const { council, meeting } = await loadMeeting(ctx, params.id);
    const values = formValues(ctx.request.body);
    const failed = (errors: FieldErrors) => {
      ctx.reply.status(400);
      return minutesPage(ctx, params.id, { values, errors });
    };
    let input: { public: string; nonPublic: string } | 'regenerate';
    if (values.action === 'regenerate') input = 'regenerate';
    else {
      const parsed = minutesSchema.safeParse({ public: values.public ?? '', nonPublic: values.nonPublic ?? '' });
      if (!parsed.success) return failed(fieldErrors(t, parsed.error));
      input = { public: normalise(parsed.data.public), nonPublic: normalise(parsed.data.nonPublic) };
    }
    const outcome = await saveMinutes(ctx.db, council.id, meeting.id, input, ctx.actor, draftMinutes);
    if (outcome.ok) return ctx.redirect(`${minutesPath(council.slug, meeting.id)}?hinweis=${input === 'regenerate' ? 'meetingSession.flash.minutesRegenerated' : 'meetingSession.flash.minutesSaved'}`);
    if (outcome.reason === 'not_found') throw new NotFoundError('Meeting vanished');
    return failed({ _form: refusalText(t, outcome.reason, meeting) });
  });

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/sitzungen/:id/protokoll.pdf', permission, params: meetingParams }, async (ctx, params) => {
    const { meeting } = await loadMeeting(ctx, params.id);
    if (meeting.minutesPublic === null && meeting.minutesNonPublic === null) throw new NotFoundError(`Meeting ${meeting.id} has no minutes yet`);
    const pdf = await minutesPdf(ctx.db, meeting, 'internal');
    return ctx.reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="protokoll-${meetingDay(meeting)}-intern.pdf"`)
      .header('content-length', pdf.length)
      .header('cache-control', 'no-store')
      .send(pdf);
  });
}
