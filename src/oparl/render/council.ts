import { and, asc, eq, isNotNull, ne } from 'drizzle-orm';
import type { Tx } from '../../audit/service.js';
import { sequential } from '../../infra/db/sequential.js';
import { councilGenitive } from '../../councils/service.js';
import { councilPath } from '../../councils/views.js';
import { councils } from '../../councils/schema.js';
import { documentPath } from '../../documents/routes.js';
import { documents } from '../../documents/schema.js';
import { decisionPapers, grants } from '../../grants/schema.js';
import { formatGrantNumber, isPublicGrantStatus } from '../../grants/service.js';
import { projectPath } from '../../grants/views.js';
import { translator, type MessageKey } from '../../infra/i18n/translator.js';
import { agendaItems, meetings } from '../../meetings/schema.js';
import { voteSummary } from '../../meetings/service.js';
import { meetingPath } from '../../meetings/views.js';
import { chairTerms, memberships } from '../../members/schema.js';
import { compact, date, dateTime, Embed, type Draft } from '../draft.js';
import type { OParlUrls } from '../urls.js';
import { districtCouncilKey } from './body.js';
import { chairMembershipKey } from './person.js';
import { vocabulary } from './vocabulary.js';

/**
 * Everything a council publishes: the council as Organization, its meetings with the public items
 * of published agendas, the public documents, and its grant applications and decision papers as
 * Papers with their consultations. What the public site does not show is not rendered: non-public
 * items and their files, agendas before the invitation, grants before they were public.
 */
export async function renderCouncils(tx: Tx, ids: number[], urls: OParlUrls): Promise<Map<string, Draft[]>> {
  const result = new Map<string, Draft[]>();
  for (const id of ids) result.set(`council:${id}`, await renderCouncil(tx, id, urls));
  return result;
}

/** OParl wording of an agenda result, from the site's German catalog. */
const german = translator('de');

async function renderCouncil(tx: Tx, councilId: number, urls: OParlUrls): Promise<Draft[]> {
  const [council] = await tx.select().from(councils).where(eq(councils.id, councilId));
  if (!council) return [];
  const bodyKey = String(council.bodyId);
  const bodyUrl = urls.object('Body', bodyKey);
  const councilKey = String(council.id);
  const councilUrl = urls.object('Organization', councilKey);
  const districtCouncilUrl = council.districtId === null ? undefined : urls.object('Organization', districtCouncilKey(council.districtId));

  const [meetingRows, itemRows, documentRows, grantRows, paperRows, seatRows, chairRows] = await sequential(
    () => tx.select().from(meetings).where(eq(meetings.councilId, councilId)).orderBy(asc(meetings.startsAt), asc(meetings.id)),
    // Items of agendas already sent out, public ones only: the rest never leaves the back office.
    () => tx
      .select({ item: agendaItems })
      .from(agendaItems)
      .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
      .where(and(eq(meetings.councilId, councilId), ne(meetings.state, 'planned'), eq(agendaItems.isPublic, true)))
      .orderBy(asc(agendaItems.meetingId), asc(agendaItems.position)),
    () => tx.select().from(documents).where(and(eq(documents.councilId, councilId), eq(documents.isPublic, true))).orderBy(asc(documents.id)),
    () => tx
      .select({
        id: grants.id,
        status: grants.status,
        year: grants.year,
        number: grants.number,
        title: grants.title,
        submittedAt: grants.submittedAt,
        recommendedOn: grants.recommendedOn,
        decidedOn: grants.decidedOn,
        decisionPaperNumber: grants.decisionPaperNumber,
        decisionPaperId: grants.decisionPaperId,
        isExample: grants.isExample,
        createdAt: grants.createdAt,
      })
      .from(grants)
      .where(and(eq(grants.councilId, councilId), ne(grants.status, 'draft')))
      .orderBy(asc(grants.id)),
    () => tx.select().from(decisionPapers).where(and(eq(decisionPapers.councilId, councilId), isNotNull(decisionPapers.decidedOn))).orderBy(asc(decisionPapers.id)),
    () => tx.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.councilId, councilId), eq(memberships.publicConsent, true))).orderBy(asc(memberships.startDate), asc(memberships.id)),
    () => tx.select({ id: chairTerms.id }).from(chairTerms).where(and(eq(chairTerms.councilId, councilId), eq(chairTerms.publicConsent, true))).orderBy(asc(chairTerms.startDate), asc(chairTerms.id)),
  );

  const items = itemRows.map((r) => r.item);
  const publicItemIds = new Set(items.map((i) => i.id));
  const meetingById = new Map(meetingRows.map((m) => [m.id, m]));
  // A grant application is public once it is on a published agenda, or once the district council approved it.
  const itemsByMeeting = groupBy(items, (i) => i.meetingId);
  const itemsByGrant = groupBy(items, (i) => i.grantId);
  const itemById = new Map(items.map((i) => [i.id, i]));
  const publicGrantIds = new Set(grantRows.filter((g) => isPublicGrantStatus(g.status) || itemsByGrant.has(g.id)).map((g) => g.id));
  const publicPaperIds = new Set(paperRows.map((p) => p.id));
  // A public file on a non-public item (or an item of an unpublished agenda) would reveal the item.
  const files = documentRows.filter((d) => (d.agendaItemId === null || publicItemIds.has(d.agendaItemId)) && (d.meetingId === null || meetingById.has(d.meetingId)));

  const drafts: Draft[] = [];
  const fileKey = (id: number) => String(id);
  const filesByItem = groupBy(files, (d) => d.agendaItemId);
  const filesByMeeting = groupBy(files.filter((d) => d.agendaItemId === null), (d) => d.meetingId);
  const filesByGrant = groupBy(files.filter((d) => d.meetingId === null), (d) => d.grantId);
  const embedFiles = (list: typeof files | undefined) => (list ?? []).map((d) => new Embed('File', fileKey(d.id)));
  const grantKey = (id: number) => `grant-${id}`;
  const paperKey = (id: number) => `decision-paper-${id}`;
  const recommendationKey = (itemId: number) => `recommendation-${itemId}`;
  const example = (flag: boolean) => (flag ? [vocabulary.exampleKeyword] : undefined);

  drafts.push({
    type: 'Organization',
    key: councilKey,
    bodyKey,
    created: council.createdAt,
    fields: compact({
      body: bodyUrl,
      name: council.name.de,
      shortName: council.shortName.de,
      membership: [...seatRows.map((m) => urls.object('Membership', String(m.id))), ...chairRows.map((c) => urls.object('Membership', chairMembershipKey(c.id)))],
      meeting: urls.organizationMeetings(councilKey),
      post: [...vocabulary.councilPosts],
      subOrganizationOf: districtCouncilUrl,
      organizationType: vocabulary.organizationType,
      classification: vocabulary.councilClassification,
      startDate: council.foundedOn ?? undefined,
      endDate: council.dissolvedOn ?? undefined,
      web: urls.web(councilPath(council.slug)),
    }),
  });

  for (const meeting of meetingRows) {
    const meetingKey = String(meeting.id);
    const meetingUrl = urls.object('Meeting', meetingKey);
    const own = itemsByMeeting.get(meeting.id) ?? [];
    const meetingFiles = filesByMeeting.get(meeting.id) ?? [];
    const invitation = meetingFiles.find((d) => d.kind === 'invitation');
    const minutes = meetingFiles.find((d) => d.kind === 'minutes');
    own.forEach((item, order) => {
      const vote = voteSummary(item);
      const voteText = vote ? (vote.kind === 'unanimous' ? german.t('meetings.vote.unanimous') : german.t('meetings.vote.counts', { yes: vote.yes, no: vote.no, abstain: vote.abstain })) : undefined;
      drafts.push({
        type: 'AgendaItem',
        key: String(item.id),
        bodyKey,
        created: item.createdAt,
        fields: compact({
          meeting: meetingUrl,
          number: item.number,
          order,
          name: item.title.de,
          public: true,
          consultation: item.grantId !== null && publicGrantIds.has(item.grantId) ? urls.object('Consultation', recommendationKey(item.id)) : undefined,
          result: item.result ? german.t(`meetings.outcome.${item.result}` as MessageKey) : undefined,
          resolutionText: [voteText, item.resultNote?.de].filter(Boolean).join('. ') || undefined,
          auxiliaryFile: embedFiles(filesByItem.get(item.id)),
          web: urls.web(`${meetingPath(council.slug, meeting.id)}#agenda`),
        }),
      });
    });
    drafts.push({
      type: 'Meeting',
      key: meetingKey,
      bodyKey,
      organizations: [councilKey],
      created: meeting.createdAt,
      fields: compact({
        name: meeting.title?.de ?? `Sitzung des ${councilGenitive(council.name.de, 'de')}`,
        meetingState: vocabulary.meetingState[meeting.state],
        cancelled: meeting.cancelled,
        start: dateTime(meeting.startsAt),
        end: meeting.endsAt ? dateTime(meeting.endsAt) : undefined,
        location: meeting.locationId === null ? undefined : new Embed('Location', String(meeting.locationId)),
        organization: [councilUrl],
        invitation: invitation ? new Embed('File', fileKey(invitation.id)) : undefined,
        resultsProtocol: minutes ? new Embed('File', fileKey(minutes.id)) : undefined,
        auxiliaryFile: embedFiles(meetingFiles.filter((d) => d !== invitation && d !== minutes)),
        agendaItem: own.map((i) => new Embed('AgendaItem', String(i.id))),
        keyword: example(meeting.isExample),
        web: urls.web(meetingPath(council.slug, meeting.id)),
      }),
    });
  }

  for (const file of files) {
    const item = file.agendaItemId === null ? undefined : itemById.get(file.agendaItemId);
    const accessUrl = urls.web(documentPath(council.slug, file.id, file.fileName));
    drafts.push({
      type: 'File',
      key: fileKey(file.id),
      bodyKey,
      created: file.createdAt,
      fields: compact({
        name: file.title.de,
        fileName: file.fileName,
        mimeType: file.mimeType,
        date: date(file.createdAt),
        size: file.sizeBytes,
        sha512Checksum: file.sha512,
        accessUrl,
        downloadUrl: `${accessUrl}?download`,
        meeting: file.meetingId === null ? undefined : [urls.object('Meeting', String(file.meetingId))],
        agendaItem: item ? [urls.object('AgendaItem', String(item.id))] : undefined,
        paper: file.grantId !== null && publicGrantIds.has(file.grantId) ? [urls.object('Paper', grantKey(file.grantId))] : undefined,
      }),
    });
  }

  const authoritative = council.voteEffect === 'decision';
  for (const grant of grantRows.filter((g) => publicGrantIds.has(g.id))) {
    const key = grantKey(grant.id);
    const paperUrl = urls.object('Paper', key);
    const consultations: Embed[] = [];
    for (const item of itemsByGrant.get(grant.id) ?? []) {
      consultations.push(new Embed('Consultation', recommendationKey(item.id)));
      drafts.push({
        type: 'Consultation',
        key: recommendationKey(item.id),
        bodyKey,
        created: item.createdAt,
        fields: compact({
          paper: paperUrl,
          agendaItem: urls.object('AgendaItem', String(item.id)),
          meeting: urls.object('Meeting', String(item.meetingId)),
          organization: [councilUrl],
          authoritative,
          role: authoritative ? vocabulary.consultationRole.decision : vocabulary.consultationRole.recommendation,
        }),
      });
    }
    // The district council decides; its meeting is in its own system, so the consultation names only the body.
    const decided = grant.decidedOn !== null || grant.decisionPaperNumber !== null || isPublicGrantStatus(grant.status) || grant.status === 'rejected';
    if (decided && districtCouncilUrl) {
      const decisionKey = `decision-grant-${grant.id}`;
      consultations.push(new Embed('Consultation', decisionKey));
      drafts.push({
        type: 'Consultation',
        key: decisionKey,
        bodyKey,
        created: grant.createdAt,
        fields: compact({ paper: paperUrl, organization: [districtCouncilUrl], authoritative: true, role: vocabulary.consultationRole.decision }),
      });
    }
    drafts.push({
      type: 'Paper',
      key,
      bodyKey,
      created: grant.createdAt,
      fields: compact({
        body: bodyUrl,
        name: grant.title.de,
        reference: formatGrantNumber(grant.year, grant.number),
        // The day it was submitted (or, for records taken over from paper files, recommended); unknown is left out.
        date: grant.submittedAt ? date(grant.submittedAt) : (grant.recommendedOn ?? undefined),
        paperType: vocabulary.paperType.grantApplication,
        relatedPaper: grant.decisionPaperId !== null && publicPaperIds.has(grant.decisionPaperId) ? [urls.object('Paper', paperKey(grant.decisionPaperId))] : undefined,
        auxiliaryFile: embedFiles(filesByGrant.get(grant.id)),
        underDirectionOf: [councilUrl],
        consultation: consultations,
        keyword: example(grant.isExample),
        web: isPublicGrantStatus(grant.status) ? urls.web(projectPath(council.slug, grant.id)) : undefined,
      }),
    });
  }

  for (const paper of paperRows) {
    const key = paperKey(paper.id);
    const paperUrl = urls.object('Paper', key);
    const consultationKey = `decision-paper-${paper.id}`;
    if (districtCouncilUrl) {
      drafts.push({
        type: 'Consultation',
        key: consultationKey,
        bodyKey,
        created: paper.createdAt,
        fields: compact({ paper: paperUrl, organization: [districtCouncilUrl], authoritative: true, role: vocabulary.consultationRole.decision }),
      });
    }
    drafts.push({
      type: 'Paper',
      key,
      bodyKey,
      created: paper.createdAt,
      fields: compact({
        body: bodyUrl,
        name: paper.title,
        reference: paper.paperNumber ?? undefined,
        date: paper.decidedOn ?? date(paper.createdAt),
        paperType: vocabulary.paperType.decisionPaper,
        relatedPaper: grantRows.filter((g) => g.decisionPaperId === paper.id && publicGrantIds.has(g.id)).map((g) => urls.object('Paper', grantKey(g.id))),
        originatorOrganization: [councilUrl],
        consultation: districtCouncilUrl ? [new Embed('Consultation', consultationKey)] : undefined,
      }),
    });
  }
  return drafts;
}

/** Rows by a key, keeping their order; rows without the key (null) are left out. */
function groupBy<T, K>(rows: readonly T[], key: (row: T) => K | null): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === null) continue;
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
