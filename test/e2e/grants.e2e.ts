/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simplePdf } from '../../src/documents/simple-pdf.js';
import { berlinDate } from '../../src/infra/time.js';
import { launchChromium } from '../support/browser.js';
import { axe, waitFor } from '../support/e2e.js';
import { extractPdfText } from '../support/pdf-text.js';
import { serverHome, startSmtp, type ServerHome, type ServerProcess, type TestSmtp } from '../support/server-process.js';

/**
 * A grant from the resident's application to the district council's decision, against Beirat
 * started like `npm start` and a real SMTP server: the applicant applies without an account, the
 * office completes the application, puts it on an agenda, records the council's vote, writes the
 * decision paper and records the decision; the public list and the CSV then show the grant.
 */

let browser: Browser;
let smtp: TestSmtp;
let home: ServerHome;
let server: ServerProcess;
const slug = 'mitte';
const office = `buero.${slug}@demo.example.org`;
const recipient = 'Nachbarschaftskreis Rote Reihe e.V.';
const applicantEmail = 'antrag@nachbarschaftskreis.example';

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

/** Page text with the no-break spaces Intl puts before "€" as plain spaces. */
async function textOf(page: Page): Promise<string> {
  return (await page.locator('main').innerText()).replace(/\u00a0/g, ' ');
}

/** RFC 4180: quoted fields, doubled quotes, CRLF or LF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe('a grant in Chromium with a real SMTP server', () => {
  it('goes from an application without an account to the decision, the public list and the CSV', async () => {
    const problems: string[] = [];
    const year = Number(berlinDate(new Date()).slice(0, 4));

    // 1. The applicant applies, without an account.
    const applicant = await (await browser.newContext()).newPage();
    await applicant.goto(`${server.url}/beiraete/${slug}/projekte`);
    await applicant.getByRole('link', { name: /Förderung beantragen|Antrag stellen|beantragen/ }).first().click();
    await axe(applicant, problems);
    await applicant.getByLabel('Ein Verein oder eine andere Organisation').check();
    await applicant.getByLabel('Name des Vereins, der Initiative oder der Person').fill(recipient);
    await applicant.getByLabel('Anschrift').fill('Rote Reihe 12, 30169 Hannover');
    await applicant.getByLabel('Ansprechperson').fill('Ayşe Demir');
    await applicant.getByLabel('E-Mail-Adresse').fill(applicantEmail);
    await applicant.getByLabel('Titel des Projekts').fill('Sommerfest an der Roten Reihe');
    await applicant.getByLabel('Beschreibung des Projekts').fill('Ein Nachbarschaftsfest mit Musik, Essen aus vielen Ländern und einem Sprachcafé.');
    await applicant.getByLabel('Zielgruppe').fill('Alle Nachbarinnen und Nachbarn, etwa 300 Menschen');
    await applicant.locator('#field-place').fill('Spielplatz Rote Reihe');
    await applicant.getByLabel('Beginn des Projekts').fill(`${year + 1}-06-01`);
    await applicant.getByLabel('Ende des Projekts').fill(`${year + 1}-06-30`);
    await applicant.getByLabel('Gesamtkosten des Projekts in Euro').fill('3.000,00');
    await applicant.getByLabel('Beantragter Betrag in Euro').fill('2.200,00');
    await applicant.getByLabel('Kosten- und Finanzierungsplan (PDF)').setInputFiles({ name: 'finanzierungsplan.pdf', mimeType: 'application/pdf', buffer: simplePdf('Kosten- und Finanzierungsplan', ['Bühne 1.200 €', 'Essen 1.800 €']) });
    await applicant.getByLabel(/Ich willige ein/).check();
    await applicant.getByRole('button', { name: 'Antrag abschicken' }).click();
    const thanks = await applicant.locator('main').innerText();
    const number = /IB-\d{2,3}\/\d{4}/.exec(thanks)?.[0];
    expect(number, thanks).toBeTruthy();
    await axe(applicant, problems);

    // The confirmation with the number reaches the applicant.
    await waitFor(() => smtp.received.some((m) => JSON.stringify(m.to).includes(applicantEmail)), 30_000, 'the confirmation mail');
    const confirmation = smtp.received.find((m) => JSON.stringify(m.to).includes(applicantEmail))!;
    expect(`${confirmation.subject} ${confirmation.text}`).toContain(number!);
    expect(confirmation.attachments.some((a) => a.contentType === 'application/pdf')).toBe(true);

    // 2. The office signs in, plans a meeting for tonight and puts the application on its agenda.
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/admin/anmelden`);
    await page.getByLabel('E-Mail-Adresse').fill(office);
    await page.getByLabel('Passwort').fill(server.accounts.get(office)!);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${server.url}/admin`);

    const today = berlinDate(new Date());
    // Late enough that the meeting is still ahead, on today's date so its results can be recorded.
    const start = '23:59';
    await page.goto(`${server.url}/admin/beiraete/${slug}/sitzungen/neu`);
    await page.getByLabel('Datum').fill(today);
    await page.getByLabel('Beginn').fill(start);
    await page.getByLabel('Ende').fill('');
    await page.getByLabel('Ort', { exact: true }).selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Sitzung anlegen' }).click();
    await page.getByText('Die Sitzung ist angelegt.').waitFor();
    const workspace = page.url().replace(/\?.*$/, '');

    await page.goto(`${server.url}/admin/beiraete/${slug}/zuwendungen`);
    await axe(page, problems);
    await page.getByRole('link', { name: number! }).first().click();
    const grantPage = page.url().replace(/\?.*$/, '');
    await axe(page, problems);
    await page.getByRole('button', { name: 'Antrag ist vollständig' }).click();
    await page.locator('#field-meetingId').selectOption(workspace.split('/').pop()!);
    await page.getByRole('button', { name: 'Auf die Tagesordnung setzen' }).click();
    await page.goto(grantPage);
    expect(await page.locator('main').innerText()).toMatch(/auf der Tagesordnung/i);

    // The meeting is tonight: inside the invitation period, so only as an urgent meeting.
    await page.goto(workspace);
    await page.getByLabel('Begründung der Dringlichkeit').fill('Die Antragsfrist des Stadtbezirksrats endet morgen.');
    await page.getByRole('button', { name: 'Einladung verschicken' }).click();
    await page.getByText('Die Einladung ist verschickt.').waitFor();

    // 3. In the meeting: everybody present, the council votes 9 : 1 : 1 for up to 2.200,00 €.
    await page.getByRole('link', { name: 'Sitzung durchführen: Anwesenheit und Abstimmungen' }).click();
    for (const radio of await page.locator('input[type=radio][value=present]').all()) await radio.check();
    await page.getByRole('button', { name: 'Anwesenheit speichern' }).click();
    await page.locator('tr', { hasText: number! }).getByRole('link', { name: /Ergebnis erfassen/ }).click();
    await axe(page, problems);
    await page.getByLabel('Abgestimmt').check();
    await page.getByLabel('Ja-Stimmen').fill('9');
    await page.getByLabel('Nein-Stimmen').fill('1');
    await page.getByLabel('Enthaltungen').fill('1');
    await page.getByLabel('Empfohlener Betrag (bis zu)').fill('2.200,00');
    await page.getByRole('button', { name: 'Ergebnis speichern' }).click();
    await page.goto(grantPage);
    expect(await textOf(page)).toContain('2.200,00 €');

    // 4. The decision paper for the district council, then its decision.
    await page.goto(`${server.url}/admin/beiraete/${slug}/zuwendungen/vorlagen`);
    await page.getByLabel(new RegExp(number!.replace('/', '\\/'))).check();
    await page.getByRole('button', { name: 'Beschlussvorlage anlegen' }).click();
    await page.getByText('Die Beschlussvorlage ist angelegt.').waitFor();
    await axe(page, problems);
    const pdfHref = await page.getByRole('link', { name: 'Beschlussvorlage als PDF' }).getAttribute('href');
    const pdf = await page.request.get(new URL(pdfHref!, server.url).toString());
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const paperText = await extractPdfText(await pdf.body());
    expect(paperText).toContain(recipient);
    expect(paperText).toContain('bis zu 2.200,00 €');
    expect(paperText).toContain(number!);

    await page.getByRole('link', { name: 'Beschluss des Stadtbezirksrats erfassen' }).click();
    await axe(page, problems);
    await page.getByLabel('Datum des Beschlusses').fill(today);
    await page.getByLabel('Drucksachennummer').fill(`15-4711/${year}`);
    await page.getByRole('button', { name: 'Beschluss erfassen' }).click();
    await page.getByText('Der Beschluss ist erfasst', { exact: false }).waitFor();
    await page.goto(grantPage);
    expect(await textOf(page)).toContain(`15-4711/${year}`);

    // 5. The public list shows the grant with its amount, and the CSV says the same.
    const list = await (await browser.newContext()).newPage();
    await list.goto(`${server.url}/beiraete/${slug}/projekte`);
    const listed = await textOf(list);
    expect(listed).toContain(recipient);
    expect(listed).toContain(number!);
    expect(listed).toContain('2.200,00 €');
    expect(listed).not.toContain(applicantEmail);
    await axe(list, problems);

    const csv = await list.request.get(`${server.url}/beiraete/${slug}/projekte.csv`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const rows = parseCsv((await csv.text()).replace(/^\uFEFF/, ''));
    const header = rows[0]!;
    const row = rows.find((r) => r.includes(number!));
    expect(row, 'the grant is a row of the CSV').toBeTruthy();
    const field = (name: string) => row![header.indexOf(name)];
    expect(field('recipient')).toBe(recipient);
    expect(field('amount_approved_cents')).toBe('220000');
    expect(rows.every((r) => r.length === header.length)).toBe(true);

    // The other back-office pages of a grant's life pass axe too.
    for (const path of [`/admin/beiraete/${slug}/haushalt`, `${new URL(grantPage).pathname}/finanzierung`, `${new URL(grantPage).pathname}/bescheid`, `${new URL(grantPage).pathname}/zahlungen`, `${new URL(grantPage).pathname}/nachweis`, `/admin/beiraete/${slug}/zuwendungen/vorlagen`]) {
      const res = await page.goto(`${server.url}${path}`);
      expect(res?.status(), path).toBe(200);
      await axe(page, problems);
    }

    expect(problems).toEqual([]);
  });
});
