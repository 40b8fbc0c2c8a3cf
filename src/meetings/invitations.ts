import type { Database } from '../infra/db/database.js';
import type { LocalizedText } from '../infra/i18n/localized.js';
import { berlinDate } from '../infra/time.js';
import type { Locale } from '../infra/i18n/locales.js';
import { translator, type Translator } from '../infra/i18n/translator.js';
import { renderPdf, type PdfBlock, type PdfLetterhead, type PdfSection } from '../documents/pdf.js';
import { councilGenitive } from '../councils/service.js';
import { displayName } from '../members/service.js';
import type { MemberAtMeeting } from './admin-repository.js';
import type { Dispatch, DispatchRenderer, PublicNotice } from './admin-service.js';
import { meetingIcs } from './ical.js';
import { meetingPath, meetingWhen } from './views.js';

/**
 * Invitation and supplement letters and their mails, and the public notice (öffentliche
 * Bekanntmachung) of each. Both are written in German, the council's language of record; names in
 * any script print as written (the PDF fonts cover them). Letters go to members and carry the whole
 * agenda; the notice is for everyone and carries only the public items.
 */

const letterLocale: Locale = 'de';

export function meetingUrl(baseUrl: string, slug: string, meetingId: number, t: Translator = translator(letterLocale)): string {
  return `${baseUrl}${t.href(meetingPath(slug, meetingId))}`;
}

function salutation(t: Translator, member: Pick<MemberAtMeeting, 'formOfAddress' | 'givenName' | 'familyName'> | null): string {
  if (!member) return t.t('meetingLetters.salutation.all');
  const name = displayName(member);
  const form = member.formOfAddress?.trim().toLowerCase();
  if (form === 'frau') return t.t('meetingLetters.salutation.female', { name });
  if (form === 'herr') return t.t('meetingLetters.salutation.male', { name });
  return t.t('meetingLetters.salutation.neutral', { name });
}

function placeLines(d: Dispatch): string[] {
  if (!d.location) return [];
  const l = d.location;
  return [l.name, l.room ?? '', l.streetAddress, `${l.postalCode} ${l.locality}`].filter(Boolean);
}

function meetingFacts(t: Translator, d: Dispatch): Array<{ key: string; value: string }> {
  const when = meetingWhen(t, d.meeting);
  const facts = [
    { key: t.t('meetings.date'), value: when.date },
    { key: t.t('meetings.time'), value: when.time },
    { key: t.t('meetings.place'), value: placeLines(d).join(', ') || t.t('meetings.placeUnknown') },
  ];
  const access = d.location?.accessibility ? t.text(d.location.accessibility) : '';
  if (access) facts.push({ key: t.t('meetings.accessibility'), value: access });
  return facts;
}

/** The items a letter lists: all of them for an invitation, the new ones for a supplement. */
function itemsOf(d: Dispatch) {
  return d.kind === 'invitation' ? d.items : d.items.filter((i) => i.supplement === d.supplement);
}

/** Items under a part's heading: number, title, sub-items indented, an item's text below it. */
function agendaPart(t: Translator, heading: string, items: Dispatch['items']): PdfBlock[] {
  if (items.length === 0) return [];
  return [
    { kind: 'heading', text: heading, level: 3 },
    { kind: 'agenda', items: items.map((i) => ({ number: i.number, title: t.text(i.title), level: (i.level === 1 ? 1 : 0) as 0 | 1, note: i.text ? t.text(i.text) : undefined })) },
  ];
}

function agendaBlocks(t: Translator, d: Dispatch): PdfBlock[] {
  const items = itemsOf(d);
  return [
    ...agendaPart(t, t.t('meetingLetters.publicPart'), items.filter((i) => i.isPublic)),
    ...agendaPart(t, t.t('meetingLetters.nonPublicPart'), items.filter((i) => !i.isPublic)),
  ];
}

/** The subject of a letter, also the title of its PDF. */
function letterSubject(t: Translator, d: Dispatch): string {
  const council = councilGenitive(t.text(d.council.name), t.locale);
  const { date } = meetingWhen(t, d.meeting);
  return d.kind === 'invitation' ? t.t('meetingLetters.invitation.subject', { council, date }) : t.t('meetingLetters.supplement.subject', { council, date, number: d.supplement });
}

/** The reason for urgency belongs to the invitation: printed in its letters and its public notice. */
function urgencyBlocks(t: Translator, d: Dispatch): PdfBlock[] {
  return d.meeting.urgencyReason && d.kind === 'invitation' ? [{ kind: 'paragraph', text: t.t('meetingLetters.urgent', { reason: d.meeting.urgencyReason }) }] : [];
}

/** "1. Dezember 2026": a date in running text and after the place, without the weekday. */
function plainDate(t: Translator, date: Date): string {
  return t.fmt.dateLong(date).replace(/^[^,]+,\s*/, '');
}

function letterhead(t: Translator, d: Dispatch, recipient: MemberAtMeeting | null, date: Date): PdfLetterhead {
  return {
    sender: [d.bodyName, t.text(d.council.name), t.t('meetingLetters.office'), d.council.contactEmail, ...(d.council.contactPhone ? [d.council.contactPhone] : [])],
    recipient: recipient ? [recipient.formOfAddress ?? '', displayName(recipient)].filter(Boolean) : undefined,
    place: d.bodyName.replace(/^Landeshauptstadt\s+/, ''),
    date: plainDate(t, date),
  };
}

/** Who signs: the chair on the meeting day, or else the council office. */
function signatory(t: Translator, d: Pick<Dispatch, 'chair'>): string[] {
  return d.chair ? [displayName(d.chair), t.t('meetingLetters.chair')] : [t.t('meetingLetters.office')];
}

function signature(t: Translator, d: Dispatch): PdfBlock {
  return { kind: 'signature', lines: [t.t('meetingLetters.regards'), ...signatory(t, d)] };
}

/** One letter: to a member, or (recipient null) the copy for the file. */
export function letterSection(d: Dispatch, recipient: MemberAtMeeting | null, baseUrl: string, date: Date): PdfSection {
  const t = translator(letterLocale);
  const council = councilGenitive(t.text(d.council.name), t.locale);
  const when = meetingWhen(t, d.meeting);
  const intro =
    d.kind === 'invitation'
      ? t.t('meetingLetters.invitation.intro', { council, date: when.date })
      : t.t('meetingLetters.supplement.intro', { council, date: when.date, number: d.supplement });
  const blocks: PdfBlock[] = [
    { kind: 'heading', text: letterSubject(t, d), level: 2 },
    { kind: 'paragraph', text: salutation(t, recipient) },
    { kind: 'paragraph', text: intro },
    { kind: 'keyValue', items: meetingFacts(t, d) },
    ...urgencyBlocks(t, d),
    { kind: 'heading', text: d.kind === 'invitation' ? t.t('meetings.agenda') : t.t('meetingLetters.supplement.items'), level: 2 },
    ...agendaBlocks(t, d),
    { kind: 'paragraph', text: t.t('meetingLetters.link', { url: meetingUrl(baseUrl, d.council.slug, d.meeting.id, t) }), small: true },
    { kind: 'paragraph', text: t.t('meetingLetters.excuse') },
    signature(t, d),
  ];
  return { letterhead: letterhead(t, d, recipient, date), blocks };
}

function pdfSpec(d: Dispatch, sections: PdfSection[], title = letterSubject(translator(letterLocale), d)) {
  const t = translator(letterLocale);
  return {
    title,
    author: t.text(d.council.name),
    lang: letterLocale,
    footer: `${t.text(d.council.name)} · ${d.council.contactEmail}`,
    pageLabel: (page: number, pages: number) => t.t('meetingLetters.page', { page, pages }),
    sections,
  };
}

function mailText(t: Translator, d: Dispatch, member: MemberAtMeeting, baseUrl: string): string {
  const council = councilGenitive(t.text(d.council.name), t.locale);
  const when = meetingWhen(t, d.meeting);
  const intro = d.kind === 'invitation' ? t.t('meetingLetters.invitation.intro', { council, date: when.date }) : t.t('meetingLetters.supplement.intro', { council, date: when.date, number: d.supplement });
  const items = itemsOf(d);
  const line = (i: (typeof items)[number]) => `${'  '.repeat(i.level)}${t.t('meetings.itemNumber', { number: i.number })} ${t.text(i.title)}`;
  const publicItems = items.filter((i) => i.isPublic).map(line);
  const closed = items.filter((i) => !i.isPublic).map(line);
  return [
    salutation(t, member),
    '',
    intro,
    '',
    ...meetingFacts(t, d).map((f) => `${f.key}: ${f.value}`),
    '',
    `${d.kind === 'invitation' ? t.t('meetings.agenda') : t.t('meetingLetters.supplement.items')}:`,
    ...(publicItems.length ? [t.t('meetingLetters.publicPart'), ...publicItems] : []),
    ...(closed.length ? ['', t.t('meetingLetters.nonPublicPart'), ...closed] : []),
    '',
    t.t('meetingLetters.mail.attachments'),
    meetingUrl(baseUrl, d.council.slug, d.meeting.id, t),
    '',
    t.t('meetingLetters.excuse'),
    '',
    t.t('meetingLetters.regards'),
    d.chair ? `${displayName(d.chair)}, ${t.t('meetingLetters.chair')}` : t.t('meetingLetters.office'),
    '',
    `-- \n${t.text(d.council.name)} · ${d.council.contactEmail}`,
  ].join('\n');
}

/** The renderer the app uses: real letters, real .ics. */
export function letterRenderer(db: Database, baseUrl: string): DispatchRenderer {
  return {
    async render(d) {
      const t = translator(letterLocale);
      const now = new Date();
      const subject = letterSubject(t, d);
      const base = d.kind === 'invitation' ? 'einladung' : `nachtrag-${d.supplement}`;
      const day = berlinDate(d.meeting.startsAt);
      const withMail = d.members.filter((m) => m.email);
      const mails = [];
      for (const member of withMail) {
        const pdf = await renderPdf(pdfSpec(d, [letterSection(d, member, baseUrl, now)]));
        mails.push({ membershipId: member.membershipId, to: member.email!, subject, text: mailText(t, d, member, baseUrl), pdf, pdfName: `${base}-${day}.pdf` });
      }
      // The file copy first, then a printable letter for every member without e-mail.
      const withoutMail = d.members.filter((m) => !m.email);
      const record = await renderPdf(pdfSpec(d, [letterSection(d, null, baseUrl, now), ...withoutMail.map((m) => letterSection(d, m, baseUrl, now))]));
      const ics = Buffer.from(await meetingIcs(db, baseUrl, d.meeting.id, letterLocale), 'utf8');
      return {
        mails,
        ics,
        record: {
          fileName: `${base}-${day}.pdf`,
          title: {
            de: withoutMail.length > 0 ? `${subject} (mit ${withoutMail.length} Briefen zum Ausdruck)` : subject,
            en: withoutMail.length > 0 ? `${letterSubject(translator('en'), d)} (with ${withoutMail.length} letters to print)` : undefined,
          },
          pdf: record,
        },
      };
    },
    async renderNotice(d, options) {
      return renderPublicNotice(d, baseUrl, { date: new Date(), replaces: options.replaces });
    },
  };
}

/** A short mail to a member: the meeting moved or was cancelled. */
export function memberNotice(d: Dispatch, member: MemberAtMeeting, kind: 'change' | 'cancellation', baseUrl: string): { subject: string; text: string } {
  const t = translator(letterLocale);
  const council = councilGenitive(t.text(d.council.name), t.locale);
  const when = meetingWhen(t, d.meeting);
  const note = d.meeting.cancellationNote ? t.text(d.meeting.cancellationNote) : '';
  const subject = kind === 'cancellation' ? t.t('meetingLetters.cancelled.subject', { council, date: when.date }) : t.t('meetingLetters.changed.subject', { council, date: when.date });
  const text = [
    salutation(t, member),
    '',
    kind === 'cancellation' ? t.t('meetingLetters.cancelled.text', { council, date: when.date }) : t.t('meetingLetters.changed.text', { council }),
    ...(note ? ['', note] : []),
    '',
    ...(kind === 'change' ? [...meetingFacts(t, d).map((f) => `${f.key}: ${f.value}`), ''] : []),
    meetingUrl(baseUrl, d.council.slug, d.meeting.id, t),
    '',
    t.t('meetingLetters.regards'),
    d.chair ? `${displayName(d.chair)}, ${t.t('meetingLetters.chair')}` : t.t('meetingLetters.office'),
  ].join('\n');
  return { subject, text };
}

/** The letter as the office previews it before sending (the file copy, no recipient). */
export async function previewLetter(d: Dispatch, baseUrl: string, now: Date): Promise<Buffer> {
  return renderPdf(pdfSpec(d, [letterSection(d, null, baseUrl, now)]));
}

// ---------------------------------------------------------------------------------------------------
// The public notice
// ---------------------------------------------------------------------------------------------------

export interface NoticeOptions {
  /** The day the notice is dated: when it is published. */
  date: Date;
  /** When the notice this one replaces was published (a change of date or place); null if none. */
  replaces: Date | null;
}

/**
 * The items members have been sent for this dispatch: for an invitation the agenda with the
 * supplements sent so far (a notice renewed after a move announces them all again), for a
 * supplement the agenda up to it. Items still waiting for their supplement are not announced yet.
 */
function announcedItems(d: Dispatch): Dispatch['items'] {
  const upTo = d.kind === 'invitation' ? d.meeting.supplementsSent : d.supplement;
  return d.items.filter((i) => i.supplement <= upTo);
}

function noticeHeading(t: Translator, d: Dispatch): string {
  const council = councilGenitive(t.text(d.council.name), t.locale);
  const { date } = meetingWhen(t, d.meeting);
  return d.kind === 'invitation' ? t.t('meetingNotice.invitation.heading', { council }) : t.t('meetingNotice.supplement.heading', { council, date, number: d.supplement });
}

/**
 * The public notice of an invitation or a supplement: date, time, place with its accessibility
 * note and the public items, nothing of the non-public ones but that a non-public part follows (as
 * the public meeting page says). Undefined for a supplement without public items: residents have
 * nothing new to learn from it. `baseUrl` null leaves out the link (demo files written before the
 * app knows its address).
 */
function noticeSection(d: Dispatch, baseUrl: string | null, options: NoticeOptions): PdfSection | undefined {
  const t = translator(letterLocale);
  const council = councilGenitive(t.text(d.council.name), t.locale);
  const when = meetingWhen(t, d.meeting);
  const announced = announcedItems(d);
  const publicItems = announced.filter((i) => i.isPublic && (d.kind === 'invitation' || i.supplement === d.supplement));
  if (d.kind === 'supplement' && publicItems.length === 0) return undefined;
  // Only after a public part: a meeting without one is simply not public.
  const nonPublicPart = publicItems.length > 0 && announced.some((i) => !i.isPublic);
  const blocks: PdfBlock[] = [
    // Invented demo meetings say so wherever they are published, on paper too.
    ...(d.meeting.isExample ? [{ kind: 'paragraph' as const, text: t.t('meetingNotice.example'), small: true }] : []),
    { kind: 'heading', text: noticeHeading(t, d), level: 2 },
    ...(options.replaces ? [{ kind: 'paragraph' as const, text: t.t('meetingNotice.replaces', { date: plainDate(t, options.replaces) }), bold: true }] : []),
    { kind: 'paragraph', text: d.kind === 'invitation' ? t.t('meetingNotice.invitation.intro', { council, date: when.date }) : t.t('meetingNotice.supplement.intro', { council, date: when.date }) },
    { kind: 'keyValue', items: meetingFacts(t, d) },
    ...urgencyBlocks(t, d),
    { kind: 'heading', text: d.kind === 'invitation' ? t.t('meetings.agenda') : t.t('meetingLetters.supplement.items'), level: 2 },
    ...agendaPart(t, t.t('meetingLetters.publicPart'), publicItems),
    ...(nonPublicPart ? [{ kind: 'paragraph' as const, text: t.t('meetingNotice.nonPublicPart') }] : []),
    { kind: 'paragraph', text: publicItems.length > 0 ? t.t('meetingNotice.welcome') : t.t('meetingNotice.notPublic') },
    ...(baseUrl ? [{ kind: 'paragraph' as const, text: t.t('meetingNotice.link', { url: meetingUrl(baseUrl, d.council.slug, d.meeting.id, t) }), small: true }] : []),
    { kind: 'signature', lines: signatory(t, d) },
  ];
  return { letterhead: letterhead(t, d, null, options.date), blocks };
}

/** The public notice as it is filed: PDF, file name and the title the documents lists show. */
export async function renderPublicNotice(d: Dispatch, baseUrl: string | null, options: NoticeOptions): Promise<PublicNotice | undefined> {
  const section = noticeSection(d, baseUrl, options);
  if (!section) return undefined;
  const de = translator(letterLocale);
  const en = translator('en');
  const day = berlinDate(d.meeting.startsAt);
  const pdf = await renderPdf(pdfSpec(d, [section], noticeHeading(de, d)));
  return d.kind === 'invitation'
    ? { fileName: `einladung-${day}.pdf`, title: { de: de.t('meetingNotice.document.invitation'), en: en.t('meetingNotice.document.invitation') }, pdf }
    : { fileName: `nachtrag-${d.supplement}-${day}.pdf`, title: { de: de.t('meetingNotice.document.supplement', { number: d.supplement }), en: en.t('meetingNotice.document.supplement', { number: d.supplement }) }, pdf };
}

/** The title of a notice another one replaced, so the office tells them apart in the back office. */
export function supersededTitle(title: LocalizedText, on: Date): LocalizedText {
  const de = translator('de');
  const en = translator('en');
  return {
    de: de.t('meetingNotice.superseded', { title: title.de, date: de.fmt.dateShort(on) }),
    ...(title.en ? { en: en.t('meetingNotice.superseded', { title: title.en, date: en.fmt.dateShort(on) }) } : {}),
  };
}
