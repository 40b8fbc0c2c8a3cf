import { asc, inArray } from 'drizzle-orm';
import type { Tx } from '../../audit/service.js';
import { sequential } from '../../infra/db/sequential.js';
import { bodies, districts, legislativeTerms } from '../../city/schema.js';
import { openDataLicense } from '../../grants/open-data.js';
import { locations } from '../../meetings/schema.js';
import { compact, Embed, type Draft } from '../draft.js';
import { bodyLists, type BodyListName, type OParlUrls } from '../urls.js';
import { vocabulary } from './vocabulary.js';

/** A city's own objects: the Body, its legislative terms, its district councils and its meeting places. */
export async function renderBodies(tx: Tx, ids: number[], urls: OParlUrls): Promise<Map<string, Draft[]>> {
  const result = new Map<string, Draft[]>();
  if (ids.length === 0) return result;
  const [bodyRows, termRows, districtRows, locationRows] = await sequential(
    () => tx.select().from(bodies).where(inArray(bodies.id, ids)),
    () => tx.select().from(legislativeTerms).where(inArray(legislativeTerms.bodyId, ids)).orderBy(asc(legislativeTerms.startDate), asc(legislativeTerms.id)),
    () => tx.select().from(districts).where(inArray(districts.bodyId, ids)).orderBy(asc(districts.number)),
    () => tx.select().from(locations).where(inArray(locations.bodyId, ids)).orderBy(asc(locations.id)),
  );
  for (const body of bodyRows) {
    const bodyKey = String(body.id);
    const bodyUrl = urls.object('Body', bodyKey);
    const drafts: Draft[] = [];
    const terms = termRows.filter((t) => t.bodyId === body.id);
    for (const term of terms) {
      drafts.push({
        type: 'LegislativeTerm',
        key: String(term.id),
        bodyKey,
        created: term.createdAt,
        fields: compact({ body: bodyUrl, name: term.name, startDate: term.startDate, endDate: term.endDate ?? undefined }),
      });
    }
    const lists = Object.fromEntries((Object.keys(bodyLists) as BodyListName[]).map((name) => [name, urls.bodyList(bodyKey, name)]));
    drafts.push({
      type: 'Body',
      key: bodyKey,
      bodyKey,
      created: body.createdAt,
      fields: compact(
        {
          system: urls.system(),
          shortName: body.shortName,
          name: body.name,
          website: body.website,
          license: openDataLicense.url,
          ags: body.municipalityKey,
          contactEmail: body.publisherEmail,
          contactName: body.publisherName.de,
          ...lists,
          legislativeTerm: terms.map((t) => new Embed('LegislativeTerm', String(t.id))),
          web: urls.web('/'),
        },
        ['legislativeTerm'],
      ),
    });
    for (const district of districtRows.filter((d) => d.bodyId === body.id)) {
      drafts.push({
        type: 'Organization',
        key: districtCouncilKey(district.id),
        bodyKey,
        created: district.createdAt,
        fields: compact({
          body: bodyUrl,
          name: vocabulary.districtCouncilName(district.name),
          organizationType: vocabulary.organizationType,
          classification: vocabulary.districtCouncilClassification,
        }),
      });
    }
    for (const place of locationRows.filter((l) => l.bodyId === body.id)) {
      drafts.push({
        type: 'Location',
        key: String(place.id),
        bodyKey,
        created: place.createdAt,
        fields: compact({
          description: [place.name, place.room, place.streetAddress, `${place.postalCode} ${place.locality}`].filter(Boolean).join(', '),
          streetAddress: place.streetAddress,
          room: place.room ?? undefined,
          postalCode: place.postalCode,
          locality: place.locality,
          bodies: [bodyUrl],
          keyword: place.isExample ? [vocabulary.exampleKeyword] : undefined,
        }),
      });
    }
    result.set(`body:${body.id}`, drafts);
  }
  return result;
}

/** The district council (Stadtbezirksrat) of a district: the body that decides on the councils' grants. */
export function districtCouncilKey(districtId: number): string {
  return `district-${districtId}`;
}

