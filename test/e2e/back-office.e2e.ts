/// <reference lib="dom" />
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/auth/schema.js';
import { createUser } from '../../src/auth/service.js';
import { newTotpSecret, totpCode } from '../../src/auth/totp.js';
import { legislativeTerms } from '../../src/city/schema.js';
import { councils, seatCategories } from '../../src/councils/schema.js';
import { berlinDate } from '../../src/infra/time.js';
import { membershipApplications } from '../../src/joining/schema.js';
import { memberships } from '../../src/members/schema.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { launchChromium } from '../support/browser.js';
import { axe } from '../support/e2e.js';

let t: TestApp;
let browser: Browser;
let origin: string;
const password = 'back office e2e password';
const adminSecret = newTotpSecret();

beforeAll(async () => {
  browser = await launchChromium();
  t = await createTestApp();
  origin = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const [hs] = await t.database.db.select().from(councils).where(eq(councils.slug, 'herrenhausen-stoecken'));
  await t.database.db.transaction(async (tx) => {
    await createUser(tx, { email: 'office@example.org', displayName: 'Büro Herrenhausen-Stöcken', role: 'office', councilId: hs!.id, password }, { userId: null, label: 'test' });
    const adminId = await createUser(tx, { email: 'admin@example.org', displayName: 'Administration', role: 'admin', councilId: null, password }, { userId: null, label: 'test' });
    await tx.update(users).set({ totpSecret: adminSecret, totpEnabledAt: new Date() }).where(eq(users.id, adminId));
  });
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signIn(page: Page, email: string, code?: string): Promise<void> {
  await page.goto(`${origin}/admin/anmelden`);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  if (code !== undefined) {
    await page.getByLabel('Code').fill(code);
    await page.getByRole('button', { name: 'Bestätigen' }).click();
  }
  await page.waitForURL(`${origin}/admin`);
}

describe('back office in Chromium', () => {
  it('the office signs in, edits a council text, appoints a member and signs out', async () => {
    const page = await (await browser.newContext()).newPage();
    const problems: string[] = [];
    await page.goto(`${origin}/admin/anmelden`);
    await axe(page, problems);
    await signIn(page, 'office@example.org');
    await axe(page, problems);

    // Edit the purpose text, then publish it.
    await page.goto(`${origin}/admin/beiraete/herrenhausen-stoecken/texte`);
    await axe(page, problems);
    const purpose = page.getByLabel('Zweck (Deutsch)');
    await purpose.fill('Ein Forum für alle im Stadtbezirk – neu formuliert im Test.');
    await page.getByRole('button', { name: 'Entwurf speichern' }).click();
    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    await page.goto(`${origin}/beiraete/herrenhausen-stoecken`);
    expect(await page.textContent('main')).toContain('Ein Forum für alle im Stadtbezirk – neu formuliert im Test.');

    // Make room in the district-councillor seats, then appoint someone to them.
    const [hs] = await t.database.db.select().from(councils).where(eq(councils.slug, 'herrenhausen-stoecken'));
    const before = await t.database.db.select().from(memberships).where(eq(memberships.councilId, hs!.id));
    await page.goto(`${origin}/admin/beiraete/herrenhausen-stoecken/mitglieder`);
    await axe(page, problems);
    await page.goto(`${origin}/admin/beiraete/herrenhausen-stoecken/mitglieder/neu`);
    await axe(page, problems);
    await page.getByLabel('Vorname').fill('Ayşe');
    await page.getByLabel('Nachname').fill('Yılmaz-Test');
    await page.getByLabel(/Sitzkategorie/).selectOption({ label: 'Einwohnerinnen und Einwohner mit Migrationshintergrund' });
    await page.getByLabel(/Beginn/).fill('2026-12-01');
    await page.getByRole('button', { name: /Berufen|Speichern/ }).click();
    // All 11 seats are taken in the demo: the refusal names category and quota, and keeps the input.
    expect(await page.textContent('main')).toMatch(/Einwohnerinnen und Einwohner mit Migrationshintergrund.*11/);
    expect(await page.getByLabel('Vorname').inputValue()).toBe('Ayşe');
    await axe(page, problems);
    expect(before.length).toBe((await t.database.db.select().from(memberships).where(eq(memberships.councilId, hs!.id))).length);

    // A resident leaves (as of yesterday): end the membership, then the appointment goes through.
    const yesterday = berlinDate(new Date(Date.now() - 86_400_000));
    const today = berlinDate(new Date());
    const [category] = await t.database.db.select().from(seatCategories).where(and(eq(seatCategories.councilId, hs!.id), eq(seatCategories.key, 'migration_background')));
    const leaving = before.find((m) => m.seatCategoryId === category!.id && m.endDate === null && m.startDate < yesterday)!;
    await page.goto(`${origin}/admin/beiraete/herrenhausen-stoecken/mitglieder/${leaving.id}/beenden`);
    await axe(page, problems);
    await page.getByLabel('Letzter Tag der Mitgliedschaft').fill(yesterday);
    await page.getByLabel('Grund des Ausscheidens').fill('Umzug in einen anderen Stadtbezirk');
    await page.getByRole('button', { name: 'Mitgliedschaft beenden' }).click();
    await page.goto(`${origin}/beiraete/herrenhausen-stoecken`);
    expect(await page.textContent('main')).toMatch(/Einwohnerinnen und Einwohner mit Migrationshintergrund\s*11\s*10/);

    await page.goto(`${origin}/admin/beiraete/herrenhausen-stoecken/mitglieder/neu`);
    await page.getByLabel('Vorname').fill('Ayşe');
    await page.getByLabel('Nachname').fill('Yılmaz-Test');
    await page.getByLabel(/Sitzkategorie/).selectOption({ label: 'Einwohnerinnen und Einwohner mit Migrationshintergrund' });
    await page.getByLabel(/Beginn/).fill(today);
    await page.getByLabel(/namentlich genannt/).check();
    await page.getByRole('button', { name: /Berufen|Speichern/ }).click();
    await page.goto(`${origin}/beiraete/herrenhausen-stoecken`);
    expect(await page.textContent('main')).toMatch(/Einwohnerinnen und Einwohner mit Migrationshintergrund\s*11\s*11/);
    await page.goto(`${origin}/beiraete/herrenhausen-stoecken/mitglieder`);
    expect(await page.textContent('main')).toContain('Ayşe Yılmaz-Test');

    await page.goto(`${origin}/admin`);
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(/\/admin\/anmelden/);
    expect(await page.textContent('main')).toContain('Sie sind abgemeldet.');
    await page.goto(`${origin}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/anmelden');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('every back-office page type has no axe violations on a phone, in German and English', async () => {
    const page = await (await browser.newContext({ viewport: { width: 375, height: 812 } })).newPage();
    const problems: string[] = [];
    await signIn(page, 'admin@example.org', totpCode(adminSecret, new Date()));
    const [hs] = await t.database.db.select().from(councils).where(eq(councils.slug, 'herrenhausen-stoecken'));
    const [membership] = await t.database.db.select().from(memberships).where(eq(memberships.councilId, hs!.id)).limit(1);
    const [application] = await t.database.db
      .insert(membershipApplications)
      .values({ councilId: hs!.id, name: 'Mina Rahimi', email: 'mina@example.org', ties: ['club'], age: 15, motivation: 'Ich möchte mitmachen.', consentAt: new Date() })
      .returning();
    const [term] = await t.database.db.select().from(legislativeTerms).limit(1);
    const council = '/admin/beiraete/herrenhausen-stoecken';
    const paths = [
      '/admin',
      '/admin/nutzer',
      '/admin/protokoll',
      '/admin/wahlperioden',
      `/admin/wahlperioden/${term!.id}/bearbeiten`,
      `/admin/wahlperioden/${term!.id}/loeschen`,
      '/admin/konto',
      council,
      `${council}/texte`,
      `${council}/regeln`,
      `${council}/kontakt`,
      `${council}/mitglieder`,
      `${council}/mitglieder/neu`,
      `${council}/mitglieder/verlauf`,
      `${council}/mitglieder/${membership!.id}/beenden`,
      `${council}/mitglieder/${membership!.id}/bearbeiten`,
      `${council}/vorsitz`,
      `${council}/bewerbungen`,
      `${council}/bewerbungen/${application!.id}`,
      `${council}/dokumente`,
      `${council}/unterlagen`,
    ];
    for (const prefix of ['', '/en']) {
      for (const path of paths) {
        const response = await page.goto(`${origin}${prefix}${path}`);
        if (response?.status() !== 200) problems.push(`${prefix}${path}: status ${response?.status()}`);
        await axe(page, problems);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) problems.push(`${prefix}${path}: ${overflow}px wider than the phone`);
      }
    }
    // The pages around signing in, and a form with errors.
    await page.goto(`${origin}/admin/beiraete/herrenhausen-stoecken/mitglieder/neu`);
    await page.getByRole('button', { name: /Berufen|Speichern/ }).click();
    await axe(page, problems);
    await page.goto(`${origin}/admin/wahlperioden`);
    await page.getByLabel('Bezeichnung').fill('Zu früh');
    await page.getByLabel('Beginn').fill('2031-01-01');
    await page.getByRole('button', { name: 'Wahlperiode eintragen' }).click();
    expect(await page.textContent('main')).toContain('Der Zeitraum überschneidet sich mit „Wahlperiode 2026–2031“');
    await axe(page, problems);
    await (await page.context()).clearCookies();
    for (const path of ['/admin/anmelden', '/admin/passwort-vergessen', '/admin/passwort-neu/abgelaufen', '/en/admin/anmelden']) {
      await page.goto(`${origin}${path}`);
      await axe(page, problems);
    }
    expect(problems).toEqual([]);
    await page.close();
    // About forty pages with a full axe run each: minutes on a busy two-core machine.
  }, 300_000);
});
