/// <reference lib="dom" />
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berlinDate } from '../../src/infra/time.js';
import { launchChromium } from '../support/browser.js';
import { axe, waitFor } from '../support/e2e.js';
import { serverHome, startSmtp, type ServerHome, type ServerProcess, type TestSmtp } from '../support/server-process.js';

/**
 * The invitation flow as the office lives it, against Beirat started like `npm start` and a real
 * SMTP server: plan, build the agenda, send; then stop the app in the middle of sending and start
 * it again, and every member still gets exactly one invitation.
 */

let browser: Browser;
let smtp: TestSmtp;
let home: ServerHome;
let server: ServerProcess;
const slug = 'herrenhausen-stoecken';
const office = `buero.${slug}@demo.example.org`;

beforeAll(async () => {
  browser = await launchChromium();
  smtp = await startSmtp();
  home = await serverHome();
  server = await home.start({ SMTP_URL: smtp.url });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
  await home?.remove();
});

async function signIn(page: Page): Promise<void> {
  const password = server.accounts.get(office);
  expect(password, 'the demo office account is printed at start').toBeTruthy();
  await page.goto(`${server.url}/admin/anmelden`);
  await page.getByLabel('E-Mail-Adresse').fill(office);
  await page.getByLabel('Passwort').fill(password!);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL(`${server.url}/admin`);
}

const daysAhead = (days: number) => berlinDate(new Date(Date.now() + days * 86_400_000));

/** Plans a meeting in the browser and returns the workspace URL. */
async function planMeeting(page: Page, day: string, problems: string[]): Promise<string> {
  await page.goto(`${server.url}/admin/beiraete/${slug}/sitzungen`);
  await axe(page, problems);
  await page.getByRole('link', { name: 'Sitzung planen' }).click();
  await axe(page, problems);
  await page.getByLabel('Datum').fill(day);
  await page.getByLabel('Beginn').fill('18:30');
  await page.getByLabel('Ende').fill('20:30');
  await page.getByLabel('Ort', { exact: true }).selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Sitzung anlegen' }).click();
  await page.getByText('Die Sitzung ist angelegt.').waitFor();
  return page.url().replace(/\?.*$/, '');
}

const forMeeting = (subjectDate: string) => smtp.received.filter((m) => m.subject?.includes(subjectDate));
const recipient = (m: (typeof smtp.received)[number]) => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address ?? '';

describe('meetings in Chromium with a real SMTP server', () => {
  it('the office plans a meeting, builds the agenda and sends the invitations: one mail per member, each with PDF and .ics', async () => {
    const page = await (await browser.newContext()).newPage();
    const problems: string[] = [];
    await signIn(page);
    const day = daysAhead(30);
    const workspace = await planMeeting(page, day, problems);
    await axe(page, problems);

    // Standard items are there; add a main item and a sub-item, then reorder without JavaScript.
    const agenda = page.getByRole('region', { name: 'Tagesordnung' });
    await expect(agenda.getByText('Eröffnung der Sitzung', { exact: false })).toBeTruthy();
    await page.getByLabel('Titel', { exact: true }).fill('Bericht aus dem Stadtbezirksrat');
    await page.getByRole('button', { name: 'Punkt hinzufügen' }).click();
    await page.getByText('Der Punkt ist hinzugefügt.').waitFor();
    await page.getByLabel('Titel', { exact: true }).fill('Haushalt des Integrationsbeirats');
    await page.getByLabel('Gliederung').selectOption('1');
    await page.getByRole('button', { name: 'Punkt hinzufügen' }).click();
    await page.getByText('Der Punkt ist hinzugefügt.').waitFor();
    const rows = () => agenda.locator('tbody tr').allInnerTexts();
    const before = await rows();
    const main = before.findIndex((r) => r.includes('Bericht aus dem Stadtbezirksrat'));
    expect(before[main + 1]).toMatch(/^\s*\d+\.1\s/);
    await agenda.locator('tr', { hasText: 'Bericht aus dem Stadtbezirksrat' }).getByRole('button', { name: 'Nach oben' }).click();
    await page.getByText('Die Reihenfolge ist geändert.').waitFor();
    const after = await rows();
    expect(after.findIndex((r) => r.includes('Bericht aus dem Stadtbezirksrat'))).toBe(main - 1);
    await axe(page, problems);

    const preview = await page.request.get(`${workspace}/einladung.pdf`);
    expect(preview.headers()['content-type']).toBe('application/pdf');
    expect((await preview.body()).subarray(0, 5).toString()).toBe('%PDF-');

    const counts = /(\d+) Mitglieder erhalten die Einladung per E-Mail/.exec(await page.locator('main').innerText());
    const expected = Number(counts?.[1]);
    expect(expected).toBeGreaterThan(5);
    await page.getByRole('button', { name: 'Einladung verschicken' }).click();
    await page.getByText('Die Einladung ist verschickt.').waitFor();
    await axe(page, problems);

    const subjectDate = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${day}T12:00:00Z`));
    await waitFor(() => forMeeting(subjectDate).length >= expected, 60_000, `${expected} invitations`);
    await new Promise((r) => setTimeout(r, 1500));
    const mails = forMeeting(subjectDate);
    expect(mails).toHaveLength(expected);
    expect(new Set(mails.map(recipient)).size).toBe(expected);
    for (const mail of mails) {
      expect(mail.subject).toContain('Einladung zur Sitzung des Integrationsbeirats Herrenhausen-Stöcken');
      expect(mail.text).toContain(`${server.url}/beiraete/${slug}/sitzungen/`);
      const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf');
      const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
      expect(pdf?.content.subarray(0, 5).toString()).toBe('%PDF-');
      const calendar = new ICAL.Component(ICAL.parse(ics!.content.toString('utf8')));
      const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
      expect(event.startDate.toJSDate().toISOString()).toBe(new Date(`${day}T18:30:00${offsetOn(day)}`).toISOString());
    }
    expect(problems).toEqual([]);
  });

  it('stopping the app in the middle of sending and starting it again delivers every invitation exactly once', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page);
    const day = daysAhead(45);
    await planMeeting(page, day, []);
    const expected = Number(/(\d+) Mitglieder erhalten die Einladung per E-Mail/.exec(await page.locator('main').innerText())?.[1]);
    const subjectDate = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${day}T12:00:00Z`));

    smtp.delayMs = 400;
    await page.getByRole('button', { name: 'Einladung verschicken' }).click();
    await page.getByText('Die Einladung ist verschickt.').waitFor();
    await waitFor(() => forMeeting(subjectDate).length >= 2, 30_000, 'the first invitations');
    expect(await server.stop('SIGTERM')).toBe(0);
    const beforeRestart = forMeeting(subjectDate).length;
    expect(beforeRestart).toBeLessThan(expected);

    smtp.delayMs = 0;
    server = await home.start({ SMTP_URL: smtp.url });
    await waitFor(() => forMeeting(subjectDate).length >= expected, 60_000, `all ${expected} invitations after the restart`);
    await new Promise((r) => setTimeout(r, 2000));
    const mails = forMeeting(subjectDate);
    expect(mails).toHaveLength(expected);
    expect(new Set(mails.map(recipient)).size).toBe(expected);
  });
  it('every page type of the meetings back office passes axe: edit, item, cancel, delete, places, the running meeting, a result and the minutes', async () => {
    const page = await (await browser.newContext()).newPage();
    const problems: string[] = [];
    await signIn(page);
    await page.goto(`${server.url}/admin/beiraete/${slug}/sitzungen`);
    const upcoming = page.getByRole('region', { name: 'Kommende Sitzungen' }).getByRole('link').first();
    await upcoming.click();
    const workspace = page.url();
    for (const link of ['Termin und Ort ändern', 'Sitzung absagen']) {
      await page.goto(workspace);
      await page.getByRole('link', { name: link }).click();
      await axe(page, problems);
    }
    await page.goto(workspace);
    await page.getByRole('region', { name: 'Tagesordnung' }).getByRole('link', { name: /Bearbeiten/ }).first().click();
    await axe(page, problems);
    await page.goto(`${server.url}/admin/beiraete/${slug}/orte`);
    await axe(page, problems);
    // The last meeting held still waits for the approval of its minutes: session, result and minutes pages.
    await page.goto(`${server.url}/admin/beiraete/${slug}/sitzungen`);
    await page.getByRole('region', { name: 'Vergangene Sitzungen' }).getByRole('link').first().click();
    await page.getByRole('link', { name: 'Sitzung durchführen: Anwesenheit und Abstimmungen' }).click();
    await axe(page, problems);
    await page.getByRole('link', { name: /Ergebnis/ }).first().click();
    await axe(page, problems);
    await page.goBack();
    await page.goBack();
    await page.getByRole('link', { name: 'Protokoll', exact: true }).click();
    await axe(page, problems);
    // Only a meeting nobody was invited to can be deleted: plan one, confirm, and land on the list.
    await planMeeting(page, daysAhead(60), problems);
    await page.getByRole('link', { name: 'Sitzung löschen', exact: true }).click();
    await axe(page, problems);
    await page.getByRole('button', { name: 'Sitzung endgültig löschen' }).click();
    await page.getByText('Die Sitzung ist gelöscht.').waitFor();
    await axe(page, problems);
    expect(problems).toEqual([]);
  });
});

/** "+01:00" in winter, "+02:00" in summer: the Berlin offset on a day. */
function offsetOn(day: string): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' }).formatToParts(new Date(`${day}T12:00:00Z`)).find((p) => p.type === 'timeZoneName')!.value;
  return name.replace('GMT', '') || '+00:00';
}
