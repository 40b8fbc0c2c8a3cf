/**
 * Values OParl expects in German whatever the reader's language: the standard's recommended terms
 * (organizationType, classification, meetingState) and the names of papers and roles as German
 * council information systems use them.
 */
export const vocabulary = {
  organizationType: 'Gremium',
  councilClassification: 'Beirat',
  districtCouncilClassification: 'Stadtbezirksrat',
  districtCouncilName: (district: string) => `Stadtbezirksrat ${district}`,
  meetingState: { planned: 'terminiert', invited: 'eingeladen', held: 'eingeladen', minutes_approved: 'durchgeführt' },
  paperType: { grantApplication: 'Zuwendungsantrag', decisionPaper: 'Beschlussdrucksache' },
  consultationRole: { recommendation: 'Empfehlung', decision: 'Entscheidung' },
  membershipRole: { member: 'Mitglied', advisory_member: 'Beratendes Mitglied', chair: 'Vorsitz', deputy_chair: 'Stellvertretender Vorsitz' },
  councilPosts: ['Vorsitz', 'Stellvertretender Vorsitz', 'Mitglied', 'Beratendes Mitglied'],
  /** Marks invented demo records, as the public pages mark them "Beispiel". */
  exampleKeyword: 'Beispiel',
} as const;
