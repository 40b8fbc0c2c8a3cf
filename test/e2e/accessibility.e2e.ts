/// <reference lib="dom" />
import { createHash } from 'node:crypto';
import { AxeBuilder } from '@axe-core/playwright';
import { and, eq, inArray } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { councils } from '../../src/councils/schema.js';
import { grants } from '../../src/grants/schema.js';
import { publicGrantStatuses } from '../../src/grants/service.js';
import { meetings, meetingSubscriptions } from '../../src/meetings/schema.js';
import { unsubscribeToken } from '../../src/subscriptions/service.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { launchChromium } from '../support/browser.js';

let t: TestApp;
let browser: Browser;
let origin: string;
const pageTypes: Array<[string, string]> = [];

beforeAll(async () => {
  browser = await launchChromium();
  t = await createTestApp();
  origin = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const db = t.database.db;
  const [mitte] = await db.select().from(councils).where(eq(councils.slug, 'mitte'));
  const [held] = await db.select().from(meetings).where(and(eq(meetings.councilId, mitte!.id), eq(meetings.state, 'minutes_approved'))).limit(1);
  const [cancelled] = await db.select({ id: meetings.id, slug: councils.slug }).from(meetings).innerJoin(councils, eq(councils.id, meetings.councilId)).where(eq(meetings.cancelled, true)).limit(1);
  const [grant] = await db.select().from(grants).where(and(eq(grants.councilId, mitte!.id), inArray(grants.status, [...publicGrantStatuses]))).limit(1);
  // A pending subscription, for the pages its mailed links open.
  const confirmToken = 'accessibilityCheckConfirmToken01';
  const [subscription] = await db
    .insert(meetingSubscriptions)
    .values({ councilId: mitte!.id, email: 'axe@example.org', confirmTokenHash: createHash('sha256').update(confirmToken).digest('hex') })
    .returning();
  pageTypes.push(
    ['city start', '/'],
    ['council', '/beiraete/herrenhausen-stoecken'],
    ['members', '/beiraete/herrenhausen-stoecken/mitglieder'],
    ['meetings', '/beiraete/mitte/sitzungen'],
    ['meeting', `/beiraete/mitte/sitzungen/${held!.id}`],
    ['cancelled meeting', `/beiraete/${cancelled!.slug}/sitzungen/${cancelled!.id}`],
    ['projects', '/beiraete/mitte/projekte'],
    ['project', `/beiraete/mitte/projekte/${grant!.id}`],
    ['join', '/beiraete/herrenhausen-stoecken/mitmachen'],
    ['application form', '/beiraete/herrenhausen-stoecken/mitmachen/bewerben'],
    ['grant application form', '/beiraete/mitte/projekte/antrag'],
    ['grant application: draft saved', '/beiraete/mitte/projekte/antrag/gespeichert'],
    ['meeting subscription form', '/beiraete/mitte/sitzungen/benachrichtigung'],
    ['city-wide subscription form', '/sitzungen/benachrichtigung'],
    ['subscription: check your mail', '/beiraete/mitte/sitzungen/benachrichtigung/danke'],
    ['subscription: confirm', `/abo/bestaetigen?t=${confirmToken}`],
    ['subscription: unsubscribe', `/abo/abmelden?s=${await unsubscribeToken(db, subscription!.id)}`],
    ['contact', '/beiraete/herrenhausen-stoecken/kontakt'],
    ['imprint', '/impressum'],
    ['privacy', '/datenschutz'],
    ['not found', '/beiraete/does-not-exist'],
  );
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const widths = [
  { name: 'phone', width: 375, height: 812 },
  { name: 'desktop', width: 1280, height: 900 },
];

describe.each(['de', 'en'] as const)('every public page type in %s', (locale) => {
  describe.each(widths)('at $name width', (viewport) => {
    it('has no axe violations (WCAG 2.2 AA) and no horizontal scrolling', async () => {
      const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, javaScriptEnabled: true });
      const page = await context.newPage();
      const problems: string[] = [];
      let current = '';
      page.on('console', (message) => {
        // The 404 page's own status is reported as a console error; anything else is a real problem.
        if (message.type() === 'error' && current !== 'not found') problems.push(`${current}: console error: ${message.text()}`);
      });
      try {
        for (const [name, path] of pageTypes) {
          current = name;
          const url = `${origin}${locale === 'de' ? path : `/en${path === '/' ? '' : path}`}`;
          const response = await page.goto(url);
          expect(response?.status(), url).toBe(name === 'not found' ? 404 : 200);
          expect(await page.getAttribute('html', 'lang')).toBe(locale);
          const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
          for (const v of results.violations) {
            problems.push(`${name} (${url}): ${v.id} – ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
          }
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (overflow > 0) problems.push(`${name} (${url}): ${overflow}px wider than the ${viewport.width}px viewport`);
        }
      } finally {
        await context.close();
      }
      expect(problems).toEqual([]);
    });
  });
});

describe('without JavaScript', () => {
  it('the language switch and council navigation are plain links that work', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${origin}/beiraete/herrenhausen-stoecken`);
    await page.getByRole('link', { name: 'English' }).click();
    expect(new URL(page.url()).pathname).toBe('/en/beiraete/herrenhausen-stoecken');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Integration Council Herrenhausen-Stöcken');
    await page.getByRole('navigation', { name: /Sections/ }).getByRole('link', { name: 'Meetings' }).click();
    expect(new URL(page.url()).pathname).toBe('/en/beiraete/herrenhausen-stoecken/sitzungen');
    await context.close();
  });

  it('the skip link moves focus to the main content', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/beiraete/mitte`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Zum Inhalt springen');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await context.close();
  });
});
