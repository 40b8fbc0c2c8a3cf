import { createHmac, timingSafeEqual } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../audit/service.js';
import { installationSecret } from '../auth/secrets.js';
import { hashToken, newToken } from '../auth/sessions.js';
import { findBody } from '../city/repository.js';
import { councils } from '../councils/schema.js';
import { councilGenitive } from '../councils/service.js';
import type { Database } from '../infra/db/database.js';
import { defaultLocale, isLocale, type Locale } from '../infra/i18n/locales.js';
import type { LocalizedText } from '../infra/i18n/localized.js';
import { translator, type Translator } from '../infra/i18n/translator.js';
import { enqueueMail } from '../mail/outbox.js';
import { outbox } from '../mail/schema.js';
import { loadCalendarMeeting, meetingIcsIn } from '../meetings/ical.js';
import { countNonPublicAgendaItems } from '../meetings/repository.js';
import { announcementMail, type UnsubscribeLink } from './mail.js';
import {
  confirmationMailKeyPrefix,
  confirmByTokenHash,
  countConfirmationMailsSince,
  deleteSubscription,
  deleteUnconfirmedBefore,
  findSubscription,
  findSubscriptionWithCouncil,
  insertSubscription,
  listConfirmedSubscriptions,
  renewConfirmation,
  type Subscription,
} from './repository.js';

/**
 * E-mail subscriptions to meeting announcements, with double opt-in: a request stores the address
 * unconfirmed with the hash of a mailed token; nothing else is ever sent before the link is
 * confirmed, and unconfirmed requests are deleted after a week. Unsubscribe links are signed, not
 * stored, so every mail can carry one.
 */
export const confirmationValidDays = 7;
const dayMs = 24 * 3600_000;
/** More requests for one address in a day send no more mail: nobody can flood a stranger's inbox. */
const maxConfirmationMailsPerDay = 3;
export const limits = { email: 254, token: 100 } as const;

export const subscribeInput = z.object({
  email: z.string().trim().min(1).max(limits.email).email(),
  consent: z.literal('on', 'subscriptions.error.consent'),
});
export type SubscribeInput = z.infer<typeof subscribeInput>;

export const confirmPath = '/abo/bestaetigen';
export const unsubscribePath = '/abo/abmelden';

const localeOf = (value: string): Locale => (isLocale(value) ? value : defaultLocale);

/** "des Integrationsbeirats Mitte" or "aller Integrationsbeiräte in Hannover", for "die Sitzungen …". */
export function scopeText(t: Translator, council: { name: LocalizedText } | null, cityName: string): string {
  return council ? t.t('subscriptions.scope.council', { council: councilGenitive(t.text(council.name), t.locale) }) : t.t('subscriptions.scope.city', { city: cityName });
}

async function cityShortName(db: Tx): Promise<{ name: string; shortName: string }> {
  const body = await findBody(db as Database);
  return { name: body?.name ?? '', shortName: body?.shortName ?? '' };
}

export type SubscribeOutcome = 'queued' | 'unchanged' | 'throttled';

/**
 * Records a request to subscribe and mails the confirmation link. The caller answers every outcome
 * alike, so nobody learns from the answer whether an address is subscribed.
 */
export async function requestSubscription(
  db: Database,
  input: { councilId: number | null; email: string; locale: Locale; baseUrl: string; now: Date },
): Promise<SubscribeOutcome> {
  return db.transaction(async (tx) => {
    const existing = await findSubscription(tx, input.councilId, input.email);
    // A confirmed address gets nothing: it is subscribed already.
    if (existing?.confirmedAt) return 'unchanged';
    if (existing && (await countConfirmationMailsSince(tx, existing.id, new Date(input.now.getTime() - dayMs))) >= maxConfirmationMailsPerDay) return 'throttled';

    const token = newToken();
    const confirmTokenHash = hashToken(token);
    const row = existing
      ? await renewConfirmation(tx, existing.id, { locale: input.locale, confirmTokenHash, createdAt: input.now })
      : await insertSubscription(tx, { councilId: input.councilId, email: input.email, locale: input.locale, confirmTokenHash, createdAt: input.now });
    // Someone else's request for the same address got there at the same moment: theirs mails.
    if (!row) return 'unchanged';

    const t = translator(input.locale);
    const [council] = input.councilId === null ? [] : await tx.select({ name: councils.name }).from(councils).where(eq(councils.id, input.councilId));
    const city = await cityShortName(tx);
    await enqueueMail(tx, {
      key: `${confirmationMailKeyPrefix(row.id)}${confirmTokenHash.slice(0, 16)}`,
      to: row.email,
      subject: t.t('subscriptions.mail.confirm.subject'),
      text: t.t('subscriptions.mail.confirm.text', {
        scope: scopeText(t, council ?? null, city.shortName),
        link: `${input.baseUrl}${t.href(confirmPath)}?t=${token}`,
        days: confirmationValidDays,
        city: city.name,
      }),
    });
    return 'queued';
  });
}

const validSince = (now: Date) => new Date(now.getTime() - confirmationValidDays * dayMs);
const wellFormedToken = (token: string) => /^[A-Za-z0-9_-]{20,100}$/.test(token);

/** The request a confirmation link stands for, while it may still be confirmed. */
export async function pendingConfirmation(db: Database, token: string, now: Date) {
  if (!wellFormedToken(token)) return undefined;
  const found = await findSubscriptionWithCouncil(db, { tokenHash: hashToken(token) });
  if (!found || found.subscription.confirmedAt || found.subscription.createdAt < validSince(now)) return undefined;
  return found;
}

/** Confirms a subscription; false for a token that is unknown, expired or used. */
export async function confirmSubscription(db: Database, token: string, now: Date): Promise<boolean> {
  if (!wellFormedToken(token)) return false;
  return (await confirmByTokenHash(db, hashToken(token), validSince(now), now)) !== undefined;
}

async function signature(db: Tx, id: number): Promise<string> {
  const secret = await installationSecret(db as Database, 'subscriptions');
  return createHmac('sha256', secret).update(`unsubscribe:${id}`).digest('base64url').slice(0, 32);
}

/** "{id}.{signature}": what the unsubscribe link carries. */
export async function unsubscribeToken(db: Tx, subscriptionId: number): Promise<string> {
  return `${subscriptionId}.${await signature(db, subscriptionId)}`;
}

export async function unsubscribeUrl(db: Tx, baseUrl: string, locale: Locale, subscriptionId: number): Promise<string> {
  return `${baseUrl}${translator(locale).href(unsubscribePath)}?s=${await unsubscribeToken(db, subscriptionId)}`;
}

/** The subscription id an unsubscribe token names, or undefined when it was not signed here. */
export async function verifyUnsubscribeToken(db: Database, token: string): Promise<number | undefined> {
  const match = /^(\d{1,10})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return undefined;
  const id = Number(match[1]);
  if (id < 1 || id > 2_147_483_647) return undefined;
  const expected = Buffer.from(await signature(db, id));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : undefined;
}

export async function subscriptionForUnsubscribe(db: Database, id: number) {
  return findSubscriptionWithCouncil(db, { id });
}

/** Deletes the subscription: nothing of the address is kept. */
export async function unsubscribe(db: Database, id: number): Promise<boolean> {
  return deleteSubscription(db, id);
}

/** Unconfirmed requests are kept a week at most. */
export async function deleteUnconfirmedSubscriptions(db: Database, now: Date): Promise<number> {
  return deleteUnconfirmedBefore(db, validSince(now));
}

/**
 * Queues one announcement per confirmed address subscribed to the meeting's council or to all
 * councils (an address with both gets one mail), in the subscriber's language. The outbox key holds
 * the meeting's SEQUENCE, so calling this again for the same state mails nobody twice, while a
 * change that raised the sequence is announced anew. Returns how many mails were queued.
 */
export async function announceMeeting(tx: Tx, input: { meetingId: number; kind: 'invited' | 'cancelled' | 'changed'; baseUrl: string }): Promise<number> {
  const found = await loadCalendarMeeting(tx, input.meetingId);
  if (!found) throw new Error(`No meeting ${input.meetingId}`);
  const { meeting } = found;
  const subscriptions = await listConfirmedSubscriptions(tx, meeting.councilId);
  if (subscriptions.length === 0) return 0;

  const byAddress = new Map<string, Subscription[]>();
  for (const s of subscriptions) {
    const address = s.email.toLowerCase();
    byAddress.set(address, [...(byAddress.get(address) ?? []), s]);
  }
  // The council's own subscription decides the language and the key; the city-wide one otherwise.
  const recipients = [...byAddress.values()].map((group) => ({ primary: group.find((s) => s.councilId !== null) ?? group[0]!, group }));
  const keyOf = (primary: Subscription) => `meeting-${input.kind}:${meeting.id}:${meeting.sequence}:${primary.id}`;
  const keys = recipients.map((r) => keyOf(r.primary));
  const alreadyQueued = new Set((await tx.select({ key: outbox.key }).from(outbox).where(inArray(outbox.key, keys))).map((r) => r.key));

  const city = await cityShortName(tx);
  const nonPublicItems = await countNonPublicAgendaItems(tx as Database, meeting.id);
  const withAttachment = input.kind !== 'cancelled';
  const calendars = new Map<Locale, Buffer>();
  let queued = 0;
  for (const { primary, group } of recipients) {
    const key = keyOf(primary);
    if (alreadyQueued.has(key)) continue;
    const locale = localeOf(primary.locale);
    const t = translator(locale);
    if (withAttachment && !calendars.has(locale)) calendars.set(locale, Buffer.from(await meetingIcsIn(tx, input.baseUrl, meeting.id, locale), 'utf8'));
    const unsubscribe: UnsubscribeLink[] = [];
    for (const s of group) {
      unsubscribe.push({ scope: scopeText(t, s.councilId === null ? null : found.council, city.shortName), url: await unsubscribeUrl(tx, input.baseUrl, locale, s.id) });
    }
    const mail = announcementMail(t, { kind: input.kind, meeting: found, nonPublicItems, baseUrl: input.baseUrl, unsubscribe, withAttachment });
    const calendar = calendars.get(locale);
    await enqueueMail(tx, {
      key,
      to: primary.email,
      ...mail,
      ...(withAttachment && calendar ? { attachments: [{ filename: `${locale === 'de' ? 'sitzung' : 'meeting'}-${meeting.id}.ics`, contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: calendar }] } : {}),
    });
    queued++;
  }
  return queued;
}
