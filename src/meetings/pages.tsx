import { z } from 'zod';
import { loadCouncilContext } from '../councils/load.js';
import { CouncilLayout, ExampleNotice } from '../councils/views.js';
import { documentPath } from '../documents/routes.js';
import { FeedsBox, MeetingCalendarLink } from '../subscriptions/views.js';
import { NotFoundError } from '../web/http-errors.js';
import { Alert, DescriptionList, Time } from '../web/components.js';
import type { PageContext } from '../web/pages.js';
import { countNonPublicAgendaItems, findMeeting, listMeetings, listPublicAgendaItems, listPublicMeetingDocuments } from './repository.js';
import { agendaDepth, meetingStatus, splitMeetings, voteSummary } from './service.js';
import { parseMinutes } from './minutes.js';
import { MeetingList, MeetingStatusBadge, meetingWhen, MinutesText } from './views.js';

export const meetingIdParam = z.coerce.number().int().positive().max(2_147_483_647);

export async function meetingsPage(ctx: PageContext, slug: string): Promise<string> {
  const { t, db, now } = ctx;
  const { bodyName, header } = await loadCouncilContext(ctx, slug);
  const all = await listMeetings(db, header.council.id);
  const { upcoming, pastByYear } = splitMeetings(all, now);
  return (
    <CouncilLayout ctx={ctx} bodyName={bodyName} header={header} section="meetings" title={t.t('meetings.title')}>
      <ExampleNotice t={t} show={all.some((m) => m.isExample)} />
      <p class="kern-body kern-body--large">{t.html('meetings.welcome')}</p>
      <section>
        <h2 id="upcoming" class="kern-heading-medium">
          {t.html('meetings.upcoming')}
        </h2>
        {upcoming.length > 0 ? <MeetingList t={t} slug={slug} meetings={upcoming} /> : <p class="kern-body">{t.html('meetings.noneUpcoming')}</p>}
      </section>
      <FeedsBox ctx={ctx} slug={slug} councilName={t.text(header.council.name)} />
      <section>
        <h2 id="past" class="kern-heading-medium">
          {t.html('meetings.past')}
        </h2>
        {pastByYear.length === 0 ? <p class="kern-body">{t.html('meetings.nonePast')}</p> : ''}
        {pastByYear.map((group) => (
          <section>
            <h3 id={`year-${group.year}`} class="kern-heading-small">
              {group.year}
            </h3>
            <MeetingList t={t} slug={slug} meetings={group.meetings} />
          </section>
        ))}
      </section>
    </CouncilLayout>
  );
}

export async function meetingPage(ctx: PageContext, slug: string, meetingId: number): Promise<string> {
  const { t, db } = ctx;
  const { bodyName, header } = await loadCouncilContext(ctx, slug);
  const found = await findMeeting(db, header.council.id, meetingId);
  if (!found) throw new NotFoundError(`No meeting ${meetingId} in ${slug}`);
  const { meeting, location } = found;
  const [items, documents, nonPublicItems] = await Promise.all([
    // The agenda is published with the invitation; before that it is the office's draft.
    meeting.state === 'planned' ? Promise.resolve([]) : listPublicAgendaItems(db, meeting.id),
    listPublicMeetingDocuments(db, meeting.id),
    countNonPublicAgendaItems(db, meeting.id),
  ]);
  const when = meetingWhen(t, meeting);
  const title = meeting.title ? t.text(meeting.title) : t.t('meetings.meetingOn', { date: when.date });
  const status = meetingStatus(meeting);
  const accessibility = location?.accessibility ? t.textWithLang(location.accessibility) : undefined;
  const documentsOf = (itemId: number | null) => documents.filter((d) => d.agendaItemId === itemId);

  return (
    <CouncilLayout
      ctx={ctx}
      bodyName={bodyName}
      header={header}
      section="meetings"
      title={title}
      crumbs={[{ label: t.fmt.dateShort(meeting.startsAt) }]}
      description={`${t.text(header.council.name)}: ${when.date}, ${when.time}`}
    >
      <p>
        <MeetingStatusBadge t={t} meeting={meeting} />
      </p>
      <ExampleNotice t={t} show={meeting.isExample} />
      {status === 'cancelled' ? (
        <Alert kind="warning" title={t.t('meetings.cancelledTitle')}>
          <p class="kern-body" safe>
            {meeting.cancellationNote ? t.text(meeting.cancellationNote) : t.t('meetings.cancelledText')}
          </p>
        </Alert>
      ) : (
        ''
      )}
      <DescriptionList
        items={[
          { key: t.t('meetings.date'), value: <Time value={meeting.startsAt} text={when.date} /> },
          { key: t.t('meetings.time'), value: <span safe>{when.time}</span> },
          {
            key: t.t('meetings.place'),
            value: location ? (
              <span class="address">
                <span safe>{location.name}</span>
                {location.room ? <span safe>{location.room}</span> : ''}
                <span safe>{location.streetAddress}</span>
                <span safe>{`${location.postalCode} ${location.locality}`}</span>
              </span>
            ) : (
              <span>{t.html('meetings.placeUnknown')}</span>
            ),
          },
          ...(accessibility
            ? [
                {
                  key: t.t('meetings.accessibility'),
                  value: (
                    <span lang={accessibility.lang} safe>
                      {accessibility.value}
                    </span>
                  ),
                },
              ]
            : []),
        ]}
      />
      <MeetingCalendarLink ctx={ctx} slug={slug} meetingId={meeting.id} />
      {status !== 'cancelled' ? <p class="kern-body kern-body--large">{t.html('meetings.welcome')}</p> : ''}

      <section>
        <h2 id="agenda" class="kern-heading-medium">
          {t.html('meetings.agenda')}
        </h2>
        {items.length === 0 ? <p class="kern-body">{t.html('meetings.agendaPending')}</p> : ''}
        <ol class="agenda" role="list">
          {items.map((item) => {
            const vote = voteSummary(item);
            const text = item.text ? t.textWithLang(item.text) : undefined;
            const itemDocs = documentsOf(item.id);
            return (
              <li class={`agenda__item agenda__item--depth-${Math.min(agendaDepth(item.number), 2)}`}>
                <h3 class="kern-heading-small agenda__title">
                  <span class="agenda__number">
                    {t.html('meetings.itemNumber', { number: item.number })}
                  </span>{' '}
                  <span safe>{t.text(item.title)}</span>
                </h3>
                {text ? (
                  <p class="kern-body" lang={text.lang} safe>
                    {text.value}
                  </p>
                ) : (
                  ''
                )}
                {item.result ? (
                  <p class="kern-body agenda__result">
                    <strong>{t.html('meetings.result')}</strong> <span>{t.html(`meetings.outcome.${item.result}`)}</span>
                    {vote ? (
                      <span safe>{` – ${vote.kind === 'unanimous' ? t.t('meetings.vote.unanimous') : t.t('meetings.vote.counts', { yes: vote.yes, no: vote.no, abstain: vote.abstain })}`}</span>
                    ) : (
                      ''
                    )}
                  </p>
                ) : (
                  ''
                )}
                {itemDocs.length > 0 ? <DocumentList ctx={ctx} slug={slug} documents={itemDocs} /> : ''}
              </li>
            );
          })}
        </ol>
        {nonPublicItems > 0 ? <p class="kern-body kern-body--muted">{t.html('meetings.nonPublicPart')}</p> : ''}
      </section>

      {meeting.state === 'minutes_approved' && meeting.minutesPublic ? (
        <section>
          <h2 id="minutes" class="kern-heading-medium">
            {t.html('meetingSession.public.minutes')}
          </h2>
          {meeting.minutesApprovedAt ? <p class="kern-body kern-body--muted">{t.html('meetingSession.public.approvedOn', { date: t.fmt.dateLong(meeting.minutesApprovedAt) })}</p> : ''}
          {t.locale === 'de' ? '' : <p class="kern-body">{t.html('meetingSession.public.germanOnly')}</p>}
          {/* Only the public part: the non-public one never leaves the back office. */}
          <div lang="de">
            <MinutesText blocks={parseMinutes(meeting.minutesPublic)} />
          </div>
        </section>
      ) : (
        ''
      )}

      <section>
        <h2 id="documents" class="kern-heading-medium">
          {t.html('meetings.documents')}
        </h2>
        {documentsOf(null).length > 0 ? <DocumentList ctx={ctx} slug={slug} documents={documentsOf(null)} /> : <p class="kern-body">{t.html('meetings.noDocuments')}</p>}
      </section>
    </CouncilLayout>
  );
}

function DocumentList(props: {
  ctx: PageContext;
  slug: string;
  documents: Array<{ id: number; title: { de: string }; fileName: string; mimeType: string; sizeBytes: number }>;
}): JSX.Element {
  const { t } = props.ctx;
  return (
    <ul class="kern-list document-list">
      {props.documents.map((d) => (
        <li>
          <a class="kern-link" href={documentPath(props.slug, d.id, d.fileName)}>
            <span class="kern-icon kern-icon--download" aria-hidden="true"></span>
            <span safe>{t.text(d.title)}</span>
          </a>{' '}
          <span class="kern-body--muted">
            {t.html('documents.meta', { type: fileTypeLabel(d.mimeType), size: fileSize(t.fmt.locale, d.sizeBytes) })}
          </span>
        </li>
      ))}
    </ul>
  );
}

function fileTypeLabel(mime: string): string {
  const known: Record<string, string> = {
    'application/pdf': 'PDF',
    'image/png': 'PNG',
    'image/jpeg': 'JPEG',
    'application/vnd.oasis.opendocument.text': 'ODT',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  };
  return known[mime] ?? mime;
}

function fileSize(locale: string, bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
}
