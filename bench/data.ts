/**
 * `npm run bench:data -- --scale city|nation [--engine postgres|pglite|both] [--seed N]`
 *
 * Fills a database for the benchmark with data of realistic shape and size, the same for the same
 * seed: city = one city with 13 councils over 15 years (4 meetings a year, about ten items each,
 * some 5,000 grants, minutes as PDF files); nation = 50 cities with 500 councils (about 100,000
 * meetings, 1,000,000 agenda items, 200,000 grants). Rows are generated inside the database
 * (INSERT … SELECT over generate_series), then the OParl objects are rendered as the app would.
 *
 * PostgreSQL: a database `beirat_bench_<scale>` on the server of BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432), made anew. PGlite: the data folder bench/data/<scale>-pglite.
 * Stored files go to bench/data/<scale>-<engine>/files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { storeFile, type StoredFile } from '../src/documents/storage.js';
import { simplePdf } from '../src/documents/simple-pdf.js';
import { openDatabase, type Database, type DatabaseHandle } from '../src/infra/db/database.js';
import { ensureProjectionState, pendingScopes, projectPending, rowsOf } from '../src/oparl/projection.js';
import { OParlUrls } from '../src/oparl/urls.js';
import { benchBaseUrl, benchDataDir, benchDatabaseName, benchServerUrl, type Engine, type Scale } from './setup.js';

export interface ScaleSpec {
  bodies: number;
  councilsPerBody: number;
  years: number;
  meetingsPerYear: number;
  itemsPerMeeting: number;
  grantsPerCouncilYear: number;
  /** Distinct PDF files the minutes rows share (the rows are what is measured, not the disk). */
  files: number;
}

export const scales: Record<Scale, ScaleSpec> = {
  city: { bodies: 1, councilsPerBody: 13, years: 15, meetingsPerYear: 4, itemsPerMeeting: 10, grantsPerCouncilYear: 28, files: 12 },
  nation: { bodies: 50, councilsPerBody: 10, years: 15, meetingsPerYear: 13, itemsPerMeeting: 10, grantsPerCouncilYear: 29, files: 40 },
};

const givenNames = ['Anna', 'Mehmet', 'Olena', 'Jonas', 'Fatma', 'Lukas', 'Amira', 'Piotr', 'Sofia', 'Kwame', 'Leyla', 'Thomas', 'Maria', 'Yusuf', 'Ewa', 'Hassan', 'Lena', 'Dimitri', 'Aylin', 'Paul', 'Nour', 'Stefan', 'Chiara', 'Arash'];
const familyNames = ['Schmidt', 'Yılmaz', 'Kowalski', 'Müller', 'Nguyen', 'Petrenko', 'Öztürk', 'Weber', 'Haddad', 'Becker', 'Rossi', 'Demir', 'Schulz', 'Mensah', 'Hoffmann', 'Karimi', 'Wagner', 'Popescu', 'Fischer', 'Ahmadi', 'Koch', 'Jovanović', 'Richter', 'Ivanova'];
const topics = [
  'Bericht der Verwaltung',
  'Förderung von Sprachcafés im Stadtbezirk',
  'Interkulturelles Sommerfest',
  'Beratung über Zuwendungsanträge',
  'Bericht aus dem Stadtbezirksrat',
  'Hausaufgabenhilfe für Kinder aus zugewanderten Familien',
  'Barrierefreie Beratung für Geflüchtete',
  'Planung der Interkulturellen Woche',
  'Verschiedenes',
  'Anfragen von Einwohnerinnen und Einwohnern',
  'Projekt „Nachbarschaft verbindet“',
  'Jahresbericht an den Stadtbezirksrat',
];
const projects = ['Sprachcafé', 'Sommerfest', 'Kochabend der Kulturen', 'Hausaufgabenhilfe', 'Nachbarschaftsgarten', 'Frauenfrühstück', 'Fußballturnier', 'Lesepatenschaften', 'Theaterprojekt', 'Fahrradwerkstatt'];
const recipients = ['Kulturverein', 'Nachbarschaftsinitiative', 'Elternverein', 'Sportverein', 'Frauennetzwerk', 'Jugendtreff', 'Begegnungszentrum', 'Moscheegemeinde', 'Kirchengemeinde', 'Bürgerverein'];

/** A PostgreSQL array literal of texts, inlined (the values are the constants above). */
function textArray(values: readonly string[]): string {
  return `array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]`;
}

type Step = { name: string; run: (db: Database) => Promise<unknown> };

function steps(spec: ScaleSpec, seed: number, now: Date, fileKeys: Array<{ storageKey: string; sha512: string; sizeBytes: number }>): Step[] {
  const year = Number(now.toISOString().slice(0, 4));
  const firstYear = year - spec.years + 2;
  const lastYear = year + 1;
  /** One of the values, chosen by an expression of the row's numbers and the seed: the same data for the same seed. */
  const pick = (values: readonly string[], expression: string) => `(${textArray(values)})[1 + ((${expression}) % ${values.length})]`;
  const given = givenNames;
  const family = familyNames;
  const topic = topics;
  const project = projects;
  const recipient = recipients;
  const files = fileKeys.map((f, i) => `(${i}, '${f.storageKey}', '${f.sha512}', ${f.sizeBytes})`).join(',');
  // One statement at a time: PGlite runs a single statement per query.
  const run = (text: string) => async (db: Database) => {
    for (const statement of text.split(/;\s*(?:\n|$)/).filter((s) => s.trim() !== '')) await db.execute(sql.raw(statement));
  };
  return [
    {
      name: 'cities, districts, electoral terms',
      run: run(`
        insert into bodies (name, short_name, website, municipality_key, publisher_name, publisher_address, publisher_email, publisher_representative, privacy_contact)
        select 'Beispielstadt ' || b, 'Beispielstadt ' || b, 'https://beispielstadt-' || b || '.example.org', lpad((3241000 + b)::text, 8, '0'),
          jsonb_build_object('de', 'Stadt Beispielstadt ' || b || ', Büro für Integration', 'en', 'City of Beispielstadt ' || b || ', Integration Office'),
          'Rathausplatz 1, 30159 Beispielstadt ' || b, 'integration@beispielstadt-' || b || '.example.org',
          '{"de":"Die Oberbürgermeisterin","en":"The Lord Mayor"}', 'datenschutz@beispielstadt-' || b || '.example.org'
        from generate_series(1, ${spec.bodies}) b;
        insert into legislative_terms (body_id, name, start_date, end_date)
        select b.id, 'Wahlperiode ' || y || '–' || (y + 5), make_date(y, 11, 1), make_date(y + 5, 10, 31)
        from bodies b cross join (values (2016), (2021), (2026)) t(y);
        insert into districts (body_id, number, name)
        select b.id, n, 'Bezirk ' || n from bodies b cross join generate_series(1, ${spec.councilsPerBody}) n;
        insert into locations (body_id, name, room, street_address, postal_code, locality, accessibility, is_example)
        select d.body_id, 'Bezirksverwaltung ' || d.name, case when k = 1 then 'Sitzungssaal' else 'Raum ' || (100 + d.number) end,
          'Rathausstraße ' || (d.number * 2 + k), lpad((30000 + d.number * 10 + k)::text, 5, '0'), 'Beispielstadt',
          '{"de":"Stufenloser Zugang, Aufzug vorhanden","en":"Step-free access, lift available"}', true
        from districts d cross join generate_series(1, 2) k;`),
    },
    {
      name: 'councils and seats',
      run: run(`
        insert into councils (body_id, district_id, slug, name, short_name, purpose, legal_basis, tasks, contact_name, contact_email, founded_on, contact_is_example, invitation_period_days)
        select d.body_id, d.id, case when ${spec.bodies} = 1 then 'bezirk-' || d.number else 'stadt-' || d.body_id || '-bezirk-' || d.number end,
          jsonb_build_object('de', 'Integrationsbeirat ' || d.name || case when ${spec.bodies} = 1 then '' else ' (Stadt ' || d.body_id || ')' end, 'en', 'Integration Council ' || d.name),
          jsonb_build_object('de', d.name, 'en', d.name),
          '{"de":"Der Integrationsbeirat ist ein Forum für den Austausch zwischen Menschen unterschiedlicher Herkunft und berät die Politik.","en":"The integration council is a forum for exchange between people of different origins and advises policymakers."}',
          '{"de":"Lokaler Integrationsplan der Stadt.","en":"The city''s local integration plan."}',
          '{"de":["Politik beraten","Projekte fördern","Begegnung ermöglichen"],"en":["Advise policymakers","Fund projects","Bring people together"]}',
          '{"de":"Geschäftsführung des Integrationsbeirats","en":"Office of the integration council"}',
          'beirat-' || d.id || '@beispielstadt.example.org', make_date(2009, 1 + d.number % 12, 1), true, 7
        from districts d order by d.id;
        insert into seat_categories (council_id, key, name, quota, for_migration_background, voting_right, position)
        select c.id, s.key, s.name::jsonb, s.quota, s.migration, true, s.position
        from councils c cross join (values
          ('district_councillors', '{"de":"Mitglieder des Stadtbezirksrats","en":"District councillors"}', 6, false, 1),
          ('multipliers', '{"de":"Multiplikatorinnen und Multiplikatoren","en":"Multipliers"}', 2, false, 2),
          ('residents', '{"de":"Einwohnerinnen und Einwohner mit Migrationshintergrund","en":"Residents with a migration background"}', 11, true, 3)
        ) s(key, name, quota, migration, position);`),
    },
    {
      name: 'people, memberships and chairs over three terms',
      run: run(`
        insert into people (body_id, form_of_address, given_name, family_name, is_example)
        select c.body_id, case when (c.id + t + s) % 2 = 0 then 'Frau' else 'Herr' end,
          ${pick(given, `c.id * 31 + t * 7 + s * 13 + ${seed}`)}, ${pick(family, `c.id * 17 + t * 11 + s * 5 + ${seed} * 3`)}, true
        from councils c cross join generate_series(0, 2) t cross join generate_series(1, 19) s
        order by c.id, t, s;
        insert into memberships (council_id, person_id, seat_category_id, role, voting_right, start_date, end_date, public_consent)
        select slot.council_id, p.id, sc.id, 'member', true, make_date(2016 + 5 * slot.t, 11, 1),
          case when slot.t = 2 then null else make_date(2021 + 5 * slot.t, 10, 31) end, (slot.council_id + slot.s + slot.t) % 5 <> 0
        from (select c.id as council_id, t, s, row_number() over (order by c.id, t, s) as rn from councils c cross join generate_series(0, 2) t cross join generate_series(1, 19) s) slot
        join (select id, row_number() over (order by id) as rn from people) p on p.rn = slot.rn
        join seat_categories sc on sc.council_id = slot.council_id
          and sc.key = case when slot.s <= 6 then 'district_councillors' when slot.s <= 8 then 'multipliers' else 'residents' end;
        insert into chair_terms (council_id, person_id, role, start_date, end_date, public_consent)
        select m.council_id, m.person_id, case when m.rn = 1 then 'chair'::chair_role else 'deputy_chair'::chair_role end, m.start_date + 30, m.end_date, true
        from (select council_id, person_id, start_date, end_date, row_number() over (partition by council_id, start_date order by person_id desc) as rn from memberships) m
        where m.rn <= 2;`),
    },
    {
      name: 'meetings',
      run: run(`
        insert into meetings (council_id, location_id, starts_at, ends_at, state, is_example)
        select c.id, (select l.id from locations l where l.body_id = c.body_id order by l.id offset (c.id + k) % 2 limit 1),
          make_timestamptz(y, 1 + (k * 12) / ${spec.meetingsPerYear}, 3 + (c.id * 7 + k * 5) % 24, 18, 30, 0, 'Europe/Berlin'),
          make_timestamptz(y, 1 + (k * 12) / ${spec.meetingsPerYear}, 3 + (c.id * 7 + k * 5) % 24, 20, 30, 0, 'Europe/Berlin'),
          'planned', true
        from councils c cross join generate_series(${firstYear}, ${lastYear}) y cross join generate_series(0, ${spec.meetingsPerYear - 1}) k
        order by c.id, y, k;
        with ranked as (
          select id, starts_at < now() as past,
            row_number() over (partition by council_id, starts_at < now() order by starts_at desc) as from_now_back,
            row_number() over (partition by council_id, starts_at < now() order by starts_at) as from_now_on
          from meetings)
        update meetings m set state = case
            when r.past and r.from_now_back = 1 then 'held'::meeting_state
            when r.past then 'minutes_approved'::meeting_state
            when r.from_now_on = 1 then 'invited'::meeting_state
            else 'planned'::meeting_state end,
          invited_at = case when r.past or r.from_now_on = 1 then m.starts_at - interval '10 days' end,
          minutes_approved_at = case when r.past and r.from_now_back > 1 then m.starts_at + interval '90 days' end,
          minutes_public = case when r.past and r.from_now_back > 1 then 'Ergebnisprotokoll der Sitzung. Alle Tagesordnungspunkte wurden wie vorgeschlagen behandelt.' end
        from ranked r where r.id = m.id;`),
    },
    {
      name: 'agenda items',
      run: run(`
        insert into agenda_items (meeting_id, number, position, title, is_public, result, votes_yes, votes_no, votes_abstain, unanimous, kind, level)
        select m.id, p::text, p,
          jsonb_build_object('de', case p when 1 then 'Eröffnung, Feststellung der ordnungsgemäßen Einberufung und der Beschlussfähigkeit'
            when 2 then 'Genehmigung der Tagesordnung' when 3 then 'Genehmigung des Protokolls der letzten Sitzung'
            else ${pick(topic, `m.id * 3 + p * 7 + ${seed}`)} end),
          not (p = n.count and m.id % 3 = 0),
          case when m.state in ('held', 'minutes_approved') then case when p % 4 = 0 then 'noted'::agenda_result else 'adopted'::agenda_result end end,
          case when m.state in ('held', 'minutes_approved') and p % 4 <> 0 and p % 3 = 0 then 9 + p % 5 end,
          case when m.state in ('held', 'minutes_approved') and p % 4 <> 0 and p % 3 = 0 then p % 3 end,
          case when m.state in ('held', 'minutes_approved') and p % 4 <> 0 and p % 3 = 0 then 1 end,
          m.state in ('held', 'minutes_approved') and p % 4 <> 0 and p % 3 <> 0,
          case p when 1 then 'opening'::agenda_item_kind when 2 then 'agenda_approval'::agenda_item_kind when 3 then 'minutes_approval'::agenda_item_kind else 'regular'::agenda_item_kind end,
          0
        from meetings m cross join lateral (select ${spec.itemsPerMeeting} + m.id % 2 as count) n cross join lateral generate_series(1, n.count) p;`),
    },
    {
      name: 'grants, decision papers, budgets and payments',
      run: run(`
        insert into decision_papers (council_id, paper_number, title, decided_on, climate_impact)
        select c.id, (c.id % 90 + 10) || '-' || (1000 + h * 100 + c.id % 100) || '/' || y,
          'Zuwendungen aus den Mitteln des Integrationsbeirats (' || y || ', Teil ' || h || ')', make_date(y, 3 + h * 4, 15), 'neutral'
        from councils c cross join generate_series(${firstYear}, ${year - 1}) y cross join generate_series(1, 2) h
        order by c.id, y, h;
        insert into grants (council_id, year, number, recipient_name, recipient_kind, title, amount_requested_cents, amount_recommended_cents, amount_approved_cents, amount_paid_cents,
          status, decided_on, decision_paper_id, decision_paper_number, submitted_at, recommended_on, period_start, period_end, is_example)
        select c.id, y, g, ${pick(recipient, `c.id * 5 + g * 3 + ${seed}`)} || ' ' || c.id || '-' || g || ' e.V.',
          case when g % 20 = 0 then 'person'::recipient_kind else 'association'::recipient_kind end,
          jsonb_build_object('de', ${pick(project, `c.id + g * 7 + ${seed}`)} || ' ' || y),
          (400 + (c.id * 13 + g * 29) % 27 * 100) * 100,
          case when st.s not in ('submitted', 'withdrawn') then (400 + (c.id * 13 + g * 29) % 27 * 100) * 100 end,
          case when st.s in ('approved', 'paid', 'closed') then (400 + (c.id * 13 + g * 29) % 27 * 100) * 100 end,
          case when st.s in ('paid', 'closed') then (400 + (c.id * 13 + g * 29) % 27 * 100) * 100 end,
          st.s::grant_status,
          case when st.s in ('approved', 'paid', 'closed', 'rejected') then make_date(y, case when g % 2 = 0 then 7 else 11 end, 15) end,
          case when st.s in ('approved', 'paid', 'closed', 'rejected') and y < ${year} then (select dp.id from decision_papers dp where dp.council_id = c.id order by dp.id offset (y - ${firstYear}) * 2 + g % 2 limit 1) end,
          null, make_timestamptz(y, 1 + g % 6, 1 + g % 27, 10, 0, 0, 'Europe/Berlin'),
          case when st.s not in ('submitted', 'withdrawn') then make_date(y, 2 + g % 6, 10) end,
          make_date(y, 4, 1), make_date(y, 10, 31), true
        from councils c cross join generate_series(${firstYear}, ${year}) y cross join generate_series(1, ${spec.grantsPerCouncilYear}) g
        cross join lateral (select case
          when y < ${year} then case when g % 10 = 0 then 'rejected' when g % 17 = 0 then 'withdrawn' when g % 10 = 1 then 'paid' else 'closed' end
          else case g % 5 when 0 then 'submitted' when 1 then 'recommended' when 2 then 'approved' when 3 then 'paid' else 'submitted' end end as s) st
        order by c.id, y, g;
        update grants g set decision_paper_number = dp.paper_number from decision_papers dp where dp.id = g.decision_paper_id;
        insert into budgets (council_id, year, kind, allocated_cents)
        select c.id, y, k::budget_kind, case when k = 'council' then 1200000 else 600000 end
        from councils c cross join generate_series(${firstYear}, ${year}) y cross join (values ('council'), ('district_council')) kinds(k);
        insert into grant_allocations (grant_id, budget_id, amount_cents)
        select g.id, b.id, g.amount_approved_cents from grants g join budgets b on b.council_id = g.council_id and b.year = g.year and b.kind = 'council'
        where g.amount_approved_cents is not null;
        insert into grant_payments (grant_id, budget_id, kind, amount_cents, paid_on)
        select g.id, b.id, 'payout', g.amount_paid_cents, make_date(g.year, 12, 1) from grants g join budgets b on b.council_id = g.council_id and b.year = g.year and b.kind = 'council'
        where g.amount_paid_cents is not null;`),
    },
    {
      name: 'minutes as PDF documents',
      run: run(`
        insert into documents (council_id, meeting_id, kind, title, file_name, mime_type, size_bytes, sha512, storage_key, is_public)
        select m.council_id, m.id, 'minutes', '{"de":"Ergebnisprotokoll","en":"Minutes"}', 'protokoll-' || to_char(m.starts_at at time zone 'Europe/Berlin', 'YYYY-MM-DD') || '.pdf',
          'application/pdf', f.size, f.sha512, f.key, true
        from meetings m join (values ${files}) f(i, key, sha512, size) on f.i = m.id % ${fileKeys.length}
        where m.state = 'minutes_approved';`),
    },
  ];
}

export async function generate(handle: DatabaseHandle, spec: ScaleSpec, options: { seed: number; dataDir: string; baseUrl: string; log: (line: string) => void }): Promise<void> {
  const { db } = handle;
  const now = new Date();
  const fileKeys: StoredFile[] = [];
  for (let i = 0; i < spec.files; i++) {
    fileKeys.push(await storeFile(options.dataDir, simplePdf(`Ergebnisprotokoll ${i + 1}`, ['Ergebnisprotokoll der Sitzung des Integrationsbeirats.', `Teil ${i + 1} der Benchmarkdaten.`])));
  }
  // Triggers stay quiet while rows are generated: everything is rendered for OParl once, at the end.
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    for (const step of steps(spec, options.seed, now, fileKeys)) {
      const started = performance.now();
      await step.run(tx as unknown as Database);
      options.log(`  ${step.name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  });
  await ensureProjectionState(db, options.baseUrl);
  await db.execute(sql`insert into oparl_dirty (scope) select 'body:' || id from bodies union select 'council:' || id from councils union select 'person:' || id from people on conflict do nothing`);
  const total = (await pendingScopes(db)).length;
  const started = performance.now();
  let lastReport = 0;
  const projection = projectPending(db, new OParlUrls(options.baseUrl));
  const timer = setInterval(() => {
    void pendingScopes(db).then((left) => {
      if (performance.now() - lastReport > 4000) {
        lastReport = performance.now();
        options.log(`  OParl objects: ${total - left.length} of ${total} scopes rendered (${((performance.now() - started) / 1000).toFixed(0)} s)`);
      }
    });
  }, 1000);
  try {
    await projection;
  } finally {
    clearInterval(timer);
  }
  options.log(`  OParl objects: ${total} scopes rendered in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await db.execute(sql`analyze`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: 'city' }, engine: { type: 'string' }, seed: { type: 'string', default: '1' } } });
  const scale = values.scale as Scale;
  if (!(scale in scales)) throw new Error('--scale must be city or nation');
  const engines: Engine[] = values.engine === 'postgres' || values.engine === 'pglite' ? [values.engine] : values.engine === 'both' || (values.engine === undefined && scale === 'city') ? ['postgres', 'pglite'] : ['postgres'];
  if (scale === 'nation' && engines.includes('pglite')) throw new Error('The nation scale runs on PostgreSQL only: PGlite keeps the whole database in one process.');
  const seed = Number(values.seed);
  for (const engine of engines) {
    const started = performance.now();
    const dataDir = benchDataDir(scale, engine);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true });
    let handle: DatabaseHandle;
    if (engine === 'postgres') {
      const server = benchServerUrl();
      const name = benchDatabaseName(scale);
      const admin = new pg.Client({ connectionString: `${server}/postgres` });
      await admin.connect();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.query(`create database ${name}`);
      await admin.end();
      handle = await openDatabase({ databaseUrl: `${server}/${name}` });
    } else {
      handle = await openDatabase({ dataDir });
    }
    console.log(`${scale} scale on ${engine === 'postgres' ? `PostgreSQL (${benchDatabaseName(scale)})` : `PGlite (${path.relative(process.cwd(), dataDir)})`}, seed ${seed}:`);
    try {
      await handle.migrate();
      await generate(handle, scales[scale], { seed, dataDir, baseUrl: benchBaseUrl, log: (line) => console.log(line) });
      const [counts] = rowsOf<Record<string, number>>(
        await handle.db.execute(sql`select (select count(*) from councils)::int as councils, (select count(*) from meetings)::int as meetings, (select count(*) from agenda_items)::int as "agendaItems", (select count(*) from grants)::int as grants, (select count(*) from documents)::int as documents, (select count(*) from oparl_objects)::int as "oparlObjects"`),
      );
      console.log(`  done in ${((performance.now() - started) / 1000).toFixed(0)} s: ${Object.entries(counts ?? {}).map(([k, v]) => `${v} ${k}`).join(', ')}`);
    } finally {
      await handle.close();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
