import type { PropsWithChildren } from '@kitajs/html';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import { z } from 'zod';
import { AdminLayout, adminRoute, currentUser, Flash, sessionCookie, type AdminContext } from '../admin/kit.js';
import { recordAudit } from '../audit/service.js';
import { findBody } from '../city/repository.js';
import { localePrefix, locales, type Locale } from '../infra/i18n/locales.js';
import { translator, type Translator } from '../infra/i18n/translator.js';
import { enqueueMail } from '../mail/outbox.js';
import { ErrorSummary, fieldErrors, Form, FormError, formValues, SubmitButton, TextField, type FormState } from '../web/forms.js';
import { Layout } from '../web/layout.js';
import { sendHtml, type PageServices } from '../web/pages.js';
import { maxPasswordLength, minPasswordLength } from './passwords.js';
import { sessionCookieOptions } from './plugin.js';
import { users } from './schema.js';
import { checkPassword, createOneTimeToken, findValidToken, normalizeEmail, setPasswordWithToken } from './service.js';
import { absoluteSessionHours, createSession, deleteSession, deleteUserSessions, hashToken } from './sessions.js';
import { newTotpSecret, totpUri, verifyTotp } from './totp.js';

const signInLimit = { max: 10, timeWindow: '1 minute' };

/** Only back-office paths are followed after sign-in: never an address elsewhere. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/admin(\/[A-Za-z0-9/_-]*)?$/.test(value) ? value : '/admin';
}

interface AuthPageContext {
  t: Translator;
  locale: Locale;
  request: FastifyRequest;
  reply: FastifyReply;
  bodyName: string;
  services: PageServices;
}

/** Registers a sign-in-area page (no session needed) under every language, with CSRF on POST. */
function authRoute(
  app: FastifyInstance,
  services: PageServices,
  method: 'GET' | 'POST',
  path: string,
  handler: (ctx: AuthPageContext) => Promise<JSX.Element | FastifyReply>,
  options: { rateLimit?: { max: number; timeWindow: string } } = {},
): void {
  for (const locale of locales) {
    app.route({
      method,
      url: `${localePrefix(locale)}${path}`,
      config: options.rateLimit ? { rateLimit: options.rateLimit } : undefined,
      preHandler: method === 'POST' ? app.csrfProtection : undefined,
      handler: async (request, reply) => {
        const body = await findBody(services.db);
        reply.header('cache-control', 'no-store');
        const result = await handler({ t: translator(locale), locale, request, reply, bodyName: body?.name ?? '', services });
        if (typeof result === 'object' && result !== null && 'sent' in result) return result;
        return sendHtml(reply, locale, result as JSX.Element, reply.statusCode);
      },
    });
  }
}

function AuthLayout(props: PropsWithChildren<{ ctx: AuthPageContext; path: string; title: string }>): JSX.Element {
  const { t } = props.ctx;
  return (
    <Layout t={t} path={props.path} title={props.title} bodyName={props.ctx.bodyName} baseUrl={props.ctx.services.config.baseUrl} noindex breadcrumbs={[{ label: props.title }]}>
      <div class="narrow-form">
        <h1 class="kern-heading-large" safe>
          {props.title}
        </h1>
        {props.children}
      </div>
    </Layout>
  );
}

async function startSession(ctx: AuthPageContext, userId: number, complete: boolean): Promise<void> {
  const { services, request, reply } = ctx;
  // A new token at every step of signing in: a session id seen before sign-in is worth nothing after it.
  const previous = request.cookies[sessionCookie];
  if (previous) await deleteSession(services.db, hashToken(previous));
  const token = await createSession(services.db, userId, complete);
  reply.setCookie(sessionCookie, token, sessionCookieOptions(services.config, absoluteSessionHours * 3600));
}

const signInSchema = z.object({
  email: z.string().trim().min(1).max(254).email(),
  password: z.string().min(1).max(maxPasswordLength),
});

function SignInForm(props: { ctx: AuthPageContext; form: FormState; next: string; message?: string }): JSX.Element {
  const { t, reply } = props.ctx;
  const labels = { email: t.t('auth.signIn.email'), password: t.t('auth.signIn.password') };
  return (
    <>
      <p class="kern-body">{t.html('auth.signIn.intro')}</p>
      <FormError message={props.message} />
      <ErrorSummary t={t} errors={props.form.errors} labels={labels} />
      <Form action={`${t.href('/admin/anmelden')}?weiter=${encodeURIComponent(props.next)}`} csrfToken={reply.generateCsrf()}>
        <TextField t={t} name="email" type="email" label={labels.email} form={props.form} autocomplete="username" maxlength={254} />
        <TextField t={t} name="password" type="password" label={labels.password} form={props.form} autocomplete="current-password" maxlength={maxPasswordLength} />
        <SubmitButton label={t.t('auth.signIn.submit')} />
      </Form>
      <p class="kern-body">
        <a class="kern-link" href={t.href('/admin/passwort-vergessen')}>
          {t.html('auth.signIn.forgot')}
        </a>
      </p>
    </>
  );
}

const passwordSchema = z
  .object({ password: z.string().min(minPasswordLength).max(maxPasswordLength), confirm: z.string().max(maxPasswordLength) })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'auth.setPassword.mismatch' });

export function registerAuthRoutes(app: FastifyInstance, services: PageServices): void {
  const { db, config } = services;

  authRoute(app, services, 'GET', '/admin/anmelden', async (ctx) => {
    const query = ctx.request.query as Record<string, unknown>;
    const user = await currentUser(ctx.request, services);
    if (user?.complete) return ctx.reply.redirect(ctx.t.href(safeNext(query.weiter)), 303);
    return (
      <AuthLayout ctx={ctx} path="/admin/anmelden" title={ctx.t.t('auth.signIn.title')}>
        <Flash ctx={{ ...ctx, path: '', db, config, now: new Date() }} allowed={['auth.signedOut', 'auth.setPassword.done']} />
        <SignInForm ctx={ctx} form={{ values: {}, errors: {} }} next={safeNext(query.weiter)} />
      </AuthLayout>
    );
  });

  authRoute(
    app,
    services,
    'POST',
    '/admin/anmelden',
    async (ctx) => {
      const { t } = ctx;
      const next = safeNext((ctx.request.query as Record<string, unknown>).weiter);
      const values = formValues(ctx.request.body);
      const parsed = signInSchema.safeParse(values);
      const render = (form: FormState, message?: string) => {
        ctx.reply.status(message ? 401 : 400);
        return (
          <AuthLayout ctx={ctx} path="/admin/anmelden" title={t.t('auth.signIn.title')}>
            <SignInForm ctx={ctx} form={{ values: { email: form.values.email }, errors: form.errors }} next={next} message={message} />
          </AuthLayout>
        );
      };
      if (!parsed.success) return render({ values, errors: fieldErrors(t, parsed.error) });
      const result = await checkPassword(db, parsed.data.email, parsed.data.password);
      if (result.kind === 'invalid') return render({ values, errors: {} }, t.t('auth.signIn.invalid'));
      if (result.kind === 'locked') return render({ values, errors: {} }, t.t('auth.signIn.locked', { time: t.fmt.time(result.until) }));
      await startSession(ctx, result.userId, !result.totpEnabled);
      if (result.totpEnabled) return ctx.reply.redirect(`${t.href('/admin/anmelden/code')}?weiter=${encodeURIComponent(next)}`, 303);
      return ctx.reply.redirect(t.href(result.mustSetUpTotp ? '/admin/konto/zwei-faktor' : next), 303);
    },
    { rateLimit: signInLimit },
  );

  const codeSchema = z.object({ code: z.string().trim().regex(/^\d{6}$/, 'auth.code.invalid') });
  const CodeForm = (props: { ctx: AuthPageContext; form: FormState; next: string }) => (
    <AuthLayout ctx={props.ctx} path="/admin/anmelden/code" title={props.ctx.t.t('auth.code.title')}>
      <p class="kern-body">{props.ctx.t.html('auth.code.intro')}</p>
      <ErrorSummary t={props.ctx.t} errors={props.form.errors} labels={{ code: props.ctx.t.t('auth.code.label') }} />
      <Form action={`${props.ctx.t.href('/admin/anmelden/code')}?weiter=${encodeURIComponent(props.next)}`} csrfToken={props.ctx.reply.generateCsrf()}>
        <TextField t={props.ctx.t} name="code" label={props.ctx.t.t('auth.code.label')} form={props.form} inputmode="numeric" autocomplete="one-time-code" maxlength={6} />
        <SubmitButton label={props.ctx.t.t('auth.code.submit')} />
      </Form>
    </AuthLayout>
  );

  authRoute(app, services, 'GET', '/admin/anmelden/code', async (ctx) => {
    const user = await currentUser(ctx.request, services);
    if (!user) return ctx.reply.redirect(ctx.t.href('/admin/anmelden'), 303);
    if (user.complete) return ctx.reply.redirect(ctx.t.href('/admin'), 303);
    return <CodeForm ctx={ctx} form={{ values: {}, errors: {} }} next={safeNext((ctx.request.query as Record<string, unknown>).weiter)} />;
  });

  authRoute(
    app,
    services,
    'POST',
    '/admin/anmelden/code',
    async (ctx) => {
      const next = safeNext((ctx.request.query as Record<string, unknown>).weiter);
      const user = await currentUser(ctx.request, services);
      if (!user) return ctx.reply.redirect(ctx.t.href('/admin/anmelden'), 303);
      const values = formValues(ctx.request.body);
      const parsed = codeSchema.safeParse(values);
      const [row] = await db.select({ secret: users.totpSecret }).from(users).where(eq(users.id, user.id));
      if (!parsed.success || !row?.secret || !verifyTotp(row.secret, parsed.data.code, new Date())) {
        ctx.reply.status(400);
        return <CodeForm ctx={ctx} form={{ values: {}, errors: { code: ctx.t.t('auth.code.invalid') } }} next={next} />;
      }
      await startSession(ctx, user.id, true);
      return ctx.reply.redirect(ctx.t.href(next), 303);
    },
    { rateLimit: signInLimit },
  );

  adminRoute(app, services, { method: 'POST', path: '/admin/abmelden', permission: 'backoffice.enter' }, async (ctx) => {
    await deleteSession(db, ctx.user.sessionId);
    ctx.reply.clearCookie(sessionCookie, { path: '/' });
    return ctx.reply.redirect(`${ctx.t.href('/admin/anmelden')}?hinweis=auth.signedOut`, 303);
  });

  const forgotSchema = z.object({ email: z.string().trim().min(1).max(254).email() });
  const ForgotPage = (props: { ctx: AuthPageContext; form: FormState; sent?: boolean }) => (
    <AuthLayout ctx={props.ctx} path="/admin/passwort-vergessen" title={props.ctx.t.t('auth.forgot.title')}>
      {props.sent ? (
        <div class="kern-alert kern-alert--success" role="status">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--success" aria-hidden="true"></span>
            <p class="kern-title">{props.ctx.t.html('auth.forgot.sent')}</p>
          </div>
        </div>
      ) : (
        <>
          <p class="kern-body">{props.ctx.t.html('auth.forgot.intro')}</p>
          <ErrorSummary t={props.ctx.t} errors={props.form.errors} labels={{ email: props.ctx.t.t('auth.signIn.email') }} />
          <Form action={props.ctx.t.href('/admin/passwort-vergessen')} csrfToken={props.ctx.reply.generateCsrf()}>
            <TextField t={props.ctx.t} name="email" type="email" label={props.ctx.t.t('auth.signIn.email')} form={props.form} autocomplete="username" maxlength={254} />
            <SubmitButton label={props.ctx.t.t('auth.forgot.submit')} />
          </Form>
        </>
      )}
    </AuthLayout>
  );

  authRoute(app, services, 'GET', '/admin/passwort-vergessen', async (ctx) => <ForgotPage ctx={ctx} form={{ values: {}, errors: {} }} />);
  authRoute(
    app,
    services,
    'POST',
    '/admin/passwort-vergessen',
    async (ctx) => {
      const values = formValues(ctx.request.body);
      const parsed = forgotSchema.safeParse(values);
      if (!parsed.success) {
        ctx.reply.status(400);
        return <ForgotPage ctx={ctx} form={{ values, errors: fieldErrors(ctx.t, parsed.error) }} />;
      }
      const [user] = await db.select().from(users).where(eq(users.email, normalizeEmail(parsed.data.email)));
      // The answer is the same whether or not the address has an account.
      if (user && !user.disabledAt) {
        await db.transaction(async (tx) => {
          const token = await createOneTimeToken(tx, user.id, 'password_reset');
          await enqueueMail(tx, {
            key: `password-reset:${hashToken(token)}`,
            to: user.email,
            subject: ctx.t.t('auth.forgot.mailSubject'),
            text: ctx.t.t('auth.forgot.mailText', { link: `${config.baseUrl}${ctx.t.href(`/admin/passwort-neu/${token}`)}` }),
          });
        });
      }
      return <ForgotPage ctx={ctx} form={{ values: {}, errors: {} }} sent />;
    },
    { rateLimit: { max: 5, timeWindow: '15 minutes' } },
  );

  const tokenOf = (request: FastifyRequest) => String((request.params as Record<string, unknown>).token ?? '');
  const SetPasswordPage = (props: { ctx: AuthPageContext; form: FormState; token: string; invalid?: boolean }) => {
    const { t } = props.ctx;
    const labels = { password: t.t('auth.setPassword.password'), confirm: t.t('auth.setPassword.confirm') };
    return (
      <AuthLayout ctx={props.ctx} path="/admin/passwort-neu" title={t.t('auth.setPassword.title')}>
        {props.invalid ? (
          <>
            <p class="kern-body">{t.html('auth.setPassword.invalidLink')}</p>
            <p class="kern-body">
              <a class="kern-link" href={t.href('/admin/passwort-vergessen')}>
                {t.html('auth.forgot.title')}
              </a>
            </p>
          </>
        ) : (
          <>
            <ErrorSummary t={t} errors={props.form.errors} labels={labels} />
            <Form action={t.href(`/admin/passwort-neu/${props.token}`)} csrfToken={props.ctx.reply.generateCsrf()}>
              <TextField t={t} name="password" type="password" label={labels.password} hint={t.t('auth.setPassword.hint', { min: minPasswordLength })} form={props.form} autocomplete="new-password" maxlength={maxPasswordLength} />
              <TextField t={t} name="confirm" type="password" label={labels.confirm} form={props.form} autocomplete="new-password" maxlength={maxPasswordLength} />
              <SubmitButton label={t.t('auth.setPassword.submit')} />
            </Form>
          </>
        )}
      </AuthLayout>
    );
  };

  authRoute(app, services, 'GET', '/admin/passwort-neu/:token', async (ctx) => {
    const token = tokenOf(ctx.request);
    const valid = await findValidToken(db, token);
    if (!valid) ctx.reply.status(404);
    return <SetPasswordPage ctx={ctx} form={{ values: {}, errors: {} }} token={token} invalid={!valid} />;
  });

  authRoute(
    app,
    services,
    'POST',
    '/admin/passwort-neu/:token',
    async (ctx) => {
      const token = tokenOf(ctx.request);
      const values = formValues(ctx.request.body);
      const parsed = passwordSchema.safeParse(values);
      if (!parsed.success) {
        ctx.reply.status(400);
        return <SetPasswordPage ctx={ctx} form={{ values: {}, errors: fieldErrors(ctx.t, parsed.error) }} token={token} />;
      }
      const userId = await db.transaction(async (tx) => {
        const id = await setPasswordWithToken(tx, token, parsed.data.password);
        if (id !== undefined) await deleteUserSessions(tx, id);
        return id;
      });
      if (userId === undefined) {
        ctx.reply.status(404);
        return <SetPasswordPage ctx={ctx} form={{ values: {}, errors: {} }} token={token} invalid />;
      }
      return ctx.reply.redirect(`${ctx.t.href('/admin/anmelden')}?hinweis=auth.setPassword.done`, 303);
    },
    { rateLimit: { max: 10, timeWindow: '15 minutes' } },
  );

  registerAccountRoutes(app, services);
}

function registerAccountRoutes(app: FastifyInstance, services: PageServices): void {
  const { db } = services;

  adminRoute(app, services, { method: 'GET', path: '/admin/konto', permission: 'backoffice.enter' }, async (ctx) => (
    <AdminLayout ctx={ctx} title={ctx.t.t('admin.nav.account')}>
      <Flash ctx={ctx} allowed={['auth.totp.enabled']} />
      <p class="kern-body" safe>
        {`${ctx.user.displayName} <${ctx.user.email}>`}
      </p>
      {ctx.user.totpEnabled ? (
        <p class="kern-body">{ctx.t.html('auth.totp.active')}</p>
      ) : (
        <>
          <p class="kern-body">{ctx.t.html('auth.totp.optional')}</p>
          <p class="kern-body">
            <a class="kern-link" href={ctx.t.href('/admin/konto/zwei-faktor')}>
              {ctx.t.html('auth.totp.start')}
            </a>
          </p>
        </>
      )}
    </AdminLayout>
  ));

  const TotpSetup = async (props: { ctx: AdminContext; secret: string; error?: string }) => {
    const { t } = props.ctx;
    const uri = totpUri(props.secret, props.ctx.user.email, 'Beirat');
    const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    const form: FormState = { values: {}, errors: props.error ? { code: props.error } : {} };
    return (
      <AdminLayout ctx={props.ctx} title={t.t('auth.totp.title')}>
        {props.ctx.user.roles.some((r) => r.role === 'admin') ? <p class="kern-body kern-body--bold">{t.html('auth.totp.required')}</p> : ''}
        <p class="kern-body">{t.html('auth.totp.intro')}</p>
        <img class="totp-qr" src={`data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`} alt={t.t('auth.totp.qr')} width="200" height="200" />
        <p class="kern-body">
          {t.html('auth.totp.secret')}: <code class="totp-secret" safe>{props.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
        </p>
        <ErrorSummary t={t} errors={form.errors} labels={{ code: t.t('auth.code.label') }} />
        <Form action={t.href('/admin/konto/zwei-faktor')} csrfToken={props.ctx.csrfToken()}>
          <TextField t={t} name="code" label={t.t('auth.code.label')} form={form} inputmode="numeric" autocomplete="one-time-code" maxlength={6} />
          <SubmitButton label={t.t('auth.code.submit')} />
        </Form>
      </AdminLayout>
    );
  };

  adminRoute(app, services, { method: 'GET', path: '/admin/konto/zwei-faktor', permission: 'backoffice.enter' }, async (ctx) => {
    if (ctx.user.totpEnabled) return ctx.redirect('/admin/konto');
    // The secret is kept (not yet active) until a code proves the app has it.
    const [row] = await db.select({ secret: users.totpSecret }).from(users).where(eq(users.id, ctx.user.id));
    let secret = row?.secret ?? null;
    if (!secret) {
      secret = newTotpSecret();
      await db.update(users).set({ totpSecret: secret }).where(eq(users.id, ctx.user.id));
    }
    return TotpSetup({ ctx, secret });
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/konto/zwei-faktor', permission: 'backoffice.enter', rateLimit: signInLimit }, async (ctx) => {
    if (ctx.user.totpEnabled) return ctx.redirect('/admin/konto');
    const [row] = await db.select({ secret: users.totpSecret }).from(users).where(eq(users.id, ctx.user.id));
    const code = String(formValues(ctx.request.body).code ?? '');
    if (!row?.secret) return ctx.redirect('/admin/konto/zwei-faktor');
    if (!verifyTotp(row.secret, code, new Date())) {
      ctx.reply.status(400);
      return TotpSetup({ ctx, secret: row.secret, error: ctx.t.t('auth.code.invalid') });
    }
    await db.transaction(async (tx) => {
      await tx.update(users).set({ totpEnabledAt: new Date() }).where(eq(users.id, ctx.user.id));
      await recordAudit(tx, { actor: ctx.actor, action: 'user.totp_enabled', entityType: 'user', entityId: ctx.user.id });
    });
    return ctx.reply.redirect(`${ctx.t.href('/admin/konto')}?hinweis=auth.totp.enabled`, 303);
  });
}
