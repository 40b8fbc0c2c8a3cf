/**
 * Fills an empty database with the Hannover demo (see ./hannover.ts for the data and what is real).
 *
 * Everything is derived from `now` and fixed seeds, so the same `now` always gives the same database:
 * tests can assert on it and screenshots stay stable. Dates are relative to `now` so the demo always
 * has a past (minutes, funded projects) and a future (invitations, applications).
 */
import { publicHolidays } from '../meetings/rules.js';
import { sql } from 'drizzle-orm';
import { slugify } from '../councils/slug.js';
import type { Database } from '../infra/db/database.js';
import { berlinDate } from '../infra/time.js';
import {
  agendaItems,
  bodies,
  chairTerms,
  councils,
  districts,
  grants,
  legislativeTerms,
  locations,
  meetings,
  memberships,
  people,
  seatCategories,
} from '../infra/db/schema.js';
import {
  cancellationNote,
  cancelledMeetingDistrictNumber,
  city,
  closingItem,
  councilContactName,
  councilContactPhone,
  councilJoiningNote,
  councilLegalBasis,
  councilPurpose,
  councilRules,
  councilTasks,
  districtSpecs,
  districtsWithPendingApplication,
  endReasons,
  legislativeTermsOfCity,
  grantProjects,
  grantResultNotes,
  grantsHeading,
  herrenhausenStoecken,
  inventedHistory,
  namePools,
  nonPublicTopics,
  originWeights,
  realGrants,
  reportItems,
  reportsHeading,
  seatCategoryDescription,
  seatCategorySpecs,
  specialGrantOutcomes,
  standardOpeningItems,
  topicPool,
  type Bilingual,
  type DistrictSpec,
  type GrantProjectSpec,
  type NamePool,
  type RecipientKind,
  type SeatKey,
} from './hannover.js';
import { seedDemoBudgets } from './budgets.js';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

// Two app instances starting at once against one PostgreSQL must not both see an empty database and
// seed twice; the transaction-scoped advisory lock serialises them (PGlite accepts it too).
const SEED_LOCK_KEY = 0x64656d6f; // "demo"

const MEETING_START = '18:30';
const MEETING_END = '20:30';

export async function seedDemoData(db: Database, options: { now?: Date } = {}): Promise<{ seeded: boolean }> {
  const now = options.now ?? new Date();
  const today = berlinDate(now);
  // Planning is pure and needs no ids, so the database sees one bulk insert per table for the whole
  // city (eleven statements) instead of one per row: that keeps seeding on PGlite well under a second.
  const usedNames = new Set<string>(); // shared, so that no invented name occurs twice in the city
  const plans = districtSpecs.map((spec) => planCouncil(spec, now, today, usedNames));

  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const existing = await tx.select({ id: bodies.id }).from(bodies).limit(1);
    if (existing.length > 0) return { seeded: false };
    await insertPlans(tx, plans);
    await seedDemoBudgets(tx);
    return { seeded: true };
  });
}

interface CouncilPlan {
  spec: DistrictSpec;
  slug: string;
  roster: Roster;
  meetings: MeetingPlan[];
  agenda: AgendaItemPlan[];
  grants: GrantPlan[];
}

function planCouncil(spec: DistrictSpec, now: Date, today: string, usedNames: Set<string>): CouncilPlan {
  const votingMembers = spec.seats.district_councillor + spec.seats.multiplier + spec.seats.migration_background;
  const meetingPlans = planMeetings(spec, now, votingMembers);
  const grantPlans = planGrants(spec, meetingPlans, today);
  return {
    spec,
    slug: slugify(spec.name),
    roster: planRoster(spec, today, meetingPlans, usedNames),
    meetings: meetingPlans,
    agenda: planAgendas(spec, meetingPlans, grantPlans),
    grants: grantPlans,
  };
}

/** Where each council's rows start in a city-wide bulk insert, to turn its local indices into ids. */
function offsets(counts: number[]): number[] {
  let sum = 0;
  return counts.map((n) => {
    const start = sum;
    sum += n;
    return start;
  });
}

// The index mapping relies on a multi-row INSERT … RETURNING giving its rows back in the order of
// VALUES, which PostgreSQL (and so PGlite) does for a plain INSERT without ON CONFLICT or triggers.
async function insertPlans(tx: Tx, plans: CouncilPlan[]): Promise<void> {
  const [body] = await tx
    .insert(bodies)
    .values({
      name: city.name,
      shortName: city.shortName,
      website: city.website,
      municipalityKey: city.municipalityKey,
      publisherName: city.publisherName,
      publisherAddress: city.publisherAddress,
      publisherEmail: city.publisherEmail,
      publisherRepresentative: city.publisherRepresentative,
      privacyContact: city.privacyContact,
    })
    .returning({ id: bodies.id });
  const bodyId = body!.id;
  await tx.insert(legislativeTerms).values(legislativeTermsOfCity.map((term) => ({ bodyId, ...term })));

  const districtRows = await tx
    .insert(districts)
    .values(plans.map(({ spec }) => ({ bodyId, number: spec.number, name: spec.name })))
    .returning({ id: districts.id });

  const councilRows = await tx
    .insert(councils)
    .values(
      plans.map(({ spec, slug }, c) => ({
        bodyId,
        districtId: districtRows[c]!.id,
        slug,
        name: { de: `Integrationsbeirat ${spec.name}`, en: `Integration Council ${spec.name}` },
        shortName: { de: spec.name, en: spec.name },
        purpose: councilPurpose,
        legalBasis: councilLegalBasis,
        tasks: councilTasks,
        history: spec.history ?? inventedHistory(spec.name, spec.foundedOn),
        joiningNote: councilJoiningNote,
        foundedOn: spec.foundedOn,
        contactName: councilContactName(spec.name),
        contactEmail: `integrationsbeirat.${slug}@example.org`,
        contactPhone: councilContactPhone,
        contactAddress: spec.contactAddress,
        contactIsExample: true,
        ...councilRules,
        eligibilityTies: [...spec.eligibilityTies],
      })),
    )
    .returning({ id: councils.id });
  const councilId = (c: number) => councilRows[c]!.id;

  const categoryRows = await tx
    .insert(seatCategories)
    .values(
      plans.flatMap(({ spec }, c) =>
        seatCategorySpecs.map((category, i) => ({
          councilId: councilId(c),
          key: category.key,
          name: category.name,
          description: seatCategoryDescription(category.key, spec.eligibilityTies),
          quota: spec.seats[category.key],
          forMigrationBackground: category.forMigrationBackground,
          votingRight: true,
          position: i + 1,
        })),
      ),
    )
    .returning({ id: seatCategories.id, councilId: seatCategories.councilId, key: seatCategories.key });
  const categoryIds = new Map(categoryRows.map((r) => [`${r.councilId}:${r.key}`, r.id]));
  const categoryId = (c: number, key: SeatKey) => categoryIds.get(`${councilId(c)}:${key}`)!;

  const personRows = await tx
    .insert(people)
    .values(plans.flatMap((p) => p.roster.people.map((person, i) => ({ bodyId, ...person, email: demoEmail(person, i) }))))
    .returning({ id: people.id });
  const personStart = offsets(plans.map((p) => p.roster.people.length));
  const personId = (c: number, index: number) => personRows[personStart[c]! + index]!.id;

  await tx.insert(memberships).values(
    plans.flatMap((p, c) =>
      p.roster.memberships.map((m) => ({
        councilId: councilId(c),
        personId: personId(c, m.person),
        seatCategoryId: categoryId(c, m.seat),
        role: 'member' as const,
        votingRight: true,
        startDate: m.startDate,
        endDate: m.endDate,
        endReason: m.endReason,
        publicConsent: m.publicConsent,
      })),
    ),
  );
  await tx.insert(chairTerms).values(
    plans.flatMap((p, c) =>
      p.roster.chairTerms.map((t) => ({
        councilId: councilId(c),
        personId: personId(c, t.person),
        role: t.role,
        startDate: t.startDate,
        endDate: t.endDate,
        capacity: t.capacity,
        electedOn: t.startDate,
        publicConsent: true,
      })),
    ),
  );

  const locationRows = await tx
    .insert(locations)
    .values(plans.flatMap(({ spec }) => spec.locations.map((l) => ({ bodyId, ...l, locality: 'Hannover', isExample: true }))))
    .returning({ id: locations.id });
  const locationStart = offsets(plans.map((p) => p.spec.locations.length));

  const meetingRows = await tx
    .insert(meetings)
    .values(
      plans.flatMap((p, c) =>
        p.meetings.map((m) => ({
          councilId: councilId(c),
          locationId: locationRows[locationStart[c]! + m.location]!.id,
          title: null,
          startsAt: m.startsAt,
          endsAt: m.endsAt,
          state: m.state,
          cancelled: m.cancelled,
          cancellationNote: m.cancelled ? cancellationNote : null,
          isExample: true,
        })),
      ),
    )
    .returning({ id: meetings.id });
  const meetingStart = offsets(plans.map((p) => p.meetings.length));

  await tx
    .insert(agendaItems)
    .values(
      plans.flatMap((p, c) =>
        p.agenda.map(({ meeting, ...item }) => ({ meetingId: meetingRows[meetingStart[c]! + meeting]!.id, ...item })),
      ),
    );

  await tx.insert(grants).values(
    plans.flatMap(({ spec, grants: invented }, c) => [
      ...realGrants
        .filter((g) => g.districtNumber === spec.number)
        .map((g) => ({
          councilId: councilId(c),
          year: g.year,
          number: g.number,
          recipientName: g.recipientName,
          recipientKind: 'association' as const,
          title: g.title,
          amountRecommendedCents: g.amountCents,
          amountApprovedCents: g.amountCents,
          status: 'approved' as const,
          decisionPaperNumber: g.decisionPaperNumber,
          // The paper's decision date is not in our sources; an invented one must not pose as real.
          decidedOn: null,
          isExample: false,
        })),
      ...invented.map(({ meeting: _meeting, deferredAt: _deferredAt, ...g }) => ({
        councilId: councilId(c),
        ...g,
        isExample: true,
      })),
    ]),
  );
}

// ---------------------------------------------------------------------------------------------------
// Members and chairs
// ---------------------------------------------------------------------------------------------------

interface PersonPlan {
  formOfAddress: string | null;
  givenName: string;
  familyName: string;
  isExample: boolean;
}

interface MembershipPlan {
  /** Index into the roster's people. */
  person: number;
  seat: SeatKey;
  startDate: string;
  endDate: string | null;
  endReason: string | null;
  publicConsent: boolean;
}

interface ChairTermPlan {
  person: number;
  role: 'chair' | 'deputy_chair';
  startDate: string;
  endDate: string | null;
  capacity: Bilingual | null;
}

interface Roster {
  people: PersonPlan[];
  memberships: MembershipPlan[];
  chairTerms: ChairTermPlan[];
}

/**
 * Invented members get an address under the reserved .example domain, so invitations can be tried
 * (mail lands in files unless SMTP is set, and could never be delivered anyway); every fifth has
 * none and gets a printed letter. Real people named in the demo get no address.
 */
function demoEmail(person: PersonPlan, index: number): string | null {
  if (!person.isExample || index % 5 === 4) return null;
  const ascii = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/ß/g, 'ss')
      .replace(/ı/g, 'i')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return `${ascii(person.givenName)}.${ascii(person.familyName)}@beirat-demo.example`;
}

/** Councils that, besides their former chair, list a member who left early. */
const districtsWithEarlyLeaver = new Set([2, 9, 10]);

function planRoster(spec: DistrictSpec, today: string, meetingPlans: MeetingPlan[], usedNames: Set<string>): Roster {
  const rng = randomFor(spec.number, 'roster');
  const names = { city: usedNames, familiesHere: new Set<string>() };
  const roster: Roster = { people: [], memberships: [], chairTerms: [] };
  const addPerson = (p: PersonPlan) => roster.people.push(p) - 1;
  const isHerrenhausenStoecken = spec.number === herrenhausenStoecken.districtNumber;
  const seatsLeft = { ...spec.seats };

  if (isHerrenhausenStoecken) {
    const { chair, formerChair } = herrenhausenStoecken;
    const chairPerson = addPerson({ ...pickNames(chair), isExample: false });
    roster.memberships.push({
      person: chairPerson,
      seat: chair.seat,
      startDate: chair.membershipStart,
      endDate: null,
      endReason: null,
      publicConsent: true,
    });
    seatsLeft[chair.seat] -= 1;
    roster.chairTerms.push({ person: chairPerson, role: 'chair', startDate: chair.chairStart, endDate: null, capacity: null });

    const former = addPerson({ ...pickNames(formerChair), isExample: false });
    roster.memberships.push({
      person: former,
      seat: formerChair.seat,
      startDate: formerChair.membershipStart,
      endDate: formerChair.membershipEnd,
      endReason: null,
      publicConsent: true,
    });
    roster.chairTerms.push({
      person: former,
      role: 'chair',
      startDate: formerChair.chairStart,
      endDate: formerChair.chairEnd,
      capacity: formerChair.capacity,
    });
  }

  // Members are appointed mostly in one batch by the district council, the rest as seats fall vacant.
  const batchStart = firstOfMonth(addDays(today, -rng.int(1000, 1500)));
  const current: MembershipPlan[] = [];
  for (const seat of seatCategorySpecs.map((c) => c.key)) {
    for (let i = 0; i < seatsLeft[seat]; i++) {
      const person = addPerson(inventPerson(rng, seat, names));
      const startDate = rng.chance(0.6) ? batchStart : addDays(today, -rng.int(60, 1700));
      const membership: MembershipPlan = {
        person,
        seat,
        startDate,
        // Some records already carry the five-year limit of decision 1839/2023 as their end.
        endDate: rng.chance(0.5) ? addDays(addYears(startDate, 5), -1) : null,
        endReason: null,
        publicConsent: rng.chance(0.8),
      };
      current.push(membership);
    }
  }
  roster.memberships.push(...current);

  // Chairs are published by name, so only members who consented are picked.
  const consenting = rng.shuffle(current.filter((m) => m.publicConsent));
  if (consenting.length < 2) throw new Error(`demo: too few consenting members in ${spec.name}`);

  if (isHerrenhausenStoecken) {
    const deputy = consenting[0]!;
    roster.chairTerms.push({
      person: deputy.person,
      role: 'deputy_chair',
      startDate: maxIso(herrenhausenStoecken.deputyChairStart, deputy.startDate),
      endDate: null,
      capacity: null,
    });
    return roster;
  }

  // The council elects its chair in a meeting (decision 1839/2023), so the term starts on a meeting day.
  const electionDays = meetingPlans
    .filter((m) => m.past && !m.cancelled && m.date >= addDays(today, -1000) && m.date <= addDays(today, -60))
    .map((m) => m.date);
  const chairStart = electionDays.length > 0 ? rng.pick(electionDays) : addDays(today, -365);
  let [chairMembership, deputyMembership] = consenting.filter((m) => m.startDate <= chairStart);
  if (!chairMembership || !deputyMembership) {
    // Too few members who were already there: let the first two date from the appointment batch.
    [chairMembership, deputyMembership] = consenting as [MembershipPlan, MembershipPlan];
    chairMembership.startDate = minIso(chairMembership.startDate, batchStart);
    deputyMembership.startDate = minIso(deputyMembership.startDate, batchStart);
  }
  roster.chairTerms.push(
    {
      person: chairMembership.person,
      role: 'chair',
      startDate: chairStart,
      endDate: null,
      capacity: chairCapacity(chairMembership.seat, roster.people[chairMembership.person]!.formOfAddress),
    },
    {
      person: deputyMembership.person,
      role: 'deputy_chair',
      startDate: chairStart,
      endDate: null,
      capacity: null,
    },
  );

  // The previous chair, whose membership ended when the current chair took over.
  const formerEnd = addDays(chairStart, -1);
  const formerStart = maxIso(spec.foundedOn, addYears(chairStart, -rng.int(3, 5)));
  if (formerStart <= formerEnd) {
    const seat = rng.pick(['district_councillor', 'multiplier', 'migration_background'] as const);
    const person = addPerson(inventPerson(rng, seat, names));
    roster.memberships.push({
      person,
      seat,
      startDate: formerStart,
      endDate: formerEnd,
      endReason: rng.pick([
        endReasons.termEnded,
        endReasons.movedAway,
        endReasons.resigned,
        ...(seat === 'district_councillor' ? [endReasons.leftDistrictCouncil] : []),
      ]),
      publicConsent: true,
    });
    roster.chairTerms.push({
      person,
      role: 'chair',
      startDate: formerStart,
      endDate: formerEnd,
      capacity: chairCapacity(seat, roster.people[person]!.formOfAddress),
    });
  }

  if (districtsWithEarlyLeaver.has(spec.number)) {
    const seat = 'migration_background' as const;
    const person = addPerson(inventPerson(rng, seat, names));
    const startDate = addDays(today, -rng.int(1300, 1800));
    roster.memberships.push({
      person,
      seat,
      startDate,
      endDate: addDays(startDate, rng.int(300, 900)),
      endReason: rng.pick([endReasons.movedAway, endReasons.resigned]),
      publicConsent: rng.chance(0.8),
    });
  }
  return roster;
}

function pickNames(p: { formOfAddress: string; givenName: string; familyName: string }) {
  return { formOfAddress: p.formOfAddress, givenName: p.givenName, familyName: p.familyName };
}

/** A chair who sits for the district council is shown as such ("Bezirksratsfrau"). */
function chairCapacity(seat: SeatKey, formOfAddress: string | null): Bilingual | null {
  if (seat !== 'district_councillor') return null;
  const de = formOfAddress === 'Frau' ? 'Bezirksratsfrau' : formOfAddress === 'Herr' ? 'Bezirksratsherr' : 'Mitglied des Stadtbezirksrats';
  return { de, en: 'district councillor' };
}

/** Names are unique in the city, and a council has no two members of the same family name if avoidable. */
function inventPerson(rng: Random, seat: SeatKey, names: { city: Set<string>; familiesHere: Set<string> }): PersonPlan {
  for (let attempt = 0; attempt < 200; attempt++) {
    const pool = pickPool(rng, seat);
    const female = rng.chance(0.5);
    const givenName = rng.pick(female ? pool.female : pool.male);
    const family = rng.pick(pool.family);
    const familyName = typeof family === 'string' ? family : female ? family.f : family.m;
    const key = `${givenName} ${familyName}`;
    if (names.city.has(key) || (attempt < 100 && names.familiesHere.has(familyName))) continue;
    names.city.add(key);
    names.familiesHere.add(familyName);
    // A few people give no form of address; the site must cope with that.
    const formOfAddress = rng.chance(0.04) ? null : female ? 'Frau' : 'Herr';
    return { formOfAddress, givenName, familyName, isExample: true };
  }
  throw new Error('demo: name pools exhausted');
}

function pickPool(rng: Random, seat: SeatKey): NamePool {
  const weights = Object.entries(originWeights[seat]);
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  let roll = rng.next() * total;
  for (const [origin, weight] of weights) {
    roll -= weight;
    if (roll < 0) return namePools.find((p) => p.origin === origin)!;
  }
  return namePools[0]!;
}

// ---------------------------------------------------------------------------------------------------
// Meetings
// ---------------------------------------------------------------------------------------------------

type MeetingState = 'planned' | 'invited' | 'held' | 'minutes_approved';

interface MeetingPlan {
  date: string;
  year: number;
  month: number;
  startsAt: Date;
  endsAt: Date;
  /** Index into the district's locations. */
  location: number;
  state: MeetingState;
  cancelled: boolean;
  past: boolean;
  /** Voting members present, used for every count in the minutes. */
  present: number;
}

function planMeetings(spec: DistrictSpec, now: Date, votingMembers: number): MeetingPlan[] {
  const rng = randomFor(spec.number, 'meetings');
  const year = Number(berlinDate(now).slice(0, 4));
  const plans: MeetingPlan[] = [];
  for (let y = year - 2; y <= year + 1; y++) {
    // No council meets on a public holiday in Lower Saxony.
    const holidays = new Set(publicHolidays(y));
    for (const month of spec.schedule.months) {
      let date = nthMonday(y, month, spec.schedule.mondayOfMonth);
      while (holidays.has(date)) date = addDays(date, 7);
      const startsAt = berlinDateTime(date, MEETING_START);
      // Quorum is more than half of the voting members; nobody would record a meeting that failed it.
      const maxAbsent = Math.min(4, Math.ceil(votingMembers / 2) - 1);
      plans.push({
        date,
        year: y,
        month,
        startsAt,
        endsAt: berlinDateTime(date, MEETING_END),
        location: spec.locations.length > 1 && plans.length % 3 === 2 ? 1 : 0,
        state: 'planned',
        cancelled: false,
        past: startsAt.getTime() < now.getTime(),
        present: votingMembers - rng.int(0, maxAbsent),
      });
    }
  }

  // Minutes are approved at the following meeting, so the last one held still waits for approval.
  const pastCount = plans.filter((m) => m.past).length;
  plans.forEach((m, i) => {
    if (m.past) m.state = i === pastCount - 1 ? 'held' : 'minutes_approved';
  });
  const upcoming = plans.filter((m) => !m.past);
  if (upcoming[0]) upcoming[0].state = 'invited';
  // The one cancellation in the city is the meeting after next, so the council still has an invitation out.
  if (spec.number === cancelledMeetingDistrictNumber && upcoming[1]) upcoming[1].cancelled = true;
  return plans;
}

// ---------------------------------------------------------------------------------------------------
// Grants
// ---------------------------------------------------------------------------------------------------

type GrantStatus =
  | 'submitted'
  | 'recommended'
  | 'approved'
  | 'notified'
  | 'paid'
  | 'proof_received'
  | 'closed'
  | 'rejected'
  | 'withdrawn';

interface GrantPlan {
  year: number;
  number: number;
  recipientName: string;
  recipientKind: RecipientKind;
  title: Bilingual;
  summary: Bilingual;
  outcome: Bilingual | null;
  periodStart: string;
  periodEnd: string;
  amountRequestedCents: number;
  amountRecommendedCents: number | null;
  amountApprovedCents: number | null;
  amountPaidCents: number | null;
  status: GrantStatus;
  decisionPaperNumber: null;
  decidedOn: string | null;
  /** The meeting where the applicant presents the project. */
  meeting: number;
  /** An earlier meeting that deferred the application, if any. */
  deferredAt: number | null;
}

function planGrants(spec: DistrictSpec, plans: MeetingPlan[], today: string): GrantPlan[] {
  const rng = randomFor(spec.number, 'grants');
  const year = Number(today.slice(0, 4));
  const projects = rng.shuffle([...grantProjects]);
  const used = new Set<GrantProjectSpec>();
  // Every project once before any repeats; a dated festival (Newroz, Mid-Autumn) only when the
  // meeting comes a few weeks before it.
  const takeProject = (meetingDate: string): GrantProjectSpec => {
    if (used.size === projects.length) used.clear();
    const fits = (p: GrantProjectSpec) => !p.eventDate || eventDateAfter(p.eventDate, meetingDate) !== null;
    const project = projects.find((p) => !used.has(p) && fits(p)) ?? projects.find((p) => !p.eventDate)!;
    used.add(project);
    return project;
  };
  const usable = plans.map((m, i) => ({ m, i })).filter(({ m }) => !m.cancelled);
  const nextMeeting = usable.find(({ m }) => !m.past)?.i;

  const result: GrantPlan[] = [];
  for (const yearsBefore of [2, 1, 0]) {
    const y = year - yearsBefore;
    // Real grants own their year's numbers; invented ones must not be mistaken for the paper's.
    if (realGrants.some((g) => g.districtNumber === spec.number && g.year === y)) continue;
    // This year, applications go to meetings already held or to the next one, not to ones months away.
    const candidates = usable.filter(({ m, i }) => m.year === y && (m.past || i === nextMeeting)).map(({ i }) => i);
    if (candidates.length === 0) continue;
    // Early in the year nothing has been decided yet: just two applications wait for the next meeting.
    const count = candidates.some((i) => plans[i]!.past) ? rng.int(2, 4) : 2;
    const pending = yearsBefore === 0 && districtsWithPendingApplication.includes(spec.number) && nextMeeting !== undefined;
    const meetingIndices = Array.from({ length: pending ? count - 1 : count }, () => rng.pick(candidates));
    if (pending) meetingIndices.push(nextMeeting);
    // Numbers follow the order in which the applications came before the council.
    meetingIndices.sort((a, b) => a - b);
    meetingIndices.forEach((meeting, index) => {
      const special = specialGrantOutcomes.find(
        (s) => s.districtNumber === spec.number && s.yearsBefore === yearsBefore && s.index === index,
      )?.status;
      const previous = usable.filter(({ m, i }) => i < meeting && m.year === y).at(-1)?.i;
      const deferredAt =
        !special && plans[meeting]!.past && previous !== undefined && rng.chance(0.15) ? previous : null;
      result.push(
        planGrant(
          rng,
          spec,
          takeProject(plans[meeting]!.date),
          { year: y, number: index + 1, meeting, deferredAt, special },
          plans,
          today,
        ),
      );
    });
  }
  return result;
}

function planGrant(
  rng: Random,
  spec: DistrictSpec,
  project: GrantProjectSpec,
  at: { year: number; number: number; meeting: number; deferredAt: number | null; special: 'rejected' | 'withdrawn' | undefined },
  plans: MeetingPlan[],
  today: string,
): GrantPlan {
  const meeting = plans[at.meeting]!;
  const vars = { quarter: rng.pick(spec.quarters), district: spec.name };
  // The district council decides a few weeks after the recommendation; projects start after that.
  const decidedOn = addDays(meeting.date, rng.int(14, 28));
  const periodStart =
    (project.eventDate && eventDateAfter(project.eventDate, meeting.date)) || addDays(meeting.date, rng.int(30, 70));
  const periodEnd = project.format === 'event' ? periodStart : addDays(periodStart, rng.int(45, 150));
  // €400 to €3,000 in steps of €50: what councils actually fund.
  const requested = rng.int(8, 60) * 5000;
  const recommended = rng.chance(0.6) ? requested : Math.max(40000, Math.round((requested * rng.int(70, 90)) / 100 / 5000) * 5000);

  let status: GrantStatus;
  if (at.special) status = at.special;
  else if (!meeting.past) status = 'submitted';
  else if (decidedOn > today) status = 'recommended';
  else if (periodStart > today) status = addDays(decidedOn, 14) <= today ? 'notified' : 'approved';
  else if (today <= addDays(periodEnd, 42)) status = 'paid';
  else if (today <= addDays(periodEnd, 120)) status = 'proof_received';
  else status = 'closed';

  const funded = ['approved', 'notified', 'paid', 'proof_received', 'closed'].includes(status);
  const paid = ['paid', 'proof_received', 'closed'].includes(status);
  const reported = status === 'proof_received' || status === 'closed';
  const [fewest, most] = project.reach;
  // Big crowds are estimates and come rounded; small groups are counted.
  const reached = most >= 100 ? Math.round(rng.int(fewest, most) / 10) * 10 : rng.int(fewest, most);
  return {
    year: at.year,
    number: at.number,
    recipientName: fill(project.recipient, vars),
    recipientKind: project.recipientKind,
    title: project.title,
    summary: project.summary,
    outcome: reported ? fillText(project.outcome, { n: String(reached) }) : null,
    periodStart,
    periodEnd,
    amountRequestedCents: requested,
    amountRecommendedCents: status === 'recommended' || funded ? recommended : null,
    amountApprovedCents: funded ? recommended : null,
    amountPaidCents: paid ? recommended : null,
    status,
    decisionPaperNumber: null,
    decidedOn: funded ? decidedOn : null,
    meeting: at.meeting,
    deferredAt: at.deferredAt,
  };
}

// ---------------------------------------------------------------------------------------------------
// Agendas
// ---------------------------------------------------------------------------------------------------

type AgendaResult = 'adopted' | 'rejected' | 'noted' | 'deferred' | 'withdrawn';

interface AgendaItemPlan {
  meeting: number;
  number: string;
  level: 0 | 1;
  position: number;
  title: Bilingual;
  text: Bilingual | null;
  isPublic: boolean;
  result: AgendaResult | null;
  votesYes: number | null;
  votesNo: number | null;
  votesAbstain: number | null;
  unanimous: boolean;
  resultNote: Bilingual | null;
}

/** An item before numbering; `children` become "4.1", "4.2", … under a heading without a result. */
interface DraftItem {
  title: Bilingual;
  text?: Bilingual | null;
  isPublic?: boolean;
  outcome?: Outcome;
  /** Shown with the result, e.g. the amount recommended. */
  note?: Bilingual;
  children?: DraftItem[];
}

type Outcome =
  | { result: 'adopted'; unanimous: true }
  | { result: 'adopted' | 'rejected'; votes: [number, number, number] }
  | { result: 'noted' | 'deferred' | 'withdrawn' };

function planAgendas(spec: DistrictSpec, plans: MeetingPlan[], grantPlans: GrantPlan[]): AgendaItemPlan[] {
  const rng = randomFor(spec.number, 'agendas');
  const topics = rng.shuffle(topicPool.map((t, i) => ({ ...t, index: i })));
  const seasonalUsed = new Set<string>();
  let topicCursor = 0;
  let reportCursor = rng.int(0, reportItems.length - 1);
  const items: AgendaItemPlan[] = [];

  plans.forEach((meeting, meetingIndex) => {
    const vars = { quarter: rng.pick(spec.quarters), district: spec.name, year: String(meeting.year) };
    const vote = (): Outcome => {
      if (rng.chance(0.55)) return { result: 'adopted', unanimous: true };
      const no = rng.int(0, 2);
      const abstain = rng.int(no === 0 ? 1 : 0, 2);
      return { result: 'adopted', votes: [meeting.present - no - abstain, no, abstain] };
    };

    const draft: DraftItem[] = standardOpeningItems.map((title) => ({
      title,
      outcome: { result: 'adopted', unanimous: true } as const,
    }));

    const takeReport = () => reportItems[reportCursor++ % reportItems.length]!;
    const topical: DraftItem[] = [];
    if (rng.chance(0.5)) {
      topical.push(
        rng.chance(0.4)
          ? {
              title: reportsHeading,
              children: [takeReport(), takeReport()].map((title) => ({ title, outcome: { result: 'noted' } as const })),
            }
          : { title: takeReport(), outcome: { result: 'noted' } },
      );
    }

    const grantItems = grantPlans
      .filter((g) => g.meeting === meetingIndex || g.deferredAt === meetingIndex)
      .map((g): DraftItem => grantAgendaItem(g, g.deferredAt === meetingIndex, meeting.present, rng, vote));
    if (grantItems.length === 1) topical.push(grantItems[0]!);
    else if (grantItems.length > 1) topical.push({ title: grantsHeading, children: grantItems });

    const wanted = rng.int(2, 4);
    const inMeeting = new Set<number>();
    while (topical.length < wanted) {
      // Seasonal topics (Newroz, Ramadan, Intercultural Week, …) come up once a year in their months.
      const seasonal = topics.find(
        (t) => t.months?.includes(meeting.month) && !seasonalUsed.has(`${meeting.year}:${t.index}`) && !inMeeting.has(t.index),
      );
      let topic = seasonal && rng.chance(0.7) ? seasonal : undefined;
      for (let k = 0; !topic && k < topics.length; k++) {
        const candidate = topics[topicCursor++ % topics.length]!;
        if (!candidate.months && !inMeeting.has(candidate.index)) topic = candidate;
      }
      if (!topic) break;
      inMeeting.add(topic.index);
      if (topic.months) seasonalUsed.add(`${meeting.year}:${topic.index}`);
      topical.push({
        title: fillText(topic.title, vars),
        text: topic.text ? fillText(topic.text, vars) : null,
        outcome:
          topic.kind === 'decision' ? (rng.chance(0.05) ? { result: 'deferred' } : vote()) : { result: 'noted' },
      });
    }
    draft.push(...topical);

    if (rng.chance(1 / 3)) {
      const topic = rng.pick(nonPublicTopics);
      draft.push({
        title: topic.title,
        isPublic: false,
        outcome: topic.result === 'adopted' ? { result: 'adopted', unanimous: true } : { result: 'noted' },
      });
    }
    draft.push({ title: closingItem, outcome: { result: 'noted' } });

    // Only meetings that took place have results; invitations and plans carry the agenda alone.
    items.push(...numberItems(draft, meetingIndex, meeting.past));
  });
  return items;
}

/** The festival's date in the meeting's year, if it lies 30 to 120 days after the meeting. */
function eventDateAfter(monthDay: string, meetingDate: string): string | null {
  const date = `${meetingDate.slice(0, 4)}-${monthDay}`;
  return date >= addDays(meetingDate, 30) && date <= addDays(meetingDate, 120) ? date : null;
}

function grantAgendaItem(
  g: GrantPlan,
  deferredHere: boolean,
  present: number,
  rng: Random,
  vote: () => Outcome,
): DraftItem {
  const code = grantCode(g.number, g.year);
  const title: Bilingual = {
    de: `Zuwendungsantrag ${code}: ${g.recipientName} – ${g.title.de}`,
    en: `Grant application ${code}: ${g.recipientName} – ${g.title.en}`,
  };
  const text: Bilingual = {
    de: `Die Antragstellenden stellen das Projekt vor. Beantragt: ${euroDe(g.amountRequestedCents)}.`,
    en: `The applicants present the project. Amount requested: ${euroEn(g.amountRequestedCents)}.`,
  };
  if (deferredHere) return { title, text, outcome: { result: 'deferred' }, note: grantResultNotes.deferred };
  if (g.status === 'withdrawn') return { title, text, outcome: { result: 'withdrawn' }, note: grantResultNotes.withdrawn };
  if (g.status === 'rejected') {
    const yes = rng.int(1, 3);
    const abstain = 1;
    return {
      title,
      text,
      outcome: { result: 'rejected', votes: [yes, present - yes - abstain, abstain] },
      note: grantResultNotes.rejected,
    };
  }
  const amount = g.amountRecommendedCents ?? g.amountRequestedCents;
  return {
    title,
    text,
    outcome: vote(),
    note: {
      de: `Empfehlung an den Stadtbezirksrat: Zuwendung bis zu ${euroDe(amount)}.`,
      en: `Recommendation to the district council: a grant of up to ${euroEn(amount)}.`,
    },
  };
}

function numberItems(draft: DraftItem[], meeting: number, withResults: boolean): AgendaItemPlan[] {
  const out: AgendaItemPlan[] = [];
  const emit = (item: DraftItem, number: string) => {
    const outcome = withResults ? item.outcome : undefined;
    out.push({
      meeting,
      number,
      level: number.includes('.') ? 1 : 0,
      position: out.length + 1,
      title: item.title,
      text: item.text ?? null,
      isPublic: item.isPublic ?? true,
      result: outcome?.result ?? null,
      votesYes: outcome && 'votes' in outcome ? outcome.votes[0] : null,
      votesNo: outcome && 'votes' in outcome ? outcome.votes[1] : null,
      votesAbstain: outcome && 'votes' in outcome ? outcome.votes[2] : null,
      unanimous: outcome !== undefined && 'unanimous' in outcome,
      resultNote: outcome && item.note ? item.note : null,
    });
  };
  draft.forEach((item, i) => {
    emit(item, String(i + 1));
    item.children?.forEach((child, j) => emit(child, `${i + 1}.${j + 1}`));
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Small helpers: text, money, dates, randomness
// ---------------------------------------------------------------------------------------------------

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => vars[key] ?? whole);
}

function fillText(text: Bilingual, vars: Record<string, string>): Bilingual {
  return { de: fill(text.de, vars), en: fill(text.en, vars) };
}

/** "IB-02/2025", the numbering of Hannover's decision papers. */
function grantCode(number: number, year: number): string {
  return `IB-${String(number).padStart(2, '0')}/${year}`;
}

function groupThousands(euros: number, separator: string): string {
  return String(euros).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** "1.500,00 €"; written out rather than via Intl so the text does not depend on the ICU build. */
function euroDe(cents: number): string {
  return `${groupThousands(Math.floor(cents / 100), '.')},${String(cents % 100).padStart(2, '0')} €`;
}

function euroEn(cents: number): string {
  return `€${groupThousands(Math.floor(cents / 100), ',')}.${String(cents % 100).padStart(2, '0')}`;
}

const berlinFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function berlinParts(instant: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const parts = Object.fromEntries(berlinFormat.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Berlin's offset from UTC at an instant, in milliseconds (+1 h in winter, +2 h in summer). */
function berlinOffsetMs(instant: number): number {
  const p = berlinParts(new Date(instant));
  const wallAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wallAsUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which Berlin's clocks show `hhmm` on `dateIso`: "2026-01-12", "18:30" → 17:30Z,
 * "2026-07-13", "18:30" → 16:30Z. A wall time skipped by the spring change (02:00–03:00) comes out
 * one hour later; one repeated in autumn resolves to its first occurrence.
 */
export function berlinDateTime(dateIso: string, hhmm: string): Date {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateIso);
  const time = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!date || !time) throw new Error(`berlinDateTime: expected YYYY-MM-DD and HH:MM, got ${dateIso} ${hhmm}`);
  const wall = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]), Number(time[1]), Number(time[2]));
  // The offset is looked up at a first guess and then again at the result, because the two can fall
  // on different sides of a clock change.
  const guess = wall - berlinOffsetMs(wall);
  return new Date(wall - berlinOffsetMs(guess));
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function parseIso(iso: string): { y: number; m: number; d: number } {
  return { y: Number(iso.slice(0, 4)), m: Number(iso.slice(5, 7)), d: Number(iso.slice(8, 10)) };
}

function addDays(iso: string, days: number): string {
  const { y, m, d } = parseIso(iso);
  return isoDate(Date.UTC(y, m - 1, d + days));
}

function addYears(iso: string, years: number): string {
  const { y, m, d } = parseIso(iso);
  return isoDate(Date.UTC(y + years, m - 1, d));
}

function firstOfMonth(iso: string): string {
  return `${iso.slice(0, 7)}-01`;
}

function maxIso(a: string, b: string): string {
  return a > b ? a : b;
}

function minIso(a: string, b: string): string {
  return a < b ? a : b;
}

function nthMonday(year: number, month: number, n: number): string {
  const weekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const firstMonday = 1 + ((8 - weekday) % 7);
  return isoDate(Date.UTC(year, month - 1, firstMonday + 7 * (n - 1)));
}


interface Random {
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: T[]): T[];
}

/** mulberry32: tiny, fast and good enough to make demo data varied yet reproducible. */
function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('demo: pick from an empty list');
      return items[int(0, items.length - 1)]!;
    },
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(0, i);
        [items[i], items[j]] = [items[j]!, items[i]!];
      }
      return items;
    },
  };
}

/**
 * One stream per district and purpose: names do not change when, say, the meeting code draws one
 * number more, and they do not depend on `now`.
 */
function randomFor(districtNumber: number, purpose: string): Random {
  let hash = 0x811c9dc5;
  for (const ch of `${districtNumber}:${purpose}`) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193);
  }
  return mulberry32(hash);
}
