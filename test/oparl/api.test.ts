import { and, asc, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { councils } from '../../src/councils/schema.js';
import { documents } from '../../src/documents/schema.js';
import { berlinDate, berlinInstant } from '../../src/infra/time.js';
import { addAgendaItem, deleteMeeting, planMeeting, sendInvitations } from '../../src/meetings/admin-service.js';
import { letterRenderer } from '../../src/meetings/invitations.js';
import { locations, meetings } from '../../src/meetings/schema.js';
import { memberships, chairTerms } from '../../src/members/schema.js';
import { addDays } from '../../src/members/service.js';
import { createTestApp, type TestApp } from '../support/app.js';

/** The OParl 1.1 API on the demo city: the protocol rules of the standard and what must never be published. */

let t: TestApp;
const actor = { userId: null, label: 'test' };
const base = 'http://beirat.test/oparl/v1.1';

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const db = () => t.database.db;

type Json = Record<string, unknown>;
interface Page {
  data: Json[];
  pagination: { totalElements: number; elementsPerPage: number; currentPage: number; totalPages: number };
  links: { first: string; prev?: string; self: string; next?: string; last: string };
}

async function get(url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ url: url.replace('http://beirat.test', ''), headers });
}

async function json<T = Json>(url: string): Promise<T> {
  const response = await get(url);
  expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(200);
  return response.json() as T;
}

async function allOf(url: string): Promise<Json[]> {
  const objects: Json[] = [];
  for (let next: string | undefined = url; next; ) {
    const page: Page = await json<Page>(next);
    objects.push(...page.data);
    next = page.links.next;
  }
  return objects;
}

const bodyLists = ['organization', 'person', 'meeting', 'paper', 'agendaitem', 'consultation', 'file', 'location', 'legislativeterm', 'membership'];

describe('the System and the Body', () => {
  it('the System names its bodies; ids are canonical URLs under BASE_URL; answers are JSON for any origin', async () => {
    const response = await get(`${base}/system`, { origin: 'https://app.example.org' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    const system = response.json() as Json;
    expect(system).toMatchObject({ id: `${base}/system`, type: 'https://schema.oparl.org/1.1/System', oparlVersion: 'https://schema.oparl.org/1.1/', body: `${base}/body` });
    expect(system.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/);
    for (const path of ['/oparl', '/oparl/v1.1']) {
      const redirect = await t.app.inject(path);
      expect(redirect.statusCode, path).toBe(301);
      expect(redirect.headers.location).toBe(`${base}/system`);
    }
  });

  it('the Body links every list of OParl 1.1 and embeds its legislative terms, each with created and modified', async () => {
    const body = await json(`${base}/body/1`);
    expect(body).toMatchObject({ id: `${base}/body/1`, type: 'https://schema.oparl.org/1.1/Body', name: 'Landeshauptstadt Hannover', ags: '03241001', system: `${base}/system` });
    for (const [name, segment] of [['organization', 'organization'], ['person', 'person'], ['meeting', 'meeting'], ['paper', 'paper'], ['agendaItem', 'agendaitem'], ['consultation', 'consultation'], ['file', 'file'], ['locationList', 'location'], ['legislativeTermList', 'legislativeterm'], ['membership', 'membership']]) {
      expect(body[name!], name).toBe(`${base}/body/1/${segment}`);
    }
    const terms = body.legislativeTerm as Json[];
    expect(terms.map((term) => term.name)).toEqual(['Wahlperiode 2016–2021', 'Wahlperiode 2021–2026', 'Wahlperiode 2026–2031']);
    for (const term of terms) expect(term).toMatchObject({ type: 'https://schema.oparl.org/1.1/LegislativeTerm', created: expect.any(String), modified: expect.any(String) });
    expect(await json(String(terms[0]!.id))).toEqual(terms[0]);
  });

  it('councils are Organizations "Gremium"/"Beirat", below their district councils, which decide', async () => {
    const organizations = await allOf(`${base}/body/1/organization`);
    const mitte = organizations.find((o) => o.name === 'Integrationsbeirat Mitte')!;
    expect(mitte).toMatchObject({ organizationType: 'Gremium', classification: 'Beirat', web: 'http://beirat.test/beiraete/mitte', meeting: `${mitte.id}/meeting` });
    const district = await json(String(mitte.subOrganizationOf));
    expect(district).toMatchObject({ name: 'Stadtbezirksrat Mitte', organizationType: 'Gremium', classification: 'Stadtbezirksrat' });
    const meetingsOfMitte = await allOf(String(mitte.meeting));
    expect(meetingsOfMitte.length).toBeGreaterThan(0);
    expect(meetingsOfMitte.every((m) => (m.organization as string[]).includes(String(mitte.id)))).toBe(true);
  });
});

describe('lists', () => {
  it('pages of at most 100 in a stable order, with first, prev, self, next and last, to the very end', async () => {
    const first = await json<Page>(`${base}/body/1/agendaitem`);
    expect(first.pagination.elementsPerPage).toBe(100);
    expect(first.data).toHaveLength(100);
    expect(first.pagination.totalElements).toBeGreaterThan(200);
    expect(first.links).toEqual({ first: `${base}/body/1/agendaitem`, self: `${base}/body/1/agendaitem`, next: `${base}/body/1/agendaitem?page=2`, last: `${base}/body/1/agendaitem?page=${first.pagination.totalPages}` });
    const second = await json<Page>(first.links.next!);
    expect(second.links.prev).toBe(`${base}/body/1/agendaitem`);
    expect(second.pagination.currentPage).toBe(2);

    const ids = (await allOf(`${base}/body/1/agendaitem`)).map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(first.pagination.totalElements);
    // The last page reached by following next is the page `last` names.
    const last = await json<Page>(first.links.last);
    expect(last.links.next).toBeUndefined();
    expect(last.data.at(-1)!.id).toBe(ids.at(-1));
    // Asked for directly, a page is the same as reached through next.
    expect((await json<Page>(`${base}/body/1/agendaitem?page=2`)).data.map((d) => d.id)).toEqual(second.data.map((d) => d.id));
  });

  it('filters and a smaller page size are kept in every link', async () => {
    const query = 'modified_since=2000-01-01T00%3A00%3A00%2B01%3A00&elementsPerPage=10';
    const first = await json<Page>(`${base}/body/1/meeting?${query}`);
    expect(first.data).toHaveLength(10);
    for (const link of [first.links.first, first.links.self, first.links.next!, first.links.last]) expect(link).toContain(query);
    expect(first.links.next).toBe(`${base}/body/1/meeting?${query}&page=2`);

    const future = encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString());
    for (const filter of ['created_since', 'modified_since']) expect((await json<Page>(`${base}/body/1/meeting?${filter}=${future}`)).data, filter).toEqual([]);
    for (const filter of ['created_until', 'modified_until']) expect((await json<Page>(`${base}/body/1/meeting?${filter}=${future}`)).pagination.totalElements, filter).toBe(first.pagination.totalElements);
    expect((await json<Page>(`${base}/body/1/meeting?created_until=2000-01-01T00%3A00%3A00Z`)).data).toEqual([]);
    // A "+" left unencoded arrives as a space; it is read as the "+" it was.
    expect((await json<Page>(`${base}/body/1/meeting?modified_since=2000-01-01T00:00:00+01:00`)).pagination.totalElements).toBe(first.pagination.totalElements);
  });

  it('omit_internal leaves embedded objects out, each of which is in its own list', async () => {
    const page = await json<Page>(`${base}/body/1/meeting?omit_internal=true`);
    expect(page.links.next).toContain('omit_internal=true');
    for (const meeting of page.data) {
      expect(meeting).not.toHaveProperty('agendaItem');
      expect(meeting).not.toHaveProperty('location');
    }
    expect((await json<Page>(`${base}/body/1/meeting`)).data.some((m) => Array.isArray(m.agendaItem))).toBe(true);
  });

  it('no null, no empty string, no empty optional list; created and modified on every object, embedded ones too', async () => {
    const problems: string[] = [];
    const walk = (value: unknown, path: string, isObject: boolean) => {
      if (value === null) problems.push(`${path} is null`);
      else if (value === '') problems.push(`${path} is empty`);
      else if (Array.isArray(value)) {
        if (value.length === 0 && !path.endsWith('.legislativeTerm')) problems.push(`${path} is an empty list`);
        value.forEach((v, i) => walk(v, `${path}[${i}]`, typeof v === 'object' && v !== null && 'type' in v));
      } else if (typeof value === 'object') {
        const o = value as Json;
        if (isObject && (typeof o.created !== 'string' || typeof o.modified !== 'string')) problems.push(`${path} lacks created or modified`);
        for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`, typeof v === 'object' && v !== null && !Array.isArray(v) && 'type' in v);
      }
    };
    for (const list of bodyLists) for (const [i, o] of (await allOf(`${base}/body/1/${list}`)).entries()) walk(o, `${list}[${i}]`, true);
    expect(problems.slice(0, 10)).toEqual([]);
  });
});

describe('errors', () => {
  it('answers with OParl Error objects and the fitting status', async () => {
    const cases: Array<[string, number, RegExp]> = [
      [`${base}/meeting/99999999`, 404, /kein OParl-Objekt/],
      [`${base}/nonsense/1`, 404, /kein OParl-Objekt/],
      [`${base}/body/1/nonsense`, 404, /kein OParl-Objekt/],
      [`${base}/body/999/meeting`, 404, /kein OParl-Objekt/],
      [`${base}/meeting/../../system`, 404, /./],
      [`${base}/body/1/meeting?modified_since=gestern`, 400, /modified_since.*ISO 8601/],
      [`${base}/body/1/meeting?modified_since=2024-01-01`, 400, /modified_since/],
      [`${base}/body/1/meeting?page=0`, 400, /page/],
      [`${base}/body/1/meeting?elementsPerPage=500`, 400, /elementsPerPage/],
      [`${base}/body/1/meeting?sort=name`, 400, /Unbekannter Parameter: sort/],
      [`${base}/body/1/meeting?page=1&page=2`, 400, /page/],
    ];
    for (const [url, status, message] of cases) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(status);
      expect(response.headers['access-control-allow-origin'], url).toBe('*');
      const error = response.json() as Json;
      expect(error.type, url).toBe('https://schema.oparl.org/1.1/Error');
      expect(String(error.message), url).toMatch(message);
    }
    const post = await t.app.inject({ method: 'POST', url: '/oparl/v1.1/system', payload: {} });
    expect(post.statusCode).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect((post.json() as Json).type).toBe('https://schema.oparl.org/1.1/Error');
    const preflight = await t.app.inject({ method: 'OPTIONS', url: '/oparl/v1.1/body/1/meeting', headers: { origin: 'https://app.example.org', 'access-control-request-method': 'GET' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('files', () => {
  it('the access URL shows the file, the download URL saves it; size and checksum are right', async () => {
    const [file] = (await json<Page>(`${base}/body/1/file`)).data;
    expect(file).toMatchObject({ mimeType: 'application/pdf', accessUrl: expect.stringMatching(/^http:\/\/beirat\.test\/beiraete\/.+\/dokumente\/\d+\//) });
    const access = await get(String(file!.accessUrl));
    expect(access.statusCode).toBe(200);
    expect(String(access.headers['content-disposition'] ?? '')).not.toMatch(/attachment/);
    const download = await get(String(file!.downloadUrl));
    expect(download.statusCode).toBe(200);
    expect(String(download.headers['content-disposition'])).toMatch(/^attachment; filename="/);
    expect(download.rawPayload.length).toBe(file!.size);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha512').update(download.rawPayload).digest('hex')).toBe(file!.sha512Checksum);
  });
});

/** Every response of the API: all lists (also with modified_since and omit_internal), and every object at its own URL. */
async function everyResponse(): Promise<string[]> {
  const bodies: string[] = [(await get(`${base}/system`)).body, (await get(`${base}/body`)).body];
  const ids = new Set<string>();
  const collect = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      const o = value as Json;
      if (typeof o.id === 'string') ids.add(o.id);
      Object.values(o).forEach(collect);
    }
  };
  for (const list of bodyLists) {
    for (const query of ['', '?modified_since=1970-01-01T00%3A00%3A00Z', '?omit_internal=true']) {
      for (let next: string | undefined = `${base}/body/1/${list}${query}`; next; ) {
        const response = await get(next);
        bodies.push(response.body);
        const page = response.json() as Page;
        collect(page.data);
        next = page.links.next;
      }
    }
  }
  for (const id of ids) bodies.push((await get(id)).body);
  return bodies;
}

describe('what is never published', () => {
  it('a non-public agenda item of a demo meeting, its file and an unpublished agenda are in no OParl response', async () => {
    const marker = 'GEHEIM-4711';
    const draftMarker = 'ENTWURF-0815';
    const [council] = await db().select().from(councils).where(eq(councils.slug, 'mitte'));
    const [invited] = await db().select().from(meetings).where(and(eq(meetings.councilId, council!.id), eq(meetings.state, 'invited')));
    // A non-public item on the invited demo meeting, and a file marked public but attached to it …
    const added = await addAgendaItem(db(), council!.id, invited!.id, { title: { de: `Personalangelegenheit ${marker}` }, text: { de: `Vertraulich ${marker}` }, isPublic: false, level: 0 }, actor);
    if (!added.ok) throw new Error(added.reason);
    const [anyDocument] = await db().select().from(documents).where(eq(documents.councilId, council!.id)).limit(1);
    await db().insert(documents).values({ ...anyDocument!, id: undefined, meetingId: invited!.id, agendaItemId: added.item.id, title: { de: `Anlage ${marker}` }, fileName: `${marker}.pdf`, isPublic: true, createdAt: undefined, updatedAt: undefined } as never);
    // … and a public item on a meeting still being planned: its agenda is published with the invitation.
    const [planned] = await db().select().from(meetings).where(and(eq(meetings.councilId, council!.id), eq(meetings.state, 'planned'))).orderBy(asc(meetings.startsAt)).limit(1);
    const draft = await addAgendaItem(db(), council!.id, planned!.id, { title: { de: `Bericht ${draftMarker}` }, text: null, isPublic: true, level: 0 }, actor);
    if (!draft.ok) throw new Error(draft.reason);

    const responses = await everyResponse();
    expect(responses.length).toBeGreaterThan(2000);
    for (const body of responses) {
      expect(body).not.toContain(marker);
      expect(body).not.toContain(draftMarker);
    }
    for (const id of [added.item.id, draft.item.id]) expect((await get(`${base}/agendaitem/${id}`)).statusCode).toBe(404);
    // The invited meeting's public items are there, numbered as published.
    const meeting = await json(`${base}/meeting/${invited!.id}`);
    expect((meeting.agendaItem as Json[]).map((i) => i.order)).toEqual((meeting.agendaItem as Json[]).map((_, i) => i));
  }, 120_000);

  it('persons only with consent; withdrawing it withdraws the person, announced to syncing clients', async () => {
    const persons = await allOf(`${base}/body/1/person`);
    const withConsent = new Set(
      (await db().select({ personId: memberships.personId }).from(memberships).where(eq(memberships.publicConsent, true)))
        .concat(await db().select({ personId: chairTerms.personId }).from(chairTerms).where(eq(chairTerms.publicConsent, true)))
        .map((r) => `${base}/person/${r.personId}`),
    );
    expect(new Set(persons.map((p) => p.id))).toEqual(withConsent);
    const [without] = await db().select({ personId: memberships.personId }).from(memberships).where(eq(memberships.publicConsent, false)).limit(1);
    if (!withConsent.has(`${base}/person/${without!.personId}`)) expect((await get(`${base}/person/${without!.personId}`)).statusCode).toBe(404);

    const person = persons.find((p) => (p.membership as Json[]).length === 1 && !String((p.membership as Json[])[0]!.id).includes('chair'))!;
    const personId = Number(String(person.id).split('/').pop());
    const before = new Date().toISOString();
    await db().update(memberships).set({ publicConsent: false }).where(eq(memberships.personId, personId));
    const tombstone = await json(String(person.id));
    expect(tombstone).toEqual({ id: person.id, type: 'https://schema.oparl.org/1.1/Person', created: person.created, modified: expect.any(String), deleted: true });
    expect(Date.parse(String(tombstone.modified))).toBeGreaterThanOrEqual(Date.parse(before) - 1000);
    expect((await allOf(`${base}/body/1/person`)).map((p) => p.id)).not.toContain(person.id);
    const changes = await allOf(`${base}/body/1/person?modified_since=${encodeURIComponent(before)}`);
    expect(changes.find((p) => p.id === person.id)).toEqual(tombstone);
    // The membership goes with it; the council no longer lists it.
    const membershipUrl = String((person.membership as Json[])[0]!.id);
    expect((await json(membershipUrl)).deleted).toBe(true);
    const organization = await json(String((person.membership as Json[])[0]!.organization));
    expect(organization.membership as string[]).not.toContain(membershipUrl);
  });
});

describe('changes', () => {
  it('a deleted demo meeting is returned as deleted with modified_since, and is absent without it', async () => {
    const [council] = await db().select().from(councils).where(eq(councils.slug, 'nord'));
    const [planned] = await db().select().from(meetings).where(and(eq(meetings.councilId, council!.id), eq(meetings.state, 'planned'))).orderBy(asc(meetings.startsAt)).limit(1);
    const url = `${base}/meeting/${planned!.id}`;
    const published = await json(url);
    const before = new Date().toISOString();

    const deleted = await deleteMeeting(db(), council!.id, planned!.id, actor, t.config.dataDir);
    expect(deleted.ok).toBe(true);

    const tombstone = { id: url, type: 'https://schema.oparl.org/1.1/Meeting', created: published.created, modified: expect.any(String), deleted: true };
    expect(await json(url)).toEqual(tombstone);
    expect((await allOf(`${base}/body/1/meeting`)).map((m) => m.id)).not.toContain(url);
    expect((await allOf(`${base}/organization/${council!.id}/meeting`)).map((m) => m.id)).not.toContain(url);
    const changes = await allOf(`${base}/body/1/meeting?modified_since=${encodeURIComponent(before)}`);
    expect(changes.find((m) => m.id === url)).toEqual(tombstone);
    expect(changes.filter((m) => m.deleted !== true).map((m) => m.id)).not.toContain(url);
  });

  it('a change shows at once, only the objects it touches get a new modified, and an invitation publishes the agenda', async () => {
    const [council] = await db().select().from(councils).where(eq(councils.slug, 'linden-limmer'));
    const organization = `${base}/organization/${council!.id}`;
    const untouched = (await allOf(`${base}/body/1/organization`)).filter((o) => o.id !== organization);
    const before = await json(organization);

    await db().update(councils).set({ name: { de: 'Integrationsbeirat Linden-Limmer (neu)', en: 'Integration Council Linden-Limmer (new)' } }).where(eq(councils.id, council!.id));
    const after = await json(organization);
    expect(after.name).toBe('Integrationsbeirat Linden-Limmer (neu)');
    expect(Date.parse(String(after.modified))).toBeGreaterThan(Date.parse(String(before.modified)));
    const now = await allOf(`${base}/body/1/organization`);
    for (const o of untouched) expect(now.find((n) => n.id === o.id)!.modified, String(o.id)).toBe(o.modified);

    // Planned → invited: the agenda appears, embedded in the meeting and in the list of agenda items.
    const [location] = await db().select().from(locations).limit(1);
    const day = addDays(berlinDate(new Date()), 30);
    const meeting = await planMeeting(db(), council!.id, { startsAt: berlinInstant(day, '18:30')!, endsAt: null, locationId: location!.id, title: null }, actor);
    expect((await json(`${base}/meeting/${meeting.id}`)).agendaItem).toBeUndefined();
    const sent = await sendInvitations(db(), t.config.dataDir, letterRenderer(db(), t.config.baseUrl), council!.id, meeting.id, { urgencyReason: null, now: new Date(), baseUrl: t.config.baseUrl }, actor);
    expect(sent.ok).toBe(true);
    const invited = await json(`${base}/meeting/${meeting.id}`);
    expect(invited.meetingState).toBe('eingeladen');
    expect((invited.agendaItem as Json[]).length).toBeGreaterThan(0);
    expect(invited.location).toMatchObject({ id: `${base}/location/${location!.id}` });
  });

  it('a meeting whose place changes embeds the new place', async () => {
    const [meeting] = await db().select().from(meetings).where(ne(meetings.locationId, 0)).limit(1);
    await db().update(locations).set({ room: 'Großer Saal, 2. OG' }).where(eq(locations.id, meeting!.locationId!));
    expect(((await json(`${base}/meeting/${meeting!.id}`)).location as Json).room).toBe('Großer Saal, 2. OG');
    expect((await json(`${base}/location/${meeting!.locationId}`)).room).toBe('Großer Saal, 2. OG');
  });
});
