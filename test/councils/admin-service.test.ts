import { describe, expect, it } from 'vitest';
import {
  categoriesFormSchema,
  categoriesFromForm,
  categoryKey,
  checkRules,
  checkTexts,
  contactFormSchema,
  contactFromForm,
  migrationQuotaShare,
  occupiedSeats,
  parseTasks,
  rulesFormSchema,
  shareForDisplay,
  textChanges,
  textsFormSchema,
  textsFromForm,
  textsToForm,
  type CategoryInput,
  type CouncilTexts,
  type RulesForm,
} from '../../src/councils/admin-service.js';

const published: CouncilTexts = {
  name: { de: 'Integrationsbeirat Mitte', en: 'Integration Council Mitte' },
  shortName: { de: 'Mitte' },
  purpose: { de: 'Zweck' },
  legalBasis: { de: 'Grundlage' },
  tasks: { de: ['Eins', 'Zwei'] },
  history: null,
  joiningNote: { de: 'Melden Sie sich.' },
};

describe('texts', () => {
  it('reads one task per line and drops blank lines', () => {
    expect(parseTasks(' Eins \r\n\r\nZwei\n  \nDrei')).toEqual(['Eins', 'Zwei', 'Drei']);
    expect(parseTasks('')).toEqual([]);
  });

  it('round-trips stored texts through the form', () => {
    const form = textsToForm(published);
    expect(form.tasks_de).toBe('Eins\nZwei');
    expect(form.name_en).toBe('Integration Council Mitte');
    expect(form.history_de).toBe('');
    const parsed = textsFormSchema.parse(form);
    expect(textsFromForm(parsed)).toEqual(published);
  });

  it('leaves empty translations out, so readers get German', () => {
    const texts = textsFromForm(textsFormSchema.parse({ ...textsToForm(published), name_en: '  ', purpose_en: 'Purpose', tasks_en: '\n' }));
    expect(texts.name).toEqual({ de: 'Integrationsbeirat Mitte' });
    expect(texts.purpose).toEqual({ de: 'Zweck', en: 'Purpose' });
    expect(texts.tasks).toEqual({ de: ['Eins', 'Zwei'] });
  });

  it('requires the German name, purpose, legal basis and tasks, and limits lengths', () => {
    const result = textsFormSchema.safeParse({ ...textsToForm(published), name_de: '', tasks_de: ' ', purpose_de: 'x'.repeat(4001) });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((i) => i.path[0]);
    expect(fields).toEqual(expect.arrayContaining(['name_de', 'tasks_de', 'purpose_de']));
    expect(fields).not.toContain('name_en');
  });

  it('refuses a translation without the German text, too many tasks and overlong tasks', () => {
    const form = textsToForm(published);
    expect(checkTexts(form)).toEqual([]);
    expect(checkTexts({ ...form, history_en: 'History' })).toEqual([{ field: 'history_de', key: 'councilAdmin.texts.error.germanFirst' }]);
    expect(checkTexts({ ...form, tasks_de: Array.from({ length: 31 }, (_, i) => `Aufgabe ${i}`).join('\n') })[0]).toMatchObject({ field: 'tasks_de', key: 'councilAdmin.texts.error.tooManyTasks' });
    expect(checkTexts({ ...form, tasks_en: 'x'.repeat(301) })[0]).toMatchObject({ field: 'tasks_en', key: 'councilAdmin.texts.error.taskTooLong', params: { max: 300 } });
  });

  it('lists what a draft changes, per field and language', () => {
    const draft: CouncilTexts = { ...published, purpose: { de: 'Neuer Zweck', en: 'New purpose' }, tasks: { de: ['Eins'] }, history: { de: 'Seit 2010' } };
    expect(textChanges(published, published)).toEqual([]);
    expect(textChanges(published, draft)).toEqual([
      { field: 'purpose', locale: 'de', published: 'Zweck', draft: 'Neuer Zweck' },
      { field: 'purpose', locale: 'en', published: '', draft: 'New purpose' },
      { field: 'tasks', locale: 'de', published: 'Eins\nZwei', draft: 'Eins' },
      { field: 'history', locale: 'de', published: '', draft: 'Seit 2010' },
    ]);
  });
});

describe('contact', () => {
  const valid = { contactName_de: 'Geschäftsführung', contactName_en: '', contactEmail: ' ib@example.org ', contactPhone: '+49 511 168-0', contactAddress: '' };

  it('accepts a contact and stores empty fields as absent', () => {
    expect(contactFromForm(contactFormSchema.parse(valid))).toEqual({ contactName: { de: 'Geschäftsführung' }, contactEmail: 'ib@example.org', contactPhone: '+49 511 168-0', contactAddress: null });
  });

  it('refuses a bad e-mail address and a phone number with letters', () => {
    const result = contactFormSchema.safeParse({ ...valid, contactEmail: 'not-an-address', contactPhone: 'call me' });
    expect(result.error!.issues.map((i) => [i.path[0], i.message])).toEqual(
      expect.arrayContaining([
        ['contactEmail', expect.any(String)],
        ['contactPhone', 'councilAdmin.contact.error.phone'],
      ]),
    );
    expect(contactFormSchema.safeParse({ ...valid, contactName_de: '' }).success).toBe(false);
  });
});

describe('seats taken', () => {
  it('counts memberships in force today and those starting later, at their peak', () => {
    const spans = [
      { seatCategoryId: 1, startDate: '2020-01-01', endDate: null },
      { seatCategoryId: 1, startDate: '2020-01-01', endDate: '2026-06-30' },
      // Takes over the seat that ends in June: still two seats, not three.
      { seatCategoryId: 1, startDate: '2026-07-01', endDate: null },
      { seatCategoryId: 2, startDate: '2027-01-01', endDate: null },
      { seatCategoryId: 2, startDate: '2019-01-01', endDate: '2025-12-31' },
    ];
    const seats = occupiedSeats(spans, '2026-03-01');
    expect(seats.get(1)).toBe(2);
    expect(seats.get(2)).toBe(1);
    expect(seats.get(3)).toBeUndefined();
  });
});

describe('migration share of the quotas', () => {
  it('compares in whole numbers and rounds the shown share down', () => {
    expect(migrationQuotaShare([{ quota: 10, forMigrationBackground: true }, { quota: 10, forMigrationBackground: false }], 50).met).toBe(true);
    const hs = migrationQuotaShare(
      [
        { quota: 6, forMigrationBackground: false },
        { quota: 2, forMigrationBackground: false },
        { quota: 11, forMigrationBackground: true },
      ],
      50,
    );
    expect(hs).toMatchObject({ migrationSeats: 11, totalSeats: 19, met: true });
    expect(shareForDisplay(hs.sharePercent)).toBe(57.8);
    expect(shareForDisplay(49.99)).toBe(49.9);
    expect(migrationQuotaShare([], 50)).toMatchObject({ sharePercent: 0, met: true });
  });
});

describe('rules and seat table', () => {
  const rulesForm = {
    membershipMode: 'appointed',
    termLimitYears: '5',
    invitationPeriodDays: '7',
    invitationDayCounting: 'calendar_days',
    agendaProposalDays: '',
    quorumRule: 'majority_of_voting_members',
    quorumFixedNumber: '',
    tieRule: 'rejected',
    voteEffect: 'recommendation',
    minMigrationSharePercent: '50',
    eligibilityMinAge: '16',
    eligibilityTies: ['lives', 'works'],
  };
  const rules = (overrides: Record<string, unknown> = {}): RulesForm => rulesFormSchema.parse({ ...rulesForm, ...overrides });
  const categories: CategoryInput[] = [
    { id: 1, name: { de: 'Bezirksrat' }, quota: 6, votingRight: true, forMigrationBackground: false },
    { id: 2, name: { de: 'Multiplikatoren' }, quota: 2, votingRight: true, forMigrationBackground: false },
    { id: 3, name: { de: 'Migrationshintergrund' }, quota: 11, votingRight: true, forMigrationBackground: true },
  ];
  const filled = new Map([
    [1, 6],
    [2, 1],
    [3, 9],
  ]);

  it('parses numbers, empty optional numbers and ticked checkboxes', () => {
    const parsed = rules({ deputiesAllowed: 'on', eligibilityTies: 'club' });
    expect(parsed).toMatchObject({ termLimitYears: 5, agendaProposalDays: null, deputiesAllowed: true, eligibilityTies: ['club'], minMigrationSharePercent: 50 });
    expect(rules({ eligibilityTies: undefined }).eligibilityTies).toEqual([]);
  });

  it('refuses numbers that are not whole, negative, out of range, and unknown choices', () => {
    for (const [field, value] of [
      ['invitationPeriodDays', '1.5'],
      ['invitationPeriodDays', '-1'],
      ['minMigrationSharePercent', '101'],
      ['termLimitYears', 'abc'],
      ['quorumRule', 'dice'],
      ['eligibilityTies', ['lives', 'moon']],
    ] as const) {
      const result = rulesFormSchema.safeParse({ ...rulesForm, [field]: value });
      expect(result.success, `${field}=${String(value)}`).toBe(false);
      expect(result.error!.issues[0]!.path[0]).toBe(field);
    }
  });

  it('refuses quotas that are not whole numbers ≥ 0', () => {
    const schema = categoriesFormSchema([1]);
    const base = { cat_1_quota: '6', cat_1_name_de: 'Bezirksrat' };
    expect(schema.safeParse(base).success).toBe(true);
    for (const quota of ['-1', '2.5', 'sechs', '', '1000']) expect(schema.safeParse({ ...base, cat_1_quota: quota }).success, quota).toBe(false);
  });

  it('reads the seat table, adding a new category only when one is entered', () => {
    const schema = categoriesFormSchema([1]);
    const base = { cat_1_quota: '6', cat_1_name_de: 'Bezirksrat', cat_1_voting: 'on', cat_new_voting: 'on' };
    expect(categoriesFromForm([1], schema.parse(base))).toEqual({ categories: [{ id: 1, name: { de: 'Bezirksrat' }, quota: 6, votingRight: true, forMigrationBackground: false }], problems: [] });
    const added = categoriesFromForm([1], schema.parse({ ...base, cat_new_name_de: 'Jugend', cat_new_name_en: 'Youth', cat_new_quota: '2', cat_new_migration: 'on' }));
    expect(added.categories[1]).toEqual({ name: { de: 'Jugend', en: 'Youth' }, quota: 2, votingRight: true, forMigrationBackground: true });
    expect(categoriesFromForm([1], schema.parse({ ...base, cat_new_quota: '2' })).problems).toEqual([{ field: 'cat_new_name_de', key: 'councilAdmin.rules.error.newName' }]);
    expect(categoriesFromForm([1], schema.parse({ ...base, cat_new_name_de: 'Jugend' })).problems).toEqual([{ field: 'cat_new_quota', key: 'councilAdmin.rules.error.newQuota' }]);
  });

  it('accepts Herrenhausen-Stöcken’s rules as they are', () => {
    expect(checkRules(rules(), categories, filled)).toEqual([]);
  });

  it('refuses a quota below the filled seats, naming the category, the quota and the filled seats', () => {
    const lowered = categories.map((c) => (c.id === 1 ? { ...c, quota: 4 } : c));
    expect(checkRules(rules(), lowered, filled)).toContainEqual({
      field: 'cat_1_quota',
      key: 'councilAdmin.rules.error.belowFilled',
      params: { quota: 4, filled: 6 },
    });
    // Lowering to the filled seats is fine.
    expect(checkRules(rules(), categories.map((c) => (c.id === 3 ? { ...c, quota: 9 } : c)), filled)).toEqual([]);
  });

  it('requires the fixed quorum number, no larger than the voting seats', () => {
    expect(checkRules(rules({ quorumRule: 'fixed_number' }), categories, filled)).toEqual([{ field: 'quorumFixedNumber', key: 'councilAdmin.rules.error.fixedRequired' }]);
    expect(checkRules(rules({ quorumRule: 'fixed_number', quorumFixedNumber: '10' }), categories, filled)).toEqual([]);
    expect(checkRules(rules({ quorumRule: 'fixed_number', quorumFixedNumber: '20' }), categories, filled)).toEqual([
      { field: 'quorumFixedNumber', key: 'councilAdmin.rules.error.fixedTooLarge', params: { max: 19 } },
    ]);
  });

  it('refuses migration seats below the minimum share of all seats, naming the share', () => {
    const more = categories.map((c) => (c.id === 1 ? { ...c, quota: 20 } : c));
    expect(checkRules(rules(), more, filled)).toEqual([
      { field: 'minMigrationSharePercent', key: 'councilAdmin.rules.error.share', params: { share: 33.3, seats: 11, total: 33, min: 50 } },
    ]);
    expect(checkRules(rules({ minMigrationSharePercent: '60' }), categories, filled)[0]).toMatchObject({ params: { share: 57.8, min: 60 } });
  });

  it('refuses two categories with the same German name', () => {
    const twice = [...categories, { name: { de: 'bezirksrat' }, quota: 0, votingRight: true, forMigrationBackground: false }];
    expect(checkRules(rules(), twice, filled)).toEqual([{ field: 'cat_new_name_de', key: 'councilAdmin.rules.error.duplicateName' }]);
  });

  it('makes a unique key for a new category', () => {
    expect(categoryKey('jugend-vertretung', new Set())).toBe('jugend_vertretung');
    expect(categoryKey('jugend', new Set(['jugend', 'jugend_2']))).toBe('jugend_3');
    expect(categoryKey('', new Set())).toBe('category');
  });
});
