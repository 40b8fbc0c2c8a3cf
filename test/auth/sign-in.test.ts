import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/audit/schema.js';
import { users } from '../../src/auth/schema.js';
import { createUser } from '../../src/auth/service.js';
import { totpCode } from '../../src/auth/totp.js';
import { councils } from '../../src/councils/schema.js';
import { outbox } from '../../src/mail/schema.js';
import { Agent } from '../support/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
const password = 'correct horse battery staple';

beforeAll(async () => {
  t = await createTestApp();
  const [hs] = await t.database.db.select().from(councils).where(eq(councils.slug, 'herrenhausen-stoecken'));
  await t.database.db.transaction(async (tx) => {
    await createUser(tx, { email: 'Office@Example.org', displayName: 'Office HS', role: 'office', councilId: hs!.id, password }, { userId: null, label: 'test' });
    await createUser(tx, { email: 'admin@example.org', displayName: 'Admin', role: 'admin', councilId: null, password }, { userId: null, label: 'test' });
  });
});
afterAll(async () => t?.close());

describe('signing in', () => {
  it('sends the anonymous to the sign-in page and back after signing in', async () => {
    const agent = new Agent(t.app);
    const res = await agent.get('/admin');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/anmelden?weiter=%2Fadmin');
    const form = await agent.get(res.headers.location as string);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="_csrf"');

    const signIn = await agent.post('/admin/anmelden?weiter=%2Fadmin', { email: 'office@example.org', password });
    expect(signIn.statusCode).toBe(303);
    expect(signIn.headers.location).toBe('/admin');
    const cookie = signIn.cookies.find((c) => c.name === 'beirat_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const dashboard = await agent.get('/admin');
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).toContain('Integrationsbeirat Herrenhausen-Stöcken');
    expect(dashboard.body).not.toContain('Integrationsbeirat Mitte');
  });

  it('refuses a wrong password with the same message as an unknown address, keeping the address typed', async () => {
    const agent = new Agent(t.app);
    await agent.get('/admin/anmelden');
    const wrong = await agent.post('/admin/anmelden', { email: 'office@example.org', password: 'wrong password here' });
    const unknown = await agent.post('/admin/anmelden', { email: 'nobody@example.org', password: 'wrong password here' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toContain('E-Mail-Adresse oder Passwort stimmen nicht.');
    expect(unknown.body).toContain('E-Mail-Adresse oder Passwort stimmen nicht.');
    expect(wrong.body).toContain('value="office@example.org"');
    expect(wrong.body).not.toContain('wrong password here');
  });

  it('shows field errors in the reader’s language for an empty form', async () => {
    const agent = new Agent(t.app);
    await agent.get('/en/admin/anmelden');
    const res = await agent.post('/en/admin/anmelden', { email: 'not-an-address', password: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Please enter a valid e-mail address');
    expect(res.body).toContain('Please fill in this field.');
    expect(res.body).toContain('value="not-an-address"');
  });

  it('rejects a form posted without its CSRF token with 403', async () => {
    const agent = new Agent(t.app);
    await agent.get('/admin/anmelden');
    const res = await agent.post('/admin/anmelden', { email: 'office@example.org', password }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Formular abgelaufen');
    const forged = await agent.post('/admin/anmelden', { email: 'office@example.org', password }, { csrf: 'forged-token' });
    expect(forged.statusCode).toBe(403);
  });

  it('locks an account after five wrong passwords', async () => {
    const agent = new Agent(t.app);
    await agent.get('/admin/anmelden');
    await t.database.db.transaction((tx) => createUser(tx, { email: 'victim@example.org', displayName: 'V', role: 'member', councilId: null, password }, { userId: null, label: 'test' }));
    for (let i = 0; i < 5; i++) await agent.post('/admin/anmelden', { email: 'victim@example.org', password: `nope nope nope ${i}` });
    const res = await agent.post('/admin/anmelden', { email: 'victim@example.org', password });
    expect(res.statusCode).toBe(401);
    expect(res.body).toMatch(/bis \d\d:\d\d Uhr gesperrt/);
  });

  it('limits sign-in attempts per address', async () => {
    const agent = new Agent(t.app);
    await agent.get('/admin/anmelden');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await agent.post('/admin/anmelden', { email: 'x@example.org', password: 'whatever it is' })).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect((await agent.post('/admin/anmelden', { email: 'x@example.org', password: 'p' })).body).toContain('Zu viele Versuche');
  });

  it('signs out: the session is gone from the database', async () => {
    const agent = new Agent(t.app);
    await agent.get('/admin/anmelden');
    await agent.post('/admin/anmelden', { email: 'office@example.org', password });
    await agent.get('/admin');
    const out = await agent.post('/admin/abmelden', {});
    expect(out.statusCode).toBe(303);
    expect((await agent.get('/admin')).statusCode).toBe(303);
  });
});

describe('second factor', () => {
  it('makes an admin set up TOTP before anything else, then asks for a code at every sign-in', async () => {
    const agent = new Agent(t.app);
    await agent.get('/admin/anmelden');
    const first = await agent.post('/admin/anmelden', { email: 'admin@example.org', password });
    expect(first.headers.location).toBe('/admin/konto/zwei-faktor');
    expect((await agent.get('/admin/nutzer')).headers.location).toBe('/admin/konto/zwei-faktor');
    const setup = await agent.get('/admin/konto/zwei-faktor');
    expect(setup.statusCode).toBe(200);
    const [row] = await t.database.db.select().from(users).where(eq(users.email, 'admin@example.org'));
    const wrong = await agent.post('/admin/konto/zwei-faktor', { code: '000000' === totpCode(row!.totpSecret!, new Date()) ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(400);
    const ok = await agent.post('/admin/konto/zwei-faktor', { code: totpCode(row!.totpSecret!, new Date()) });
    expect(ok.statusCode).toBe(303);
    expect((await agent.get('/admin')).statusCode).toBe(200);

    const later = new Agent(t.app);
    await later.get('/admin/anmelden');
    const step1 = await later.post('/admin/anmelden', { email: 'admin@example.org', password });
    expect(step1.headers.location).toBe('/admin/anmelden/code?weiter=%2Fadmin');
    expect((await later.get('/admin')).headers.location).toBe('/admin/anmelden/code');
    await later.get('/admin/anmelden/code');
    const step2 = await later.post('/admin/anmelden/code?weiter=%2Fadmin', { code: totpCode(row!.totpSecret!, new Date()) });
    expect(step2.headers.location).toBe('/admin');
    expect((await later.get('/admin')).statusCode).toBe(200);
  });
});

describe('password reset', () => {
  it('mails a one-time link through the outbox; the link sets a new password once', async () => {
    const agent = new Agent(t.app);
    await agent.get('/admin/passwort-vergessen');
    const res = await agent.post('/admin/passwort-vergessen', { email: 'office@example.org' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Wenn es ein Konto mit dieser Adresse gibt');
    const unknown = await agent.post('/admin/passwort-vergessen', { email: 'nobody@example.org' });
    expect(unknown.body).toContain('Wenn es ein Konto mit dieser Adresse gibt');

    const mails = await t.database.db.select().from(outbox).where(eq(outbox.to, 'office@example.org'));
    expect(mails).toHaveLength(1);
    const link = /http:\/\/beirat\.test(\/admin\/passwort-neu\/[A-Za-z0-9_-]+)/.exec(mails[0]!.text)![1]!;
    await agent.get(link);
    const short = await agent.post(link, { password: 'short', confirm: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('mindestens 12 Zeichen');
    const done = await agent.post(link, { password: 'a brand new long password', confirm: 'a brand new long password' });
    expect(done.headers.location).toBe('/admin/anmelden?hinweis=auth.setPassword.done');
    expect((await agent.get(link)).statusCode).toBe(404);
    await agent.get('/admin/anmelden');
    expect((await agent.post('/admin/anmelden', { email: 'office@example.org', password: 'a brand new long password' })).statusCode).toBe(303);
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'user.password_set'));
    expect(audit.length).toBeGreaterThan(0);
  });
});
