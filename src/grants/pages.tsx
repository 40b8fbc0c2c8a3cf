import { councilGenitive } from '../councils/service.js';
import { z } from 'zod';
import { loadCouncilContext } from '../councils/load.js';
import { CouncilLayout, ExampleNotice } from '../councils/views.js';
import { DateText, DescriptionList } from '../web/components.js';
import { NotFoundError } from '../web/http-errors.js';
import type { PageContext } from '../web/pages.js';
import { cityCsvPath, cityJsonPath, councilCsvPath, councilJsonPath } from './open-data.js';
import { findPublicGrant, isCoFunded, listFundingSources, listPublicGrants, listPublicGrantYears } from './repository.js';
import { formatGrantNumber, fundedAmountCents, groupGrantsByYear, projectPageYears, recentProjectYears } from './service.js';
import { FundingSources, ProjectTable, publicOutcome, publicRecipient, statusText } from './views.js';

export const projectIdParam = z.coerce.number().int().positive().max(2_147_483_647);

/** What has been paid of a year's grants, net of repayments. */
const paidIn = (grants: ReadonlyArray<{ amountPaidCents: number | null }>) => grants.reduce((sum, g) => sum + (g.amountPaidCents ?? 0), 0);

/** `?jahr=2019`: one of the older years, which have a page each. */
const yearQuery = z.object({ jahr: z.string().regex(/^\d{4}$/).transform(Number).optional() });

export async function projectsPage(ctx: PageContext, slug: string): Promise<string> {
  const { t, db } = ctx;
  const { bodyName, header } = await loadCouncilContext(ctx, slug);
  const query = yearQuery.safeParse(ctx.request.query ?? {});
  const allYears = await listPublicGrantYears(db, header.council.id);
  const shownYears = query.success ? projectPageYears(allYears, query.data.jahr) : undefined;
  if (!shownYears) throw new NotFoundError(`No projects page for ${JSON.stringify(ctx.request.query)} in ${slug}`);
  const single = query.success && query.data.jahr !== undefined;
  const grants = shownYears.length > 0 ? await listPublicGrants(db, header.council.id, undefined, shownYears) : [];
  const years = groupGrantsByYear(grants);
  const sources = await listFundingSources(db, grants.map((g) => g.id));
  const projectsPath = `/beiraete/${slug}/projekte`;
  const recent = allYears.slice(0, recentProjectYears);
  const yearHref = (year: number) => (shownYears.includes(year) ? `#year-${year}` : recent.includes(year) ? `${t.href(projectsPath)}#year-${year}` : `${t.href(projectsPath)}?jahr=${year}`);
  return (
    <CouncilLayout
      ctx={ctx}
      bodyName={bodyName}
      header={header}
      section="projects"
      title={single ? t.t('projects.yearTitle', { year: shownYears[0]! }) : t.t('projects.title')}
      crumbs={single ? [{ label: String(shownYears[0]) }] : undefined}
    >
      <ExampleNotice t={t} show={grants.some((g) => g.isExample)} />
      <p class="kern-body kern-body--large">{t.html('projects.intro', { council: councilGenitive(t.text(header.council.name), t.locale) })}</p>
      <div class="grant-apply-cta">
        <h2 class="kern-heading-small">{t.html('grantApply.cta.title')}</h2>
        <p class="kern-body">{t.html('grantApply.cta.text')}</p>
        <p class="kern-body">
          <a class="kern-btn kern-btn--primary" href={t.href(`/beiraete/${slug}/projekte/antrag`)}>
            <span class="kern-label">{t.html('grantApply.cta.link')}</span>
          </a>
        </p>
      </div>
      {years.length === 0 ? <p class="kern-body">{t.html('projects.none')}</p> : ''}
      {allYears.length > 1 ? (
        <nav aria-label={t.t('projects.yearsNav')}>
          <ul class="kern-list kern-list--horizontal">
            {allYears.map((year) => (
              <li>
                <a class="kern-link" href={yearHref(year)} aria-current={single && shownYears[0] === year ? 'page' : undefined}>
                  {year}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : (
        ''
      )}
      {single ? (
        <p class="kern-body">
          <a class="kern-link" href={t.href(projectsPath)}>
            {t.html('projects.backToRecent')}
          </a>
        </p>
      ) : (
        ''
      )}
      {years.map((y) => (
        <section>
          <h2 id={`year-${y.year}`} class="kern-heading-medium">
            {y.year}
          </h2>
          <p class="kern-body">
            {t.pluralHtml('projects.yearSummary', y.grants.length, { total: t.fmt.money(y.totalCents) })}
            {paidIn(y.grants) > 0 ? <> {t.html('transparency.paidTotal', { amount: t.fmt.money(paidIn(y.grants)) })}</> : ''}
          </p>
          <ProjectTable t={t} slug={slug} grants={y.grants} caption={t.t('projects.yearCaption', { year: y.year })} totalCents={y.totalCents} sources={sources} />
        </section>
      ))}
      <section>
        <h2 id="open-data" class="kern-heading-medium">
          {t.html('transparency.downloads.title')}
        </h2>
        <p class="kern-body">
          {t.html('transparency.downloads.intro', { license: t.t('transparency.license') })}
        </p>
        <ul class="kern-list">
          {(
            [
              [councilCsvPath(slug), 'transparency.downloads.councilCsv'],
              [councilJsonPath(slug), 'transparency.downloads.councilJson'],
              [cityCsvPath, 'transparency.downloads.cityCsv'],
              [cityJsonPath, 'transparency.downloads.cityJson'],
            ] as const
          ).map(([path, label]) => (
            <li>
              <a class="kern-link" href={path}>
                {t.html(label)}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </CouncilLayout>
  );
}

export async function projectPage(ctx: PageContext, slug: string, grantId: number): Promise<string> {
  const { t, db } = ctx;
  const { bodyName, header } = await loadCouncilContext(ctx, slug);
  const grant = await findPublicGrant(db, header.council.id, grantId);
  if (!grant) throw new NotFoundError(`No public project ${grantId} in ${slug}`);
  const title = t.text(grant.title);
  const summary = grant.summary ? t.textWithLang(grant.summary) : undefined;
  const published = publicOutcome(grant);
  const outcome = published ? t.textWithLang(published) : undefined;
  const sources = (await listFundingSources(db, [grant.id])).get(grant.id);
  const period =
    grant.periodStart && grant.periodEnd
      ? t.t('projects.periodSpan', { from: t.fmt.dateShort(grant.periodStart), to: t.fmt.dateShort(grant.periodEnd) })
      : grant.periodStart
        ? t.fmt.dateShort(grant.periodStart)
        : undefined;
  return (
    <CouncilLayout ctx={ctx} bodyName={bodyName} header={header} section="projects" title={title} crumbs={[{ label: formatGrantNumber(grant.year, grant.number) }]} description={summary?.value}>
      <ExampleNotice t={t} show={grant.isExample} />
      <DescriptionList
        items={[
          { key: t.t('projects.number'), value: <span safe>{formatGrantNumber(grant.year, grant.number)}</span> },
          { key: t.t('projects.recipient'), value: <span safe>{publicRecipient(t, grant)}</span> },
          {
            key: t.t('projects.amountUpTo'),
            value: (
              <>
                <span safe>{t.fmt.money(fundedAmountCents(grant))}</span>
                {isCoFunded(grant.councilId, sources) ? <FundingSources t={t} grant={grant} sources={sources} /> : ''}
              </>
            ),
          },
          ...(grant.amountPaidCents !== null ? [{ key: t.t('projects.paid'), value: <span safe>{t.fmt.money(grant.amountPaidCents)}</span> }] : []),
          { key: t.t('projects.year'), value: <span>{grant.year}</span> },
          ...(period ? [{ key: t.t('projects.period'), value: <span safe>{period}</span> }] : []),
          { key: t.t('projects.status'), value: <span safe>{statusText(t, grant.status)}</span> },
          ...(grant.decisionPaperNumber ? [{ key: t.t('projects.decisionPaper'), value: <span safe>{grant.decisionPaperNumber}</span> }] : []),
          ...(grant.decidedOn ? [{ key: t.t('projects.decidedOn'), value: <DateText value={grant.decidedOn} text={t.fmt.dateShort(grant.decidedOn)} /> }] : []),
        ]}
      />
      {summary ? (
        <section>
          <h2 id="summary" class="kern-heading-medium">
            {t.html('projects.summary')}
          </h2>
          <p class="kern-body" lang={summary.lang} safe>
            {summary.value}
          </p>
        </section>
      ) : (
        ''
      )}
      {outcome ? (
        <section>
          <h2 id="outcome" class="kern-heading-medium">
            {t.html('projects.outcome')}
          </h2>
          <p class="kern-body" lang={outcome.lang} safe>
            {outcome.value}
          </p>
        </section>
      ) : (
        ''
      )}
    </CouncilLayout>
  );
}
