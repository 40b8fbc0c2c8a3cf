/**
 * OParl 1.1 object types and the URLs Beirat gives them. An object's id is its canonical absolute
 * URL under BASE_URL: `/oparl/v1.1/<type>/<key>`. Keys are the row ids of Beirat's own records,
 * with a prefix where one type is made from several kinds of record ('district-3' for a district
 * council, 'grant-12' and 'decision-paper-4' for papers, 'imported-815' for imported objects).
 */

export const oparlTypes = [
  'System',
  'Body',
  'LegislativeTerm',
  'Organization',
  'Person',
  'Membership',
  'Meeting',
  'AgendaItem',
  'Paper',
  'Consultation',
  'File',
  'Location',
] as const;
export type OParlType = (typeof oparlTypes)[number];

export const apiPath = '/oparl/v1.1';
export const typeNamespace = 'https://schema.oparl.org/1.1/';
export const oparlVersion = 'https://schema.oparl.org/1.1/';

export function typeUrl(type: OParlType): string {
  return `${typeNamespace}${type}`;
}

/** The path segment of each type: lower case, as OParl's own examples write them. */
const segments: Record<Exclude<OParlType, 'System'>, string> = {
  Body: 'body',
  LegislativeTerm: 'legislativeterm',
  Organization: 'organization',
  Person: 'person',
  Membership: 'membership',
  Meeting: 'meeting',
  AgendaItem: 'agendaitem',
  Paper: 'paper',
  Consultation: 'consultation',
  File: 'file',
  Location: 'location',
};

export function typeOfSegment(segment: string): Exclude<OParlType, 'System' | 'Body'> | undefined {
  const found = Object.entries(segments).find(([, s]) => s === segment)?.[0] as Exclude<OParlType, 'System'> | undefined;
  return found === 'Body' ? undefined : found;
}

/** The external lists of a Body, by their attribute name, with their path segment and the type they hold. */
export const bodyLists = {
  organization: { segment: 'organization', type: 'Organization' },
  person: { segment: 'person', type: 'Person' },
  meeting: { segment: 'meeting', type: 'Meeting' },
  paper: { segment: 'paper', type: 'Paper' },
  agendaItem: { segment: 'agendaitem', type: 'AgendaItem' },
  consultation: { segment: 'consultation', type: 'Consultation' },
  file: { segment: 'file', type: 'File' },
  locationList: { segment: 'location', type: 'Location' },
  legislativeTermList: { segment: 'legislativeterm', type: 'LegislativeTerm' },
  membership: { segment: 'membership', type: 'Membership' },
} as const satisfies Record<string, { segment: string; type: OParlType }>;
export type BodyListName = keyof typeof bodyLists;

export function bodyListOfSegment(segment: string): (typeof bodyLists)[BodyListName] | undefined {
  return Object.values(bodyLists).find((l) => l.segment === segment);
}

/** Builds the URLs of one installation. */
export class OParlUrls {
  readonly root: string;
  constructor(readonly baseUrl: string) {
    this.root = `${baseUrl}${apiPath}`;
  }

  system(): string {
    return `${this.root}/system`;
  }

  bodies(): string {
    return `${this.root}/body`;
  }

  object(type: Exclude<OParlType, 'System'>, key: string | number): string {
    return `${this.root}/${segments[type]}/${key}`;
  }

  bodyList(bodyKey: string | number, list: BodyListName): string {
    return `${this.root}/body/${bodyKey}/${bodyLists[list].segment}`;
  }

  organizationMeetings(organizationKey: string | number): string {
    return `${this.root}/organization/${organizationKey}/meeting`;
  }

  /** A page of Beirat's public site, for `web`. */
  web(path: string): string {
    return `${this.baseUrl}${path}`;
  }
}
