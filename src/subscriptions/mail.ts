import type { Translator } from '../infra/i18n/translator.js';
import { councilGenitive } from '../councils/service.js';
import { agendaLines, councilFeedPath, locationLine, type CalendarMeeting } from '../meetings/ical.js';
import { meetingPath, meetingWhen } from '../meetings/views.js';

export type AnnouncementKind = 'invited' | 'cancelled' | 'changed';

export interface UnsubscribeLink {
  /** "des Integrationsbeirats Mitte", "aller Integrationsbeiräte in Hannover". */
  scope: string;
  url: string;
}

/**
 * The text of a meeting announcement in the reader's language: when and where, the public agenda
 * (never a non-public item), the links, and how to unsubscribe, in every mail.
 */
export function announcementMail(
  t: Translator,
  input: { kind: AnnouncementKind; meeting: CalendarMeeting; nonPublicItems: number; baseUrl: string; unsubscribe: UnsubscribeLink[]; withAttachment: boolean },
): { subject: string; text: string } {
  const { meeting, location, council, items } = input.meeting;
  const councilName = t.text(council.name);
  const ofCouncil = councilGenitive(councilName, t.locale);
  const when = meetingWhen(t, meeting);
  const date = t.fmt.dateShort(meeting.startsAt);
  const subject = t.t(`subscriptions.mail.subject.${input.kind}`, { council: ofCouncil, date });

  const blocks: string[] = [t.t('subscriptions.mail.greeting')];
  blocks.push(input.kind === 'invited' ? t.t('subscriptions.mail.lead.invited', { council: councilName }) : t.t(`subscriptions.mail.lead.${input.kind}`, { council: ofCouncil, date: when.date }));
  if (meeting.cancelled && meeting.cancellationNote) blocks.push(t.text(meeting.cancellationNote));

  const facts = [t.t('subscriptions.mail.date', { date: when.date }), t.t('subscriptions.mail.time', { time: when.time }), t.t('subscriptions.mail.place', { place: locationLine(location) ?? t.t('meetings.placeUnknown') })];
  if (location?.accessibility) facts.push(t.t('subscriptions.mail.accessibility', { text: t.text(location.accessibility) }));
  blocks.push(facts.join('\n'));

  if (!meeting.cancelled) {
    const agenda = items.length > 0 ? [t.t('subscriptions.mail.agenda'), ...agendaLines(t, items)] : [t.t('meetings.agendaPending')];
    if (input.nonPublicItems > 0) agenda.push(t.t('meetings.nonPublicPart'));
    blocks.push(agenda.join('\n'));
  }

  const links = [
    t.t('subscriptions.mail.page', { url: `${input.baseUrl}${t.href(meetingPath(council.slug, meeting.id))}` }),
    t.t('subscriptions.mail.feed', { url: `${input.baseUrl}${t.href(councilFeedPath(council.slug))}` }),
  ];
  if (input.withAttachment) links.push(t.t('subscriptions.mail.attachment'));
  blocks.push(links.join('\n'));

  const [first] = input.unsubscribe;
  const footer =
    input.unsubscribe.length === 1 && first
      ? [t.t('subscriptions.mail.why', { scope: first.scope }), t.t('subscriptions.mail.unsubscribe', { link: first.url })]
      : input.unsubscribe.map((u) => t.t('subscriptions.mail.unsubscribeScope', { scope: u.scope, link: u.url }));
  // "-- " is the signature separator mail programs know.
  blocks.push(`-- \n${footer.join('\n')}`);
  return { subject, text: `${blocks.join('\n\n')}\n` };
}
