import { councilPath } from '../councils/views.js';
import { councilGenitive } from '../councils/service.js';
import { cityFeedPath, councilFeedPath, meetingIcsPath, webcalUrl } from '../meetings/ical.js';
import type { PageContext } from '../web/pages.js';

export const councilSubscribePath = (slug: string) => councilPath(slug, '/sitzungen/benachrichtigung');
export const citySubscribePath = '/sitzungen/benachrichtigung';

/** On a council's meetings page: the calendar feed (webcal and https) and the e-mail subscription. */
export function FeedsBox(props: { ctx: PageContext; slug: string; councilName: string }): JSX.Element {
  const { t, config } = props.ctx;
  const feedUrl = `${config.baseUrl}${t.href(councilFeedPath(props.slug))}`;
  return (
    <section class="feeds-box" aria-labelledby="subscribe">
      <h2 id="subscribe" class="kern-heading-medium">
        {t.html('feeds.box.title')}
      </h2>
      <p class="kern-body">{t.html('feeds.box.text', { council: councilGenitive(props.councilName, t.locale) })}</p>
      <ul class="kern-list">
        <li>
          <a class="kern-link" href={webcalUrl(feedUrl)}>
            <span class="kern-icon kern-icon--calendar-today" aria-hidden="true"></span>
            {t.html('feeds.box.webcal')}
          </a>
        </li>
        <li>
          <a class="kern-link" href={t.href(councilFeedPath(props.slug))} type="text/calendar">
            {t.html('feeds.box.https')}
          </a>
        </li>
      </ul>
      <p class="kern-body">
        {t.html('feeds.box.address')} <code class="feed-url" safe>{feedUrl}</code>
      </p>
      <p class="kern-body">
        {t.html('feeds.box.mail')}{' '}
        <a class="kern-link" href={t.href(councilSubscribePath(props.slug))}>
          {t.html('feeds.box.mailLink')}
        </a>
      </p>
    </section>
  );
}

/** On a meeting page: the meeting as a calendar file. */
export function MeetingCalendarLink(props: { ctx: PageContext; slug: string; meetingId: number }): JSX.Element {
  const { t } = props.ctx;
  return (
    <p class="kern-body">
      <a class="kern-link" href={t.href(meetingIcsPath(props.slug, props.meetingId))} type="text/calendar">
        {t.html('feeds.meetingLink')}
      </a>
    </p>
  );
}

/** On the city's start page: all councils' dates, as a feed and by e-mail. */
export function CityFeedsBox(props: { ctx: PageContext }): JSX.Element {
  const { t } = props.ctx;
  return (
    <section class="feeds-box" aria-labelledby="subscribe">
      <h2 id="subscribe" class="kern-heading-medium">
        {t.html('feeds.city.title')}
      </h2>
      <p class="kern-body">{t.html('feeds.city.text')}</p>
      <ul class="kern-list">
        <li>
          <a class="kern-link" href={webcalUrl(`${props.ctx.config.baseUrl}${t.href(cityFeedPath)}`)}>
            {t.html('feeds.city.calendar')}
          </a>
        </li>
        <li>
          <a class="kern-link" href={t.href(citySubscribePath)}>
            {t.html('feeds.city.mail')}
          </a>
        </li>
      </ul>
    </section>
  );
}
