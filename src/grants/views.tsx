import { councilPath } from '../councils/views.js';
import type { Translator } from '../infra/i18n/translator.js';
import { ExampleBadge } from '../web/components.js';
import { DataTable } from '../web/table.js';
import type { Grant } from './repository.js';
import { formatGrantNumber, fundedAmountCents } from './service.js';

export function projectPath(slug: string, id: number): string {
  return councilPath(slug, `/projekte/${id}`);
}

export function ProjectTable(props: { t: Translator; slug: string; grants: Grant[]; caption: string; showYear?: boolean; totalCents?: number }): JSX.Element {
  const { t } = props;
  return (
    <DataTable
      label={props.caption}
      columns={[
        { label: t.t('projects.project') },
        { label: t.t('projects.recipient') },
        ...(props.showYear ? [{ label: t.t('projects.year') }] : []),
        { label: t.t('projects.amount'), numeric: true },
      ]}
      footer={
        props.totalCents !== undefined ? (
          <tfoot class="kern-table__footer">
            <tr>
              <th scope="row" class="kern-table__cell" colspan={props.showYear ? '3' : '2'}>
                {t.html('projects.total')}
              </th>
              <td class="kern-table__cell kern-table__cell--numeric" safe>
                {t.fmt.money(props.totalCents)}
              </td>
            </tr>
          </tfoot>
        ) : undefined
      }
    >
      {props.grants.map((g) => (
        <tr>
          <th scope="row" class="kern-table__cell">
            <a class="kern-link" href={t.href(projectPath(props.slug, g.id))} safe>
              {t.text(g.title)}
            </a>{' '}
            <span class="grant-number" safe>
              {formatGrantNumber(g.year, g.number)}
            </span>
            <ExampleBadge t={t} show={g.isExample} />
          </th>
          <td class="kern-table__cell" safe>
            {g.recipientName}
          </td>
          {props.showYear ? <td class="kern-table__cell">{g.year}</td> : ''}
          <td class="kern-table__cell kern-table__cell--numeric" safe>
            {t.fmt.money(fundedAmountCents(g))}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
