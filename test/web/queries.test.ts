import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { councils, seatCategories } from '../../src/councils/schema.js';
import { grants } from '../../src/grants/schema.js';
import { queryObserver } from '../../src/infra/db/database.js';
import { agendaItems, locations, meetings } from '../../src/meetings/schema.js';
import { memberships, people } from '../../src/members/schema.js';
import { fullScans, type PlanNode } from '../../bench/explain.js';
import { createTestApp, type TestApp } from '../support/app.js';

/**
 * What a public page costs the database, rendered without the cache: the number of queries must not
 * grow with the data (no query per meeting, per grant, per member), and every query must be able to
 * use an index on the large tables (checked with sequential scans switched off: where no index fits,
 * PostgreSQL still scans).
 */

let t: TestApp;
let slug: string;
let meetingId: number;
let grantId: number;

beforeAll(async () => {
  t = await createTestApp({ config: { pageCacheBytes: 0 } });
  slug = 'mitte';
  const [council] = await t.database.db.select().from(councils).where(eq(councils.slug, slug));
  const [meeting] = await t.database.db.select().from(meetings).where(and(eq(meetings.councilId, council!.id), eq(meetings.state, 'minutes_approved'))).limit(1);
  const [grant] = await t.database.db.select().from(grants).where(and(eq(grants.councilId, council!.id), eq(grants.status, 'approved'))).limit(1);
  meetingId = meeting!.id;
  grantId = grant!.id;
}, 120_000);
afterAll(async () => t?.close());

const pages = () => [
  '/',
  `/beiraete/${slug}`,
  `/beiraete/${slug}/mitglieder`,
  `/beiraete/${slug}/sitzungen`,
  `/beiraete/${slug}/sitzungen/${meetingId}`,
  `/beiraete/${slug}/projekte`,
  `/beiraete/${slug}/projekte/${grantId}`,
  `/beiraete/${slug}/sitzungen.ics`,
  `/beiraete/${slug}/sitzungen/${meetingId}/kalender.ics`,
  '/sitzungen.ics',
  `/beiraete/${slug}/projekte.csv`,
  '/projekte.json',
  '/oparl/v1.1/body/1/meeting',
  `/oparl/v1.1/meeting/${meetingId}`,
];

async function queriesOf(url: string): Promise<Array<{ query: string; params: unknown[] }>> {
  // First without counting: OParl renders pending changes before it answers.
  expect((await t.app.inject(url)).statusCode, url).toBe(200);
  const seen: Array<{ query: string; params: unknown[] }> = [];
  queryObserver.current = (query, params) => seen.push({ query, params });
  try {
    expect((await t.app.inject(url)).statusCode, url).toBe(200);
  } finally {
    queryObserver.current = undefined;
  }
  return seen;
}

/** More of everything for Mitte: 40 meetings of 12 items, 40 grants, 25 members. */
async function growData(): Promise<void> {
  const db = t.database.db;
  const [council] = await db.select().from(councils).where(eq(councils.slug, slug));
  const [location] = await db.select().from(locations).limit(1);
  const [seat] = await db.select().from(seatCategories).where(eq(seatCategories.councilId, council!.id)).orderBy(asc(seatCategories.id)).limit(1);
  const added = await db
    .insert(meetings)
    .values(Array.from({ length: 40 }, (_, i) => ({ councilId: council!.id, locationId: location!.id, startsAt: new Date(Date.UTC(2015 + Math.floor(i / 4), (i % 4) * 3, 10, 17, 30)), state: 'minutes_approved' as const })))
    .returning({ id: meetings.id });
  await db.insert(agendaItems).values(added.flatMap((m) => Array.from({ length: 12 }, (_, p) => ({ meetingId: m.id, number: String(p + 1), position: p + 1, title: { de: `Punkt ${p + 1}` }, result: 'adopted' as const, unanimous: true }))));
  await db.insert(grants).values(Array.from({ length: 40 }, (_, i) => ({ councilId: council!.id, year: 2026, number: 100 + i, recipientName: `Verein ${i} e.V.`, title: { de: `Projekt ${i}` }, status: 'approved' as const, amountApprovedCents: 50000 })));
  const persons = await db
    .insert(people)
    .values(Array.from({ length: 25 }, (_, i) => ({ bodyId: council!.bodyId, givenName: `Vorname${i}`, familyName: `Nachname${i}` })))
    .returning({ id: people.id });
  await db.insert(memberships).values(persons.map((p) => ({ councilId: council!.id, personId: p.id, seatCategoryId: seat!.id, startDate: '2025-01-01', publicConsent: true })));
}

describe('queries per page', () => {
  it('stay the same when a council has many more meetings, items, grants and members', async () => {
    const before = new Map<string, number>();
    for (const url of pages()) before.set(url, (await queriesOf(url)).length);
    await growData();
    const after = new Map<string, number>();
    for (const url of pages()) after.set(url, (await queriesOf(url)).length);
    expect(Object.fromEntries(after)).toEqual(Object.fromEntries(before));
    for (const [url, count] of after) expect(count, url).toBeLessThanOrEqual(8);
  }, 120_000);
});

describe('indexes', () => {
  it('every query of the public pages, feeds and OParl can use an index on the large tables', async () => {
    const client = (t.database.db as unknown as { $client: { query(text: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>; connect?: () => Promise<{ query: (text: string, params?: unknown[]) => Promise<{ rows: Array<Record<string, unknown>> }>; release: () => void }> } }).$client;
    const session = client.connect ? await client.connect() : undefined;
    const run = (text: string, params?: unknown[]) => (session ?? client).query(text, params);
    const problems: string[] = [];
    try {
      await run('set enable_seqscan = off');
      // The check itself: a filter no index serves is caught.
      const { rows: unindexed } = await run('explain (format json) select * from grants where recipient_name = $1', ['x']);
      expect(fullScans((unindexed[0]!['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0]!.Plan)).toEqual(['grants']);
      for (const url of pages()) {
        for (const { query, params } of await queriesOf(url)) {
          if (!/^\s*(select|with)\b/i.test(query)) continue;
          const { rows } = await run(`explain (format json) ${query}`, params);
          const plan = (rows[0]!['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0]!.Plan;
          for (const table of fullScans(plan)) problems.push(`${url}: sequential scan of ${table} in ${query.slice(0, 160)}`);
        }
      }
    } finally {
      await run('reset enable_seqscan');
      session?.release();
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
