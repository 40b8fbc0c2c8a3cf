import { councilPath } from '../councils/views.js';
import type { Translator } from '../infra/i18n/translator.js';
import { ExampleBadge, Time } from '../web/components.js';
import type { MinutesBlock } from './minutes.js';
import type { MeetingSummary } from './repository.js';
import { meetingStatus, type MeetingStatus } from './service.js';

export function meetingPath(slug: string, id: number): string {
  return councilPath(slug, `/sitzungen/${id}`);
}

/** "Montag, 14. Dezember 2026" and "18:30–20:30 Uhr". */
export function meetingWhen(t: Translator, m: { startsAt: Date; endsAt: Date | null }): { date: string; time: string } {
  const time = m.endsAt ? t.t('meetings.timeSpan', { from: t.fmt.time(m.startsAt), to: t.fmt.time(m.endsAt) }) : t.t('meetings.timeFrom', { from: t.fmt.time(m.startsAt) });
  return { date: t.fmt.dateLong(m.startsAt), time };
}

const statusBadge: Record<MeetingStatus, 'info' | 'success' | 'warning' | 'danger'> = {
  planned: 'info',
  invited: 'info',
  held: 'success',
  minutes_approved: 'success',
  cancelled: 'danger',
};

export function MeetingStatusBadge(props: { t: Translator; meeting: { state: MeetingSummary['state']; cancelled: boolean } }): JSX.Element {
  const status = meetingStatus(props.meeting);
  return (
    <span class={`kern-badge kern-badge--${statusBadge[status]}`}>
      <span class="kern-label">{props.t.html(`meetings.status.${status}`)}</span>
    </span>
  );
}

export function MeetingList(props: { t: Translator; slug: string; meetings: MeetingSummary[] }): JSX.Element {
  const { t } = props;
  return (
    <ul class="meeting-list">
      {props.meetings.map((m) => {
        const when = meetingWhen(t, m);
        return (
          <li class={m.cancelled ? 'meeting-list__item meeting-list__item--cancelled' : 'meeting-list__item'}>
            <a class="kern-link meeting-list__link" href={t.href(meetingPath(props.slug, m.id))}>
              <Time value={m.startsAt} text={when.date} />
            </a>
            <span class="meeting-list__meta">
              <span safe>{when.time}</span>
              {m.locationName ? <span safe>{m.locationName}</span> : ''}
              <MeetingStatusBadge t={t} meeting={m} />
              <ExampleBadge t={t} show={m.isExample} />
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Minutes text (read by parseMinutes) as HTML: headings, paragraphs keeping their line breaks, and
 * lists. Everything is escaped; the text conventions are the only markup there is.
 */
export function MinutesText(props: { blocks: readonly MinutesBlock[]; headingLevel?: 3 | 4 }): JSX.Element {
  const Heading = props.headingLevel === 4 ? 'h4' : 'h3';
  return (
    <div class="minutes-text">
      {props.blocks.map((block) =>
        block.kind === 'heading' ? (
          <Heading class="kern-heading-small" safe>
            {block.text}
          </Heading>
        ) : block.kind === 'list' ? (
          <ul class="kern-list">
            {block.items.map((item) => (
              <li safe>{item}</li>
            ))}
          </ul>
        ) : (
          <p class="kern-body">
            {block.text.split('\n').map((line, i) => (
              <>
                {i > 0 ? <br /> : ''}
                <span safe>{line}</span>
              </>
            ))}
          </p>
        ),
      )}
    </div>
  );
}
