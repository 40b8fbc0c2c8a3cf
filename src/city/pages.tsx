import { listCouncilsWithNextMeeting } from '../councils/repository.js';
import { councilPath } from '../councils/views.js';
import { meetingPath, meetingWhen } from '../meetings/views.js';
import { CityFeedsBox } from '../subscriptions/views.js';
import { Time } from '../web/components.js';
import { NotFoundError } from '../web/http-errors.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/pages.js';
import { findBody, type Body } from './repository.js';

async function requireBody(ctx: PageContext): Promise<Body> {
  const body = await findBody(ctx.db);
  // A database without a city (DEMO_DATA off, nothing imported yet) has no public site yet.
  if (!body) throw new NotFoundError('No city configured');
  return body;
}

export async function cityStartPage(ctx: PageContext): Promise<string> {
  const { t } = ctx;
  const body = await requireBody(ctx);
  const councils = await listCouncilsWithNextMeeting(ctx.db, body.id, ctx.now);
  return (
    <Layout t={t} path={ctx.path} title={t.t('site.title')} description={t.t('city.intro', { city: body.shortName })} bodyName={body.name} baseUrl={ctx.config.baseUrl}>
      <h1 class="kern-heading-x-large">{t.html('city.heading', { city: body.shortName })}</h1>
      <p class="kern-body kern-body--large">
        {t.html('city.intro', { city: body.shortName })}
      </p>
      <p class="kern-body">{t.html('city.welcome')}</p>
      <h2 class="kern-heading-medium">{t.pluralHtml('city.councilCount', councils.length)}</h2>
      <ul class="council-grid" role="list">
        {councils.map(({ council, district, nextMeeting }) => {
          const name = t.text(council.name);
          return (
            <li class="kern-card council-card">
              <div class="kern-card__container">
                <div class="kern-card__header">
                  {district ? (
                    <p class="kern-preline">
                      {t.html('council.districtLabel', { number: district.number, name: district.name })}
                    </p>
                  ) : (
                    ''
                  )}
                  <h3 class="kern-title">
                    <a class="kern-link council-card__link" href={t.href(councilPath(council.slug))} safe>
                      {name}
                    </a>
                  </h3>
                </div>
                <div class="kern-card__body">
                  <p class="kern-body">
                    <strong>{t.html('city.nextMeeting')}</strong>{' '}
                    {nextMeeting?.id != null && nextMeeting.startsAt ? (
                      <a class="kern-link council-card__meeting" href={t.href(meetingPath(council.slug, nextMeeting.id))}>
                        <Time value={nextMeeting.startsAt} text={`${meetingWhen(t, { startsAt: nextMeeting.startsAt, endsAt: null }).date}, ${t.fmt.time(nextMeeting.startsAt)}`} />
                      </a>
                    ) : (
                      <span>{t.html('city.noMeetingPlanned')}</span>
                    )}
                  </p>
                </div>
              </div>
            </li>
          );
        })}
      </ul>
      <CityFeedsBox ctx={ctx} />
    </Layout>
  );
}

export async function imprintPage(ctx: PageContext): Promise<string> {
  const { t } = ctx;
  const body = await requireBody(ctx);
  return (
    <Layout t={t} path={ctx.path} title={t.t('legal.imprint.title')} bodyName={body.name} baseUrl={ctx.config.baseUrl} breadcrumbs={[{ label: t.t('legal.imprint.title') }]}>
      <h1 class="kern-heading-large">{t.html('legal.imprint.title')}</h1>
      <section>
        <h2 id="publisher" class="kern-heading-medium">
          {t.html('legal.imprint.publisher')}
        </h2>
        <address>
          <p class="kern-body" safe>
            {body.name}
          </p>
          <p class="kern-body" safe>
            {t.text(body.publisherName)}
          </p>
          <p class="kern-body" safe>
            {body.publisherAddress}
          </p>
          <p class="kern-body">
            {t.html('contact.email')}{' '}
            <a class="kern-link" href={`mailto:${body.publisherEmail}`} safe>
              {body.publisherEmail}
            </a>
          </p>
          {body.publisherPhone ? (
            <p class="kern-body" safe>
              {`${t.html('contact.phone')} ${body.publisherPhone}`}
            </p>
          ) : (
            ''
          )}
        </address>
        <p class="kern-body">
          {t.html('legal.imprint.representedBy', { representative: t.text(body.publisherRepresentative) })}
        </p>
      </section>
      <section>
        <h2 id="content" class="kern-heading-medium">
          {t.html('legal.imprint.contentTitle')}
        </h2>
        <p class="kern-body">{t.html('legal.imprint.contentText')}</p>
      </section>
      <section>
        <h2 id="software" class="kern-heading-medium">
          {t.html('legal.imprint.softwareTitle')}
        </h2>
        <p class="kern-body">{t.html('legal.imprint.softwareText')}</p>
      </section>
    </Layout>
  );
}

export async function privacyPage(ctx: PageContext): Promise<string> {
  const { t } = ctx;
  const body = await requireBody(ctx);
  const sections = ['controller', 'data', 'members', 'subscriptions', 'logs', 'rights', 'complaint'] as const;
  return (
    <Layout t={t} path={ctx.path} title={t.t('legal.privacy.title')} bodyName={body.name} baseUrl={ctx.config.baseUrl} breadcrumbs={[{ label: t.t('legal.privacy.title') }]}>
      <h1 class="kern-heading-large">{t.html('legal.privacy.title')}</h1>
      {sections.map((s) => (
        <section>
          <h2 id={`privacy-${s}`} class="kern-heading-medium">
            {t.html(`legal.privacy.${s}.title`)}
          </h2>
          <p class="kern-body">
            {t.html(`legal.privacy.${s}.text`, { city: body.name, publisher: t.text(body.publisherName), address: body.publisherAddress, dpo: body.privacyContact })}
          </p>
        </section>
      ))}
    </Layout>
  );
}
