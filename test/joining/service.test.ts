import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/audit/schema.js';
import { councils } from '../../src/councils/schema.js';
import { seedDemoData } from '../../src/demo/seed.js';
import type { DatabaseHandle } from '../../src/infra/db/database.js';
import { membershipApplications } from '../../src/joining/schema.js';
import { applicationInput, appointInput, availableActions, deleteExpiredApplications, eligibilityOf, retentionCutoff, splitName } from '../../src/joining/service.js';
import { openTestDatabase } from '../support/database.js';

const valid = { name: 'Ayşe Yılmaz', email: 'ayse@example.org', phone: '', ties: ['lives'], age: '34', languages: 'Deutsch, Türkisch', motivation: 'Ich möchte mitmachen.', consent: 'on' };

describe('the application form’s rules', () => {
  it('accepts a complete application and tidies it', () => {
    const parsed = applicationInput.parse({ ...valid, name: '  Ayşe Yılmaz ', ties: ['lives', 'works', 'lives'] });
    expect(parsed).toEqual({ name: 'Ayşe Yılmaz', email: 'ayse@example.org', phone: null, ties: ['lives', 'works'], age: 34, languages: 'Deutsch, Türkisch', motivation: 'Ich möchte mitmachen.', consent: 'on' });
  });

  it('takes a single ticked box as a list', () => {
    expect(applicationInput.parse({ ...valid, ties: 'club' }).ties).toEqual(['club']);
  });

  const issuesFor = (input: Record<string, unknown>) => {
    const result = applicationInput.safeParse(input);
    expect(result.success).toBe(false);
    return Object.fromEntries(result.error!.issues.map((i) => [String(i.path[0]), i.message]));
  };

  it('names the missing consent and tie with this area’s messages', () => {
    const { consent: _c, ties: _t, ...rest } = valid;
    const issues = issuesFor(rest);
    expect(issues.consent).toBe('joining.error.consent');
    expect(issues.ties).toBe('joining.error.ties');
  });

  it.each([
    ['age', 'abc'],
    ['age', '9'],
    ['age', '121'],
    ['age', '15.5'],
    ['age', ''],
    ['name', ''],
    ['name', 'x'.repeat(201)],
    ['email', 'not-an-address'],
    ['phone', 'call me'],
    ['languages', 'x'.repeat(301)],
    ['motivation', 'x'.repeat(3001)],
    ['motivation', '   '],
    ['ties', ['elsewhere']],
    ['consent', 'yes'],
  ])('refuses %s = %j', (field, value) => {
    expect(Object.keys(issuesFor({ ...valid, [field]: value }))).toContain(field);
  });

  it('accepts the youngest and oldest ages', () => {
    expect(applicationInput.parse({ ...valid, age: '10' }).age).toBe(10);
    expect(applicationInput.parse({ ...valid, age: '120' }).age).toBe(120);
  });

  it('splits a name for the appointment form, keeping a single name as the family name', () => {
    expect(splitName('Ayşe  Nur Yılmaz')).toEqual({ givenName: 'Ayşe Nur', familyName: 'Yılmaz' });
    expect(splitName('Sukarno')).toEqual({ givenName: '', familyName: 'Sukarno' });
  });

  it('only lets the office act on open applications', () => {
    expect(availableActions('received')).toEqual(['askBack', 'reject', 'appoint']);
    expect(availableActions('asked_back')).toEqual(['askBack', 'reject', 'appoint']);
    expect(availableActions('rejected')).toEqual([]);
    expect(availableActions('appointed')).toEqual([]);
  });

  it('checks eligibility against the council’s rules', () => {
    const rules = { eligibilityMinAge: 16, eligibilityTies: ['lives', 'works'] as Array<'lives' | 'works' | 'club'> };
    expect(eligibilityOf(rules, { age: 15, ties: ['lives'] }).reasons).toEqual(['too_young']);
    expect(eligibilityOf(rules, { age: 40, ties: ['club'] }).reasons).toEqual(['no_tie']);
    expect(eligibilityOf(rules, { age: 16, ties: ['works'] }).eligible).toBe(true);
  });

  it('accepts only the council’s seat categories and real dates in the appointment form', () => {
    const schema = appointInput([4, 5]);
    expect(schema.parse({ givenName: '', familyName: 'Yılmaz', seatCategoryId: '5', startDate: '2026-03-01', publicConsent: 'on' })).toEqual({
      givenName: '',
      familyName: 'Yılmaz',
      seatCategoryId: 5,
      startDate: '2026-03-01',
      publicConsent: true,
    });
    const bad = schema.safeParse({ givenName: 'A', familyName: '', seatCategoryId: '6', startDate: '2026-02-30' });
    expect(bad.error!.issues.map((i) => [i.path[0], i.message])).toEqual([
      ['familyName', expect.any(String)],
      ['seatCategoryId', 'form.error.choose'],
      ['startDate', 'form.error.date'],
    ]);
  });
});

describe('retention', () => {
  it('counts calendar months, ending on the last day of a shorter month', () => {
    expect(retentionCutoff(new Date('2026-06-15T10:00:00Z'), 6).toISOString()).toBe('2025-12-15T10:00:00.000Z');
    expect(retentionCutoff(new Date('2026-03-31T08:00:00Z'), 1).toISOString()).toBe('2026-02-28T08:00:00.000Z');
    expect(retentionCutoff(new Date('2024-03-31T08:00:00Z'), 1).toISOString()).toBe('2024-02-29T08:00:00.000Z');
    expect(retentionCutoff(new Date('2026-01-10T00:00:00Z'), 13).toISOString()).toBe('2024-12-10T00:00:00.000Z');
  });

  let database: DatabaseHandle;
  let councilId: number;
  beforeAll(async () => {
    database = await openTestDatabase();
    await seedDemoData(database.db);
    const [council] = await database.db.select().from(councils).where(eq(councils.slug, 'mitte'));
    councilId = council!.id;
  });
  afterAll(async () => database?.close());

  it('deletes applications not appointed after the period, keeps the rest, and audits without personal data', async () => {
    const { db } = database;
    const now = new Date('2026-06-15T10:00:00Z');
    const make = (name: string, createdAt: string, status: 'received' | 'asked_back' | 'rejected' | 'appointed') => ({
      councilId,
      name,
      email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`,
      ties: ['lives' as const],
      age: 30,
      motivation: `Motivation von ${name}`,
      consentAt: new Date(createdAt),
      status,
      createdAt: new Date(createdAt),
    });
    const rows = await db
      .insert(membershipApplications)
      .values([
        make('Sieben Monate', '2025-11-15T10:00:00Z', 'received'),
        make('Abgelehnt Alt', '2025-11-01T10:00:00Z', 'rejected'),
        make('Fünf Monate', '2026-01-15T10:00:00Z', 'asked_back'),
        make('Genau Sechs', '2025-12-15T10:00:00Z', 'received'),
        make('Berufen Alt', '2024-06-15T10:00:00Z', 'appointed'),
      ])
      .returning();
    const id = (name: string) => rows.find((r) => r.name === name)!.id;

    expect(await deleteExpiredApplications(db, now, 6)).toBe(2);

    const left = await db.select({ id: membershipApplications.id }).from(membershipApplications);
    expect(left.map((r) => r.id).sort()).toEqual([id('Fünf Monate'), id('Genau Sechs'), id('Berufen Alt')].sort());

    const audit = await db.select().from(auditEvents).where(eq(auditEvents.action, 'application.delete_expired'));
    expect(audit.map((a) => a.entityId).sort()).toEqual([String(id('Sieben Monate')), String(id('Abgelehnt Alt'))].sort());
    for (const entry of audit) {
      expect(entry.councilId).toBe(councilId);
      expect(entry.actorLabel).toBe('system');
      const stored = JSON.stringify([entry.before, entry.after]);
      expect(stored).not.toMatch(/Sieben|Abgelehnt|example\.org|Motivation/);
      expect(entry.before).toEqual({ id: Number(entry.entityId), councilId });
    }

    // A day later the application of exactly six months has passed the period too.
    expect(await deleteExpiredApplications(db, new Date('2026-06-16T10:00:00Z'), 6)).toBe(1);
    expect(await deleteExpiredApplications(db, new Date('2026-06-16T10:00:00Z'), 6)).toBe(0);
  });
});
