import type { PropsWithChildren } from '@kitajs/html';
import type { Translator } from '../infra/i18n/translator.js';
import { ExampleBadge } from '../web/components.js';
import { Layout, type Crumb } from '../web/layout.js';
import type { PageContext } from '../web/pages.js';
import type { Council } from './repository.js';

export type CouncilSection = 'overview' | 'members' | 'meetings' | 'projects' | 'join' | 'contact';

export interface CouncilPageHeader {
  council: Council;
  districtName: string | null;
  districtNumber: number | null;
}

const sections: Array<{ key: CouncilSection; path: string; label: Parameters<Translator['t']>[0] }> = [
  { key: 'overview', path: '', label: 'council.nav.overview' },
  { key: 'members', path: '/mitglieder', label: 'council.nav.members' },
  { key: 'meetings', path: '/sitzungen', label: 'council.nav.meetings' },
  { key: 'projects', path: '/projekte', label: 'council.nav.projects' },
  { key: 'join', path: '/mitmachen', label: 'council.nav.join' },
  { key: 'contact', path: '/kontakt', label: 'council.nav.contact' },
];

export function councilPath(slug: string, sub = ''): string {
  return `/beiraete/${slug}${sub}`;
}

interface CouncilLayoutProps {
  ctx: PageContext;
  bodyName: string;
  header: CouncilPageHeader;
  section: CouncilSection;
  /** The page's own heading; the overview uses the council's name. */
  title: string;
  /** Further crumbs below the section, e.g. one meeting. */
  crumbs?: Crumb[];
  description?: string;
}

/** Every council page: the council's name, its district, and the council's own navigation. */
export function CouncilLayout(props: PropsWithChildren<CouncilLayoutProps>): JSX.Element {
  const { ctx, header, section } = props;
  const { t } = ctx;
  const name = t.text(header.council.name);
  const slug = header.council.slug;
  const sectionInfo = sections.find((s) => s.key === section)!;
  const crumbs: Crumb[] =
    section === 'overview'
      ? [{ label: name }]
      : [{ label: name, path: councilPath(slug) }, props.crumbs ? { label: t.t(sectionInfo.label), path: councilPath(slug, sectionInfo.path) } : { label: t.t(sectionInfo.label) }, ...(props.crumbs ?? [])];
  const pageTitle = section === 'overview' ? name : `${props.title} – ${name}`;
  return (
    <Layout t={t} path={ctx.path} title={pageTitle} description={props.description} bodyName={props.bodyName} baseUrl={ctx.config.baseUrl} breadcrumbs={crumbs}>
      <div class="council-header">
        <p class="kern-preline">
          {header.districtName ? t.t('council.districtLabel', { number: header.districtNumber ?? '', name: header.districtName }) : ''}
        </p>
        {section === 'overview' ? (
          <h1 class="kern-heading-x-large" safe>
            {name}
          </h1>
        ) : (
          <p class="council-header__name kern-title kern-title--large">
            <a class="kern-link" href={t.href(councilPath(slug))} safe>
              {name}
            </a>
          </p>
        )}
        <nav class="council-nav" aria-label={t.t('council.nav.label', { name })}>
          <ul>
            {sections.map((s) => (
              <li>
                <a href={t.href(councilPath(slug, s.path))} aria-current={s.key === section ? 'page' : undefined}>
                  {t.html(s.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      {section === 'overview' ? (
        props.children
      ) : (
        <>
          <h1 class="kern-heading-large" safe>
            {props.title}
          </h1>
          {props.children}
        </>
      )}
    </Layout>
  );
}

/** A line saying that the demo's people, meetings and projects are invented. */
export function ExampleNotice(props: { t: Translator; show: boolean }): JSX.Element {
  if (!props.show) return '';
  return (
    <div class="kern-alert kern-alert--info example-notice" role="note">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--info" aria-hidden="true"></span>
        <p class="kern-title">{props.t.html('demo.noticeTitle')}</p>
      </div>
      <div class="kern-alert__body">
        <p class="kern-body">{props.t.html('demo.noticeText')}</p>
      </div>
    </div>
  );
}

