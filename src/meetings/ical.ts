import { createHash } from 'node:crypto';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { and, asc, eq, gte, inArray, type SQL } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import ical, { ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from 'ical-generator';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Tx } from '../audit/service.js';
import { findBody } from '../city/repository.js';
import { councils } from '../councils/schema.js';
import { councilGenitive } from '../councils/service.js';
import { councilPath } from '../councils/views.js';
import type { Database } from '../infra/db/database.js';
import { localePrefix, locales, type Locale } from '../infra/i18n/locales.js';
import { translator, type Translator } from '../infra/i18n/translator.js';
import { NotFoundError } from '../web/http-errors.js';
import { tagCouncil } from '../web/page-cache.js';
import type { PageServices } from '../web/pages.js';
import { agendaItems, locations, meetings } from './schema.js';
import { meetingPath, meetingWhen } from './views.js';

/**
 * Meetings as iCalendar (RFC 5545): a feed per council and one for the whole city, for calendar
 * programs to subscribe to, and single meetings for invitation mails. Times carry TZID=Europe/Berlin
 * with the zone's VTIMEZONE, so a calendar shows 18:30 in Hannover whatever its own zone or DST.
 */
export const calendarZone = 'Europe/Berlin';

/** Meetings up to a year back stay in the feeds, so calendars keep recent history; the future is all there. */
const feedHistoryDays = 365;
/** A meeting without an end is shown as two hours long. */
const defaultDurationMs = 2 * 3600_000;

export const councilFeedPath = (slug: string) => councilPath(slug, '/sitzungen.ics');
export const cityFeedPath = '/sitzungen.ics';
export const meetingIcsPath = (slug: string, id: number) => `${meetingPath(slug, id)}/kalender.ics`;

/** The same feed for calendar programs that open webcal:// links. */
export const webcalUrl = (url: string) => url.replace(/^https?:\/\//, 'webcal://');

type MeetingRow = typeof meetings.$inferSelect;
type LocationRow = typeof locations.$inferSelect;
type AgendaRow = typeof agendaItems.$inferSelect;

export interface CalendarMeeting {
  meeting: MeetingRow;
  location: LocationRow | null;
  council: { slug: string; name: { de: string; en?: string } };
  /** Public items only. */
  items: AgendaRow[];
}

/** Meetings with their place, council and public agenda; `where` picks which. */
async function loadCalendarMeetings(db: Tx, where: SQL | undefined): Promise<CalendarMeeting[]> {
  const rows = await db
    .select({ meeting: meetings, location: locations, council: { slug: councils.slug, name: councils.name } })
    .from(meetings)
    .innerJoin(councils, eq(councils.id, meetings.councilId))
    .leftJoin(locations, eq(locations.id, meetings.locationId))
    .where(where)
    .orderBy(asc(meetings.startsAt), asc(meetings.id));
  if (rows.length === 0) return [];
  const items = await db
    .select()
    .from(agendaItems)
    // Non-public items never leave the back office: not in feeds, not in mails.
    .where(and(inArray(agendaItems.meetingId, rows.map((r) => r.meeting.id)), eq(agendaItems.isPublic, true)))
    .orderBy(asc(agendaItems.meetingId), asc(agendaItems.position));
  const byMeeting = new Map<number, AgendaRow[]>();
  for (const item of items) {
    const list = byMeeting.get(item.meetingId) ?? [];
    list.push(item);
    byMeeting.set(item.meetingId, list);
  }
  // The agenda is published with the invitation; before that it is the office's draft.
  return rows.map((r) => ({ ...r, items: r.meeting.state === 'planned' ? [] : (byMeeting.get(r.meeting.id) ?? []) }));
}

export async function loadCalendarMeeting(db: Tx, meetingId: number): Promise<CalendarMeeting | undefined> {
  const [found] = await loadCalendarMeetings(db, eq(meetings.id, meetingId));
  return found;
}

export function meetingSummary(t: Translator, m: CalendarMeeting): string {
  return m.meeting.title ? t.text(m.meeting.title) : t.t('feeds.summary', { council: councilGenitive(t.text(m.council.name), t.locale) });
}

/** One line: name, room, street, postal code and place. */
export function locationLine(location: LocationRow | null): string | undefined {
  if (!location) return undefined;
  return [location.name, location.room, location.streetAddress, `${location.postalCode} ${location.locality}`].filter((part): part is string => !!part && part.trim() !== '').join(', ');
}

export function meetingEnd(meeting: { startsAt: Date; endsAt: Date | null }): Date {
  return meeting.endsAt ?? new Date(meeting.startsAt.getTime() + defaultDurationMs);
}

/** The public agenda as text lines: "TOP 2.1 Title". */
export function agendaLines(t: Translator, items: readonly AgendaRow[]): string[] {
  return items.map((item) => `${t.t('meetings.itemNumber', { number: item.number })} ${t.text(item.title)}`);
}

/** When anything shown in the event last changed. */
function lastModified(m: CalendarMeeting): Date {
  const times = [m.meeting.updatedAt, m.location?.updatedAt, ...m.items.map((i) => i.updatedAt)].filter((d): d is Date => d instanceof Date);
  return new Date(Math.max(...times.map((d) => d.getTime())));
}

function description(t: Translator, m: CalendarMeeting, pageUrl: string): string {
  const { meeting } = m;
  const when = meetingWhen(t, meeting);
  const parts: string[] = [`${t.text(m.council.name)}\n${when.date}, ${when.time}`];
  if (meeting.cancelled) {
    parts.push(`${t.t('meetings.cancelledTitle')}. ${meeting.cancellationNote ? t.text(meeting.cancellationNote) : t.t('meetings.cancelledText')}`);
  }
  if (m.items.length > 0) parts.push(`${t.t('feeds.agenda')}\n${agendaLines(t, m.items).join('\n')}`);
  if (m.location?.accessibility) parts.push(`${t.t('meetings.accessibility')}: ${t.text(m.location.accessibility)}`);
  if (meeting.isExample) parts.push(t.t('feeds.example'));
  parts.push(`${t.t('feeds.moreInfo')} ${pageUrl}`);
  return parts.join('\n\n');
}

const zoned = (date: Date) => DateTime.fromJSDate(date, { zone: calendarZone });

export interface CalendarInput {
  baseUrl: string;
  locale: Locale;
  name: string;
  url?: string;
  meetings: readonly CalendarMeeting[];
}

/** The iCalendar text for some meetings, in one language. */
export function buildCalendar(input: CalendarInput): string {
  const calendar = calendarOf(input);
  return foldingFast(() => calendar.toString());
}

/** The calendar object, before it is written out. */
export function calendarOf(input: CalendarInput): ICalCalendar {
  const t = translator(input.locale);
  const host = new URL(input.baseUrl).hostname;
  const calendar = ical({
    name: input.name,
    prodId: { company: 'Beirat', product: 'Sitzungen', language: input.locale.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    // The generator writes the VTIMEZONE of every zone the events use. The calendar itself gets no
    // zone name: ical-generator would then write DTSTAMP, CREATED and LAST-MODIFIED in local time
    // without "Z", where RFC 5545 wants UTC; X-WR-TIMEZONE is added by hand below.
    timezone: { name: null, generator: getVtimezoneComponent },
    x: [['X-WR-TIMEZONE', calendarZone]],
    url: input.url ?? null,
    // Calendar programs that honour it look again every hour.
    ttl: 3600,
  });
  for (const m of input.meetings) {
    const { meeting } = m;
    const pageUrl = `${input.baseUrl}${t.href(meetingPath(m.council.slug, meeting.id))}`;
    const modified = lastModified(m);
    calendar.createEvent({
      id: `meeting-${meeting.id}@${host}`,
      sequence: meeting.sequence,
      start: zoned(meeting.startsAt),
      end: zoned(meetingEnd(meeting)),
      timezone: calendarZone,
      summary: meetingSummary(t, m),
      description: description(t, m, pageUrl),
      location: locationLine(m.location) ?? null,
      url: pageUrl,
      status: meeting.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      // The stamp is the last change, not the moment of the request, so an unchanged feed is byte
      // for byte the same and its ETag holds.
      stamp: modified,
      lastModified: modified,
      created: meeting.createdAt,
    });
  }
  return calendar;
}

/** The octets of a string in UTF-8, without encoding it. */
function utf8Length(text: string): number {
  let octets = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) octets += 1;
    else if (code < 0x800) octets += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      octets += 4;
      i++;
    } else octets += 3;
  }
  return octets;
}

/** Answers the only question ical-generator's line folding asks a TextEncoder: how long is this character in UTF-8? */
class Utf8LengthEncoder {
  readonly encoding = 'utf-8';
  encode(text = ''): { length: number } {
    return { length: utf8Length(text) };
  }
}

/**
 * ical-generator folds lines (RFC 5545, 75 octets) by building a TextEncoder and encoding each
 * character on its own: for a council's feed that is most of the time spent. Its toString() runs
 * synchronously, so for exactly that call a TextEncoder that only counts octets stands in; the
 * output is the same (test/meetings/ical.test.ts compares).
 */
export function foldingFast<T>(render: () => T): T {
  const original = globalThis.TextEncoder;
  globalThis.TextEncoder = Utf8LengthEncoder as unknown as typeof TextEncoder;
  try {
    return render();
  } finally {
    globalThis.TextEncoder = original;
  }
}

/** The iCalendar text of one meeting (the same event as in the feeds), e.g. for an invitation mail. */
export async function meetingIcs(db: Database, baseUrl: string, meetingId: number, locale: Locale): Promise<string> {
  return meetingIcsIn(db, baseUrl, meetingId, locale);
}

/** As `meetingIcs`, inside a transaction. */
export async function meetingIcsIn(db: Tx, baseUrl: string, meetingId: number, locale: Locale): Promise<string> {
  const found = await loadCalendarMeeting(db, meetingId);
  if (!found) throw new NotFoundError(`No meeting ${meetingId}`);
  const t = translator(locale);
  return buildCalendar({ baseUrl, locale, name: meetingSummary(t, found), meetings: [found] });
}

const feedSince = (now: Date) => new Date(now.getTime() - feedHistoryDays * 24 * 3600_000);

export async function councilFeed(db: Database, input: { baseUrl: string; locale: Locale; councilId: number; councilName: { de: string; en?: string }; slug: string; now: Date }): Promise<string> {
  const t = translator(input.locale);
  const list = await loadCalendarMeetings(db, and(eq(meetings.councilId, input.councilId), gte(meetings.startsAt, feedSince(input.now))));
  return buildCalendar({
    baseUrl: input.baseUrl,
    locale: input.locale,
    name: t.t('feeds.councilCalendar', { council: t.text(input.councilName) }),
    url: `${input.baseUrl}${t.href(councilPath(input.slug, '/sitzungen'))}`,
    meetings: list,
  });
}

export async function cityFeed(db: Database, input: { baseUrl: string; locale: Locale; bodyId: number; now: Date }): Promise<string> {
  const t = translator(input.locale);
  const list = await loadCalendarMeetings(db, and(eq(councils.bodyId, input.bodyId), gte(meetings.startsAt, feedSince(input.now))));
  return buildCalendar({ baseUrl: input.baseUrl, locale: input.locale, name: t.t('feeds.cityCalendar'), url: `${input.baseUrl}${t.href('/')}`, meetings: list });
}

// ---------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------

const slugParam = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(100);
const idParam = z.coerce.number().int().positive().max(2_147_483_647);

/** Sends calendar text with a content ETag: a feed reader asking again gets 304 while nothing changed. */
function sendCalendar(request: FastifyRequest, reply: FastifyReply, locale: Locale, fileName: string, text: string): FastifyReply {
  const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
  reply
    .header('cache-control', 'public, max-age=300')
    .header('etag', etag)
    .header('content-language', locale)
    .header('content-disposition', `inline; filename="${fileName}"`);
  const asked = request.headers['if-none-match'];
  if (typeof asked === 'string' && asked.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return reply.status(304).send();
  return reply.type('text/calendar; charset=utf-8').send(text);
}

export function registerMeetingFeeds(app: FastifyInstance, services: PageServices): void {
  const { db, config } = services;
  for (const locale of locales) {
    const prefix = localePrefix(locale);
    app.get(`${prefix}${cityFeedPath}`, { config: { cache: {} } }, async (request, reply) => {
      const body = await findBody(db);
      if (!body) throw new NotFoundError('No city configured');
      return sendCalendar(request, reply, locale, 'sitzungen.ics', await cityFeed(db, { baseUrl: config.baseUrl, locale, bodyId: body.id, now: new Date() }));
    });
    app.get(`${prefix}/beiraete/:slug/sitzungen.ics`, { config: { cache: {} } }, async (request, reply) => {
      const slug = slugParam.safeParse((request.params as Record<string, unknown>).slug);
      if (!slug.success) throw new NotFoundError('Malformed council slug');
      const [council] = await db.select({ id: councils.id, name: councils.name, slug: councils.slug }).from(councils).where(eq(councils.slug, slug.data)).limit(1);
      if (!council) throw new NotFoundError(`No council ${slug.data}`);
      tagCouncil(request, council.id);
      const text = await councilFeed(db, { baseUrl: config.baseUrl, locale, councilId: council.id, councilName: council.name, slug: council.slug, now: new Date() });
      return sendCalendar(request, reply, locale, `sitzungen-${council.slug}.ics`, text);
    });
    app.get(`${prefix}/beiraete/:slug/sitzungen/:id/kalender.ics`, { config: { cache: {} } }, async (request, reply) => {
      const params = request.params as Record<string, unknown>;
      const slug = slugParam.safeParse(params.slug);
      const id = idParam.safeParse(params.id);
      if (!slug.success || !id.success) throw new NotFoundError('Malformed meeting URL');
      const found = await loadCalendarMeeting(db, id.data);
      if (!found || found.council.slug !== slug.data) throw new NotFoundError(`No meeting ${id.data} in ${slug.data}`);
      tagCouncil(request, found.meeting.councilId);
      const t = translator(locale);
      const text = buildCalendar({ baseUrl: config.baseUrl, locale, name: meetingSummary(t, found), meetings: [found] });
      return sendCalendar(request, reply, locale, `sitzung-${found.meeting.id}.ics`, text);
    });
  }
}
