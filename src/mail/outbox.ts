import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq, lte, or, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { FastifyBaseLogger } from 'fastify';
import type { Tx } from '../audit/service.js';
import type { Database } from '../infra/db/database.js';
import { outbox } from './schema.js';

export interface OutgoingMail {
  /** Unique per cause (e.g. "application-confirmation:42"): the same cause never mails twice. */
  key: string;
  to: string;
  subject: string;
  text: string;
  attachments?: Array<{ filename: string; contentType: string; content: Buffer }>;
}

/** Queues a mail in the caller's transaction; a key already queued is ignored. */
export async function enqueueMail(tx: Tx, mail: OutgoingMail): Promise<void> {
  await tx
    .insert(outbox)
    .values({
      key: mail.key,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      attachments: mail.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, contentBase64: a.content.toString('base64') })) ?? null,
    })
    .onConflictDoNothing({ target: outbox.key });
}

const queued = new EventTarget();

/** Tells the delivery job that mail is waiting, so it goes out now rather than at the next tick. */
export function mailQueued(): void {
  queued.dispatchEvent(new Event('queued'));
}

export function onMailQueued(listener: () => void): () => void {
  queued.addEventListener('queued', listener);
  return () => queued.removeEventListener('queued', listener);
}

export interface Mailer {
  describe: string;
  send(message: { from: string; to: string; subject: string; text: string; messageId: string; attachments?: Array<{ filename: string; contentType: string; content: Buffer }> }): Promise<void>;
}

/** SMTP when configured; otherwise .eml files in DATA_DIR/mail, so nothing is sent by accident. */
export function createMailer(options: { smtpUrl: string | undefined; dataDir: string }): Mailer {
  if (options.smtpUrl) {
    const transport: Transporter = nodemailer.createTransport(options.smtpUrl);
    const host = new URL(options.smtpUrl).host;
    return {
      describe: `SMTP ${host}`,
      async send(message) {
        await transport.sendMail(message);
      },
    };
  }
  const folder = path.join(options.dataDir, 'mail');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    describe: `files in ${folder} (SMTP_URL is not set)`,
    async send(message) {
      const info = await transport.sendMail(message);
      await fs.promises.mkdir(folder, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${message.messageId.replace(/[^a-z0-9]/gi, '')}.eml`;
      await fs.promises.writeFile(path.join(folder, name), info.message as Buffer);
    },
  };
}

const maxAttempts = 8;
const leaseMs = 5 * 60_000;

/** Minutes until the next try: 1, 2, 4 … up to a day. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 24 * 3600_000);
}

/**
 * Sends what is due, one mail after another. Each mail is leased just before it is sent, so several
 * instances never send one mail twice; a lease left by a crashed process runs out and that one mail
 * is tried again (with the same Message-ID, so a receiver can tell a repeat). When `signal` aborts
 * (the app is stopping), the mail in hand is finished and nothing more is taken: the rest stays
 * pending, and a restart sends it at once.
 */
export async function deliverDueMail(
  db: Database,
  mailer: Mailer,
  options: { from: string; baseHost: string; now?: Date; log?: FastifyBaseLogger; limit?: number; signal?: AbortSignal },
): Promise<number> {
  const now = options.now ?? new Date();
  let sent = 0;
  for (let i = 0; i < (options.limit ?? 20) && !options.signal?.aborted; i++) {
    const mail = await claimNext(db, now);
    if (!mail) break;
    try {
      await mailer.send({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: `<outbox-${mail.id}-${mail.key.replace(/[^a-z0-9-]/gi, '')}@${options.baseHost}>`,
        attachments: mail.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') })),
      });
      await db.update(outbox).set({ status: 'sent', sentAt: new Date(), leaseUntil: null, lastError: null }).where(eq(outbox.id, mail.id));
      sent++;
    } catch (error) {
      const message = (error as Error).message.slice(0, 500);
      const failed = mail.attempts >= maxAttempts;
      await db
        .update(outbox)
        .set({ status: failed ? 'failed' : 'pending', leaseUntil: null, lastError: message, nextAttemptAt: new Date(now.getTime() + retryDelayMs(mail.attempts)) })
        .where(eq(outbox.id, mail.id));
      options.log?.warn({ outboxId: mail.id, attempts: mail.attempts, failed }, 'mail not sent');
    }
  }
  return sent;
}

async function claimNext(db: Database, now: Date) {
  return db.transaction(async (tx) => {
    const [due] = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(or(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)), and(eq(outbox.status, 'sending'), lte(outbox.leaseUntil, now))))
      .orderBy(asc(outbox.id))
      .limit(1)
      .for('update', { skipLocked: true });
    if (!due) return undefined;
    const [claimed] = await tx
      .update(outbox)
      .set({ status: 'sending', leaseUntil: new Date(now.getTime() + leaseMs), attempts: sql`${outbox.attempts} + 1` })
      .where(eq(outbox.id, due.id))
      .returning();
    return claimed;
  });
}
