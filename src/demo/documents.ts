import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { councils } from '../councils/schema.js';
import { documents } from '../documents/schema.js';
import { simplePdf } from '../documents/simple-pdf.js';
import { storeFile } from '../documents/storage.js';
import type { Database } from '../infra/db/database.js';
import { translator } from '../infra/i18n/translator.js';
import { berlinDate, berlinInstant } from '../infra/time.js';
import { loadDispatch } from '../meetings/admin-service.js';
import { renderPublicNotice } from '../meetings/invitations.js';
import { latestInvitationDate } from '../meetings/rules.js';
import type { MeetingRow } from '../meetings/admin-repository.js';
import { agendaItems, meetings } from '../meetings/schema.js';
import { voteSummary } from '../meetings/service.js';

export interface DemoDocumentOptions {
  /** Past meetings per council with minutes (and a public notice); each notice is a real PDF to render. */
  minutesPerCouncil?: number;
  /** The app's public address, for the meeting link in the notices; without it they have none. */
  baseUrl?: string;
}

/**
 * Demo files for the demo meetings: the public notice (öffentliche Bekanntmachung) of the meeting
 * invited to and of the most recent approved ones, which also get result minutes. Written as real
 * PDFs into the data folder, so the document pages, downloads and OParl files show what they will
 * show with real files. The notices come from the same renderer as those the office sends (some
 * 15–30 ms each, hence only for the meetings with minutes); the minutes are short stand-ins.
 */
export async function seedDemoDocuments(db: Database, dataDir: string, options: DemoDocumentOptions = {}): Promise<number> {
  const [existing] = await db.select({ n: count() }).from(documents);
  if ((existing?.n ?? 0) > 0) return 0;
  const t = translator('de');
  const allCouncils = await db.select({ id: councils.id, name: councils.name }).from(councils).orderBy(asc(councils.id));
  const rows: Array<typeof documents.$inferInsert> = [];
  const file = async (meeting: MeetingRow, values: Pick<typeof documents.$inferInsert, 'kind' | 'title' | 'fileName'>, pdf: Uint8Array) => {
    const stored = await storeFile(dataDir, pdf);
    rows.push({ councilId: meeting.councilId, meetingId: meeting.id, ...values, mimeType: 'application/pdf', isPublic: true, sizeBytes: stored.sizeBytes, sha512: stored.sha512, storageKey: stored.storageKey });
  };
  for (const council of allCouncils) {
    const councilMeetings = await db
      .select()
      .from(meetings)
      .where(and(eq(meetings.councilId, council.id), inArray(meetings.state, ['invited', 'minutes_approved']), eq(meetings.cancelled, false)))
      .orderBy(asc(meetings.startsAt));
    const approved = councilMeetings.filter((m) => m.state === 'minutes_approved').slice(-(options.minutesPerCouncil ?? 4));
    const invited = councilMeetings.filter((m) => m.state === 'invited');
    for (const meeting of [...approved, ...invited]) {
      const plan = await loadDispatch(db, meeting, 'invitation', 0);
      // Dated the last day the invitation was in time: when the office would have sent it.
      const sentOn = berlinInstant(latestInvitationDate(meeting.startsAt, { periodDays: plan.council.invitationPeriodDays, counting: plan.council.invitationDayCounting }), '10:00') ?? meeting.startsAt;
      const notice = await renderPublicNotice(plan, options.baseUrl ?? null, { date: sentOn, replaces: null });
      if (notice) await file(meeting, { kind: 'invitation', title: notice.title, fileName: notice.fileName }, notice.pdf);
      if (meeting.state !== 'minutes_approved') continue;

      // Only public items go into a public file.
      const items = await db
        .select()
        .from(agendaItems)
        .where(and(eq(agendaItems.meetingId, meeting.id), eq(agendaItems.isPublic, true)))
        .orderBy(asc(agendaItems.position));
      const lines = items.map((item) => {
        const vote = voteSummary(item);
        const result = item.result ? ` – ${t.t(`meetings.outcome.${item.result}`)}${vote ? `, ${vote.kind === 'unanimous' ? t.t('meetings.vote.unanimous') : t.t('meetings.vote.counts', { yes: vote.yes, no: vote.no, abstain: vote.abstain })}` : ''}` : '';
        return `${t.t('meetings.itemNumber', { number: item.number })} ${item.title.de}${result}`;
      });
      const pdf = simplePdf(`Ergebnisprotokoll: ${council.name.de}`, [`Sitzung am ${t.fmt.dateLong(meeting.startsAt)}, ${t.fmt.time(meeting.startsAt)} Uhr.`, 'Beispieldokument der Demo-Installation von Beirat.', ...lines]);
      await file(meeting, { kind: 'minutes', title: { de: 'Ergebnisprotokoll', en: 'Minutes (results)' }, fileName: `protokoll-${berlinDate(meeting.startsAt)}.pdf` }, pdf);
    }
  }
  if (rows.length > 0) await db.insert(documents).values(rows);
  return rows.length;
}
