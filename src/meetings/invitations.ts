import type { Database } from '../infra/db/database.js';
import { berlinDate } from '../infra/time.js';
import type { Locale } from '../infra/i18n/locales.js';
import { translator, type Translator } from '../infra/i18n/translator.js';
import { renderPdf, type PdfBlock, type PdfLetterhead, type PdfSection } from '../documents/pdf.js';
import { councilGenitive } from '../councils/service.js';
import { displayName } from '../members/service.js';
import type { MemberAtMeeting } from './admin-repository.js';
import type { Dispatch, DispatchRenderer } from './admin-service.js';
import { meetingIcs } from './ical.js';
import { meetingPath, meetingWhen } from './views.js';

/**
 * Invitation and supplement letters and their mails. Letters are written in German, the council's
 * language of record; names in any script print as written (the PDF fonts cover them).
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

function agendaBlocks(t: Translator, d: Dispatch): PdfBlock[] {
  const items = itemsOf(d);
  const publicItems = items.filter((i) => i.isPublic);
  const closed = items.filter((i) => !i.isPublic);
  const toAgenda = (list: typeof items) => list.map((i) => ({ number: i.number, title: t.text(i.title), level: (i.level === 1 ? 1 : 0) as 0 | 1, note: i.text ? t.text(i.text) : undefined }));
  const blocks: PdfBlock[] = [];
  if (publicItems.length > 0) blocks.push({ kind: 'heading', text: t.t('meetingLetters.publicPart'), level: 3 }, { kind: 'agenda', items: toAgenda(publicItems) });
  if (closed.length > 0) blocks.push({ kind: 'heading', text: t.t('meetingLetters.nonPublicPart'), level: 3 }, { kind: 'agenda', items: toAgenda(closed) });
  return blocks;
}

function letterhead(t: Translator, d: Dispatch, recipient: MemberAtMeeting | null, date: Date): PdfLetterhead {
  return {
    sender: [d.bodyName, t.text(d.council.name), t.t('meetingLetters.office'), d.council.contactEmail, ...(d.council.contactPhone ? [d.council.contactPhone] : [])],
    recipient: recipient ? [recipient.formOfAddress ?? '', displayName(recipient)].filter(Boolean) : undefined,
    place: d.bodyName.replace(/^Landeshauptstadt\s+/, ''),
    date: t.fmt.dateLong(date).replace(/^[^,]+,\s*/, ''),
  };
}

function signature(t: Translator, d: Dispatch): PdfBlock {
  return d.chair
    ? { kind: 'signature', lines: [t.t('meetingLetters.regards'), displayName(d.chair), t.t('meetingLetters.chair')] }
    : { kind: 'signature', lines: [t.t('meetingLetters.regards'), t.t('meetingLetters.office')] };
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
    { kind: 'heading', text: d.kind === 'invitation' ? t.t('meetingLetters.invitation.subject', { council, date: when.date }) : t.t('meetingLetters.supplement.subject', { council, date: when.date, number: d.supplement }), level: 2 },
    { kind: 'paragraph', text: salutation(t, recipient) },
    { kind: 'paragraph', text: intro },
    { kind: 'keyValue', items: meetingFacts(t, d) },
    ...(d.meeting.urgencyReason && d.kind === 'invitation' ? [{ kind: 'paragraph' as const, text: t.t('meetingLetters.urgent', { reason: d.meeting.urgencyReason }) }] : []),
    { kind: 'heading', text: d.kind === 'invitation' ? t.t('meetings.agenda') : t.t('meetingLetters.supplement.items'), level: 2 },
    ...agendaBlocks(t, d),
    { kind: 'paragraph', text: t.t('meetingLetters.link', { url: meetingUrl(baseUrl, d.council.slug, d.meeting.id, t) }), small: true },
    { kind: 'paragraph', text: t.t('meetingLetters.excuse') },
    signature(t, d),
  ];
  return { letterhead: letterhead(t, d, recipient, date), blocks };
}

function pdfSpec(d: Dispatch, sections: PdfSection[]) {
  const t = translator(letterLocale);
  const council = councilGenitive(t.text(d.council.name), t.locale);
  const when = meetingWhen(t, d.meeting);
  return {
    title: d.kind === 'invitation' ? t.t('meetingLetters.invitation.subject', { council, date: when.date }) : t.t('meetingLetters.supplement.subject', { council, date: when.date, number: d.supplement }),
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
      const council = councilGenitive(t.text(d.council.name), t.locale);
      const when = meetingWhen(t, d.meeting);
      const subject = d.kind === 'invitation' ? t.t('meetingLetters.invitation.subject', { council, date: when.date }) : t.t('meetingLetters.supplement.subject', { council, date: when.date, number: d.supplement });
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
            en: withoutMail.length > 0 ? `${translator('en').t(d.kind === 'invitation' ? 'meetingLetters.invitation.subject' : 'meetingLetters.supplement.subject', { council: translator('en').text(d.council.name), date: meetingWhen(translator('en'), d.meeting).date, number: d.supplement })} (with ${withoutMail.length} letters to print)` : undefined,
          },
          pdf: record,
        },
      };
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
