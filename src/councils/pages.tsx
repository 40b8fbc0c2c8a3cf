import { berlinDate } from '../infra/time.js';
import type { Translator } from '../infra/i18n/translator.js';
import { listPublicGrants } from '../grants/repository.js';
import { ProjectTable } from '../grants/views.js';
import { listUpcomingMeetings } from '../meetings/repository.js';
import { MeetingList } from '../meetings/views.js';
import { listChairTerms, listMembershipsOn } from '../members/repository.js';
import { chairHistory, displayName, termYears } from '../members/service.js';
import { DescriptionList, ExampleBadge } from '../web/components.js';
import type { PageContext } from '../web/pages.js';
import { DataTable } from '../web/table.js';
import { loadCouncilContext } from './load.js';
import { listSeatCategories, type Council, type SeatCategory } from './repository.js';
import { computeComposition, type Composition } from './service.js';
import { CouncilLayout, councilPath, ExampleNotice } from './views.js';

export async function councilOverviewPage(ctx: PageContext, slug: string): Promise<string> {
  const { t, db, now } = ctx;
  const { bodyName, header } = await loadCouncilContext(ctx, slug);
  const council = header.council;
  const today = berlinDate(now);
  const [categories, members, chairs, upcoming, projects] = await Promise.all([
    listSeatCategories(db, council.id),
    listMembershipsOn(db, council.id, today),
    listChairTerms(db, council.id),
    listUpcomingMeetings(db, council.id, now, 3),
    listPublicGrants(db, council.id, 3),
  ]);
  const composition = computeComposition(categories, members, council.minMigrationSharePercent);
  const history = chairHistory(chairs, today);
  const hasExamples = members.some((m) => m.person.isExample) || upcoming.some((m) => m.isExample) || projects.some((p) => p.isExample) || council.contactIsExample;
  const foundingHistory = council.history ? t.textWithLang(council.history) : undefined;
  const purpose = t.textWithLang(council.purpose);
  const legalBasis = t.textWithLang(council.legalBasis);

  return (
    <CouncilLayout ctx={ctx} bodyName={bodyName} header={header} section="overview" title={t.text(council.name)} description={purpose.value}>
      <ExampleNotice t={t} show={hasExamples} />
      <div class="council-overview">
        <div class="council-overview__main kern-stack">
          <section>
            <h2 id="about" class="kern-heading-medium">
              {t.html('council.about')}
            </h2>
            <p class="kern-body kern-body--large" lang={purpose.lang} safe>
              {purpose.value}
            </p>
            {foundingHistory ? (
              <p class="kern-body" lang={foundingHistory.lang} safe>
                {foundingHistory.value}
              </p>
            ) : (
              ''
            )}
            <h3 class="kern-heading-small">{t.html('council.legalBasis')}</h3>
            <p class="kern-body" lang={legalBasis.lang} safe>
              {legalBasis.value}
            </p>
          </section>
          <section>
            <h2 id="tasks" class="kern-heading-medium">
              {t.html('council.tasks')}
            </h2>
            <ul class="kern-list kern-list--bullet">
              {t.list(council.tasks).map((task) => (
                <li safe>{task}</li>
              ))}
            </ul>
          </section>
          <section>
            <h2 id="composition" class="kern-heading-medium">
              {t.html('council.composition')}
            </h2>
            <CompositionTable t={t} categories={categories} composition={composition} />
            <p class="kern-body">
              <a class="kern-link" href={t.href(councilPath(council.slug, '/mitglieder'))}>
                {t.html('council.allMembers')}
              </a>
            </p>
          </section>
          <section>
            <h2 id="chair" class="kern-heading-medium">
              {t.html('council.chair')}
            </h2>
            <DescriptionList
              items={[
                ...(history.chair ? [{ key: t.t('chair.role.chair'), value: <ChairTerm t={t} term={history.chair} /> }] : []),
                ...history.deputies.map((d) => ({ key: t.t('chair.role.deputy_chair'), value: <ChairTerm t={t} term={d} /> })),
              ]}
            />
            {history.former.length > 0 ? (
              <>
                <h3 class="kern-heading-small">{t.html('council.chairHistory')}</h3>
                <ul class="kern-list">
                  {history.former.map((term) => (
                    <li>
                      <span>{t.html(term.role === 'chair' ? 'chair.role.chair' : 'chair.role.deputy_chair')}</span>
                      {': '}
                      <ChairTerm t={t} term={term} />
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              ''
            )}
          </section>
          <section>
            <h2 id="next-meetings" class="kern-heading-medium">
              {t.html('council.nextMeetings')}
            </h2>
            <p class="kern-body">{t.html('meetings.welcome')}</p>
            {upcoming.length > 0 ? <MeetingList t={t} slug={council.slug} meetings={upcoming} /> : <p class="kern-body">{t.html('meetings.noneUpcoming')}</p>}
            <p class="kern-body">
              <a class="kern-link" href={t.href(councilPath(council.slug, '/sitzungen'))}>
                {t.html('council.allMeetings')}
              </a>
            </p>
          </section>
          <section>
            <h2 id="latest-projects" class="kern-heading-medium">
              {t.html('council.latestProjects')}
            </h2>
            {projects.length > 0 ? (
              <ProjectTable t={t} slug={council.slug} grants={projects} caption={t.t('council.latestProjects')} showYear />
            ) : (
              <p class="kern-body">{t.html('projects.none')}</p>
            )}
            <p class="kern-body">
              <a class="kern-link" href={t.href(councilPath(council.slug, '/projekte'))}>
                {t.html('council.allProjects')}
              </a>
            </p>
          </section>
        </div>
        <aside class="council-overview__aside kern-stack" aria-label={t.t('council.asideLabel')}>
          <div class="kern-card">
            <div class="kern-card__container">
              <div class="kern-card__header">
                <h2 class="kern-title">{t.html('council.nav.join')}</h2>
              </div>
              <div class="kern-card__body">
                <p class="kern-body" safe>
                  {eligibilitySentence(t, council)}
                </p>
                <p class="kern-body">
                  <a class="kern-link" href={t.href(councilPath(council.slug, '/mitmachen'))}>
                    {t.html('join.more')}
                  </a>
                </p>
              </div>
            </div>
          </div>
          <ContactCard t={t} council={council} headingLevel={2} />
        </aside>
      </div>
    </CouncilLayout>
  );
}

function ChairTerm(props: {
  t: Translator;
  term: { startDate: string; endDate: string | null; capacity: Council['history']; person: { givenName: string; familyName: string; formOfAddress: string | null; isExample: boolean } };
}): JSX.Element {
  const { t, term } = props;
  const years = termYears(term);
  const span = years.to === null ? t.t('chair.since', { year: years.from }) : years.from === years.to ? String(years.from) : t.t('chair.span', { from: years.from, to: years.to });
  return (
    <span class="chair-term">
      <strong safe>{displayName(term.person)}</strong>
      {term.capacity ? <span safe>{` (${t.text(term.capacity)})`}</span> : ''}
      {', '}
      <span safe>{span}</span> <ExampleBadge t={t} show={term.person.isExample} />
    </span>
  );
}

export function CompositionTable(props: { t: Translator; categories: SeatCategory[]; composition: Composition }): JSX.Element {
  const { t, categories, composition } = props;
  return (
    <DataTable
      label={t.t('council.composition')}
      columns={[{ label: t.t('council.seatCategory') }, { label: t.t('council.seats'), numeric: true }, { label: t.t('council.filled'), numeric: true }]}
      class="composition-table"
      footer={
        <tfoot class="kern-table__footer">
          <tr>
            <th scope="row" class="kern-table__cell">
              {t.html('council.total')}
            </th>
            <td class="kern-table__cell kern-table__cell--numeric" safe>{t.fmt.number(composition.totalQuota)}</td>
            <td class="kern-table__cell kern-table__cell--numeric" safe>{t.fmt.number(composition.totalFilled)}</td>
          </tr>
        </tfoot>
      }
    >
      {categories.map((c, i) => {
        const row = composition.rows[i]!;
        return (
          <tr>
            <th scope="row" class="kern-table__cell" safe>
              {t.text(c.name)}
            </th>
            <td class="kern-table__cell kern-table__cell--numeric" safe>{t.fmt.number(row.quota)}</td>
            <td class="kern-table__cell kern-table__cell--numeric" safe>{t.fmt.number(row.filled)}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}

/** "Lives or works in the district and is at least 16": built from the council's rules. */
export function eligibilitySentence(t: Translator, council: Council): string {
  const ties = council.eligibilityTies.map((tie) => t.t(`join.tie.${tie}`));
  const tieText = ties.length > 0 ? new Intl.ListFormat(t.locale, { type: 'disjunction' }).format(ties) : '';
  if (tieText && council.eligibilityMinAge !== null) return t.t('join.eligibility.tiesAndAge', { ties: tieText, age: council.eligibilityMinAge });
  if (tieText) return t.t('join.eligibility.ties', { ties: tieText });
  if (council.eligibilityMinAge !== null) return t.t('join.eligibility.age', { age: council.eligibilityMinAge });
  return t.t('join.eligibility.open');
}

export function ContactCard(props: { t: Translator; council: Council; headingLevel: 2 | 3 }): JSX.Element {
  const { t, council } = props;
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div class="kern-card">
      <div class="kern-card__container">
        <div class="kern-card__header">
          <Heading class="kern-title">{t.html('council.nav.contact')}</Heading>
        </div>
        <div class="kern-card__body">
          <ContactDetails t={t} council={council} />
        </div>
      </div>
    </div>
  );
}

export function ContactDetails(props: { t: Translator; council: Council }): JSX.Element {
  const { t, council } = props;
  return (
    <address class="contact">
      <p class="kern-body">
        <strong safe>{t.text(council.contactName)}</strong> <ExampleBadge t={t} show={council.contactIsExample} />
      </p>
      {council.contactAddress ? (
        <p class="kern-body" safe>
          {council.contactAddress}
        </p>
      ) : (
        ''
      )}
      <p class="kern-body">
        {t.html('contact.email')}{' '}
        <a class="kern-link" href={`mailto:${council.contactEmail}`} safe>
          {council.contactEmail}
        </a>
      </p>
      {council.contactPhone ? (
        <p class="kern-body">
          {t.html('contact.phone')}{' '}
          <a class="kern-link" href={`tel:${council.contactPhone.replace(/[^+\d]/g, '')}`} safe>
            {council.contactPhone}
          </a>
        </p>
      ) : (
        ''
      )}
    </address>
  );
}

export async function joinPage(ctx: PageContext, slug: string): Promise<string> {
  const { t, db, now } = ctx;
  const { bodyName, header } = await loadCouncilContext(ctx, slug);
  const council = header.council;
  const [categories, members] = await Promise.all([listSeatCategories(db, council.id), listMembershipsOn(db, council.id, berlinDate(now))]);
  const composition = computeComposition(categories, members, council.minMigrationSharePercent);
  const migrationCategories = categories.filter((c) => c.forMigrationBackground);
  const note = council.joiningNote ? t.textWithLang(council.joiningNote) : undefined;
  return (
    <CouncilLayout ctx={ctx} bodyName={bodyName} header={header} section="join" title={t.t('join.title')}>
      <section>
        <h2 id="who" class="kern-heading-medium">
          {t.html('join.who')}
        </h2>
        <p class="kern-body">{t.html(`join.mode.${council.membershipMode}`, { district: header.districtName ?? '' })}</p>
        <p class="kern-body">{t.html('join.composition', { seats: composition.totalQuota, share: council.minMigrationSharePercent })}</p>
        <CompositionTable t={t} categories={categories} composition={composition} />
      </section>
      <section>
        <h2 id="rules" class="kern-heading-medium">
          {t.html('join.rules')}
        </h2>
        <ul class="kern-list kern-list--bullet">
          {migrationCategories.map((c) => (
            <li>
              <strong safe>{t.text(c.name)}</strong>
              {': '}
              <span safe>{eligibilitySentence(t, council)}</span>
            </li>
          ))}
          {council.termLimitYears !== null ? <li>{t.pluralHtml('join.termLimit', council.termLimitYears)}</li> : ''}
          <li>{t.html('join.personal')}</li>
          <li>{t.html('join.vacancies', { vacant: composition.rows.reduce((s, r) => s + r.vacant, 0) })}</li>
        </ul>
      </section>
      <section>
        <h2 id="how" class="kern-heading-medium">
          {t.html('join.how')}
        </h2>
        {note ? (
          <p class="kern-body" lang={note.lang} safe>
            {note.value}
          </p>
        ) : (
          ''
        )}
        <div class="joining-cta">
          <h3 class="kern-heading-small">{t.html('joining.cta.title')}</h3>
          <p class="kern-body">{t.html('joining.cta.text')}</p>
          <p class="kern-body">
            <a class="kern-btn kern-btn--primary" href={t.href(councilPath(council.slug, '/mitmachen/bewerben'))}>
              <span class="kern-label">{t.html('joining.cta.link')}</span>
            </a>
          </p>
        </div>
        <ContactDetails t={t} council={council} />
      </section>
    </CouncilLayout>
  );
}

export async function contactPage(ctx: PageContext, slug: string): Promise<string> {
  const { t } = ctx;
  const { bodyName, header } = await loadCouncilContext(ctx, slug);
  return (
    <CouncilLayout ctx={ctx} bodyName={bodyName} header={header} section="contact" title={t.t('contact.title')}>
      <p class="kern-body">{t.html('contact.intro')}</p>
      <ContactDetails t={t} council={header.council} />
    </CouncilLayout>
  );
}
