/**
 * The demo city: Hannover's 13 district integration councils, as data only (no database access).
 *
 * What is real comes from public sources (see /work/shared/domain.md): the city, its 13 districts,
 * the councils' published concept, Herrenhausen-Stöcken's size and its two chairs, and Mitte's two
 * grants of decision paper 15-1094/2025. Everything else is invented and is stored with
 * `isExample = true` (or `contactIsExample`), so the site can say so.
 */

/** Demo texts always come in both languages; the type makes a missing translation a compile error. */
export interface Bilingual {
  de: string;
  en: string;
}
export interface BilingualList {
  de: string[];
  en: string[];
}

export type SeatKey = 'district_councillor' | 'multiplier' | 'migration_background';
export type DistrictTie = 'lives' | 'works' | 'club';
export type RecipientKind = 'association' | 'initiative' | 'person' | 'council';

// ---------------------------------------------------------------------------------------------------
// The city
// ---------------------------------------------------------------------------------------------------

export const city = {
  name: 'Landeshauptstadt Hannover',
  shortName: 'Hannover',
  website: 'https://www.hannover.de',
  municipalityKey: '03241001',
  publisherName: {
    de: 'Landeshauptstadt Hannover, Fachbereich Gesellschaftliche Teilhabe – Sachgebiet Grundsatzangelegenheiten der Einwanderung',
    en: 'City of Hannover, Department of Social Participation – Unit for Immigration Policy',
  },
  publisherAddress: 'Trammplatz 2, 30159 Hannover',
  // example.org on purpose: a demo must never send anything to a real mailbox.
  publisherEmail: 'integration@example.org',
  publisherRepresentative: { de: 'Der Oberbürgermeister', en: 'The Lord Mayor' },
  privacyContact: 'datenschutz@example.org',
} as const satisfies Record<string, string | Bilingual>;

/**
 * Lower Saxony's municipal electoral terms: elections in September, the term from 1 November for
 * five years. The district councils that appoint the integration councils are elected for them.
 */
export const legislativeTermsOfCity = [
  { name: 'Wahlperiode 2016–2021', startDate: '2016-11-01', endDate: '2021-10-31' },
  { name: 'Wahlperiode 2021–2026', startDate: '2021-11-01', endDate: '2026-10-31' },
  { name: 'Wahlperiode 2026–2031', startDate: '2026-11-01', endDate: '2031-10-31' },
] as const;

// ---------------------------------------------------------------------------------------------------
// What every Hannover council publishes about itself
// ---------------------------------------------------------------------------------------------------

/** The seed page's first paragraph, verbatim, and its translation. */
export const councilPurpose: Bilingual = {
  de: 'Auf Grundlage des vom Rat der Stadt Hannover beschlossenen Lokalen Integrationsplanes sollen in jedem Stadtbezirk örtliche Integrationsbeiräte eingerichtet werden. Sie sollen ein Forum für gegenseitigen kommunikativen Austausch zwischen Menschen unterschiedlicher Herkunft bieten und die Politik beraten.',
  en: 'On the basis of the Local Integration Plan adopted by the City Council of Hannover, a local integration council is to be set up in every district. The councils are meant to offer a forum for communication and exchange between people of different origins and to advise policymakers.',
};

export const councilLegalBasis: Bilingual = {
  de: 'Grundlage ist der 2008 vom Rat der Landeshauptstadt Hannover beschlossene Lokale Integrationsplan, 2022 fortgeschrieben als „WIR2.0 – Migration und Teilhabe“. Die Informationsdrucksache 2545/2008 sieht in jedem der 13 Stadtbezirke einen Integrationsbeirat vor; seit dem Ratsbeschluss 1839/2023 wählt jeder Beirat seinen Vorsitz selbst, die Mitgliedschaft dauert höchstens fünf Jahre und kann verlängert werden. Der Integrationsbeirat berät die Politik, er ist kein gesetzlich vorgeschriebenes Gremium. Seine Mitglieder beruft der Stadtbezirksrat.',
  en: 'The council is based on the Local Integration Plan adopted by the City Council of Hannover in 2008 and updated in 2022 as “WIR2.0 – Migration and Participation”. Information paper 2545/2008 provides for an integration council in each of the 13 districts; since council decision 1839/2023 each council elects its own chair, and membership lasts at most five years and can be renewed. The integration council advises policymakers; it is not a statutory body. Its members are appointed by the district council.',
};

/** The seed's six tasks; the seed's typo "Förderun" is corrected. */
export const councilTasks: BilingualList = {
  de: [
    'Schaffung einer gemeinsamen Kommunikationsbasis',
    'Öffnung von Verwaltung und Politik',
    'Interessen der MigrantInnen aufnehmen, Interessenkonflikte einer Lösung zuführen',
    'Konkrete Projekte entwickeln, fördern und begleiten',
    'Förderung der Vernetzung',
    'Behandlung von grundsätzlichen Themen',
  ],
  en: [
    'Creating a shared basis for communication',
    'Opening up the administration and politics',
    'Taking up the concerns of migrants and helping to resolve conflicts of interest',
    'Developing, supporting and accompanying concrete projects',
    'Promoting networking',
    'Dealing with fundamental issues',
  ],
};

export const councilJoiningNote: Bilingual = {
  de: 'Bei Interesse wenden Sie sich bitte an die Geschäftsführung des Integrationsbeirats.',
  en: 'If you are interested, please contact the office of the integration council.',
};

/** Hannover's rules, the same for every district (information paper 2545/2008, decision 1839/2023). */
export const councilRules = {
  membershipMode: 'appointed',
  termLimitYears: 5,
  invitationPeriodDays: 7,
  quorumRule: 'majority_of_voting_members',
  tieRule: 'rejected',
  voteEffect: 'recommendation',
  minMigrationSharePercent: 50,
  eligibilityMinAge: 16,
} as const;

export interface SeatCategorySpec {
  key: SeatKey;
  name: Bilingual;
  forMigrationBackground: boolean;
}

export const seatCategorySpecs: readonly SeatCategorySpec[] = [
  {
    key: 'district_councillor',
    name: { de: 'Mitglieder des Stadtbezirksrats', en: 'Members of the district council' },
    forMigrationBackground: false,
  },
  {
    key: 'multiplier',
    name: { de: 'Multiplikatorinnen und Multiplikatoren', en: 'Multipliers (well-connected locals)' },
    forMigrationBackground: false,
  },
  {
    key: 'migration_background',
    name: { de: 'Einwohnerinnen und Einwohner mit Migrationshintergrund', en: 'Residents with a migration background' },
    forMigrationBackground: true,
  },
];

/** The migration seat's description depends on which ties to the district a council accepts. */
export function seatCategoryDescription(key: SeatKey, ties: readonly DistrictTie[]): Bilingual {
  switch (key) {
    case 'district_councillor':
      return {
        de: 'Vom Stadtbezirksrat aus seiner Mitte benannte Bezirksratsmitglieder.',
        en: 'Members of the district council, nominated by the council from among its members.',
      };
    case 'multiplier':
      return {
        de: 'Menschen mit guten Kenntnissen und Verbindungen im Stadtbezirk.',
        en: 'People who know the district well and are well connected in it.',
      };
    case 'migration_background':
      return ties.includes('club')
        ? {
            de: 'Menschen mit Migrationshintergrund ab 16 Jahren, die im Stadtbezirk leben, arbeiten oder in einem Verein im Stadtbezirk aktiv sind.',
            en: 'People with a migration background aged 16 or over who live or work in the district or are active in a local club.',
          }
        : {
            de: 'Menschen mit Migrationshintergrund ab 16 Jahren, die im Stadtbezirk leben oder arbeiten.',
            en: 'People with a migration background aged 16 or over who live or work in the district.',
          };
  }
}

// ---------------------------------------------------------------------------------------------------
// The districts
// ---------------------------------------------------------------------------------------------------

export interface LocationSpec {
  name: string;
  room: string;
  streetAddress: string;
  postalCode: string;
  accessibility: Bilingual;
}

export interface DistrictSpec {
  /** The city's official district number. */
  number: number;
  name: string;
  /** Stadtteile, used to make invented venues, clubs and agenda items sound local. */
  quarters: readonly string[];
  seats: Record<SeatKey, number>;
  foundedOn: string;
  /** Null: the generic sentence from `inventedHistory` is used. */
  history: Bilingual | null;
  eligibilityTies: readonly DistrictTie[];
  contactAddress: string;
  locations: readonly LocationSpec[];
  /** Four meetings a year: the months, on the n-th Monday (moved a week on public holidays). */
  schedule: { months: readonly [number, number, number, number]; mondayOfMonth: 1 | 2 | 3 };
}

const stepFreeWithLift: Bilingual = {
  de: 'Stufenloser Zugang über den Haupteingang, Aufzug zum 1. OG, barrierefreies WC im Erdgeschoss.',
  en: 'Step-free access through the main entrance, lift to the first floor, accessible toilet on the ground floor.',
};
const stepFreeGroundFloor: Bilingual = {
  de: 'Stufenloser Zugang, der Saal liegt im Erdgeschoss; barrierefreies WC vorhanden. Eine mobile Höranlage kann auf Anfrage bereitgestellt werden.',
  en: 'Step-free access; the hall is on the ground floor and there is an accessible toilet. A portable hearing loop can be provided on request.',
};
const rampSideEntrance: Bilingual = {
  de: 'Zugang über eine ausgeschilderte Rampe am Seiteneingang, Sitzungsraum im Erdgeschoss, barrierefreies WC.',
  en: 'Access via a signposted ramp at the side entrance, meeting room on the ground floor, accessible toilet.',
};
// One venue is deliberately not step-free: the site must be able to say so plainly.
const notStepFree: Bilingual = {
  de: 'Nur eingeschränkt barrierefrei: zwei Stufen am Eingang (eine mobile Rampe ist vorhanden, bitte vorher Bescheid geben). Der Sitzungsraum im 1. OG ist nur über eine Treppe erreichbar, ein barrierefreies WC gibt es nicht. Wer einen stufenlosen Zugang braucht, meldet sich bitte bei der Geschäftsführung; die Sitzung wird dann in den Raum im Erdgeschoss verlegt.',
  en: 'Only partly accessible: there are two steps at the entrance (a portable ramp is available, please let us know in advance). The meeting room on the first floor can only be reached by stairs, and there is no accessible toilet. If you need step-free access, please contact the office and the meeting will be moved to the ground-floor room.',
};

/** In official order, numbers 1–13. Venues, addresses and founding dates other than Herrenhausen-Stöcken's are invented. */
export const districtSpecs: readonly DistrictSpec[] = [
  {
    number: 1,
    name: 'Mitte',
    quarters: ['Mitte', 'Calenberger Neustadt', 'Oststadt', 'Zoo'],
    seats: { district_councillor: 5, multiplier: 2, migration_background: 9 },
    foundedOn: '2010-03-01',
    history: null,
    eligibilityTies: ['lives', 'works', 'club'],
    contactAddress: 'Bezirksverwaltung Mitte, Osterstraße 42, 30159 Hannover',
    locations: [
      {
        name: 'Bezirksverwaltung Mitte, Sitzungssaal',
        room: 'Sitzungssaal, 1. OG',
        streetAddress: 'Osterstraße 42',
        postalCode: '30159',
        accessibility: stepFreeWithLift,
      },
      {
        name: 'Stadtteiltreff Calenberger Neustadt',
        room: 'Gruppenraum 1',
        streetAddress: 'Rote Reihe 12',
        postalCode: '30169',
        accessibility: stepFreeGroundFloor,
      },
    ],
    schedule: { months: [2, 5, 9, 11], mondayOfMonth: 2 },
  },
  {
    number: 2,
    name: 'Vahrenwald-List',
    quarters: ['Vahrenwald', 'List'],
    seats: { district_councillor: 6, multiplier: 3, migration_background: 10 },
    foundedOn: '2009-09-01',
    history: null,
    eligibilityTies: ['lives', 'works', 'club'],
    contactAddress: 'Bezirksverwaltung Vahrenwald-List, Vahrenwalder Straße 141, 30165 Hannover',
    locations: [
      {
        name: 'Stadtteilzentrum Lister Meile',
        room: 'Saal',
        streetAddress: 'Lister Meile 58',
        postalCode: '30161',
        accessibility: stepFreeGroundFloor,
      },
      {
        name: 'Bürgerhaus Vahrenwald',
        room: 'Raum 2',
        streetAddress: 'Dragonerstraße 30',
        postalCode: '30163',
        accessibility: stepFreeWithLift,
      },
    ],
    schedule: { months: [3, 6, 9, 11], mondayOfMonth: 1 },
  },
  {
    number: 3,
    name: 'Bothfeld-Vahrenheide',
    quarters: ['Bothfeld', 'Isernhagen-Süd', 'Lahe', 'Sahlkamp', 'Vahrenheide'],
    seats: { district_councillor: 5, multiplier: 2, migration_background: 8 },
    foundedOn: '2010-11-01',
    history: null,
    eligibilityTies: ['lives', 'works', 'club'],
    contactAddress: 'Bezirksverwaltung Bothfeld-Vahrenheide, Sutelstraße 20, 30659 Hannover',
    locations: [
      {
        name: 'Stadtteilzentrum Sahlkamp',
        room: 'Mehrzweckraum',
        streetAddress: 'Elmstraße 15',
        postalCode: '30657',
        accessibility: rampSideEntrance,
      },
      {
        name: 'Gemeinschaftshaus Vahrenheide',
        room: 'Großer Raum',
        streetAddress: 'Plauener Straße 12',
        postalCode: '30179',
        accessibility: stepFreeGroundFloor,
      },
    ],
    schedule: { months: [2, 5, 9, 12], mondayOfMonth: 1 },
  },
  {
    number: 4,
    name: 'Buchholz-Kleefeld',
    quarters: ['Groß-Buchholz', 'Kleefeld', 'Heideviertel'],
    seats: { district_councillor: 4, multiplier: 2, migration_background: 7 },
    foundedOn: '2012-02-01',
    history: null,
    eligibilityTies: ['lives', 'works', 'club'],
    contactAddress: 'Bezirksverwaltung Buchholz-Kleefeld, Podbielskistraße 360, 30659 Hannover',
    locations: [
      {
        name: 'Nachbarschaftshaus Kleefeld',
        room: 'Saal im Erdgeschoss',
        streetAddress: 'Kirchröder Straße 44',
        postalCode: '30625',
        accessibility: stepFreeGroundFloor,
      },
    ],
    schedule: { months: [3, 6, 10, 12], mondayOfMonth: 1 },
  },
  {
    number: 5,
    name: 'Misburg-Anderten',
    quarters: ['Misburg-Nord', 'Misburg-Süd', 'Anderten'],
    seats: { district_councillor: 4, multiplier: 2, migration_background: 7 },
    foundedOn: '2013-04-01',
    history: null,
    eligibilityTies: ['lives', 'works', 'club'],
    contactAddress: 'Bezirksverwaltung Misburg-Anderten, Waldstraße 9, 30629 Hannover',
    locations: [
      {
        name: 'Stadtteiltreff Misburg',
        room: 'Clubraum',
        streetAddress: 'Meyers Garten 6',
        postalCode: '30629',
        accessibility: rampSideEntrance,
      },
      {
        name: 'Gemeindehaus Anderten',
        room: 'Gemeindesaal',
        streetAddress: 'Sehnder Straße 12',
        postalCode: '30559',
        accessibility: stepFreeGroundFloor,
      },
    ],
    schedule: { months: [2, 4, 9, 11], mondayOfMonth: 3 },
  },
  {
    number: 6,
    name: 'Kirchrode-Bemerode-Wülferode',
    quarters: ['Kirchrode', 'Bemerode', 'Wülferode', 'Kronsberg'],
    seats: { district_councillor: 4, multiplier: 3, migration_background: 8 },
    foundedOn: '2012-09-01',
    history: null,
    eligibilityTies: ['lives', 'works', 'club'],
    contactAddress: 'Bezirksverwaltung Kirchrode-Bemerode-Wülferode, Brabeckstraße 40, 30559 Hannover',
    locations: [
      {
        name: 'Stadtteilzentrum Kronsberg',
        room: 'Seminarraum 1. OG',
        streetAddress: 'Thie 8',
        postalCode: '30539',
        accessibility: stepFreeWithLift,
      },
    ],
    schedule: { months: [1, 4, 6, 10], mondayOfMonth: 3 },
  },
  {
    number: 7,
    name: 'Südstadt-Bult',
    quarters: ['Südstadt', 'Bult'],
    seats: { district_councillor: 4, multiplier: 2, migration_background: 7 },
    foundedOn: '2011-05-01',
    history: null,
    eligibilityTies: ['lives', 'works', 'club'],
    contactAddress: 'Bezirksverwaltung Südstadt-Bult, Hildesheimer Straße 120, 30173 Hannover',
    locations: [
      {
        name: 'Freizeitheim Südstadt',
        room: 'Raum 3',
        streetAddress: 'Sallstraße 60',
        postalCode: '30171',
        accessibility: stepFreeWithLift,
      },
      {
        name: 'Bezirksverwaltung Südstadt-Bult, Sitzungssaal',
        room: 'Sitzungssaal, Erdgeschoss',
        streetAddress: 'Hildesheimer Straße 120',
        postalCode: '30173',
        accessibility: stepFreeGroundFloor,
      },
    ],
    schedule: { months: [3, 5, 9, 11], mondayOfMonth: 2 },
  },
  {
    number: 8,
    name: 'Döhren-Wülfel',
    quarters: ['Döhren', 'Seelhorst', 'Waldhausen', 'Waldheim', 'Wülfel', 'Mittelfeld'],
    seats: { district_councillor: 5, multiplier: 2, migration_background: 8 },
    foundedOn: '2011-10-01',
    history: null,
    eligibilityTies: ['lives', 'works', 'club'],
    contactAddress: 'Bezirksverwaltung Döhren-Wülfel, Peiner Straße 30, 30519 Hannover',
    locations: [
      {
        name: 'Stadtteiltreff Döhren',
        room: 'Saal',
        streetAddress: 'Fiedelerstraße 9',
        postalCode: '30519',
        accessibility: stepFreeGroundFloor,
      },
      {
        name: 'Gemeinschaftsraum Mittelfeld',
        room: 'Gemeinschaftsraum',
        streetAddress: 'Lange-Feld-Straße 60',
        postalCode: '30519',
        accessibility: rampSideEntrance,
      },
    ],
    schedule: { months: [2, 5, 9, 11], mondayOfMonth: 3 },
  },
  {
    number: 9,
    name: 'Ricklingen',
    quarters: ['Ricklingen', 'Oberricklingen', 'Mühlenberg', 'Wettbergen', 'Bornum'],
    seats: { district_councillor: 5, multiplier: 3, migration_background: 9 },
    foundedOn: '2010-06-01',
    history: null,
    eligibilityTies: ['lives', 'works', 'club'],
    contactAddress: 'Bezirksverwaltung Ricklingen, Ricklinger Stadtweg 50, 30459 Hannover',
    locations: [
      {
        name: 'Stadtteilzentrum Ricklingen',
        room: 'Saal 2',
        streetAddress: 'Göttinger Chaussee 101',
        postalCode: '30459',
        accessibility: stepFreeWithLift,
      },
      {
        name: 'Nachbarschaftszentrum Mühlenberg',
        room: 'Treffpunkt',
        streetAddress: 'Mühlenberger Markt 5',
        postalCode: '30457',
        accessibility: stepFreeGroundFloor,
      },
    ],
    schedule: { months: [2, 6, 9, 11], mondayOfMonth: 1 },
  },
  {
    number: 10,
    name: 'Linden-Limmer',
    quarters: ['Linden-Nord', 'Linden-Mitte', 'Linden-Süd', 'Limmer'],
    seats: { district_councillor: 7, multiplier: 3, migration_background: 11 },
    foundedOn: '2009-05-01',
    history: null,
    eligibilityTies: ['lives', 'works', 'club'],
    contactAddress: 'Bezirksverwaltung Linden-Limmer, Deisterstraße 70, 30449 Hannover',
    locations: [
      {
        name: 'Stadtteiltreff Linden-Süd',
        room: 'Großer Saal',
        streetAddress: 'Deisterstraße 70',
        postalCode: '30449',
        accessibility: stepFreeWithLift,
      },
      {
        name: 'Nachbarschaftsladen Limmer',
        room: 'Versammlungsraum, 1. OG',
        streetAddress: 'Wunstorfer Straße 48',
        postalCode: '30453',
        accessibility: notStepFree,
      },
    ],
    schedule: { months: [2, 5, 9, 12], mondayOfMonth: 2 },
  },
  {
    number: 11,
    name: 'Ahlem-Badenstedt-Davenstedt',
    quarters: ['Ahlem', 'Badenstedt', 'Davenstedt'],
    seats: { district_councillor: 5, multiplier: 2, migration_background: 8 },
    foundedOn: '2011-02-01',
    history: null,
    eligibilityTies: ['lives', 'works', 'club'],
    contactAddress: 'Bezirksverwaltung Ahlem-Badenstedt-Davenstedt, Badenstedter Straße 220, 30455 Hannover',
    locations: [
      {
        name: 'Stadtteiltreff Badenstedt',
        room: 'Saal',
        streetAddress: 'Plantagenstraße 22',
        postalCode: '30455',
        accessibility: stepFreeGroundFloor,
      },
    ],
    schedule: { months: [3, 6, 9, 11], mondayOfMonth: 3 },
  },
  {
    number: 12,
    name: 'Herrenhausen-Stöcken',
    quarters: ['Herrenhausen', 'Stöcken', 'Burg', 'Leinhausen', 'Ledeburg', 'Marienwerder', 'Nordhafen'],
    // The seed: 19 members, 6 from the district council, 2 multipliers, 11 with a migration background.
    seats: { district_councillor: 6, multiplier: 2, migration_background: 11 },
    foundedOn: '2009-01-01',
    history: {
      de: 'Bereits Anfang 2009 wurde im Stadtbezirk Herrenhausen-Stöcken der erste Integrationsbeirat in der Stadt eingerichtet.',
      en: 'As early as the beginning of 2009, the city’s first integration council was set up in the Herrenhausen-Stöcken district.',
    },
    // The seed names only living or working in the district; the club tie of 1839/2023 is not on its page.
    eligibilityTies: ['lives', 'works'],
    contactAddress: 'Bezirksverwaltung Herrenhausen-Stöcken, Eichsfelder Straße 101, 30419 Hannover',
    locations: [
      {
        name: 'Stadtteiltreff Stöcken',
        room: 'Saal im Erdgeschoss',
        streetAddress: 'Stöckener Markt 3',
        postalCode: '30419',
        accessibility: stepFreeGroundFloor,
      },
      {
        name: 'Gemeinschaftshaus Leinhausen',
        room: 'Raum 1. OG',
        streetAddress: 'Herrenhäuser Straße 120',
        postalCode: '30419',
        accessibility: stepFreeWithLift,
      },
    ],
    schedule: { months: [2, 5, 9, 11], mondayOfMonth: 1 },
  },
  {
    number: 13,
    name: 'Nord',
    quarters: ['Nordstadt', 'Hainholz', 'Vinnhorst', 'Brink-Hafen'],
    seats: { district_councillor: 6, multiplier: 2, migration_background: 10 },
    foundedOn: '2009-11-01',
    history: null,
    eligibilityTies: ['lives', 'works', 'club'],
    contactAddress: 'Bezirksverwaltung Nord, Engelbosteler Damm 60, 30167 Hannover',
    locations: [
      {
        name: 'Bürgerhaus Nordstadt',
        room: 'Saal',
        streetAddress: 'Engelbosteler Damm 60',
        postalCode: '30167',
        accessibility: stepFreeWithLift,
      },
      {
        name: 'Stadtteiltreff Hainholz',
        room: 'Gruppenraum',
        streetAddress: 'Schulenburger Landstraße 150',
        postalCode: '30165',
        accessibility: rampSideEntrance,
      },
    ],
    schedule: { months: [3, 5, 9, 12], mondayOfMonth: 2 },
  },
];

/** The history sentence for councils whose real history we do not know. */
export function inventedHistory(district: string, foundedOn: string): Bilingual {
  const year = foundedOn.slice(0, 4);
  return {
    de: `Der Stadtbezirksrat ${district} hat den Integrationsbeirat im Jahr ${year} eingerichtet.`,
    en: `The ${district} district council set up the integration council in ${year}.`,
  };
}

export function councilContactName(district: string): Bilingual {
  return {
    de: `Geschäftsführung Integrationsbeirat ${district}`,
    en: `Office of the Integration Council ${district}`,
  };
}

/** The city switchboard: real, public and personal to nobody, so no invented number can reach a stranger. */
export const councilContactPhone = '+49 511 168-0';

// ---------------------------------------------------------------------------------------------------
// Real people and real grants
// ---------------------------------------------------------------------------------------------------

/** Herrenhausen-Stöcken's chairs as the seed names them: 2009–2019 Hildegard Thimm, since 2020 Heide Stolzenwald. */
export const herrenhausenStoecken = {
  districtNumber: 12,
  formerChair: {
    formOfAddress: 'Frau',
    givenName: 'Hildegard',
    familyName: 'Thimm',
    seat: 'district_councillor' as SeatKey,
    membershipStart: '2009-01-01',
    membershipEnd: '2019-12-31',
    chairStart: '2009-01-01',
    chairEnd: '2019-12-31',
    capacity: { de: 'Bezirksratsfrau', en: 'district councillor' } satisfies Bilingual,
  },
  chair: {
    formOfAddress: 'Frau',
    givenName: 'Heide',
    familyName: 'Stolzenwald',
    seat: 'multiplier' as SeatKey,
    membershipStart: '2019-01-01',
    chairStart: '2020-01-01',
  },
  // The invented deputy takes office with the new chair.
  deputyChairStart: '2020-01-01',
} as const;

export interface RealGrant {
  districtNumber: number;
  year: number;
  number: number;
  recipientName: string;
  title: Bilingual;
  amountCents: number;
  decisionPaperNumber: string;
}

/**
 * Decision paper 15-1094/2025, "Zuwendungen aus den Mitteln des Integrationsbeirates Mitte: IB-01/2025
 * und IB-02/2025". Only what the paper says is stored: no invented dates, periods or summaries.
 */
export const realGrants: readonly RealGrant[] = [
  {
    districtNumber: 1,
    year: 2025,
    number: 1,
    recipientName: 'Johanniter-Unfall-Hilfe e.V.',
    title: { de: 'Lange Tafel am Klagesmarkt', en: 'Long table at Klagesmarkt' },
    amountCents: 40000,
    decisionPaperNumber: '15-1094/2025',
  },
  {
    districtNumber: 1,
    year: 2025,
    number: 2,
    recipientName: 'NK Mitte',
    title: { de: 'Sommerfest 2025', en: 'Summer festival 2025' },
    amountCents: 220000,
    decisionPaperNumber: '15-1094/2025',
  },
];

// ---------------------------------------------------------------------------------------------------
// Invented people: name pools
// ---------------------------------------------------------------------------------------------------

/** A family name, or its two forms where the language marks gender (Kowalski / Kowalska). */
export type FamilyName = string | { m: string; f: string };

export interface NamePool {
  origin: string;
  female: readonly string[];
  male: readonly string[];
  family: readonly FamilyName[];
}

// Spelled as people in Hannover actually write them: Turkish letters kept, Russian names in the
// German transliteration common among Spätaussiedler, Ukrainian ones in passport spelling.
export const namePools: readonly NamePool[] = [
  {
    origin: 'german',
    female: ['Anna', 'Katharina', 'Sabine', 'Petra', 'Julia', 'Monika', 'Ursula', 'Claudia', 'Birgit', 'Lena', 'Heike', 'Karin', 'Annegret', 'Silke', 'Insa'],
    male: ['Thomas', 'Michael', 'Jürgen', 'Klaus', 'Stefan', 'Andreas', 'Frank', 'Wolfgang', 'Jan', 'Lukas', 'Matthias', 'Dirk', 'Hauke', 'Gerd', 'Ole'],
    family: ['Müller', 'Schmidt', 'Meyer', 'Fischer', 'Becker', 'Hoffmann', 'Schulz', 'Krüger', 'Lange', 'Brandt', 'Hartmann', 'Lehmann', 'Köhler', 'Ahrens', 'Bode', 'Behrens', 'Brinkmann', 'Wilkens', 'Oltmanns', 'Heuer'],
  },
  {
    origin: 'turkish',
    female: ['Ayşe', 'Elif', 'Zeynep', 'Fatma', 'Emine', 'Derya', 'Özlem', 'Selin', 'Gülşen', 'Hatice'],
    male: ['Mehmet', 'Mustafa', 'Ahmet', 'Hüseyin', 'Murat', 'Emre', 'Kemal', 'Cem', 'Serkan', 'Yusuf'],
    family: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Aydın', 'Öztürk', 'Arslan', 'Doğan', 'Koç', 'Kılıç'],
  },
  {
    origin: 'arabic',
    female: ['Fatima', 'Amira', 'Rania', 'Lina', 'Nour', 'Huda', 'Salma', 'Yasmin'],
    male: ['Ahmad', 'Mohammed', 'Omar', 'Khaled', 'Samir', 'Yousef', 'Tarek', 'Bilal'],
    family: ['Al-Hassan', 'Haddad', 'Khoury', 'Nasser', 'Saleh', 'Mansour', 'Hamdan', 'Darwish', 'Aziz', 'Ibrahim'],
  },
  {
    origin: 'kurdish',
    female: ['Dilan', 'Berivan', 'Rojin', 'Zelal', 'Nesrin', 'Hêvî'],
    male: ['Azad', 'Baran', 'Rojhat', 'Welat', 'Dilovan', 'Serhat'],
    family: ['Amedi', 'Sido', 'Murad', 'Hesen', 'Khalil', 'Ekinci', 'Botani', 'Xelîl'],
  },
  {
    origin: 'polish',
    female: ['Agnieszka', 'Katarzyna', 'Magdalena', 'Joanna', 'Małgorzata', 'Ewa'],
    male: ['Tomasz', 'Piotr', 'Krzysztof', 'Marek', 'Paweł', 'Jan'],
    family: [
      { m: 'Kowalski', f: 'Kowalska' },
      'Nowak',
      { m: 'Wiśniewski', f: 'Wiśniewska' },
      'Wójcik',
      { m: 'Kamiński', f: 'Kamińska' },
      { m: 'Lewandowski', f: 'Lewandowska' },
      { m: 'Zieliński', f: 'Zielińska' },
      'Mazur',
    ],
  },
  {
    origin: 'russian',
    female: ['Natalia', 'Olga', 'Swetlana', 'Jelena', 'Tatjana', 'Irina'],
    male: ['Alexander', 'Sergej', 'Dmitri', 'Wladimir', 'Andrej', 'Juri'],
    family: [
      { m: 'Iwanow', f: 'Iwanowa' },
      { m: 'Petrow', f: 'Petrowa' },
      { m: 'Smirnow', f: 'Smirnowa' },
      { m: 'Kusnezow', f: 'Kusnezowa' },
      { m: 'Wolkow', f: 'Wolkowa' },
      'Friesen',
      'Dück',
      'Wiebe',
    ],
  },
  {
    origin: 'ukrainian',
    female: ['Olena', 'Iryna', 'Oksana', 'Nataliia', 'Tetiana', 'Yuliia'],
    male: ['Andrii', 'Oleksandr', 'Dmytro', 'Serhii', 'Taras', 'Bohdan'],
    family: ['Kovalenko', 'Bondarenko', 'Melnyk', 'Savchenko', 'Tkachuk', 'Lysenko', 'Moroz', 'Shevchuk'],
  },
  {
    origin: 'persian',
    female: ['Shirin', 'Maryam', 'Nasrin', 'Parisa', 'Leila', 'Azadeh'],
    male: ['Reza', 'Amir', 'Dariush', 'Kourosh', 'Babak', 'Farhad'],
    family: ['Ahmadi', 'Hosseini', 'Karimi', 'Moradi', 'Sadeghi', 'Tehrani', 'Jafari', 'Rostami'],
  },
  {
    origin: 'afghan',
    female: ['Zahra', 'Mursal', 'Farzana', 'Nilofar', 'Sodaba'],
    male: ['Habib', 'Farid', 'Wahid', 'Jawad', 'Ajmal'],
    family: ['Rahimi', 'Noori', 'Sultani', 'Popal', 'Amiri', 'Hakimi'],
  },
  {
    origin: 'vietnamese',
    female: ['Lan', 'Thu Trang', 'Hoa', 'Mai Anh', 'Ngoc'],
    male: ['Minh', 'Duc Anh', 'Quang', 'Tuan', 'Van Long'],
    family: ['Nguyen', 'Tran', 'Le', 'Pham', 'Hoang', 'Vu', 'Dang'],
  },
  {
    origin: 'ghanaian',
    female: ['Akua', 'Ama', 'Abena', 'Efua', 'Adwoa'],
    male: ['Kwame', 'Kofi', 'Kwabena', 'Yaw', 'Kojo'],
    family: ['Mensah', 'Boateng', 'Owusu', 'Asante', 'Osei', 'Appiah', 'Agyeman', 'Darko'],
  },
  {
    origin: 'eritrean',
    female: ['Selam', 'Senait', 'Yodit', 'Luwam'],
    male: ['Yonas', 'Tesfaye', 'Berhane', 'Samuel'],
    family: ['Tesfamariam', 'Ghebremedhin', 'Haile', 'Kidane', 'Tekle'],
  },
  {
    origin: 'greek',
    female: ['Eleni', 'Katerina', 'Sofia', 'Despina'],
    male: ['Georgios', 'Dimitrios', 'Nikos', 'Christos'],
    family: [{ m: 'Papadopoulos', f: 'Papadopoulou' }, 'Georgiou', { m: 'Nikolaidis', f: 'Nikolaidou' }, 'Vlachos'],
  },
  {
    origin: 'italian',
    female: ['Giulia', 'Francesca', 'Chiara', 'Rosa'],
    male: ['Marco', 'Luca', 'Giuseppe', 'Salvatore'],
    family: ['Russo', 'Esposito', 'Romano', 'Ferrara', 'Lombardi'],
  },
  {
    origin: 'bosnian',
    female: ['Amra', 'Lejla', 'Jasmina', 'Selma'],
    male: ['Edin', 'Damir', 'Emir', 'Haris'],
    family: ['Hodžić', 'Begić', 'Mehmedović', 'Kovačević', 'Delić'],
  },
];

/**
 * How often each origin is drawn, per seat. Rough, but it mirrors Hannover: district councillors are
 * mostly German-born, the migration seats reflect the city's larger communities.
 */
export const originWeights: Record<SeatKey, Readonly<Record<string, number>>> = {
  district_councillor: { german: 70, turkish: 10, polish: 4, russian: 4, arabic: 3, kurdish: 3, greek: 3, italian: 3 },
  multiplier: { german: 40, turkish: 12, arabic: 8, kurdish: 6, polish: 6, russian: 6, persian: 5, greek: 4, italian: 4, ghanaian: 4, bosnian: 5 },
  migration_background: {
    turkish: 18,
    arabic: 13,
    kurdish: 9,
    polish: 7,
    russian: 9,
    ukrainian: 8,
    persian: 6,
    afghan: 6,
    vietnamese: 4,
    ghanaian: 5,
    eritrean: 3,
    greek: 4,
    italian: 3,
    bosnian: 4,
  },
};

/** Why an invented earlier member left (plain text, as the back office would record it). */
export const endReasons = {
  movedAway: 'Wegzug aus dem Stadtbezirk',
  resigned: 'Rücktritt aus persönlichen Gründen',
  termEnded: 'Ablauf der Mitgliedschaft',
  /** Only for a seat held as a district councillor. */
  leftDistrictCouncil: 'Ausscheiden aus dem Stadtbezirksrat',
} as const;

// ---------------------------------------------------------------------------------------------------
// Meetings and agendas
// ---------------------------------------------------------------------------------------------------

export const standardOpeningItems: readonly Bilingual[] = [
  {
    de: 'Eröffnung, Feststellung der ordnungsgemäßen Einberufung und der Beschlussfähigkeit',
    en: 'Opening, confirmation that the meeting was duly convened and has a quorum',
  },
  { de: 'Genehmigung der Tagesordnung', en: 'Approval of the agenda' },
  { de: 'Genehmigung des Protokolls der letzten Sitzung', en: 'Approval of the minutes of the last meeting' },
];

export const closingItem: Bilingual = { de: 'Verschiedenes', en: 'Any other business' };

export const reportsHeading: Bilingual = { de: 'Berichte', en: 'Reports' };
export const grantsHeading: Bilingual = { de: 'Zuwendungsanträge', en: 'Grant applications' };

/** Recurring reports; a meeting takes one or, grouped under "Berichte", two of them. */
export const reportItems: readonly Bilingual[] = [
  { de: 'Bericht des Vorsitzes', en: 'Report of the chair' },
  { de: 'Mitteilungen der Verwaltung', en: 'Information from the administration' },
  { de: 'Bericht aus dem Stadtbezirksrat', en: 'Report from the district council' },
  { de: 'Bericht aus der Arbeitsgruppe Öffentlichkeitsarbeit', en: 'Report from the public relations working group' },
];

/** report → the council takes note; decision → it votes; discussion → noted, no vote. */
export type TopicKind = 'report' | 'decision' | 'discussion';

export interface TopicSpec {
  kind: TopicKind;
  /** Placeholders: {quarter}, {district}, {year}. */
  title: Bilingual;
  text?: Bilingual;
  /** Seasonal topics only come up in these months (e.g. Newroz is planned before 21 March). */
  months?: readonly number[];
}

export const topicPool: readonly TopicSpec[] = [
  {
    kind: 'decision',
    title: {
      de: 'Planung des interkulturellen Stadtteilfestes {year} in {quarter}',
      en: 'Planning the {year} intercultural neighbourhood festival in {quarter}',
    },
    text: {
      de: 'Termin, Ort, Programm und Aufgabenverteilung; Beschluss über einen Eigenanteil aus den Mitteln des Integrationsbeirats.',
      en: 'Date, venue, programme and who does what; decision on a contribution from the integration council’s funds.',
    },
    months: [2, 3, 4, 5],
  },
  {
    kind: 'decision',
    title: { de: 'Gemeinsames Fastenbrechen im Ramadan', en: 'Shared iftar during Ramadan' },
    text: {
      de: 'Einladung an Nachbarschaft, Vereine und Gemeinden aller Religionen; Ort und Zuständigkeiten.',
      en: 'Invitation to neighbours, clubs and faith communities of all religions; venue and responsibilities.',
    },
    months: [1, 2, 3],
  },
  {
    kind: 'decision',
    title: {
      de: 'Newroz-Fest am 21. März: Beteiligung des Integrationsbeirats',
      en: 'Newroz festival on 21 March: the integration council’s part',
    },
    months: [1, 2, 3],
  },
  {
    kind: 'decision',
    title: { de: 'Beteiligung an der Interkulturellen Woche {year}', en: 'Taking part in Intercultural Week {year}' },
    text: {
      de: 'Vorschläge für Veranstaltungen im Stadtbezirk Ende September.',
      en: 'Ideas for events in the district at the end of September.',
    },
    months: [5, 6, 9],
  },
  {
    kind: 'report',
    title: { de: 'Sprachcafé in {quarter}: Zwischenbilanz', en: 'Language café in {quarter}: progress so far' },
    text: {
      de: 'Jede Woche treffen sich Menschen, um Deutsch im Gespräch zu üben. Die Ehrenamtlichen berichten, was gut läuft und was fehlt.',
      en: 'Every week people meet to practise German in conversation. The volunteers report on what works well and what is missing.',
    },
  },
  {
    kind: 'report',
    title: {
      de: 'Vorstellung des Quartiersmanagements {quarter}',
      en: 'Introducing the neighbourhood management team in {quarter}',
    },
  },
  {
    kind: 'report',
    title: { de: 'Lesepatenschaften an der Grundschule {quarter}', en: 'Reading mentors at the primary school in {quarter}' },
    text: {
      de: 'Ein Schulprojekt stellt sich vor: Ehrenamtliche lesen mit Kindern, auch in den Sprachen ihrer Familien.',
      en: 'A school project introduces itself: volunteers read with children, including in the languages their families speak.',
    },
  },
  {
    kind: 'report',
    title: {
      de: 'Schulprojekt „Vielfalt macht Schule“: Schülerinnen und Schüler berichten',
      en: 'School project “Diversity at school”: pupils report on their work',
    },
  },
  {
    kind: 'report',
    title: {
      de: 'Arbeitsmarktintegration: Das Jobcenter stellt seine Angebote vor',
      en: 'Finding work: the Jobcenter presents its services',
    },
  },
  {
    kind: 'report',
    title: {
      de: 'Wohnsituation geflüchteter Familien im Stadtbezirk',
      en: 'Housing situation of refugee families in the district',
    },
    text: {
      de: 'Bericht der Sozialarbeit aus der Gemeinschaftsunterkunft und Möglichkeiten der Unterstützung durch Vereine.',
      en: 'Report by the social workers of the shared accommodation, and how local clubs can help.',
    },
  },
  {
    kind: 'decision',
    title: {
      de: 'Integrationspreis {district}: Ausschreibung und Jury',
      en: 'Integration prize for {district}: call for nominations and jury',
    },
    months: [9, 10, 11, 12],
  },
  {
    kind: 'decision',
    title: { de: 'Jahresbericht an den Stadtbezirksrat', en: 'Annual report to the district council' },
    text: {
      de: 'Entwurf des Berichts über die Arbeit der letzten zwölf Monate; er wird dem Stadtbezirksrat vorgelegt.',
      en: 'Draft report on the work of the past twelve months, to be presented to the district council.',
    },
    months: [10, 11, 12, 1],
  },
  {
    kind: 'decision',
    title: {
      de: 'Broschüre zum interreligiösen Dialog: Inhalt und Verteilung',
      en: 'Brochure on interreligious dialogue: contents and distribution',
    },
  },
  {
    kind: 'report',
    title: {
      de: 'Elterncafés und Sprachförderung in den Kitas des Stadtbezirks',
      en: 'Parents’ cafés and language support in the district’s day-care centres',
    },
  },
  {
    kind: 'discussion',
    title: {
      de: 'Mehrsprachige Informationen der Stadtverwaltung: Erfahrungen und Wünsche',
      en: 'Multilingual information from the city administration: experiences and wishes',
    },
  },
  {
    kind: 'report',
    title: { de: 'Vorstellung der Migrationsberatung', en: 'Introducing the migration advice service' },
    text: {
      de: 'Beratung für erwachsene Zugewanderte zu Sprache, Arbeit, Wohnen und Behördengängen.',
      en: 'Advice for adult immigrants on language, work, housing and dealing with the authorities.',
    },
  },
  {
    kind: 'decision',
    title: {
      de: 'Gewinnung neuer Mitglieder für den Integrationsbeirat',
      en: 'Recruiting new members for the integration council',
    },
  },
  {
    kind: 'report',
    title: {
      de: 'WIR2.0 – Migration und Teilhabe: Stand der Umsetzung im Stadtbezirk',
      en: 'WIR2.0 – Migration and Participation: progress in the district',
    },
  },
  {
    kind: 'discussion',
    title: { de: 'Treffpunkte für Jugendliche in {quarter}', en: 'Places for young people to meet in {quarter}' },
  },
  {
    kind: 'report',
    title: { de: 'Vorstellung der Antidiskriminierungsberatung', en: 'Introducing the anti-discrimination advice service' },
  },
  {
    kind: 'decision',
    title: {
      de: 'Sommerferienprogramm für Kinder: Beteiligung der Vereine',
      en: 'Summer holiday programme for children: getting local clubs involved',
    },
    months: [4, 5, 6],
  },
  {
    kind: 'report',
    title: { de: 'Rückblick auf das Stadtteilfest in {quarter}', en: 'Looking back on the neighbourhood festival in {quarter}' },
    months: [9, 10, 11],
  },
  {
    kind: 'decision',
    title: { de: 'Sitzungstermine für das kommende Jahr', en: 'Meeting dates for next year' },
    months: [10, 11, 12],
  },
];

export interface NonPublicTopicSpec {
  title: Bilingual;
  /** Adopted (unanimously) or merely noted when the meeting has been held. */
  result: 'adopted' | 'noted';
}

export const nonPublicTopics: readonly NonPublicTopicSpec[] = [
  { title: { de: 'Personalangelegenheiten', en: 'Personnel matters' }, result: 'noted' },
  {
    title: {
      de: 'Auswahl der Preisträgerinnen und Preisträger des Integrationspreises',
      en: 'Choosing the winners of the integration prize',
    },
    result: 'adopted',
  },
  {
    title: {
      de: 'Vorberatung eines Antrags mit personenbezogenen Daten',
      en: 'Preliminary discussion of an application containing personal data',
    },
    result: 'noted',
  },
];

export const cancellationNote: Bilingual = {
  de: 'Die Sitzung entfällt, weil der Sitzungsraum wegen Bauarbeiten nicht zur Verfügung steht. Die Tagesordnungspunkte werden in der nächsten Sitzung behandelt.',
  en: 'The meeting is cancelled because the meeting room is unavailable due to building work. The agenda items will be taken up at the next meeting.',
};

/** The council in which one upcoming meeting is cancelled (Südstadt-Bult). */
export const cancelledMeetingDistrictNumber = 7;

// ---------------------------------------------------------------------------------------------------
// Invented grants
// ---------------------------------------------------------------------------------------------------

export interface GrantProjectSpec {
  /** Placeholders: {quarter}, {district}. */
  recipient: string;
  recipientKind: RecipientKind;
  /** One-day events have the same start and end; courses run for a few months. */
  format: 'event' | 'course';
  /** A festival bound to a day of the year ('MM-DD'), e.g. Newroz on 21 March. */
  eventDate?: string;
  title: Bilingual;
  summary: Bilingual;
  /** From the proof of use; {n} is the number of people (or copies, nominations) reached. */
  outcome: Bilingual;
  /** The range {n} is drawn from; below 1,000 so that German and English write it the same way. */
  reach: readonly [number, number];
}

export const grantProjects: readonly GrantProjectSpec[] = [
  {
    recipient: 'Deutsch-Türkischer Kulturverein {quarter} e.V.',
    recipientKind: 'association',
    format: 'course',
    title: { de: 'Hausaufgabenhilfe für Grundschulkinder', en: 'Homework help for primary school children' },
    summary: {
      de: 'Zweimal pro Woche helfen ehrenamtliche Studierende Kindern der Klassen 1 bis 4 bei den Hausaufgaben; die Eltern werden zu einem Austausch eingeladen.',
      en: 'Twice a week, student volunteers help children in years 1 to 4 with their homework; parents are invited to regular get-togethers.',
    },
    outcome: {
      de: '{n} Kinder haben regelmäßig teilgenommen; drei Elternabende fanden mit Sprachmittlung statt.',
      en: '{n} children took part regularly; three parents’ evenings were held with interpreters.',
    },
    reach: [15, 40],
  },
  {
    recipient: 'Kurdisches Kulturzentrum {district} e.V.',
    recipientKind: 'association',
    format: 'event',
    eventDate: '03-21',
    title: { de: 'Newroz-Fest für die ganze Nachbarschaft', en: 'Newroz festival for the whole neighbourhood' },
    summary: {
      de: 'Ein öffentliches Frühlingsfest mit Musik, Tanz und Essen, zu dem ausdrücklich alle Nachbarinnen und Nachbarn eingeladen sind.',
      en: 'A public spring festival with music, dance and food, to which all neighbours are expressly invited.',
    },
    outcome: {
      de: 'Rund {n} Gäste feierten mit; viele kamen zum ersten Mal in Kontakt mit dem Verein.',
      en: 'Around {n} guests joined the celebration; many of them met the club for the first time.',
    },
    reach: [150, 500],
  },
  {
    recipient: 'Afrikanischer Elternverein {district} e.V.',
    recipientKind: 'association',
    format: 'course',
    title: { de: 'Elterncafé mit Sprachmittlung', en: 'Parents’ café with interpreters' },
    summary: {
      de: 'Monatliche Treffen für Eltern zu Schule, Kita und Ausbildung, mit Übersetzung ins Englische, Französische und Twi.',
      en: 'Monthly meetings for parents about school, day care and vocational training, with interpreting into English, French and Twi.',
    },
    outcome: {
      de: '{n} Eltern haben teilgenommen; zwei Schulen haben die Reihe in ihr eigenes Programm übernommen.',
      en: '{n} parents took part; two schools have added the series to their own programme.',
    },
    reach: [20, 60],
  },
  {
    recipient: 'SV Eintracht {quarter} e.V.',
    recipientKind: 'association',
    format: 'event',
    title: { de: 'Fußballturnier „Kicken ohne Grenzen“', en: 'Football tournament “Kicking without borders”' },
    summary: {
      de: 'Ein Turnier für gemischte Jugendteams aus Vereinen, Schulen und Unterkünften, mit Schiedsrichterinnen und Schiedsrichtern aus dem Stadtbezirk.',
      en: 'A tournament for mixed youth teams from clubs, schools and refugee accommodation, refereed by people from the district.',
    },
    outcome: {
      de: '{n} Jugendliche spielten in gemischten Teams; der Verein hat seitdem neue Mitglieder gewonnen.',
      en: '{n} young people played in mixed teams; the club has gained new members since.',
    },
    reach: [60, 160],
  },
  {
    recipient: 'Nachbarschaftsinitiative {quarter}',
    recipientKind: 'initiative',
    format: 'event',
    title: { de: 'Interkulturelles Straßenfest', en: 'Intercultural street party' },
    summary: {
      de: 'Nachbarinnen und Nachbarn gestalten gemeinsam ein Straßenfest mit Essen aus vielen Ländern, Kinderprogramm und Flohmarkt.',
      en: 'Neighbours organise a street party together, with food from many countries, activities for children and a flea market.',
    },
    outcome: {
      de: 'Etwa {n} Menschen kamen; die Initiative plant das Fest nun jedes Jahr.',
      en: 'About {n} people came; the initiative now plans to hold the party every year.',
    },
    reach: [150, 600],
  },
  {
    recipient: 'Frauentreff {quarter} e.V.',
    recipientKind: 'association',
    format: 'course',
    title: { de: 'Schwimmkurs für Frauen', en: 'Swimming course for women' },
    summary: {
      de: 'Ein Anfängerinnenkurs in einem Bad mit Frauenzeiten, mit Kinderbetreuung während des Kurses.',
      en: 'A beginners’ course at a pool with women-only sessions, with childcare during the lessons.',
    },
    outcome: {
      de: '{n} Frauen haben den Kurs abgeschlossen; die meisten können jetzt sicher schwimmen.',
      en: '{n} women completed the course; most of them can now swim safely.',
    },
    reach: [8, 16],
  },
  {
    recipient: 'Arabischer Kulturverein {district} e.V.',
    recipientKind: 'association',
    format: 'course',
    title: { de: 'Arabischkurs für Kinder und Familien', en: 'Arabic classes for children and families' },
    summary: {
      de: 'Samstagskurse in drei Niveaustufen, damit Kinder die Sprache ihrer Familien lesen und schreiben lernen.',
      en: 'Saturday classes at three levels, so that children learn to read and write the language their families speak.',
    },
    outcome: {
      de: '{n} Kinder haben an den Kursen teilgenommen; zum Abschluss gab es eine zweisprachige Lesung.',
      en: '{n} children attended the classes, which ended with a bilingual reading.',
    },
    reach: [30, 60],
  },
  {
    recipient: 'Deutsch-Polnische Gesellschaft {district} e.V.',
    recipientKind: 'association',
    format: 'event',
    title: { de: 'Polnisch-deutscher Liederabend', en: 'Polish-German song evening' },
    summary: {
      de: 'Ein Abend mit Chören und Solistinnen aus beiden Ländern; Texte liegen zweisprachig aus.',
      en: 'An evening with choirs and soloists from both countries, with all lyrics printed in both languages.',
    },
    outcome: {
      de: 'Rund {n} Gäste; zwei Chöre aus dem Stadtbezirk haben eine dauerhafte Zusammenarbeit vereinbart.',
      en: 'Around {n} guests; two choirs from the district have agreed to keep working together.',
    },
    reach: [80, 250],
  },
  {
    recipient: 'Vietnamesischer Kultur- und Sozialverein {district} e.V.',
    recipientKind: 'association',
    format: 'event',
    // The Mid-Autumn Festival moves with the lunar calendar; clubs celebrate on a weekend around it.
    eventDate: '09-27',
    title: { de: 'Mondfest für Familien', en: 'Mid-Autumn Festival for families' },
    summary: {
      de: 'Das traditionelle Mondfest mit Laternenumzug, Mondkuchen und Musik, offen für alle Familien im Stadtbezirk.',
      en: 'The traditional Mid-Autumn Festival with a lantern parade, mooncakes and music, open to every family in the district.',
    },
    outcome: {
      de: 'Etwa {n} Kinder und Eltern nahmen am Laternenumzug teil.',
      en: 'About {n} children and parents joined the lantern parade.',
    },
    reach: [80, 250],
  },
  {
    recipient: 'Ukrainische Initiative {district}',
    recipientKind: 'initiative',
    format: 'course',
    title: { de: 'Begegnungscafé für Geflüchtete aus der Ukraine', en: 'Meeting café for refugees from Ukraine' },
    summary: {
      de: 'Ein wöchentlicher Treffpunkt mit Beratung zu Behörden, Schule und Arbeit sowie Deutschübungen im Gespräch.',
      en: 'A weekly meeting place with advice on authorities, school and work, and conversation practice in German.',
    },
    outcome: {
      de: '{n} Menschen haben das Café besucht; viele wurden an Sprachkurse und Beratungsstellen weitervermittelt.',
      en: '{n} people visited the café; many were referred on to language courses and advice services.',
    },
    reach: [40, 150],
  },
  {
    recipient: 'Persischer Kulturkreis {district} e.V.',
    recipientKind: 'association',
    format: 'event',
    eventDate: '03-20',
    title: { de: 'Nouruz-Feier mit persischer Lyrik', en: 'Nowruz celebration with Persian poetry' },
    summary: {
      de: 'Ein Neujahrsfest mit einer zweisprachigen Lesung von Hafis und Rumi und einem gedeckten Haft-Sin-Tisch.',
      en: 'A New Year celebration with a bilingual reading of Hafez and Rumi and a traditional haft-sin table.',
    },
    outcome: {
      de: '{n} Gäste, darunter viele ohne persische Wurzeln; die Lesung wird im Stadtteilradio wiederholt.',
      en: '{n} guests, many of them without Persian roots; the reading is being rebroadcast on community radio.',
    },
    reach: [60, 150],
  },
  {
    recipient: 'Förderverein der Grundschule {quarter} e.V.',
    recipientKind: 'association',
    format: 'course',
    title: { de: 'Lesepatenschaften in mehreren Sprachen', en: 'Reading mentors in several languages' },
    summary: {
      de: 'Ehrenamtliche lesen wöchentlich mit Kindern, auf Deutsch und in den Sprachen der Familien; die Schule kauft dafür mehrsprachige Bücher.',
      en: 'Volunteers read with children every week, in German and in their families’ languages; the school buys multilingual books for it.',
    },
    outcome: {
      de: '{n} Kinder hatten eine feste Lesepatin oder einen festen Lesepaten; die Bücher bleiben in der Schulbibliothek.',
      en: '{n} children had a regular reading mentor; the books stay in the school library.',
    },
    reach: [15, 40],
  },
  {
    recipient: 'Jugendtreff {quarter}',
    recipientKind: 'initiative',
    format: 'course',
    title: { de: 'Graffiti-Workshop „Unser Stadtteil“', en: 'Graffiti workshop “Our neighbourhood”' },
    summary: {
      de: 'Jugendliche gestalten mit einem Künstler eine genehmigte Wand im Stadtteil zum Thema Herkunft und Zuhause.',
      en: 'Young people work with an artist on an approved wall in the neighbourhood on the theme of origins and home.',
    },
    outcome: {
      de: '{n} Jugendliche haben mitgemacht; die fertige Wand wurde mit einem Nachbarschaftsfest eingeweiht.',
      en: '{n} young people took part; the finished wall was unveiled with a neighbourhood party.',
    },
    reach: [8, 20],
  },
  {
    recipient: 'Integrationsbeirat {district}',
    recipientKind: 'council',
    format: 'course',
    title: { de: 'Broschüre zum interreligiösen Dialog', en: 'Brochure on interreligious dialogue' },
    summary: {
      de: 'Eigenes Projekt des Beirats: eine Broschüre, in der sich die Gemeinden im Stadtbezirk vorstellen, mit Kontakten und Festtagen.',
      en: 'The council’s own project: a brochure in which the district’s faith communities introduce themselves, with contacts and holidays.',
    },
    outcome: {
      de: '{n} Exemplare wurden gedruckt und in Schulen, Kitas und Gemeinden verteilt.',
      en: '{n} copies were printed and handed out in schools, day-care centres and faith communities.',
    },
    reach: [300, 900],
  },
  {
    recipient: 'Integrationsbeirat {district}',
    recipientKind: 'council',
    format: 'event',
    title: { de: 'Integrationspreis des Stadtbezirks', en: 'The district’s integration prize' },
    summary: {
      de: 'Eigenes Projekt des Beirats: Auszeichnung von Ehrenamtlichen, die sich für das Zusammenleben im Stadtbezirk einsetzen.',
      en: 'The council’s own project: an award for volunteers who work for good community relations in the district.',
    },
    outcome: {
      de: 'Aus {n} Vorschlägen wurden drei Preisträgerinnen und Preisträger ausgewählt und öffentlich geehrt.',
      en: 'Three winners were chosen from {n} nominations and honoured in public.',
    },
    reach: [12, 40],
  },
  {
    recipient: 'Ghanaisch-Deutscher Freundeskreis {district} e.V.',
    recipientKind: 'association',
    format: 'course',
    title: { de: 'Trommelworkshop für Kinder und Jugendliche', en: 'Drumming workshop for children and young people' },
    summary: {
      de: 'Ein Workshop über mehrere Wochenenden mit einem Auftritt beim Stadtteilfest zum Abschluss.',
      en: 'A workshop over several weekends, ending with a performance at the neighbourhood festival.',
    },
    outcome: {
      de: '{n} Kinder und Jugendliche haben getrommelt; der Auftritt beim Stadtteilfest war ein Höhepunkt.',
      en: '{n} children and young people learned to drum; their performance was a highlight of the festival.',
    },
    reach: [10, 30],
  },
  {
    recipient: 'Moscheegemeinde {quarter} e.V.',
    recipientKind: 'association',
    format: 'event',
    title: { de: 'Tag der offenen Moschee mit Nachbarschaftsfrühstück', en: 'Open mosque day with a neighbourhood breakfast' },
    summary: {
      de: 'Führungen, Gespräche und ein gemeinsames Frühstück, zu dem Kirchengemeinden und Nachbarschaft eingeladen werden.',
      en: 'Guided tours, conversations and a shared breakfast, with churches and neighbours invited.',
    },
    outcome: {
      de: 'Rund {n} Besucherinnen und Besucher; zwei Kirchengemeinden haben einen Gegenbesuch vereinbart.',
      en: 'Around {n} visitors; two churches have arranged a return visit.',
    },
    reach: [100, 300],
  },
  {
    recipient: 'Kulturverein der Deutschen aus Russland {district} e.V.',
    recipientKind: 'association',
    format: 'course',
    title: { de: 'Theaterprojekt „Angekommen?“', en: 'Theatre project “Have we arrived?”' },
    summary: {
      de: 'Spätaussiedlerinnen, Spätaussiedler und Jugendliche aus dem Stadtbezirk erarbeiten gemeinsam ein Stück über Ankommen und Heimat.',
      en: 'Ethnic German resettlers and young people from the district develop a play together about arriving and home.',
    },
    outcome: {
      de: 'Das Stück wurde zweimal vor insgesamt {n} Zuschauerinnen und Zuschauern aufgeführt.',
      en: 'The play was performed twice to a total audience of {n}.',
    },
    reach: [120, 300],
  },
  {
    recipient: 'Eritreische Gemeinschaft {district} e.V.',
    recipientKind: 'association',
    format: 'event',
    title: { de: 'Kaffeezeremonie als Nachbarschaftstreff', en: 'Coffee ceremony as a neighbourhood get-together' },
    summary: {
      de: 'Eine traditionelle Kaffeezeremonie im Stadtteiltreff als Anlass, sich kennenzulernen.',
      en: 'A traditional coffee ceremony at the community centre as an occasion to get to know each other.',
    },
    outcome: {
      de: '{n} Gäste aus der Nachbarschaft; das Treffen soll vierteljährlich stattfinden.',
      en: '{n} guests from the neighbourhood; the get-together is to be held every three months.',
    },
    reach: [30, 80],
  },
  {
    recipient: 'Mieterinitiative {quarter}',
    recipientKind: 'initiative',
    format: 'course',
    title: { de: 'Gemeinschaftsgarten im Innenhof', en: 'Community garden in the courtyard' },
    summary: {
      de: 'Hochbeete, Werkzeug und Saatgut für einen Garten, den Familien aus vielen Ländern gemeinsam bewirtschaften.',
      en: 'Raised beds, tools and seeds for a garden that families from many countries look after together.',
    },
    outcome: {
      de: '{n} Haushalte gärtnern mit; im Herbst gab es ein gemeinsames Erntefest.',
      en: '{n} households garden together; in the autumn they held a harvest party.',
    },
    reach: [8, 25],
  },
  {
    recipient: 'Stadtteilchor {quarter} e.V.',
    recipientKind: 'association',
    format: 'event',
    title: { de: 'Lieder aus aller Welt – Chorkonzert', en: 'Songs from around the world – a choir concert' },
    summary: {
      de: 'Ein Konzert mit Liedern in zehn Sprachen, eingeübt mit neuen Sängerinnen und Sängern aus dem Stadtbezirk.',
      en: 'A concert of songs in ten languages, rehearsed with new singers from the district.',
    },
    outcome: {
      de: 'Rund {n} Zuhörerinnen und Zuhörer; der Chor hat acht neue Mitglieder gewonnen.',
      en: 'Around {n} people came to listen; the choir has gained eight new members.',
    },
    reach: [100, 250],
  },
  {
    recipient: 'Bildungsverein Brücke {district} e.V.',
    recipientKind: 'association',
    format: 'course',
    title: { de: 'Bewerbungstraining für junge Geflüchtete', en: 'Job application training for young refugees' },
    summary: {
      de: 'Ein Kurs mit Lebenslauf, Anschreiben und Vorstellungsgespräch, mit Betrieben aus dem Stadtbezirk als Gästen.',
      en: 'A course on CVs, cover letters and interviews, with local employers as guests.',
    },
    outcome: {
      de: '{n} junge Menschen haben teilgenommen; mehrere haben einen Ausbildungsplatz gefunden.',
      en: '{n} young people took part; several of them have found an apprenticeship.',
    },
    reach: [10, 25],
  },
];

/** Agenda notes for the rarer grant outcomes. */
export const grantResultNotes = {
  deferred: {
    de: 'Vertagt: Der Kostenplan soll bis zur nächsten Sitzung nachgereicht werden.',
    en: 'Deferred: the cost plan is to be submitted before the next meeting.',
  },
  withdrawn: {
    de: 'Der Antrag wurde vor der Sitzung zurückgezogen.',
    en: 'The application was withdrawn before the meeting.',
  },
  rejected: {
    de: 'Nicht empfohlen: Das Projekt findet überwiegend außerhalb des Stadtbezirks statt.',
    en: 'Not recommended: the project mostly takes place outside the district.',
  },
} as const satisfies Record<string, Bilingual>;

/** Which invented grant gets the rare end: the district, how many years before now's year, which grant of that year. */
export const specialGrantOutcomes: readonly {
  districtNumber: number;
  yearsBefore: number;
  index: number;
  status: 'rejected' | 'withdrawn';
}[] = [
  { districtNumber: 3, yearsBefore: 1, index: 0, status: 'rejected' },
  { districtNumber: 5, yearsBefore: 1, index: 1, status: 'withdrawn' },
];

/** Councils that have an application in for their next meeting (status 'submitted'). */
export const districtsWithPendingApplication: readonly number[] = [2, 9, 13];
