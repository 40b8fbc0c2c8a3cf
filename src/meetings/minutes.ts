import { and, eq } from 'drizzle-orm';
import type { Tx } from '../audit/service.js';
import type { Council } from '../councils/repository.js';
import { documents } from '../documents/schema.js';
import { renderPdf, type PdfBlock } from '../documents/pdf.js';
import { storeFile } from '../documents/storage.js';
import { translator, type Translator } from '../infra/i18n/translator.js';
import { berlinDate } from '../infra/time.js';
import { councilGenitive } from '../councils/service.js';
import { displayName } from '../members/service.js';
import { findChairOn, findCouncilRow, listAgendaItems, listAttendance, listExclusions, listMembersOn, meetingDay, type AgendaItemRow, type AttendanceRow, type MeetingRow, type MemberAtMeeting } from './admin-repository.js';
import { headcountPerItem } from './admin-service.js';
import { voteSummary } from './service.js';
import { meetings } from './schema.js';
import { meetingWhen } from './views.js';

/**
 * Minutes: a draft generated from what was recorded, kept as editable text in two parts (public and
 * non-public), published after approval as HTML and PDF. The text uses three conventions a
 * textarea can carry: "## " starts a heading, "- " a list item, a blank line a new paragraph.
 */

export interface MinutesInput {
  council: Pick<Council, 'name' | 'quorumRule' | 'quorumFixedNumber' | 'voteEffect'>;
  meeting: Pick<MeetingRow, 'startsAt' | 'endsAt'>;
  items: AgendaItemRow[];
  members: MemberAtMeeting[];
  attendance: AttendanceRow[];
  exclusions: Array<{ agendaItemId: number; membershipId: number }>;
}

/** A member's name as the public may read it: only with consent, else a neutral word. */
const nameFor = (t: Translator, m: MemberAtMeeting, audience: 'public' | 'internal') => (audience === 'internal' || m.publicConsent ? displayName(m) : t.t('minutes.unnamedMember'));

function nameList(t: Translator, members: MemberAtMeeting[], audience: 'public' | 'internal'): string {
  if (members.length === 0) return t.t('minutes.nobody');
  const named = members.filter((m) => audience === 'internal' || m.publicConsent).map(displayName);
  const unnamed = members.length - named.length;
  return [...named, ...(unnamed > 0 ? [t.plural('minutes.furtherMembers', unnamed)] : [])].join(', ');
}

/** Generates both parts of the draft in German, the language of record. */
export function generateMinutes(input: MinutesInput): { public: string; nonPublic: string } {
  const t = translator('de');
  const heads = headcountPerItem(input.council, input.members, input.items, input.attendance, input.exclusions);
  const status = new Map(input.attendance.map((a) => [a.membershipId, a]));
  const byStatus = (s: AttendanceRow['status']) => input.members.filter((m) => (status.get(m.membershipId)?.status ?? 'absent') === s);
  const itemById = new Map(input.items.map((i) => [i.id, i]));

  const attendanceLines = (audience: 'public' | 'internal') => {
    const movements = byStatus('present').flatMap((m) => {
      const a = status.get(m.membershipId)!;
      const out: string[] = [];
      if (a.arrivedAtItemId !== null && itemById.get(a.arrivedAtItemId)) out.push(t.t('minutes.arrived', { name: nameFor(t, m, audience), number: itemById.get(a.arrivedAtItemId)!.number }));
      if (a.leftAtItemId !== null && itemById.get(a.leftAtItemId)) out.push(t.t('minutes.left', { name: nameFor(t, m, audience), number: itemById.get(a.leftAtItemId)!.number }));
      return out;
    });
    const first = heads[0];
    return [
      `## ${t.t('minutes.attendance')}`,
      '',
      `${t.t('minutes.present')}: ${nameList(t, byStatus('present'), audience)}`,
      `${t.t('minutes.excused')}: ${nameList(t, byStatus('excused'), audience)}`,
      `${t.t('minutes.absent')}: ${nameList(t, byStatus('absent'), audience)}`,
      ...(movements.length > 0 ? ['', ...movements.map((line) => `- ${line}`)] : []),
      '',
      first
        ? t.t(first.quorum.reached ? 'minutes.quorumReached' : 'minutes.quorumMissed', { present: first.quorum.present, required: first.quorum.required, members: input.members.filter((m) => m.votingRight && m.role === 'member').length })
        : t.t('minutes.noItems'),
    ];
  };

  const itemLines = (item: AgendaItemRow, audience: 'public' | 'internal') => {
    const head = heads.find((h) => h.itemId === item.id)!;
    const lines = [`## ${t.t('meetings.itemNumber', { number: item.number })} ${t.text(item.title)}`, ''];
    if (item.notes?.trim()) lines.push(item.notes.trim(), '');
    const vote = voteSummary(item);
    if (vote) {
      lines.push(vote.kind === 'unanimous' ? t.t('minutes.voteUnanimous', { count: item.votesYes ?? 0 }) : t.t('minutes.voteCounts', { yes: vote.yes, no: vote.no, abstain: vote.abstain }));
      if (item.chairCastingVote !== null) lines.push(t.t(item.chairCastingVote ? 'minutes.castingYes' : 'minutes.castingNo'));
    }
    if (item.result) lines.push(`${t.t('minutes.result')}: ${t.t(`meetings.outcome.${item.result}`)}${vote && (item.result === 'adopted' || item.result === 'rejected') ? ` (${t.t(input.council.voteEffect === 'decision' ? 'minutes.effect.decision' : 'minutes.effect.recommendation')})` : ''}`);
    const barred = input.exclusions.filter((x) => x.agendaItemId === item.id).map((x) => input.members.find((m) => m.membershipId === x.membershipId)).filter((m): m is MemberAtMeeting => m !== undefined);
    if (barred.length > 0) lines.push(t.t('minutes.barred', { names: barred.map((m) => nameFor(t, m, audience)).join(', ') }));
    if (vote || item.result) lines.push(t.t('minutes.presentAtItem', { present: head.quorum.present, required: head.quorum.required }));
    return [...lines, ''];
  };

  const publicItems = input.items.filter((i) => i.isPublic);
  const closedItems = input.items.filter((i) => !i.isPublic);
  const publicPart = [...attendanceLines('public'), '', ...publicItems.flatMap((i) => itemLines(i, 'public'))];
  const closedPart = closedItems.length === 0 ? [] : [`## ${t.t('minutes.nonPublicHeading')}`, '', ...closedItems.flatMap((i) => itemLines(i, 'internal'))];
  return { public: publicPart.join('\n').trim(), nonPublic: closedPart.join('\n').trim() };
}

export async function loadMinutesInput(tx: Tx, meeting: MeetingRow): Promise<MinutesInput> {
  const { council } = await findCouncilRow(tx, meeting.councilId);
  return {
    council,
    meeting,
    items: await listAgendaItems(tx, meeting.id),
    members: await listMembersOn(tx, meeting.councilId, meetingDay(meeting)),
    attendance: await listAttendance(tx, meeting.id),
    exclusions: await listExclusions(tx, meeting.id),
  };
}

export async function draftMinutes(tx: Tx, meetingId: number): Promise<{ public: string; nonPublic: string }> {
  const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, meetingId));
  if (!meeting) throw new Error(`Meeting ${meetingId} vanished`);
  return generateMinutes(await loadMinutesInput(tx, meeting));
}

export type MinutesBlock = { kind: 'heading'; text: string } | { kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] };

/** Reads the minutes text conventions into blocks, for HTML and PDF alike. */
export function parseMinutes(text: string): MinutesBlock[] {
  const blocks: MinutesBlock[] = [];
  let paragraph: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', text: paragraph.join('\n') });
    if (list.length) blocks.push({ kind: 'list', items: list });
    paragraph = [];
    list = [];
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (line.startsWith('## ')) {
      flush();
      blocks.push({ kind: 'heading', text: line.slice(3).trim() });
    } else if (line.startsWith('- ')) {
      if (paragraph.length) {
        blocks.push({ kind: 'paragraph', text: paragraph.join('\n') });
        paragraph = [];
      }
      list.push(line.slice(2).trim());
    } else if (line.trim() === '') flush();
    else {
      if (list.length) {
        blocks.push({ kind: 'list', items: list });
        list = [];
      }
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}

/** The minutes as a PDF: the public part for publication, both parts for the office's file. */
export async function minutesPdf(tx: Tx, meeting: MeetingRow, audience: 'public' | 'internal'): Promise<Buffer> {
  const t = translator('de');
  const { council, bodyName } = await findCouncilRow(tx, meeting.councilId);
  const chair = await findChairOn(tx, meeting.councilId, meetingDay(meeting));
  const when = meetingWhen(t, meeting);
  const name = t.text(council.name);
  const text = [meeting.minutesPublic ?? '', audience === 'internal' ? (meeting.minutesNonPublic ?? '') : ''].filter(Boolean).join('\n\n');
  const blocks: PdfBlock[] = [
    { kind: 'heading', text: t.t('minutes.title', { council: councilGenitive(name, 'de') }), level: 1 },
    {
      kind: 'keyValue',
      items: [
        { key: t.t('meetings.date'), value: when.date },
        { key: t.t('meetings.time'), value: when.time },
        ...(meeting.minutesApprovedAt ? [{ key: t.t('minutes.approvedOn'), value: t.fmt.dateLong(meeting.minutesApprovedAt) }] : [{ key: t.t('minutes.status'), value: t.t('minutes.draft') }]),
      ],
    },
    ...parseMinutes(text).map((b): PdfBlock => (b.kind === 'heading' ? { kind: 'heading', text: b.text, level: 2 } : b)),
    { kind: 'signature', lines: chair ? [displayName(chair), t.t('meetingLetters.chair')] : [t.t('meetingLetters.office')] },
  ];
  return renderPdf({
    title: t.t('minutes.documentTitle', { council: name, date: t.fmt.dateShort(meeting.startsAt) }),
    author: name,
    lang: 'de',
    footer: `${bodyName} · ${name}${audience === 'internal' ? ` · ${t.t('minutes.internalCopy')}` : ''}`,
    pageLabel: (page, pages) => t.t('meetingLetters.page', { page, pages }),
    sections: [{ blocks }],
  });
}

/**
 * Publishes approved minutes: the public part as a public PDF filed with the meeting (the HTML is
 * rendered from the same text on the meeting page). Called inside the approving transaction.
 */
export function minutesPublisher(dataDir: string): (tx: Tx, meetingId: number) => Promise<void> {
  return async (tx, meetingId) => {
    const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, meetingId));
    if (!meeting) throw new Error(`Meeting ${meetingId} vanished`);
    const pdf = await minutesPdf(tx, meeting, 'public');
    const stored = await storeFile(dataDir, pdf);
    // A re-publication replaces the earlier public file rather than adding a second one.
    await tx.delete(documents).where(and(eq(documents.meetingId, meetingId), eq(documents.kind, 'minutes'), eq(documents.isPublic, true)));
    const t = translator('de');
    const en = translator('en');
    await tx.insert(documents).values({
      councilId: meeting.councilId,
      meetingId,
      kind: 'minutes',
      title: { de: t.t('minutes.publicDocument'), en: en.t('minutes.publicDocument') },
      fileName: `protokoll-${berlinDate(meeting.startsAt)}.pdf`,
      mimeType: 'application/pdf',
      isPublic: true,
      ...stored,
    });
  };
}
