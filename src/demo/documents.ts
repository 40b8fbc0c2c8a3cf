import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { councils } from '../councils/schema.js';
import { documents } from '../documents/schema.js';
import { simplePdf } from '../documents/simple-pdf.js';
import { storeFile } from '../documents/storage.js';
import type { Database } from '../infra/db/database.js';
import { translator } from '../infra/i18n/translator.js';
import { agendaItems, meetings } from '../meetings/schema.js';
import { voteSummary } from '../meetings/service.js';

/**
 * Demo files for the demo meetings: an invitation for each meeting invited to, and result minutes
 * for the most recent approved ones. Written as real PDFs into the data folder, so the document
 * pages and downloads show what they will show with real files.
 */
export async function seedDemoDocuments(db: Database, dataDir: string, options: { minutesPerCouncil?: number } = {}): Promise<number> {
  const [existing] = await db.select({ n: count() }).from(documents);
  if ((existing?.n ?? 0) > 0) return 0;
  const t = translator('de');
  const allCouncils = await db.select({ id: councils.id, name: councils.name }).from(councils).orderBy(asc(councils.id));
  const rows: Array<typeof documents.$inferInsert> = [];
  for (const council of allCouncils) {
    const councilMeetings = await db
      .select()
      .from(meetings)
      .where(and(eq(meetings.councilId, council.id), inArray(meetings.state, ['invited', 'minutes_approved']), eq(meetings.cancelled, false)))
      .orderBy(asc(meetings.startsAt));
    const approved = councilMeetings.filter((m) => m.state === 'minutes_approved').slice(-(options.minutesPerCouncil ?? 4));
    const invited = councilMeetings.filter((m) => m.state === 'invited');
    for (const meeting of [...approved, ...invited]) {
      // Only public items go into a public file.
      const items = await db
        .select()
        .from(agendaItems)
        .where(and(eq(agendaItems.meetingId, meeting.id), eq(agendaItems.isPublic, true)))
        .orderBy(asc(agendaItems.position));
      const date = t.fmt.dateLong(meeting.startsAt);
      const isMinutes = meeting.state === 'minutes_approved';
      const lines = items.map((item) => {
        const vote = voteSummary(item);
        const result = isMinutes && item.result ? ` – ${t.t(`meetings.outcome.${item.result}`)}${vote ? `, ${vote.kind === 'unanimous' ? t.t('meetings.vote.unanimous') : t.t('meetings.vote.counts', { yes: vote.yes, no: vote.no, abstain: vote.abstain })}` : ''}` : '';
        return `${t.t('meetings.itemNumber', { number: item.number })} ${item.title.de}${result}`;
      });
      const heading = `${isMinutes ? 'Ergebnisprotokoll' : 'Einladung'}: ${council.name.de}`;
      const pdf = simplePdf(heading, [`Sitzung am ${date}, ${t.fmt.time(meeting.startsAt)} Uhr.`, 'Beispieldokument der Demo-Installation von Beirat.', ...lines]);
      const stored = await storeFile(dataDir, pdf);
      const day = meeting.startsAt.toISOString().slice(0, 10);
      rows.push({
        councilId: council.id,
        meetingId: meeting.id,
        kind: isMinutes ? 'minutes' : 'invitation',
        title: isMinutes ? { de: 'Ergebnisprotokoll', en: 'Minutes (results)' } : { de: 'Einladung mit Tagesordnung', en: 'Invitation with agenda' },
        fileName: `${isMinutes ? 'protokoll' : 'einladung'}-${day}.pdf`,
        mimeType: 'application/pdf',
        sizeBytes: stored.sizeBytes,
        sha512: stored.sha512,
        storageKey: stored.storageKey,
        isPublic: true,
      });
    }
  }
  if (rows.length > 0) await db.insert(documents).values(rows);
  return rows.length;
}
