import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOParl, type ImportReport } from '../../src/oparl/importer/importer.js';
import { httpSource } from '../../src/oparl/importer/source.js';
import { rowsOf } from '../../src/oparl/projection.js';
import { OParlUrls } from '../../src/oparl/urls.js';
import { validateEndpoint } from '../../src/oparl/validator/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { injectFetch } from '../support/inject-fetch.js';
import { startRecordingServer, type RecordingServer } from '../support/oparl-recording.js';

/**
 * The real OParl 1.0 data of Hürtgenwald (SD.NET RIM), served by a local server as its system once
 * answered, imported into Beirat and served again as OParl 1.1.
 */

let t: TestApp;
let server: RecordingServer;
let urls: OParlUrls;
let first: ImportReport;

beforeAll(async () => {
  t = await createTestApp({ demo: false });
  server = await startRecordingServer();
  urls = new OParlUrls(t.config.baseUrl);
  first = await importOParl(t.database.db, httpSource(server.systemUrl), urls);
}, 240_000);
afterAll(async () => {
  await server?.close();
  await t?.close();
});

async function getJson(url: string) {
  const response = await t.app.inject({ url: url.replace(t.config.baseUrl, '') });
  expect(response.statusCode, url).toBe(200);
  return response.json() as { data: Array<Record<string, unknown>>; pagination: { totalElements: number }; links: Record<string, string> } & Record<string, unknown>;
}

/** Every object of a list, following `next` to the end. */
async function allOf(url: string) {
  const objects: Array<Record<string, unknown>> = [];
  for (let next: string | undefined = url; next; ) {
    const page = await getJson(next);
    objects.push(...page.data);
    next = page.links.next;
  }
  return objects;
}

async function importedBody() {
  const bodies = await getJson(urls.bodies());
  const body = bodies.data.find((b) => b.name === 'Gemeinde Hürtgenwald');
  expect(body).toBeDefined();
  return body as Record<string, string>;
}

async function storedState() {
  return rowsOf<{ n: number; modified: string; hashes: string }>(
    await t.database.db.execute(sql`select count(*)::int as n, max(modified)::text as modified, md5(string_agg(type || key || hash || modified::text, ',' order by type, key)) as hashes from oparl_objects`),
  )[0]!;
}

describe('importing Hürtgenwald (OParl 1.0)', () => {
  it('reads 22 organizations, 49 persons, 367 meetings and 2,115 papers, deleted ones included', () => {
    expect(first.complete).toBe(true);
    expect(first.failures).toEqual([]);
    expect(first.bodies).toBe(1);
    expect(first.counts.Organization?.received).toBe(22);
    expect(first.counts.Person?.received).toBe(49);
    expect(first.counts.Meeting).toMatchObject({ received: 367, created: 367, deleted: 21 });
    expect(first.counts.Paper).toMatchObject({ received: 2115, created: 2115, deleted: 18 });
    // Embedded objects are objects of their own, each once however often it is embedded.
    expect(first.counts.AgendaItem?.received).toBe(5106);
    expect(first.counts.Consultation?.received).toBe(2228);
    expect(first.counts.Membership?.received).toBe(533);
    expect(first.unresolvedReferences).toBe(0);
  });

  it('serves them under Beirat’s URLs as OParl 1.1: live objects in the lists, the deleted ones to clients that sync', async () => {
    const body = await importedBody();
    expect(body.type).toBe('https://schema.oparl.org/1.1/Body');
    expect(body.equivalent).toEqual(['https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0/body/1']);
    const total = async (list: string, query = '') => (await getJson(`${body[list]}${query}`)).pagination.totalElements;
    const since = '?modified_since=1970-01-01T00%3A00%3A00Z';
    expect(await total('organization')).toBe(22);
    expect(await total('person')).toBe(49);
    expect(await total('meeting')).toBe(346);
    expect(await total('meeting', since)).toBe(367);
    expect(await total('paper')).toBe(2097);
    expect(await total('paper', since)).toBe(2115);
    expect(await total('agendaItem')).toBe(5106);

    const meetings = await getJson(body.meeting!);
    const meeting = meetings.data.find((m) => Array.isArray(m.agendaItem))!;
    expect(String(meeting.id)).toMatch(/^http:\/\/beirat\.test\/oparl\/v1\.1\/meeting\/imported-\d+$/);
    // 1.0 has no agenda item order; 1.1 requires it: the position in the meeting.
    const items = meeting.agendaItem as Array<Record<string, unknown>>;
    expect(items.map((i) => i.order)).toEqual(items.map((_, index) => index));
    expect(items.every((i) => i.meeting === meeting.id && typeof i.created === 'string' && typeof i.modified === 'string')).toBe(true);
    // References point into Beirat's API, not to the source.
    expect((meeting.organization as string[]).every((o) => o.startsWith(`${t.config.baseUrl}/oparl/v1.1/organization/imported-`))).toBe(true);

    const deleted = (await allOf(`${body.meeting}${since}`)).filter((m) => m.deleted === true);
    expect(deleted).toHaveLength(21);
    expect(Object.keys(deleted[0]!).sort()).toEqual(['created', 'deleted', 'id', 'modified', 'type']);
  });

  it('keeps vendor attributes and leaves persons’ contact data and addresses in the source', async () => {
    const body = await importedBody();
    const persons = (await getJson(body.person!)).data;
    const membership = (persons[0]!.membership as Array<Record<string, unknown>>)[0]!;
    expect(membership['STERNBERG:sortierung']).toBeTypeOf('number');
    for (const person of persons) {
      expect(person).not.toHaveProperty('email');
      expect(person).not.toHaveProperty('phone');
      expect(person).not.toHaveProperty('location');
    }
    const raw = rowsOf<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from oparl_imported_objects where type = 'Person' and (data ? 'email' or data ? 'phone' or data ? 'location')`));
    expect(raw[0]!.n).toBe(0);
  });

  it('validates with 0 errors, every list crawled to its end', async () => {
    const report = await validateEndpoint(urls.system(), { fetch: injectFetch(t.app, t.config.baseUrl), checkFiles: 'same-origin' });
    const errors = report.findings.filter((f) => f.severity === 'error');
    expect(errors.slice(0, 5)).toEqual([]);
    expect(report.complete).toBe(true);
    expect(report.byType.Meeting?.objects).toBeGreaterThanOrEqual(346);
    expect(report.byType.Paper?.objects).toBeGreaterThanOrEqual(2097);
  }, 240_000);

  it('a second import asks only for changes and changes nothing', async () => {
    const before = await storedState();
    const requestsBefore = server.requests.length;
    const again = await importOParl(t.database.db, httpSource(server.systemUrl), urls);
    expect(again.incremental).toBe(true);
    expect(again.failures).toEqual([]);
    for (const count of Object.values(again.counts)) expect(count).toMatchObject({ created: 0, changed: 0 });
    expect(server.requests.slice(requestsBefore).filter((r) => r.includes('modified_since=')).length).toBeGreaterThan(0);
    expect(await storedState()).toEqual(before);
  });

  it('takes a changed object, a new deletion and a page that fails: reported, not fatal', async () => {
    const body = await importedBody();
    const before = new Date().toISOString();

    // The source renames the first paper of its last page (newer than anything before) and deletes a meeting …
    const page = 'body/1/paper?page=85.json';
    server.override(page, {
      edit: (content) => {
        const data = content.data as Array<Record<string, unknown>>;
        const live = data.find((o) => o.type !== undefined)!;
        live.name = 'Umbenannte Vorlage';
        live.modified = '2030-01-01T00:00:00+01:00';
      },
    });
    server.override('body/1/meeting?page=15.json', {
      edit: (content) => {
        const data = content.data as Array<Record<string, unknown>>;
        const index = data.findIndex((o) => o.type !== undefined);
        data[index] = { id: data[index]!.id as string, created: data[index]!.created as string, modified: '2030-01-01T00:00:00+01:00', deleted: true };
      },
    });
    // … and one page of persons fails.
    server.override('body/1/person?page=2.json', { status: 500 });

    const report = await importOParl(t.database.db, httpSource(server.systemUrl), urls);
    expect(report.complete).toBe(false);
    expect(report.failures.map((f) => f.url)).toEqual([expect.stringContaining('/person?page=2')]);
    expect(report.counts.Paper?.changed).toBe(1);
    expect(report.counts.Meeting?.changed).toBe(1);

    const renamed = (await getJson(`${body.paper}?modified_since=${encodeURIComponent(before)}`)).data.filter((p) => p.name === 'Umbenannte Vorlage');
    expect(renamed).toHaveLength(1);
    const meetingsNow = await getJson(`${body.meeting}?modified_since=${encodeURIComponent(before)}`);
    expect(meetingsNow.data.filter((m) => m.deleted === true)).toHaveLength(1);
    // The objects of the failed page are still there.
    expect((await getJson(body.person!)).pagination.totalElements).toBe(49);
  });
});
