import type { PropsWithChildren } from '@kitajs/html';
import { localePrefix, locales, type Locale } from '../infra/i18n/locales.js';
import type { Translator } from '../infra/i18n/translator.js';
import { assetManifest } from './asset-manifest.js';

export interface Crumb {
  label: string;
  /** Language-neutral path; omitted for the current page. */
  path?: string;
}

export interface LayoutProps {
  t: Translator;
  /** Language-neutral path of this page, for the language switch and hreflang links. */
  path: string;
  title: string;
  description?: string;
  bodyName: string;
  baseUrl: string;
  breadcrumbs?: Crumb[];
  /** No alternates and no indexing, e.g. for error pages. */
  noindex?: boolean;
}

const languageNames: Record<Locale, string> = { de: 'Deutsch', en: 'English' };

function localizedUrl(locale: Locale, path: string): string {
  const prefix = localePrefix(locale);
  return path === '/' ? prefix || '/' : `${prefix}${path}`;
}

export function Layout(props: PropsWithChildren<LayoutProps>): JSX.Element {
  const { t, path } = props;
  const fullTitle = props.title === t.t('site.title') ? `${props.title} – ${props.bodyName}` : `${props.title} – ${t.html('site.title')} ${props.bodyName}`;
  return (
    <html lang={t.locale} dir={t.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title safe>{fullTitle}</title>
        {props.description ? <meta name="description" content={props.description} /> : ''}
        {props.noindex ? <meta name="robots" content="noindex" /> : ''}
        <link rel="stylesheet" href={assetManifest().stylesheet} />
        <link rel="icon" href={assetManifest().favicon} type="image/svg+xml" />
        {props.noindex
          ? ''
          : locales.map((l) => <link rel="alternate" hreflang={l} href={`${props.baseUrl}${localizedUrl(l, path)}`} />)}
        {props.noindex ? '' : <link rel="canonical" href={`${props.baseUrl}${localizedUrl(t.locale, path)}`} />}
      </head>
      <body class="site">
        <a class="skip-link" href="#main">
          {t.html('layout.skipToContent')}
        </a>
        <header class="site-header">
          <div class="kern-container site-header__inner">
            <a class="site-brand" href={t.href('/')}>
              <span class="site-brand__body" safe>
                {props.bodyName}
              </span>
              <span class="site-brand__title">{t.html('site.title')}</span>
            </a>
            <nav class="language-switch" aria-label={t.t('layout.languageNav')}>
              <ul>
                {locales.map((l) =>
                  l === t.locale ? (
                    <li>
                      <span aria-current="true" lang={l} safe>
                        {languageNames[l]}
                      </span>
                    </li>
                  ) : (
                    <li>
                      <a href={localizedUrl(l, path)} hreflang={l} lang={l} safe>
                        {languageNames[l]}
                      </a>
                    </li>
                  ),
                )}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="kern-container site-main" tabindex="-1">
          {props.breadcrumbs && props.breadcrumbs.length > 0 ? <Breadcrumbs t={t} crumbs={props.breadcrumbs} /> : ''}
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="kern-container site-footer__inner">
            <nav aria-label={t.t('layout.footerNav')}>
              <ul class="kern-list kern-list--horizontal site-footer__links">
                <li>
                  <a class="kern-link" href={t.href('/impressum')}>
                    {t.html('legal.imprint.title')}
                  </a>
                </li>
                <li>
                  <a class="kern-link" href={t.href('/datenschutz')}>
                    {t.html('legal.privacy.title')}
                  </a>
                </li>
              </ul>
            </nav>
            <p class="kern-body kern-body--small">{t.html('layout.software')}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}

function Breadcrumbs(props: { t: Translator; crumbs: Crumb[] }): JSX.Element {
  const all: Crumb[] = [{ label: props.t.t('nav.home'), path: '/' }, ...props.crumbs];
  return (
    <nav class="breadcrumbs" aria-label={props.t.t('layout.breadcrumbs')}>
      <ol>
        {all.map((crumb) =>
          crumb.path === undefined ? (
            <li>
              <span aria-current="page" safe>
                {crumb.label}
              </span>
            </li>
          ) : (
            <li>
              <a class="kern-link" href={props.t.href(crumb.path)} safe>
                {crumb.label}
              </a>
            </li>
          ),
        )}
      </ol>
    </nav>
  );
}
