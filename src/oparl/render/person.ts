import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../audit/service.js';
import { sequential } from '../../infra/db/sequential.js';
import { chairTerms, memberships, people } from '../../members/schema.js';
import { compact, Embed, type Draft } from '../draft.js';
import type { OParlUrls } from '../urls.js';
import { vocabulary } from './vocabulary.js';

/**
 * A person is published only with consent: through the seats (and chair terms) whose holder agreed
 * to be named. Nothing else about the person leaves Beirat: no contact data, no seat category (a seat
 * "with migration background" would tell about the person's origin).
 */
export async function renderPersons(tx: Tx, ids: number[], urls: OParlUrls): Promise<Map<string, Draft[]>> {
  const result = new Map<string, Draft[]>(ids.map((id) => [`person:${id}`, []]));
  if (ids.length === 0) return result;
  const [personRows, seatRows, chairRows] = await sequential(
    () => tx.select().from(people).where(inArray(people.id, ids)),
    () => tx.select().from(memberships).where(and(inArray(memberships.personId, ids), eq(memberships.publicConsent, true))).orderBy(asc(memberships.startDate), asc(memberships.id)),
    () => tx.select().from(chairTerms).where(and(inArray(chairTerms.personId, ids), eq(chairTerms.publicConsent, true))).orderBy(asc(chairTerms.startDate), asc(chairTerms.id)),
  );
  for (const person of personRows) {
    const seats = seatRows.filter((m) => m.personId === person.id);
    const chairs = chairRows.filter((c) => c.personId === person.id);
    if (seats.length === 0 && chairs.length === 0) continue;
    const bodyKey = String(person.bodyId);
    const personUrl = urls.object('Person', String(person.id));
    const drafts: Draft[] = [];
    for (const seat of seats) {
      drafts.push({
        type: 'Membership',
        key: String(seat.id),
        bodyKey,
        created: seat.createdAt,
        fields: compact({
          person: personUrl,
          organization: urls.object('Organization', String(seat.councilId)),
          role: vocabulary.membershipRole[seat.role],
          votingRight: seat.votingRight,
          startDate: seat.startDate,
          endDate: seat.endDate ?? undefined,
        }),
      });
    }
    for (const chair of chairs) {
      drafts.push({
        type: 'Membership',
        key: chairMembershipKey(chair.id),
        bodyKey,
        created: chair.createdAt,
        fields: compact({
          person: personUrl,
          organization: urls.object('Organization', String(chair.councilId)),
          role: vocabulary.membershipRole[chair.role],
          startDate: chair.startDate,
          endDate: chair.endDate ?? undefined,
        }),
      });
    }
    drafts.push({
      type: 'Person',
      key: String(person.id),
      bodyKey,
      created: person.createdAt,
      fields: compact({
        body: urls.object('Body', bodyKey),
        name: `${person.givenName} ${person.familyName}`,
        familyName: person.familyName,
        givenName: person.givenName,
        formOfAddress: person.formOfAddress ?? undefined,
        membership: drafts.map((d) => new Embed('Membership', d.key)),
        keyword: person.isExample ? [vocabulary.exampleKeyword] : undefined,
      }),
    });
    result.set(`person:${person.id}`, drafts);
  }
  return result;
}

/** Chair terms are memberships with the role "Vorsitz"; their keys keep them apart from seats. */
export function chairMembershipKey(chairTermId: number): string {
  return `chair-${chairTermId}`;
}
