import { eq, like, or } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { councils } from '../../src/councils/schema.js';
import { grants } from '../../src/grants/schema.js';
import { officeOverdueKey, reminderDue, reminderKey, sendProofReminders } from '../../src/grants/reminders.js';
import { berlinInstant } from '../../src/infra/time.js';
import { outbox } from '../../src/mail/schema.js';
import { addDays } from '../../src/members/service.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let council: typeof councils.$inferSelect;
const due = '2031-03-31';
/** Mid-morning in Berlin on a calendar day: the job runs hourly, at any time of day. */
const on = (day: string, time = '10:00') => berlinInstant(day, time)!;
const db = () => t.database.db;
const baseUrl = 'http://beirat.test';

async function grantWith(values: Partial<typeof grants.$inferInsert>) {
  const [row] = await db()
    .insert(grants)
    .values({ councilId: council.id, year: 2031, recipientName: 'Verein', title: { de: 'Sommerfest', en: 'Summer party' }, amountApprovedCents: 100000, decidedOn: '2031-01-10', proofDueOn: due, ...values })
    .returning();
  return row!;
}

async function mailsFor(id: number) {
  return db()
    .select()
    .from(outbox)
    .where(or(like(outbox.key, `grant-proof-reminder:${id}:%`), eq(outbox.key, officeOverdueKey(id))));
}

beforeAll(async () => {
  t = await createTestApp();
  council = (await db().select().from(councils).where(eq(councils.slug, 'mitte')))[0]!;
});
afterAll(async () => t?.close());

describe('when a reminder is due', () => {
  it('is nothing until 14 days before, then the one before, then overdue the day after the deadline', () => {
    expect(reminderDue(due, '2031-03-16')).toBeNull();
    expect(reminderDue(due, '2031-03-17')).toBe('before');
    expect(reminderDue(due, due)).toBe('before');
    expect(reminderDue(due, '2031-04-01')).toBe('overdue');
  });
});

describe('sendProofReminders', () => {
  it('sends each reminder once, in the applicant’s language, and tells the office when overdue', async () => {
    const paid = await grantWith({ number: 1, status: 'paid', applicantName: 'Aylin Demir', applicantEmail: 'aylin@example.org', locale: 'en' });
    const notified = await grantWith({ number: 2, status: 'notified', applicantEmail: 'verein@example.org', locale: 'de' });
    const noEmail = await grantWith({ number: 3, status: 'proof_due', applicantEmail: null });
    const done = await grantWith({ number: 4, status: 'proof_received', applicantEmail: 'fertig@example.org' });
    const noDeadline = await grantWith({ number: 5, status: 'paid', applicantEmail: 'ohne@example.org', proofDueOn: null });

    // 15 days ahead: too early for anyone.
    expect(await sendProofReminders(db(), on(addDays(due, -15), '23:30'), baseUrl)).toBe(0);

    // 14 days ahead: the reminder before, to the two with an address; running again adds nothing.
    expect(await sendProofReminders(db(), on(addDays(due, -14), '00:30'), baseUrl)).toBe(2);
    expect(await sendProofReminders(db(), on(addDays(due, -14), '01:30'), baseUrl)).toBe(0);
    expect(await sendProofReminders(db(), on(addDays(due, -3)), baseUrl)).toBe(0);
    const [before] = await mailsFor(paid.id);
    expect(before).toMatchObject({ key: reminderKey(paid.id, 'before'), to: 'aylin@example.org' });
    expect(before!.subject).toBe('Reminder: proof of use for IB-01/2031 (Summer party)');
    expect(before!.text).toContain('Hello Aylin Demir,');
    expect(before!.text).toContain('Monday, 31 March 2031');
    const [german] = await mailsFor(notified.id);
    expect(german!.subject).toBe('Erinnerung: Verwendungsnachweis für IB-02/2031 (Sommerfest)');
    expect(german!.text).toContain('Montag, 31. März 2031');

    // On the deadline still nothing new; the day after: overdue to the applicants and a note to the office for all three.
    expect(await sendProofReminders(db(), on(due, '23:59'), baseUrl)).toBe(0);
    expect(await sendProofReminders(db(), on(addDays(due, 1), '00:01'), baseUrl)).toBe(5);
    expect(await sendProofReminders(db(), on(addDays(due, 1), '09:00'), baseUrl)).toBe(0);
    expect(await sendProofReminders(db(), on(addDays(due, 40)), baseUrl)).toBe(0);

    expect((await mailsFor(paid.id)).map((m) => m.key).sort()).toEqual([officeOverdueKey(paid.id), reminderKey(paid.id, 'before'), reminderKey(paid.id, 'overdue')].sort());
    expect((await mailsFor(noEmail.id)).map((m) => m.key)).toEqual([officeOverdueKey(noEmail.id)]);
    const [office] = (await mailsFor(noEmail.id))!;
    expect(office!.to).toBe(council.contactEmail);
    expect(office!.text).toContain('keine E-Mail-Adresse');
    expect(office!.text).toContain(`${baseUrl}/admin/beiraete/mitte/zuwendungen/${noEmail.id}/nachweis`);
    const overdue = (await mailsFor(notified.id)).find((m) => m.key === reminderKey(notified.id, 'overdue'))!;
    expect(overdue.subject).toBe('Verwendungsnachweis für IB-02/2031 überfällig (Sommerfest)');
    expect(await mailsFor(done.id)).toEqual([]);
    expect(await mailsFor(noDeadline.id)).toEqual([]);
  });

  it('sends nothing again after a restart: a new app on the same database', async () => {
    const late = await grantWith({ number: 6, status: 'paid', applicantEmail: 'spaet@example.org', proofDueOn: '2031-02-01' });
    const now = on('2031-02-10');
    expect(await sendProofReminders(db(), now, baseUrl)).toBe(2); // straight to overdue: the reminder before is not sent after the deadline
    expect((await mailsFor(late.id)).map((m) => m.key).sort()).toEqual([officeOverdueKey(late.id), reminderKey(late.id, 'overdue')].sort());

    // The first app stops; a second one starts on the same database and runs the job again.
    await t.app.close();
    const restarted = await buildApp({ config: t.config, database: t.database, logger: false });
    await restarted.ready();
    try {
      expect(await sendProofReminders(db(), now, baseUrl)).toBe(0);
      expect(await sendProofReminders(db(), on('2031-02-11'), baseUrl)).toBe(0);
      expect(await mailsFor(late.id)).toHaveLength(2);
    } finally {
      t.app = restarted;
    }
  });
});
