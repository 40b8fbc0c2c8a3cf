import type { Translator } from '../infra/i18n/translator.js';
import { Layout } from './layout.js';

export function NotFoundPage(props: { t: Translator; path: string; bodyName: string; baseUrl: string }): JSX.Element {
  const { t } = props;
  return (
    <Layout t={t} path={props.path} title={t.t('error.notFound.title')} bodyName={props.bodyName} baseUrl={props.baseUrl} noindex>
      <h1 class="kern-heading-large">{t.html('error.notFound.title')}</h1>
      <p class="kern-body kern-body--large">{t.html('error.notFound.text')}</p>
      <p class="kern-body">
        <a class="kern-link" href={t.href('/')}>
          {t.html('error.backHome')}
        </a>
      </p>
    </Layout>
  );
}

export function ServerErrorPage(props: { t: Translator; path: string; bodyName: string; baseUrl: string; requestId: string }): JSX.Element {
  const { t } = props;
  return (
    <Layout t={t} path={props.path} title={t.t('error.server.title')} bodyName={props.bodyName} baseUrl={props.baseUrl} noindex>
      <h1 class="kern-heading-large">{t.html('error.server.title')}</h1>
      <p class="kern-body kern-body--large">{t.html('error.server.text')}</p>
      <p class="kern-body">
        {t.html('error.server.reference', { id: props.requestId })}
      </p>
      <p class="kern-body">
        <a class="kern-link" href={t.href('/')}>
          {t.html('error.backHome')}
        </a>
      </p>
    </Layout>
  );
}

export function ErrorPage(props: { t: Translator; path: string; bodyName: string; baseUrl: string; kind: 'forbidden' | 'csrf' | 'tooMany' | 'badRequest' }): JSX.Element {
  const { t } = props;
  return (
    <Layout t={t} path={props.path} title={t.t(`error.${props.kind}.title`)} bodyName={props.bodyName} baseUrl={props.baseUrl} noindex>
      <h1 class="kern-heading-large">{t.html(`error.${props.kind}.title`)}</h1>
      <p class="kern-body kern-body--large">{t.html(`error.${props.kind}.text`)}</p>
      <p class="kern-body">
        <a class="kern-link" href={t.href('/')}>
          {t.html('error.backHome')}
        </a>
      </p>
    </Layout>
  );
}
