/**
 * The council office's rules for editing a council, as plain functions: the form schemas, the draft
 * of the texts and how it differs from the published version, and the checks on the seat quotas.
 * Nothing here touches the database; the routes in admin.tsx load, call these and store.
 */
import { z } from 'zod';
import type { LocalizedList, LocalizedText } from '../infra/i18n/localized.js';
import { locales, type Locale } from '../infra/i18n/locales.js';
import type { MessageKey } from '../infra/i18n/translator.js';
import type { CouncilTextDraft } from './schema.js';

/** A problem found by a rule, for one form field, as a message key with its parameters. */
export interface Problem {
  field: string;
  key: MessageKey;
  /** Numbers are formatted and stored texts resolved in the reader's language when shown. */
  params?: Record<string, string | number | LocalizedText>;
}

// ---------------------------------------------------------------------------------------------------
// Form values
// ---------------------------------------------------------------------------------------------------

/** A form field as text: missing (a field the browser did not send) reads as empty. */
const formText = (max: number) => z.preprocess((v) => v ?? '', z.string().trim().max(max));
const requiredText = (max: number) => z.preprocess((v) => v ?? '', z.string().trim().min(1).max(max));
/** A ticked checkbox sends "on"; an unticked one sends nothing. */
const checkbox = z.preprocess((v) => v === 'on', z.boolean());

/** A whole number typed into a text field; "1.5", "-1" and "abc" are refused, not rounded. */
const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,6}$/, 'form.error.number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** Like wholeNumber, but empty means "none" (null). */
const optionalWholeNumber = (min: number, max: number) =>
  z.preprocess(
    (v) => v ?? '',
    z
      .string()
      .trim()
      .regex(/^(\d{1,6})?$/, 'form.error.number')
      .transform((v) => (v === '' ? null : Number(v)))
      .pipe(z.number().int().min(min).max(max).nullable()),
  );

// ---------------------------------------------------------------------------------------------------
// Texts
// ---------------------------------------------------------------------------------------------------

export type CouncilTexts = Omit<CouncilTextDraft, 'savedAt' | 'savedBy'>;

export const textFields = ['name', 'shortName', 'purpose', 'legalBasis', 'tasks', 'history', 'joiningNote'] as const;
export type TextFieldName = (typeof textFields)[number];

/** Fields that German must have: the public page has no place without them. */
export const requiredTextFields: readonly TextFieldName[] = ['name', 'shortName', 'purpose', 'legalBasis', 'tasks'];

/** Characters per field (tasks: the whole textarea); generous, but a limit on everything a browser can send. */
export const textLimits: Record<TextFieldName, number> = {
  name: 200,
  shortName: 100,
  purpose: 4000,
  legalBasis: 6000,
  tasks: 8000,
  history: 8000,
  joiningNote: 2000,
};
export const maxTaskLength = 300;
export const maxTasks = 30;

/** The form field of a text in a language: "name_de", "tasks_en". */
export const textFieldName = (field: TextFieldName, locale: Locale) => `${field}_${locale}`;

export const textsFormSchema = z.object(
  Object.fromEntries(
    textFields.flatMap((field) =>
      locales.map((locale) => [textFieldName(field, locale), locale === 'de' && requiredTextFields.includes(field) ? requiredText(textLimits[field]) : formText(textLimits[field])]),
    ),
  ) as Record<string, z.ZodType<string>>,
);
export type TextsForm = Record<string, string>;

/** The textarea of tasks holds one task per line; blank lines are dropped. */
export function parseTasks(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Checks what the schema cannot: the tasks line by line, and no English text without the German one. */
export function checkTexts(form: TextsForm): Problem[] {
  const problems: Problem[] = [];
  for (const locale of locales) {
    const name = textFieldName('tasks', locale);
    const tasks = parseTasks(form[name] ?? '');
    if (tasks.length > maxTasks) problems.push({ field: name, key: 'councilAdmin.texts.error.tooManyTasks', params: { max: maxTasks } });
    else if (tasks.some((task) => task.length > maxTaskLength)) problems.push({ field: name, key: 'councilAdmin.texts.error.taskTooLong', params: { max: maxTaskLength } });
  }
  // German is what every other language falls back to: a translation of nothing cannot be shown.
  for (const field of ['history', 'joiningNote'] as const) {
    const german = form[textFieldName(field, 'de')] ?? '';
    const others = locales.filter((l) => l !== 'de' && (form[textFieldName(field, l)] ?? '') !== '');
    if (german === '' && others.length > 0) problems.push({ field: textFieldName(field, 'de'), key: 'councilAdmin.texts.error.germanFirst' });
  }
  return problems;
}

function localizedFrom(form: TextsForm, field: TextFieldName): LocalizedText {
  const text: LocalizedText = { de: form[textFieldName(field, 'de')] ?? '' };
  for (const locale of locales) {
    const value = form[textFieldName(field, locale)] ?? '';
    if (locale !== 'de' && value !== '') text[locale] = value;
  }
  return text;
}

/** The texts as stored, from a valid form: empty translations are left out so the reader gets German. */
export function textsFromForm(form: TextsForm): CouncilTexts {
  const tasks: LocalizedList = { de: parseTasks(form[textFieldName('tasks', 'de')] ?? '') };
  for (const locale of locales) {
    const list = parseTasks(form[textFieldName('tasks', locale)] ?? '');
    if (locale !== 'de' && list.length > 0) tasks[locale] = list;
  }
  const optional = (field: 'history' | 'joiningNote') => ((form[textFieldName(field, 'de')] ?? '') === '' ? null : localizedFrom(form, field));
  return {
    name: localizedFrom(form, 'name'),
    shortName: localizedFrom(form, 'shortName'),
    purpose: localizedFrom(form, 'purpose'),
    legalBasis: localizedFrom(form, 'legalBasis'),
    tasks,
    history: optional('history'),
    joiningNote: optional('joiningNote'),
  };
}

/** One field in one language, as the form and the comparison show it ("" when absent). */
export function textValue(texts: CouncilTexts, field: TextFieldName, locale: Locale): string {
  if (field === 'tasks') return (texts.tasks[locale] ?? []).join('\n');
  const value = texts[field];
  return value?.[locale] ?? '';
}

/** The form's values for stored texts. */
export function textsToForm(texts: CouncilTexts): TextsForm {
  return Object.fromEntries(textFields.flatMap((field) => locales.map((locale) => [textFieldName(field, locale), textValue(texts, field, locale)])));
}

/** The published texts of a council row. */
export function publishedTexts(council: CouncilTexts): CouncilTexts {
  return {
    name: council.name,
    shortName: council.shortName,
    purpose: council.purpose,
    legalBasis: council.legalBasis,
    tasks: council.tasks,
    history: council.history,
    joiningNote: council.joiningNote,
  };
}

export interface TextChange {
  field: TextFieldName;
  locale: Locale;
  published: string;
  draft: string;
}

/** What a draft would change on the public page, field by field and language by language. */
export function textChanges(published: CouncilTexts, draft: CouncilTexts): TextChange[] {
  const changes: TextChange[] = [];
  for (const field of textFields) {
    for (const locale of locales) {
      const before = textValue(published, field, locale);
      const after = textValue(draft, field, locale);
      if (before !== after) changes.push({ field, locale, published: before, draft: after });
    }
  }
  return changes;
}

// ---------------------------------------------------------------------------------------------------
// Contact
// ---------------------------------------------------------------------------------------------------

export const contactLimits = { name: 200, email: 254, phone: 40, address: 300 } as const;

export const contactFormSchema = z.object({
  contactName_de: requiredText(contactLimits.name),
  contactName_en: formText(contactLimits.name),
  contactEmail: z.preprocess((v) => v ?? '', z.string().trim().min(1).max(contactLimits.email).pipe(z.email())),
  // Digits and the usual separators; "+49 511 168-0", "(0511) 168 0".
  contactPhone: z.preprocess((v) => v ?? '', z.string().trim().max(contactLimits.phone).regex(/^(\+?[0-9 ()/.-]*[0-9][0-9 ()/.-]*)?$/, 'councilAdmin.contact.error.phone')),
  contactAddress: formText(contactLimits.address),
});
export type ContactForm = z.infer<typeof contactFormSchema>;

export interface CouncilContact {
  contactName: LocalizedText;
  contactEmail: string;
  contactPhone: string | null;
  contactAddress: string | null;
}

export function contactFromForm(form: ContactForm): CouncilContact {
  return {
    contactName: form.contactName_en === '' ? { de: form.contactName_de } : { de: form.contactName_de, en: form.contactName_en },
    contactEmail: form.contactEmail,
    contactPhone: form.contactPhone === '' ? null : form.contactPhone,
    contactAddress: form.contactAddress === '' ? null : form.contactAddress,
  };
}

// ---------------------------------------------------------------------------------------------------
// Rules and seats
// ---------------------------------------------------------------------------------------------------

export const membershipModes = ['appointed', 'elected', 'mixed'] as const;
export const dayCountings = ['calendar_days', 'working_days'] as const;
export const quorumRules = ['majority_of_voting_members', 'majority_of_all_members', 'fixed_number'] as const;
export const tieRules = ['rejected', 'chair_decides'] as const;
export const voteEffects = ['recommendation', 'decision'] as const;
export const districtTies = ['lives', 'works', 'club'] as const;

export const maxQuota = 999;
export const categoryNameMax = 200;

export const rulesFormSchema = z.object({
  membershipMode: z.enum(membershipModes),
  termLimitYears: optionalWholeNumber(1, 50),
  deputiesAllowed: checkbox,
  invitationPeriodDays: wholeNumber(0, 365),
  invitationDayCounting: z.enum(dayCountings),
  agendaProposalDays: optionalWholeNumber(0, 365),
  quorumRule: z.enum(quorumRules),
  quorumFixedNumber: optionalWholeNumber(1, maxQuota),
  tieRule: z.enum(tieRules),
  voteEffect: z.enum(voteEffects),
  minMigrationSharePercent: wholeNumber(0, 100),
  eligibilityMinAge: optionalWholeNumber(0, 120),
  // Checkboxes of one name arrive as a list when several are ticked, as one value when one is.
  eligibilityTies: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(districtTies)).max(districtTies.length)),
});
export type RulesForm = z.infer<typeof rulesFormSchema>;

/** The form fields of an existing seat category, by its id. */
export const categoryFieldName = (id: number | 'new', field: 'quota' | 'name_de' | 'name_en' | 'voting' | 'migration') => `cat_${id}_${field}`;

/** The schema of the seat table, for the categories the council has; a new one is optional. */
export function categoriesFormSchema(ids: readonly number[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const id of ids) {
    shape[categoryFieldName(id, 'quota')] = wholeNumber(0, maxQuota);
    shape[categoryFieldName(id, 'name_de')] = requiredText(categoryNameMax);
    shape[categoryFieldName(id, 'name_en')] = formText(categoryNameMax);
    shape[categoryFieldName(id, 'voting')] = checkbox;
    shape[categoryFieldName(id, 'migration')] = checkbox;
  }
  shape[categoryFieldName('new', 'quota')] = optionalWholeNumber(0, maxQuota);
  shape[categoryFieldName('new', 'name_de')] = formText(categoryNameMax);
  shape[categoryFieldName('new', 'name_en')] = formText(categoryNameMax);
  shape[categoryFieldName('new', 'voting')] = checkbox;
  shape[categoryFieldName('new', 'migration')] = checkbox;
  return z.object(shape);
}

export interface CategoryInput {
  /** Absent for a category being added. */
  id?: number;
  name: LocalizedText;
  quota: number;
  votingRight: boolean;
  forMigrationBackground: boolean;
}

/** The seat table as entered: the existing categories in order, then the new one if a name or a number was given. */
export function categoriesFromForm(ids: readonly number[], form: Record<string, unknown>): { categories: CategoryInput[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const name = (id: number | 'new'): LocalizedText => {
    const de = String(form[categoryFieldName(id, 'name_de')] ?? '');
    const en = String(form[categoryFieldName(id, 'name_en')] ?? '');
    return en === '' ? { de } : { de, en };
  };
  const categories: CategoryInput[] = ids.map((id) => ({
    id,
    name: name(id),
    quota: form[categoryFieldName(id, 'quota')] as number,
    votingRight: form[categoryFieldName(id, 'voting')] === true,
    forMigrationBackground: form[categoryFieldName(id, 'migration')] === true,
  }));
  const newName = name('new');
  const newQuota = form[categoryFieldName('new', 'quota')] as number | null;
  if (newName.de !== '' || newName.en !== undefined || newQuota !== null) {
    if (newName.de === '') problems.push({ field: categoryFieldName('new', 'name_de'), key: 'councilAdmin.rules.error.newName' });
    if (newQuota === null) problems.push({ field: categoryFieldName('new', 'quota'), key: 'councilAdmin.rules.error.newQuota' });
    categories.push({ name: newName, quota: newQuota ?? 0, votingRight: form[categoryFieldName('new', 'voting')] === true, forMigrationBackground: form[categoryFieldName('new', 'migration')] === true });
  }
  return { categories, problems };
}

export interface MembershipSpan {
  seatCategoryId: number;
  startDate: string;
  endDate: string | null;
}

/**
 * Seats taken per category from `today` (YYYY-MM-DD) on: the most memberships in force on any one day,
 * so an appointment that starts next month counts as well as one in force today. Occupancy only rises
 * when a membership starts, so today and the later start dates are the days to look at.
 */
export function occupiedSeats(memberships: readonly MembershipSpan[], today: string): Map<number, number> {
  const relevant = memberships.filter((m) => m.endDate === null || m.endDate >= today);
  const days = new Set([today, ...relevant.filter((m) => m.startDate > today).map((m) => m.startDate)]);
  const peak = new Map<number, number>();
  for (const day of days) {
    const counts = new Map<number, number>();
    for (const m of relevant) if (m.startDate <= day && (m.endDate === null || m.endDate >= day)) counts.set(m.seatCategoryId, (counts.get(m.seatCategoryId) ?? 0) + 1);
    for (const [id, n] of counts) peak.set(id, Math.max(peak.get(id) ?? 0, n));
  }
  return peak;
}

export interface MigrationShare {
  migrationSeats: number;
  totalSeats: number;
  /** Share of all seats reserved for residents with a migration background, 0–100 (0 without seats). */
  sharePercent: number;
  met: boolean;
}

/** Whether the seats reserved for residents with a migration background reach the council's minimum share of all seats. */
export function migrationQuotaShare(categories: readonly { quota: number; forMigrationBackground: boolean }[], minSharePercent: number): MigrationShare {
  const totalSeats = categories.reduce((s, c) => s + c.quota, 0);
  const migrationSeats = categories.filter((c) => c.forMigrationBackground).reduce((s, c) => s + c.quota, 0);
  return {
    migrationSeats,
    totalSeats,
    sharePercent: totalSeats === 0 ? 0 : (migrationSeats / totalSeats) * 100,
    // In integers, so that exactly half of 20 seats is not lost to floating point.
    met: migrationSeats * 100 >= minSharePercent * totalSeats,
  };
}

/** A share for people to read: one decimal, rounded down so that 49.97 % never reads as 50 %. */
export function shareForDisplay(sharePercent: number): number {
  return Math.floor(sharePercent * 10 + 1e-9) / 10;
}

/** The rules that span fields: the fixed quorum, the quotas against filled seats, the migration share, unique names. */
export function checkRules(rules: RulesForm, categories: readonly CategoryInput[], filled: ReadonlyMap<number, number>): Problem[] {
  const problems: Problem[] = [];
  if (rules.quorumRule === 'fixed_number') {
    const votingSeats = categories.filter((c) => c.votingRight).reduce((s, c) => s + c.quota, 0);
    if (rules.quorumFixedNumber === null) problems.push({ field: 'quorumFixedNumber', key: 'councilAdmin.rules.error.fixedRequired' });
    else if (rules.quorumFixedNumber > votingSeats) problems.push({ field: 'quorumFixedNumber', key: 'councilAdmin.rules.error.fixedTooLarge', params: { max: votingSeats } });
  }
  for (const category of categories) {
    if (category.id === undefined) continue;
    const taken = filled.get(category.id) ?? 0;
    if (category.quota < taken) {
      // The form names the category with the field ("Seats: Members of the district council: …").
      problems.push({ field: categoryFieldName(category.id, 'quota'), key: 'councilAdmin.rules.error.belowFilled', params: { quota: category.quota, filled: taken } });
    }
  }
  const seen = new Set<string>();
  for (const category of categories) {
    const key = category.name.de.toLocaleLowerCase('de');
    if (key === '') continue;
    if (seen.has(key)) problems.push({ field: categoryFieldName(category.id ?? 'new', 'name_de'), key: 'councilAdmin.rules.error.duplicateName' });
    seen.add(key);
  }
  const share = migrationQuotaShare(categories, rules.minMigrationSharePercent);
  if (!share.met) {
    problems.push({
      field: 'minMigrationSharePercent',
      key: 'councilAdmin.rules.error.share',
      params: { share: shareForDisplay(share.sharePercent), seats: share.migrationSeats, total: share.totalSeats, min: rules.minMigrationSharePercent },
    });
  }
  return problems;
}

/** A key for a new seat category, unique in the council: from its German name, numbered if taken. */
export function categoryKey(slug: string, taken: ReadonlySet<string>): string {
  const base = (slug.replace(/-/g, '_') || 'category').slice(0, 60);
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
  return key;
}
