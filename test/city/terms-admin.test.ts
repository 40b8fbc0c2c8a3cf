import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/audit/schema.js';
import { users } from '../../src/auth/schema.js';
import { createUser } from '../../src/auth/service.js';
import { newTotpSecret, totpCode } from '../../src/auth/totp.js';
import { legislativeTerms } from '../../src/city/schema.js';
import { ensureDemoAccounts } from '../../src/demo/accounts.js';
import { Agent } from '../support/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let admin: Agent;
const password = 'terms admin password 2026';
const page = '/admin/wahlperioden';

async function terms() {
  return t.database.db.select().from(legislativeTerms).orderBy(asc(legislativeTerms.startDate));
}

async function termNamed(name: string) {
  const [term] = await t.database.db.select().from(legislativeTerms).where(eq(legislativeTerms.name, name));
  return term;
}

async function auditOf(action: string, id: number) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.entityType, 'legislative_term'), eq(auditEvents.entityId, String(id))));
}

beforeAll(async () => {
  t = await createTestApp();
  const id = await t.database.db.transaction((tx) => createUser(tx, { email: 'terms-admin@example.org', displayName: 'Admin', role: 'admin', councilId: null, password }, { userId: null, label: 'test' }));
  const secret = newTotpSecret();
  await t.database.db.update(users).set({ totpSecret: secret, totpEnabledAt: new Date() }).where(eq(users.id, id));
  admin = new Agent(t.app);
  await admin.get('/admin/anmelden');
  await admin.post('/admin/anmelden', { email: 'terms-admin@example.org', password });
  await admin.get('/admin/anmelden/code');
  expect((await admin.post('/admin/anmelden/code', { code: totpCode(secret, new Date()) })).statusCode).toBe(303);
});
afterAll(async () => t?.close());

describe('legislative terms in the back office', () => {
  it('lists the demo terms newest first, with dates in the reader’s language, linked from the dashboard', async () => {
    const res = await admin.get(page);
    expect(res.statusCode).toBe(200);
    const names = [...res.body.matchAll(/<th scope="row" class="kern-table__cell">(Wahlperiode [^<]+)<\/th>/g)].map((m) => m[1]);
    expect(names).toEqual(['Wahlperiode 2026–2031', 'Wahlperiode 2021–2026', 'Wahlperiode 2016–2021']);
    expect(res.body).toContain('<time datetime="2026-11-01">01.11.2026</time>');
    expect(res.body).toContain('<time datetime="2031-10-31">31.10.2031</time>');
    expect(res.body).toMatch(/name="_csrf" value="[^"]+"/);

    const english = await admin.get(`/en${page}`);
    expect(english.statusCode).toBe(200);
    expect(english.body).toContain('Legislative terms');
    expect(english.body).toContain('<time datetime="2026-11-01">01/11/2026</time>');

    const dashboard = await admin.get('/admin');
    expect(dashboard.body).toContain(`href="${page}"`);
    expect((await admin.get('/en/admin')).body).toContain(`href="/en${page}"`);
  });

  it('adds a term, with an audit entry holding the new row', async () => {
    await admin.get(page);
    const res = await admin.post(page, { name: ' Wahlperiode 2031–2036 ', startDate: '2031-11-01', endDate: '2036-10-31' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${page}?hinweis=terms.flash.created`);
    expect((await admin.get(String(res.headers.location))).body).toContain('Die Wahlperiode ist eingetragen.');

    const term = await termNamed('Wahlperiode 2031–2036');
    expect(term).toMatchObject({ startDate: '2031-11-01', endDate: '2036-10-31' });
    const [event] = await auditOf('legislative_term.create', term!.id);
    expect(event!.before).toBeNull();
    expect(event!.after).toMatchObject({ id: term!.id, name: 'Wahlperiode 2031–2036', startDate: '2031-11-01', endDate: '2036-10-31' });
    expect(event!.actorLabel).toBe('terms-admin@example.org');
  });

  it('edits a term; saving it unchanged writes nothing', async () => {
    const term = (await termNamed('Wahlperiode 2031–2036'))!;
    const form = await admin.get(`${page}/${term.id}/bearbeiten`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Wahlperiode 2031–2036"');
    expect(form.body).toContain('value="2036-10-31"');

    // Open-ended for now: the next election has not been called.
    const res = await admin.post(`${page}/${term.id}/bearbeiten`, { name: 'Wahlperiode ab 2031', startDate: '2031-11-01', endDate: '' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${page}?hinweis=terms.flash.updated`);
    expect(await termNamed('Wahlperiode ab 2031')).toMatchObject({ id: term.id, startDate: '2031-11-01', endDate: null });
    const [event] = await auditOf('legislative_term.update', term.id);
    expect(event!.before).toMatchObject({ name: 'Wahlperiode 2031–2036', endDate: '2036-10-31' });
    expect(event!.after).toMatchObject({ name: 'Wahlperiode ab 2031', endDate: null });
    expect((await admin.get(page)).body).toContain('<td class="kern-table__cell"><span>offen</span></td>');

    await admin.get(`${page}/${term.id}/bearbeiten`);
    const again = await admin.post(`${page}/${term.id}/bearbeiten`, { name: 'Wahlperiode ab 2031', startDate: '2031-11-01', endDate: '' });
    expect(again.headers.location).toBe(`${page}?hinweis=terms.flash.unchanged`);
    expect(await auditOf('legislative_term.update', term.id)).toHaveLength(1);
  });

  it('deletes a term after a confirmation page', async () => {
    const term = (await termNamed('Wahlperiode ab 2031'))!;
    const confirm = await admin.get(`${page}/${term.id}/loeschen`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Wahlperiode ab 2031');
    expect(confirm.body).toContain('Wahlperiode endgültig löschen');
    expect(confirm.body).toContain(`action="${page}/${term.id}/loeschen"`);

    const res = await admin.post(`${page}/${term.id}/loeschen`, {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${page}?hinweis=terms.flash.deleted`);
    expect(await termNamed('Wahlperiode ab 2031')).toBeUndefined();
    const [event] = await auditOf('legislative_term.delete', term.id);
    expect(event!.before).toMatchObject({ name: 'Wahlperiode ab 2031', startDate: '2031-11-01' });
    expect(event!.after).toBeNull();

    expect((await admin.get(`${page}/${term.id}/loeschen`)).statusCode).toBe(404);
    expect((await admin.post(`${page}/${term.id}/loeschen`, {})).statusCode).toBe(404);
    expect((await admin.get(`${page}/${term.id}/bearbeiten`)).statusCode).toBe(404);
    expect((await admin.get(`${page}/kaputt/bearbeiten`)).statusCode).toBe(404);
  });

  describe('refuses bad input with a message in the reader’s language and keeps what was typed', () => {
    const cases = [
      {
        what: 'an empty name',
        fields: { name: '  ', startDate: '2041-11-01', endDate: '2046-10-31' },
        de: 'Bitte füllen Sie dieses Feld aus.',
        en: 'Please fill in this field.',
        field: 'name',
        kept: ['value="2041-11-01"', 'value="2046-10-31"'],
      },
      {
        what: 'an end before the start',
        fields: { name: 'Rückwärts', startDate: '2041-11-01', endDate: '2041-10-31' },
        de: 'Das Ende darf nicht vor dem Beginn liegen.',
        en: 'The end must not be before the start.',
        field: 'endDate',
        kept: ['value="Rückwärts"', 'value="2041-11-01"', 'value="2041-10-31"'],
      },
      {
        what: 'a term overlapping an existing one',
        fields: { name: 'Zu früh', startDate: '2031-01-01', endDate: '2035-12-31' },
        de: 'Der Zeitraum überschneidet sich mit „Wahlperiode 2026–2031“ (01.11.2026 bis 31.10.2031).',
        en: 'The period overlaps with “Wahlperiode 2026–2031” (01/11/2026 to 31/10/2031).',
        field: 'startDate',
        kept: ['value="Zu früh"', 'value="2031-01-01"', 'value="2035-12-31"'],
      },
      {
        what: 'a malformed date',
        fields: { name: 'Tippfehler', startDate: '2031-02-30', endDate: '31.10.2036' },
        de: 'Bitte geben Sie ein Datum an, z. B. 2026-12-31.',
        en: 'Please enter a date, e.g. 2026-12-31.',
        field: 'startDate',
        kept: ['value="Tippfehler"', 'value="2031-02-30"', 'value="31.10.2036"'],
      },
    ];

    it.each(cases)('$what', async ({ fields, de, en, field, kept }) => {
      const before = await terms();
      for (const [prefix, message] of [['', de], ['/en', en]] as const) {
        await admin.get(`${prefix}${page}`);
        const res = await admin.post(`${prefix}${page}`, fields);
        expect(res.statusCode).toBe(400);
        expect(res.body).toContain(`<span class="kern-body">${message}</span>`);
        expect(res.body).toContain(`id="field-${field}-error"`);
        expect(res.body).toContain('id="error-summary"');
        for (const value of kept) expect(res.body).toContain(value);
      }
      expect(await terms()).toEqual(before);
    });

    it('names the open-ended term a new one would run into', async () => {
      await admin.get(page);
      expect((await admin.post(page, { name: 'Künftig', startDate: '2031-11-01', endDate: '' })).statusCode).toBe(303);
      const res = await admin.post(page, { name: 'Später', startDate: '2040-01-01', endDate: '2045-01-01' });
      expect(res.statusCode).toBe(400);
      // Both dates lie inside the open-ended term: either may be the one to correct.
      expect(res.body).toContain('id="field-startDate-error"');
      expect(res.body).toContain('id="field-endDate-error"');
      expect(res.body).toContain('Der Zeitraum überschneidet sich mit „Künftig“ (ab 01.11.2031, ohne Ende).');
      const open = (await termNamed('Künftig'))!;
      await admin.get(`${page}/${open.id}/loeschen`);
      expect((await admin.post(`${page}/${open.id}/loeschen`, {})).statusCode).toBe(303);
    });

    it('on the edit page too, where the edited term does not collide with itself', async () => {
      const current = (await termNamed('Wahlperiode 2021–2026'))!;
      await admin.get(`/en${page}/${current.id}/bearbeiten`);
      const res = await admin.post(`/en${page}/${current.id}/bearbeiten`, { name: 'Wahlperiode 2021–2026', startDate: '2021-11-01', endDate: '2027-10-31' });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('The period overlaps with “Wahlperiode 2026–2031” (01/11/2026 to 31/10/2031).');
      expect(res.body).toContain('value="2027-10-31"');
      expect(res.body).toContain(`action="/en${page}/${current.id}/bearbeiten"`);
      // Moving its own start is no collision.
      const moved = await admin.post(`/en${page}/${current.id}/bearbeiten`, { name: 'Wahlperiode 2021–2026', startDate: '2021-11-02', endDate: '2026-10-31' });
      expect(moved.headers.location).toBe(`/en${page}?hinweis=terms.flash.updated`);
      expect(await termNamed('Wahlperiode 2021–2026')).toMatchObject({ startDate: '2021-11-02', endDate: '2026-10-31' });
    });
  });

  it('is for administrators only: the office of a council gets 403 and changes nothing', async () => {
    const mitte = (await ensureDemoAccounts(t.database.db)).find((a) => a.email === 'buero.mitte@demo.example.org')!;
    const office = new Agent(t.app);
    await office.get('/admin/anmelden');
    expect((await office.post('/admin/anmelden', { email: mitte.email, password: mitte.password })).headers.location).toBe('/admin');
    const dashboard = await office.get('/admin');
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).not.toContain(page);

    const term = (await terms())[0]!;
    const before = await terms();
    expect((await office.get(page)).statusCode).toBe(403);
    expect((await office.get(`/en${page}`)).statusCode).toBe(403);
    expect((await office.get(`${page}/${term.id}/bearbeiten`)).statusCode).toBe(403);
    expect((await office.get(`${page}/${term.id}/loeschen`)).statusCode).toBe(403);
    expect((await office.post(page, { name: 'Von der Geschäftsführung', startDate: '2050-01-01', endDate: '' })).statusCode).toBe(403);
    expect((await office.post(`${page}/${term.id}/bearbeiten`, { name: 'Umbenannt', startDate: term.startDate, endDate: term.endDate ?? '' })).statusCode).toBe(403);
    expect((await office.post(`${page}/${term.id}/loeschen`, {})).statusCode).toBe(403);
    expect(await terms()).toEqual(before);
  });

  it('refuses every form without its CSRF token', async () => {
    const term = (await terms())[0]!;
    const before = await terms();
    await admin.get(page);
    expect((await admin.post(page, { name: 'Ohne Token', startDate: '2050-01-01', endDate: '' }, { csrf: false })).statusCode).toBe(403);
    expect((await admin.post(`${page}/${term.id}/bearbeiten`, { name: 'Ohne Token', startDate: term.startDate, endDate: '' }, { csrf: false })).statusCode).toBe(403);
    expect((await admin.post(`${page}/${term.id}/loeschen`, {}, { csrf: false })).statusCode).toBe(403);
    expect(await terms()).toEqual(before);
  });
});
