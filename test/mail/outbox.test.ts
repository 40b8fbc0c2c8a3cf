import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, deliverDueMail, enqueueMail, retryDelayMs, type Mailer } from '../../src/mail/outbox.js';
import { outbox } from '../../src/mail/schema.js';
import type { DatabaseHandle } from '../../src/infra/db/database.js';
import { openTestDatabase } from '../support/database.js';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database?.close());

const options = { from: 'Beirat <beirat@example.org>', baseHost: 'beirat.test' };

describe('mail outbox', () => {
  it('finishes the mail in hand when stopping, leaves the rest pending, and a later run sends the rest once', async () => {
    const sent: string[] = [];
    const stopping = new AbortController();
    const mailer: Mailer = {
      describe: 'memory',
      send: async (m) => {
        sent.push(m.to);
        if (sent.length === 2) stopping.abort();
      },
    };
    for (let i = 0; i < 5; i++) await enqueueMail(database.db, { key: `stop:${i}`, to: `stop${i}@example.org`, subject: 'Einladung', text: 'Text' });
    expect(await deliverDueMail(database.db, mailer, { ...options, signal: stopping.signal })).toBe(2);
    const rows = await database.db.select().from(outbox);
    const stopRows = rows.filter((r) => r.key.startsWith('stop:'));
    expect(stopRows.filter((r) => r.status === 'sent')).toHaveLength(2);
    // Nothing stays leased: a restart need not wait for a lease to run out.
    expect(stopRows.filter((r) => r.status === 'pending' && r.leaseUntil === null)).toHaveLength(3);
    expect(await deliverDueMail(database.db, mailer, options)).toBe(3);
    expect(sent.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `stop${i}@example.org`));
  });

  it('queues a cause once, sends it once, and never again', async () => {
    const sent: string[] = [];
    const mailer: Mailer = { describe: 'memory', send: async (m) => void sent.push(`${m.to}|${m.subject}`) };
    await enqueueMail(database.db, { key: 'once:1', to: 'a@example.org', subject: 'Hallo', text: 'Text' });
    await enqueueMail(database.db, { key: 'once:1', to: 'a@example.org', subject: 'Hallo', text: 'Text' });
    expect(await deliverDueMail(database.db, mailer, options)).toBe(1);
    expect(await deliverDueMail(database.db, mailer, options)).toBe(0);
    expect(sent).toEqual(['a@example.org|Hallo']);
    const [row] = await database.db.select().from(outbox).where(eq(outbox.key, 'once:1'));
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('retries a failed mail later with growing delays, not at once', async () => {
    let fail = true;
    const sent: string[] = [];
    const mailer: Mailer = {
      describe: 'flaky',
      send: async (m) => {
        if (fail) throw new Error('SMTP down');
        sent.push(m.to);
      },
    };
    const now = new Date('2026-11-25T10:00:00Z');
    await enqueueMail(database.db, { key: 'retry:1', to: 'b@example.org', subject: 'S', text: 'T' });
    await database.db.update(outbox).set({ nextAttemptAt: now }).where(eq(outbox.key, 'retry:1'));
    expect(await deliverDueMail(database.db, mailer, { ...options, now })).toBe(0);
    let [row] = await database.db.select().from(outbox).where(eq(outbox.key, 'retry:1'));
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'SMTP down' });
    expect(row!.nextAttemptAt.getTime()).toBe(now.getTime() + retryDelayMs(1));
    fail = false;
    expect(await deliverDueMail(database.db, mailer, { ...options, now: new Date(now.getTime() + 1000) })).toBe(0);
    expect(await deliverDueMail(database.db, mailer, { ...options, now: new Date(now.getTime() + retryDelayMs(1)) })).toBe(1);
    [row] = await database.db.select().from(outbox).where(eq(outbox.key, 'retry:1'));
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('takes a mail over whose sender crashed mid-send once its lease has run out', async () => {
    const sent: string[] = [];
    const mailer: Mailer = { describe: 'memory', send: async (m) => void sent.push(m.to) };
    const now = new Date('2026-11-25T10:00:00Z');
    await enqueueMail(database.db, { key: 'lease:1', to: 'c@example.org', subject: 'S', text: 'T' });
    await database.db.update(outbox).set({ status: 'sending', leaseUntil: new Date(now.getTime() + 60_000) }).where(eq(outbox.key, 'lease:1'));
    expect(await deliverDueMail(database.db, mailer, { ...options, now })).toBe(0);
    expect(await deliverDueMail(database.db, mailer, { ...options, now: new Date(now.getTime() + 61_000) })).toBe(1);
    expect(sent).toEqual(['c@example.org']);
  });

  it('writes .eml files into the data folder when SMTP_URL is not set', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beirat-mail-'));
    const mailer = createMailer({ smtpUrl: undefined, dataDir: dir });
    expect(mailer.describe).toContain(path.join(dir, 'mail'));
    await mailer.send({ from: options.from, to: 'd@example.org', subject: 'Grüße', text: 'Hallo Welt', messageId: '<x@beirat.test>' });
    const files = fs.readdirSync(path.join(dir, 'mail'));
    expect(files).toHaveLength(1);
    const eml = fs.readFileSync(path.join(dir, 'mail', files[0]!), 'utf8');
    expect(eml).toContain('To: d@example.org');
    expect(eml).toContain('Message-ID: <x@beirat.test>');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
