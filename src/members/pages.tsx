import { loadCouncilContext } from '../councils/load.js';
import { listSeatCategories } from '../councils/repository.js';
import { CouncilLayout, ExampleNotice } from '../councils/views.js';
import { berlinDate } from '../infra/time.js';
import { DateText, ExampleBadge } from '../web/components.js';
import type { PageContext } from '../web/pages.js';
import { DataTable } from '../web/table.js';
import { listChairTerms, listMembershipsOn } from './repository.js';
import { chairHistory, displayName, splitByConsent } from './service.js';

export async function membersPage(ctx: PageContext, slug: string): Promise<string> {
  const { t, db, now } = ctx;
  const { bodyName, header } = await loadCouncilContext(ctx, slug);
  const council = header.council;
  const today = berlinDate(now);
  const [categories, members, chairs] = await Promise.all([listSeatCategories(db, council.id), listMembershipsOn(db, council.id, today), listChairTerms(db, council.id)]);
  const { named, unnamedByCategory, unnamedCount } = splitByConsent(members);
  const history = chairHistory(chairs, today);
  const roleOf = (personId: number) =>
    history.chair?.person.id === personId ? t.t('chair.role.chair') : history.deputies.some((d) => d.person.id === personId) ? t.t('chair.role.deputy_chair') : '';

  return (
    <CouncilLayout ctx={ctx} bodyName={bodyName} header={header} section="members" title={t.t('members.title')}>
      <ExampleNotice t={t} show={members.some((m) => m.person.isExample)} />
      <p class="kern-body">{t.pluralHtml('members.summary', members.length)}</p>
      {unnamedCount > 0 ? <p class="kern-body">{t.html('members.consentNote')}</p> : ''}
      {categories.map((category) => {
        const inCategory = named.filter((m) => m.seatCategoryId === category.id);
        const unnamed = unnamedByCategory.get(category.id) ?? 0;
        const headingId = `category-${category.id}`;
        return (
          <section>
            <h2 id={headingId} class="kern-heading-medium" safe>
              {t.text(category.name)}
            </h2>
            {inCategory.length > 0 ? (
              <DataTable
                label={t.text(category.name)}
                columns={[{ label: t.t('members.name') }, { label: t.t('members.role') }, { label: t.t('members.since') }]}
              >
                {inCategory.map((m) => (
                  <tr>
                    <th scope="row" class="kern-table__cell">
                      <span safe>{displayName(m.person)}</span> <ExampleBadge t={t} show={m.person.isExample} />
                    </th>
                    <td class="kern-table__cell" safe>
                      {roleOf(m.person.id) || (m.votingRight ? t.t('members.voting') : t.t('members.advisory'))}
                    </td>
                    <td class="kern-table__cell">
                      <DateText value={m.startDate} text={t.fmt.dateShort(m.startDate)} />
                    </td>
                  </tr>
                ))}
              </DataTable>
            ) : (
              ''
            )}
            {unnamed > 0 ? <p class="kern-body kern-body--muted">{t.pluralHtml('members.unnamed', unnamed)}</p> : ''}
            {inCategory.length === 0 && unnamed === 0 ? <p class="kern-body">{t.html('members.noneInCategory')}</p> : ''}
          </section>
        );
      })}
    </CouncilLayout>
  );
}
