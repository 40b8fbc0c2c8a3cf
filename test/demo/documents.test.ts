import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoDocuments } from '../../src/demo/documents.js';
import { seedDemoData } from '../../src/demo/seed.js';
import { documents } from '../../src/documents/schema.js';
import { storedFilePath } from '../../src/documents/storage.js';
import { openDatabase, type Database, type DatabaseHandle } from '../../src/infra/db/database.js';
import { translator } from '../../src/infra/i18n/translator.js';
import { agendaItems, meetings } from '../../src/meetings/schema.js';
import { extractPdfText } from '../support/pdf-text.js';

const now = new Date('2026-11-25T10:00:00Z');
const baseUrl = 'http://beirat.test';

describe('demo documents', () => {
  let h: DatabaseHandle;
  let db: Database;
  let dataDir: string;
  let filed = 0;
  let seedMs = 0;

  beforeAll(async () => {
    h = await openDatabase({});
    await h.migrate();
    db = h.db;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beirat-demo-documents-'));
    await seedDemoData(db, { now });
    const started = performance.now();
    filed = await seedDemoDocuments(db, dataDir, { minutesPerCouncil: 1, baseUrl });
    seedMs = performance.now() - started;
  });

  afterAll(async () => {
    await h?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('files a public notice for the meeting invited to and for each meeting with minutes, quickly', async () => {
    console.info(`demo documents took ${seedMs.toFixed(0)} ms`);
    expect(seedMs).toBeLessThan(10_000); // about 1.5 s here; rendering the notices is most of it
    const rows = await db.select().from(documents).orderBy(asc(documents.id));
    expect(rows).toHaveLength(filed);
    const noticed = new Set(rows.filter((d) => d.kind === 'invitation').map((d) => d.meetingId));
    const withMinutes = rows.filter((d) => d.kind === 'minutes').map((d) => d.meetingId);
    const invited = await db.select({ id: meetings.id }).from(meetings).where(and(eq(meetings.state, 'invited'), eq(meetings.cancelled, false)));
    expect(invited).toHaveLength(13);
    expect(withMinutes).toHaveLength(13);
    expect([...noticed].sort()).toEqual([...invited.map((m) => m.id), ...withMinutes].sort());
    for (const row of rows) expect(row.isPublic).toBe(true);
    for (const notice of rows.filter((d) => d.kind === 'invitation')) expect(notice.title).toEqual({ de: 'Einladung (öffentliche Bekanntmachung)', en: 'Invitation (public notice)' });

    // Filing again into a database that has files adds none.
    expect(await seedDemoDocuments(db, dataDir, { minutesPerCouncil: 1, baseUrl })).toBe(0);
  });

  it('prints each notice as the office would send it, marked as an example, without the non-public items', async () => {
    const de = translator('de');
    const notices = await db
      .select({ document: documents, meeting: meetings })
      .from(documents)
      .innerJoin(meetings, eq(meetings.id, documents.meetingId))
      .where(eq(documents.kind, 'invitation'));
    const items = await db
      .select()
      .from(agendaItems)
      .where(inArray(agendaItems.meetingId, notices.map((n) => n.meeting.id)));
    let withNonPublicPart = 0;
    for (const { document, meeting } of notices) {
      const text = (await extractPdfText(fs.readFileSync(storedFilePath(dataDir, document.storageKey)))).replace(/\s+/g, ' ');
      const own = items.filter((i) => i.meetingId === meeting.id);
      expect(text).toContain('Beispiel: Diese Sitzung ist erfunden.');
      expect(text).toContain('Öffentliche Bekanntmachung – Einladung zur Sitzung des');
      expect(text).toContain(`Datum: ${de.fmt.dateLong(meeting.startsAt)}`);
      expect(text).toContain(`${baseUrl}/beiraete/`);
      for (const item of own.filter((i) => i.isPublic)) expect(text).toContain(item.title.de.replace(/\s+/g, ' '));
      const closed = own.filter((i) => !i.isPublic);
      for (const item of closed) expect(text, `meeting ${meeting.id}`).not.toContain(item.title.de);
      expect(text.includes('folgt ein nicht öffentlicher Teil')).toBe(closed.length > 0);
      if (closed.length > 0) withNonPublicPart++;
    }
    // The check above means something only if some demo meetings have a non-public part.
    expect(withNonPublicPart).toBeGreaterThan(0);
  });
});
