import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/audit/schema.js';
import { users } from '../../src/auth/schema.js';
import { createUser } from '../../src/auth/service.js';
import { newTotpSecret, totpCode } from '../../src/auth/totp.js';
import { outbox } from '../../src/mail/schema.js';
import { Agent } from '../support/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let admin: Agent;
const password = 'admin password for tests';

beforeAll(async () => {
  t = await createTestApp();
  const id = await t.database.db.transaction((tx) => createUser(tx, { email: 'admin@example.org', displayName: 'Admin', role: 'admin', councilId: null, password }, { userId: null, label: 'test' }));
  const secret = newTotpSecret();
  await t.database.db.update(users).set({ totpSecret: secret, totpEnabledAt: new Date() }).where(eq(users.id, id));
  admin = new Agent(t.app);
  await admin.get('/admin/anmelden');
  await admin.post('/admin/anmelden', { email: 'admin@example.org', password });
  await admin.get('/admin/anmelden/code');
  await admin.post('/admin/anmelden/code', { code: totpCode(secret, new Date()) });
});
afterAll(async () => t?.close());

describe('user administration', () => {
  it('creates an office user for Herrenhausen-Stöcken who sets a password from the mail and signs in', async () => {
    await admin.get('/admin/nutzer');
    const res = await admin.post('/admin/nutzer', { name: 'Büro Stöcken', email: 'Buero.Stoecken@example.org', role: 'office', council: 'herrenhausen-stoecken' });
    expect(res.statusCode).toBe(303);
    expect((await admin.get(res.headers.location as string)).body).toContain('Der Zugang ist angelegt.');

    const [mail] = await t.database.db.select().from(outbox).where(eq(outbox.to, 'buero.stoecken@example.org'));
    const link = /http:\/\/beirat\.test(\/admin\/passwort-neu\/\S+)/.exec(mail!.text)![1]!;
    const office = new Agent(t.app);
    await office.get(link);
    expect((await office.post(link, { password: 'office password 2026', confirm: 'office password 2026' })).statusCode).toBe(303);
    await office.get('/admin/anmelden');
    expect((await office.post('/admin/anmelden', { email: 'buero.stoecken@example.org', password: 'office password 2026' })).headers.location).toBe('/admin');
    const dashboard = await office.get('/admin');
    expect(dashboard.body).toContain('Integrationsbeirat Herrenhausen-Stöcken');
    // Users and the audit log are for admins only.
    expect((await office.get('/admin/nutzer')).statusCode).toBe(403);
    expect((await office.get('/admin/protokoll')).statusCode).toBe(403);
  });

  it('refuses bad input with field errors and keeps what was typed', async () => {
    await admin.get('/admin/nutzer');
    const res = await admin.post('/admin/nutzer', { name: '', email: 'kein-at', role: 'office', council: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Bitte füllen Sie dieses Feld aus.');
    expect(res.body).toContain('Bitte geben Sie eine gültige E-Mail-Adresse ein');
    expect(res.body).toContain('Bitte wählen Sie den Integrationsbeirat.');
    expect(res.body).toContain('value="kein-at"');
    const odd = await admin.post('/admin/nutzer', { name: 'X', email: 'x@example.org', role: 'emperor' });
    expect(odd.statusCode).toBe(400);
    const duplicate = await admin.post('/admin/nutzer', { name: 'Again', email: 'ADMIN@example.org', role: 'admin' });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.body).toContain('Für diese E-Mail-Adresse gibt es schon einen Zugang.');
  });

  it('disables a user and ends their sessions', async () => {
    const id = await t.database.db.transaction((tx) => createUser(tx, { email: 'leaving@example.org', displayName: 'Leaving', role: 'member', councilId: null, password }, { userId: null, label: 'test' }));
    const leaving = new Agent(t.app);
    await leaving.get('/admin/anmelden');
    await leaving.post('/admin/anmelden', { email: 'leaving@example.org', password });
    await admin.get('/admin/nutzer');
    expect((await admin.post(`/admin/nutzer/${id}/sperren`, {})).statusCode).toBe(303);
    expect((await leaving.get('/admin/konto')).statusCode).toBe(303);
  });
});

describe('audit log', () => {
  it('shows changes with before and after, filtered by council and time', async () => {
    const page = await admin.get('/admin/protokoll');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('user.create');
    expect(page.body).toContain('user.disable');
    expect(page.body).toMatch(/disabledAt<\/th><td class="kern-table__cell">–<\/td><td class="kern-table__cell">\d{4}-/);
    const filtered = await admin.get('/admin/protokoll?beirat=mitte&von=2000-01-01&bis=2100-01-01');
    expect(filtered.statusCode).toBe(200);
    expect(filtered.body).not.toContain('user.disable');
    expect((await admin.get('/admin/protokoll?von=kaputt&person=abc')).statusCode).toBe(200);
  });

  it('is append-only: the database refuses to change or delete an entry', async () => {
    const refused = (e: unknown) => /append-only/.test(String((e as { cause?: Error }).cause?.message ?? (e as Error).message));
    await expect(t.database.db.execute(sql`update audit_events set action = 'forged'`)).rejects.toSatisfy(refused);
    await expect(t.database.db.delete(auditEvents)).rejects.toSatisfy(refused);
  });
});
