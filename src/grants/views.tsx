import { councilPath } from '../councils/views.js';
import type { Translator } from '../infra/i18n/translator.js';
import { ExampleBadge } from '../web/components.js';
import type { Grant } from './repository.js';
import { formatGrantNumber, fundedAmountCents } from './service.js';

export function projectPath(slug: string, id: number): string {
  return councilPath(slug, `/projekte/${id}`);
}

export function ProjectTable(props: { t: Translator; slug: string; grants: Grant[]; caption: string; showYear?: boolean; totalCents?: number }): JSX.Element {
  const { t } = props;
  return (
    <div class="kern-table-responsive" tabindex="0" role="region" aria-label={props.caption}>
      <table class="kern-table">
        <caption class="kern-sr-only" safe>
          {props.caption}
        </caption>
        <thead class="kern-table__header">
          <tr>
            <th scope="col">{t.html('projects.project')}</th>
            <th scope="col">{t.html('projects.recipient')}</th>
            {props.showYear ? <th scope="col">{t.html('projects.year')}</th> : ''}
            <th scope="col" class="kern-table__header--numeric">
              {t.html('projects.amount')}
            </th>
          </tr>
        </thead>
        <tbody class="kern-table__body">
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
        </tbody>
        {props.totalCents !== undefined ? (
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
        ) : (
          ''
        )}
      </table>
    </div>
  );
}
