import type { PropsWithChildren } from '@kitajs/html';
import type { FastifyInstance } from 'fastify';
import { findBody } from '../city/repository.js';
import { loadCouncilContext } from '../councils/load.js';
import { CouncilLayout, councilPath, type CouncilPageHeader } from '../councils/views.js';
import { Checkbox, emptyForm, ErrorSummary, fieldErrors, Form, formValues, SubmitButton, TextField, type FormState } from '../web/forms.js';
import { NotFoundError } from '../web/http-errors.js';
import { Layout } from '../web/layout.js';
import type { PageContext, PageServices } from '../web/pages.js';
import { councilParams, publicRoute } from '../web/public-route.js';
import {
  confirmationValidDays,
  confirmPath,
  confirmSubscription,
  limits,
  pendingConfirmation,
  requestSubscription,
  scopeText,
  subscribeInput,
  subscriptionForUnsubscribe,
  unsubscribe,
  unsubscribePath,
  verifyUnsubscribeToken,
} from './service.js';
import { citySubscribePath, councilSubscribePath } from './views.js';

/** A field people never see (hidden by the stylesheet); bots that fill in every field give themselves away. */
const honeypotField = 'website';
const thanks = (path: string) => `${path}/danke`;
const confirmedPath = '/abo/bestaetigt';
const unsubscribedPath = '/abo/abgemeldet';

/** One query parameter as a bounded string; anything else counts as missing. */
function queryParam(ctx: PageContext, name: string): string {
  const value = (ctx.request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value.length <= limits.token ? value : '';
}

function bodyParam(ctx: PageContext, name: string): string {
  const value = formValues(ctx.request.body)[name];
  return typeof value === 'string' && value.length <= limits.token ? value : '';
}

async function cityOf(ctx: PageContext) {
  const body = await findBody(ctx.db);
  if (!body) throw new NotFoundError('No city configured');
  return body;
}

/** A page of the city, outside any council: the city-wide form and the link pages. */
function CityPage(props: PropsWithChildren<{ ctx: PageContext; bodyName: string; title: string; path?: string; noindex?: boolean }>): JSX.Element {
  const { ctx } = props;
  return (
    <Layout t={ctx.t} path={props.path ?? ctx.path} title={props.title} bodyName={props.bodyName} baseUrl={ctx.config.baseUrl} breadcrumbs={[{ label: props.title }]} noindex={props.noindex}>
      <h1 class="kern-heading-large" safe>
        {props.title}
      </h1>
      {props.children}
    </Layout>
  );
}

function SuccessNote(props: PropsWithChildren): JSX.Element {
  return (
    <div class="kern-alert kern-alert--success" role="status">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--success" aria-hidden="true"></span>
        <p class="kern-title">{props.children}</p>
      </div>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------
// The form
// ---------------------------------------------------------------------------------------------------

function SubscribeForm(props: { ctx: PageContext; action: string; form: FormState; intro: string; calendarPath: string }): JSX.Element {
  const { ctx, form } = props;
  const { t } = ctx;
  const labels = { email: t.t('subscriptions.form.email'), consent: t.t('subscriptions.form.privacyTitle') };
  return (
    <div class="narrow-form">
      <p class="kern-body" safe>
        {props.intro}
      </p>
      <p class="kern-body kern-body--small">{t.html('subscriptions.form.required')}</p>
      <ErrorSummary t={t} errors={form.errors} labels={labels} />
      <Form action={t.href(props.action)} csrfToken={ctx.reply.generateCsrf()}>
        <TextField t={t} name="email" type="email" label={labels.email} hint={t.t('subscriptions.form.emailHint')} form={form} autocomplete="email" maxlength={limits.email} />
        <h2 class="kern-heading-small">{t.html('subscriptions.form.privacyTitle')}</h2>
        <p class="kern-body">{t.html('subscriptions.form.privacyText', { days: confirmationValidDays })}</p>
        <Checkbox t={t} name="consent" label={t.t('subscriptions.form.consent')} form={form} />
        <div class="joining-hp">
          <label for="field-website">{t.html('subscriptions.form.honeypot')}</label>
          <input id="field-website" name={honeypotField} type="text" value="" tabindex="-1" autocomplete="off" />
        </div>
        <SubmitButton label={t.t('subscriptions.form.submit')} />
      </Form>
      <p class="kern-body">
        {t.html('subscriptions.form.calendarInstead')}{' '}
        <a class="kern-link" href={`${t.href(props.calendarPath)}#subscribe`}>
          {t.html('feeds.box.title')}
        </a>
      </p>
    </div>
  );
}

function CouncilFormPage(props: { ctx: PageContext; bodyName: string; header: CouncilPageHeader; form: FormState }): JSX.Element {
  const { ctx, header } = props;
  const { t } = ctx;
  const title = t.t('subscriptions.form.title');
  const slug = header.council.slug;
  return (
    <CouncilLayout ctx={ctx} bodyName={props.bodyName} header={header} section="meetings" title={title} crumbs={[{ label: title }]}>
      <SubscribeForm
        ctx={ctx}
        action={councilSubscribePath(slug)}
        form={props.form}
        intro={t.t('subscriptions.form.intro', { council: t.text(header.council.name) })}
        calendarPath={councilPath(slug, '/sitzungen')}
      />
    </CouncilLayout>
  );
}

function CityFormPage(props: { ctx: PageContext; bodyName: string; cityName: string; form: FormState }): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <CityPage ctx={ctx} bodyName={props.bodyName} title={t.t('subscriptions.form.cityTitle')}>
      <SubscribeForm ctx={ctx} action={citySubscribePath} form={props.form} intro={t.t('subscriptions.form.cityIntro', { city: props.cityName })} calendarPath="/" />
    </CityPage>
  );
}

function CheckMailText(props: { ctx: PageContext }): JSX.Element {
  const { t } = props.ctx;
  return (
    <>
      <SuccessNote>{t.html('subscriptions.check.text')}</SuccessNote>
      <p class="kern-body">{t.html('subscriptions.check.spam', { days: confirmationValidDays })}</p>
    </>
  );
}

/** Reads and checks the posted form; undefined when it was a bot (it is answered as a person would be). */
function readForm(ctx: PageContext): { ok: true; email: string } | { ok: false; form: FormState } | undefined {
  const { [honeypotField]: trap, ...values } = formValues(ctx.request.body);
  if (typeof trap === 'string' ? trap.trim() !== '' : Array.isArray(trap)) return undefined;
  const parsed = subscribeInput.safeParse(values);
  if (!parsed.success) return { ok: false, form: { values, errors: fieldErrors(ctx.t, parsed.error) } };
  return { ok: true, email: parsed.data.email };
}

const subscribeRateLimit = { max: 5, timeWindow: '10 minutes' };

function registerForms(app: FastifyInstance, services: PageServices): void {
  const councilForm = '/beiraete/:slug/sitzungen/benachrichtigung';
  publicRoute(app, services, { method: 'GET', path: councilForm, params: councilParams }, async (ctx, { slug }) => {
    const { bodyName, header } = await loadCouncilContext(ctx, slug);
    return <CouncilFormPage ctx={ctx} bodyName={bodyName} header={header} form={emptyForm()} />;
  });
  publicRoute(app, services, { method: 'POST', path: councilForm, params: councilParams, rateLimit: subscribeRateLimit }, async (ctx, { slug }) => {
    const { bodyName, header } = await loadCouncilContext(ctx, slug);
    const result = readForm(ctx);
    if (result && !result.ok) {
      ctx.reply.status(400);
      return <CouncilFormPage ctx={ctx} bodyName={bodyName} header={header} form={result.form} />;
    }
    if (result) await requestSubscription(ctx.db, { councilId: header.council.id, email: result.email, locale: ctx.t.locale, baseUrl: ctx.config.baseUrl, now: ctx.now });
    return ctx.reply.redirect(ctx.t.href(thanks(councilSubscribePath(slug))), 303);
  });
  publicRoute(app, services, { method: 'GET', path: thanks(councilForm), params: councilParams }, async (ctx, { slug }) => {
    const { t } = ctx;
    const { bodyName, header } = await loadCouncilContext(ctx, slug);
    const title = t.t('subscriptions.check.title');
    return (
      <CouncilLayout ctx={ctx} bodyName={bodyName} header={header} section="meetings" title={title} crumbs={[{ label: title }]}>
        <CheckMailText ctx={ctx} />
        <p class="kern-body">
          <a class="kern-link" href={t.href(councilPath(slug, '/sitzungen'))}>
            {t.html('subscriptions.back')}
          </a>
        </p>
      </CouncilLayout>
    );
  });

  publicRoute(app, services, { method: 'GET', path: citySubscribePath }, async (ctx) => {
    const body = await cityOf(ctx);
    return <CityFormPage ctx={ctx} bodyName={body.name} cityName={body.shortName} form={emptyForm()} />;
  });
  publicRoute(app, services, { method: 'POST', path: citySubscribePath, rateLimit: subscribeRateLimit }, async (ctx) => {
    const body = await cityOf(ctx);
    const result = readForm(ctx);
    if (result && !result.ok) {
      ctx.reply.status(400);
      return <CityFormPage ctx={ctx} bodyName={body.name} cityName={body.shortName} form={result.form} />;
    }
    if (result) await requestSubscription(ctx.db, { councilId: null, email: result.email, locale: ctx.t.locale, baseUrl: ctx.config.baseUrl, now: ctx.now });
    return ctx.reply.redirect(ctx.t.href(thanks(citySubscribePath)), 303);
  });
  publicRoute(app, services, { method: 'GET', path: thanks(citySubscribePath) }, async (ctx) => {
    const { t } = ctx;
    const body = await cityOf(ctx);
    return (
      <CityPage ctx={ctx} bodyName={body.name} title={t.t('subscriptions.check.title')}>
        <CheckMailText ctx={ctx} />
        <p class="kern-body">
          <a class="kern-link" href={t.href('/')}>
            {t.html('subscriptions.backHome')}
          </a>
        </p>
      </CityPage>
    );
  });
}

// ---------------------------------------------------------------------------------------------------
// The links in the mails. Mail scanners open links to look at them, so a GET only shows a button;
// only the POST of that button changes anything.
// ---------------------------------------------------------------------------------------------------

const linkRateLimit = { max: 30, timeWindow: '10 minutes' };

function InvalidLink(props: { ctx: PageContext; bodyName: string; kind: 'invalidConfirm' | 'invalidUnsubscribe' }): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <CityPage ctx={ctx} bodyName={props.bodyName} title={t.t(`subscriptions.${props.kind}.title`)} noindex>
      <p class="kern-body kern-body--large">{t.html(`subscriptions.${props.kind}.text`)}</p>
      <p class="kern-body">
        <a class="kern-link" href={t.href(props.kind === 'invalidConfirm' ? citySubscribePath : '/')}>
          {t.html(props.kind === 'invalidConfirm' ? 'subscriptions.subscribeAgain' : 'subscriptions.backHome')}
        </a>
      </p>
    </CityPage>
  );
}

function DonePage(props: { ctx: PageContext; bodyName: string; kind: 'confirmed' | 'unsubscribed' }): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <CityPage ctx={ctx} bodyName={props.bodyName} title={t.t(`subscriptions.${props.kind}.title`)} noindex>
      <SuccessNote>{t.html(`subscriptions.${props.kind}.text`)}</SuccessNote>
      <p class="kern-body">
        <a class="kern-link" href={t.href('/')}>
          {t.html('subscriptions.backHome')}
        </a>
      </p>
    </CityPage>
  );
}

function registerLinks(app: FastifyInstance, services: PageServices): void {
  publicRoute(app, services, { method: 'GET', path: confirmPath }, async (ctx) => {
    const { t } = ctx;
    const body = await cityOf(ctx);
    const token = queryParam(ctx, 't');
    const pending = await pendingConfirmation(ctx.db, token, ctx.now);
    if (!pending) {
      ctx.reply.status(404);
      return <InvalidLink ctx={ctx} bodyName={body.name} kind="invalidConfirm" />;
    }
    const title = t.t('subscriptions.confirm.title');
    return (
      // The language switch keeps the token, so the page can be read in the other language.
      <CityPage ctx={ctx} bodyName={body.name} title={title} path={`${confirmPath}?t=${token}`} noindex>
        <p class="kern-body" safe>
          {t.t('subscriptions.confirm.text', { email: pending.subscription.email, scope: scopeText(t, pending.council, body.shortName) })}
        </p>
        <Form action={t.href(confirmPath)} csrfToken={ctx.reply.generateCsrf()}>
          <input type="hidden" name="t" value={token} />
          <SubmitButton label={t.t('subscriptions.confirm.submit')} />
        </Form>
      </CityPage>
    );
  });
  publicRoute(app, services, { method: 'POST', path: confirmPath, rateLimit: linkRateLimit }, async (ctx) => {
    if (await confirmSubscription(ctx.db, bodyParam(ctx, 't'), ctx.now)) return ctx.reply.redirect(ctx.t.href(confirmedPath), 303);
    const body = await cityOf(ctx);
    ctx.reply.status(404);
    return <InvalidLink ctx={ctx} bodyName={body.name} kind="invalidConfirm" />;
  });
  publicRoute(app, services, { method: 'GET', path: confirmedPath }, async (ctx) => <DonePage ctx={ctx} bodyName={(await cityOf(ctx)).name} kind="confirmed" />);

  publicRoute(app, services, { method: 'GET', path: unsubscribePath }, async (ctx) => {
    const { t } = ctx;
    const body = await cityOf(ctx);
    const token = queryParam(ctx, 's');
    const id = await verifyUnsubscribeToken(ctx.db, token);
    if (id === undefined) {
      ctx.reply.status(400);
      return <InvalidLink ctx={ctx} bodyName={body.name} kind="invalidUnsubscribe" />;
    }
    const found = await subscriptionForUnsubscribe(ctx.db, id);
    // A genuine link whose subscription is gone: already unsubscribed, nothing to do.
    if (!found) return <DonePage ctx={ctx} bodyName={body.name} kind="unsubscribed" />;
    const title = t.t('subscriptions.unsubscribe.title');
    return (
      <CityPage ctx={ctx} bodyName={body.name} title={title} path={`${unsubscribePath}?s=${token}`} noindex>
        <p class="kern-body" safe>
          {t.t('subscriptions.unsubscribe.text', { email: found.subscription.email, scope: scopeText(t, found.council, body.shortName) })}
        </p>
        <Form action={t.href(unsubscribePath)} csrfToken={ctx.reply.generateCsrf()}>
          <input type="hidden" name="s" value={token} />
          <SubmitButton label={t.t('subscriptions.unsubscribe.submit')} />
        </Form>
      </CityPage>
    );
  });
  publicRoute(app, services, { method: 'POST', path: unsubscribePath, rateLimit: linkRateLimit }, async (ctx) => {
    const id = await verifyUnsubscribeToken(ctx.db, bodyParam(ctx, 's'));
    if (id === undefined) {
      const body = await cityOf(ctx);
      ctx.reply.status(400);
      return <InvalidLink ctx={ctx} bodyName={body.name} kind="invalidUnsubscribe" />;
    }
    await unsubscribe(ctx.db, id);
    return ctx.reply.redirect(ctx.t.href(unsubscribedPath), 303);
  });
  publicRoute(app, services, { method: 'GET', path: unsubscribedPath }, async (ctx) => <DonePage ctx={ctx} bodyName={(await cityOf(ctx)).name} kind="unsubscribed" />);
}

/** The public pages of e-mail subscriptions: the forms, and the confirm and unsubscribe links. */
export function registerSubscriptions(app: FastifyInstance, services: PageServices): void {
  registerForms(app, services);
  registerLinks(app, services);
}
