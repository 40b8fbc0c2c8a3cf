import { findBody } from '../city/repository.js';
import { NotFoundError } from '../web/http-errors.js';
import { tagCouncil } from '../web/page-cache.js';
import type { PageContext } from '../web/pages.js';
import { findCouncilBySlug } from './repository.js';
import type { CouncilPageHeader } from './views.js';

/** The city and the council a council page belongs to; an unknown slug is the 404 page. */
export async function loadCouncilContext(ctx: PageContext, slug: string): Promise<{ bodyName: string; header: CouncilPageHeader }> {
  const [body, row] = await Promise.all([findBody(ctx.db), findCouncilBySlug(ctx.db, slug)]);
  if (!body || !row) throw new NotFoundError(`No council ${slug}`);
  tagCouncil(ctx.request, row.council.id);
  return { bodyName: body.name, header: { council: row.council, districtName: row.districtName, districtNumber: row.districtNumber } };
}
