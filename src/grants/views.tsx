import { councilGenitive } from '../councils/service.js';
import { councilPath } from '../councils/views.js';
import type { MessageKey, Translator } from '../infra/i18n/translator.js';
import { ExampleBadge } from '../web/components.js';
import { DataTable } from '../web/table.js';
import { isCoFunded, type FundingSource, type Grant, type PublicGrant } from './repository.js';
import { formatGrantNumber, fundedAmountCents, type GrantStatus } from './service.js';

export function projectPath(slug: string, id: number): string {
  return councilPath(slug, `/projekte/${id}`);
}

/** The recipient as published: a private person's name is personal data and stays in the office. */
export function publicRecipient(t: Translator, grant: Pick<Grant, 'recipientKind' | 'recipientName'>): string {
  return grant.recipientKind === 'person' ? t.t('transparency.privatePerson') : grant.recipientName;
}

export function statusText(t: Translator, status: GrantStatus): string {
  return t.t(`projects.status.${status}` as MessageKey);
}

/** What the project did: published once the proof of use is in. */
export function publicOutcome(grant: Pick<Grant, 'status' | 'outcome'>): Grant['outcome'] {
  return grant.outcome && (grant.status === 'proof_received' || grant.status === 'closed') ? grant.outcome : null;
}

/** Whose money, in the genitive after "aus Mitteln des …": "Stadtbezirksrats Mitte", "Integrationsbeirats Linden-Limmer". */
export function sourceName(t: Translator, source: FundingSource): string {
  return source.kind === 'district_council' ? t.t('transparency.source.district_council', { district: t.text(source.councilShortName) }) : councilGenitive(t.text(source.councilName), t.locale);
}

/** "davon 1.000,00 € aus Mitteln des Stadtbezirksrats Linden-Limmer", one line per source, when co-funded. */
export function FundingSources(props: { t: Translator; grant: Pick<Grant, 'councilId'>; sources: FundingSource[] | undefined }): JSX.Element {
  const { t, sources } = props;
  if (!sources || !isCoFunded(props.grant.councilId, sources)) return '';
  return (
    <ul class="kern-list funding-sources">
      {sources.map((s) => (
        <li class="kern-body kern-body--small" safe>
          {t.t('transparency.source.share', { amount: t.fmt.money(s.amountCents), source: sourceName(t, s) })}
        </li>
      ))}
    </ul>
  );
}

export function ProjectTable(props: { t: Translator; slug: string; grants: PublicGrant[]; caption: string; showYear?: boolean; totalCents?: number; sources?: Map<number, FundingSource[]> }): JSX.Element {
  const { t } = props;
  return (
    <DataTable
      label={props.caption}
      columns={[
        { label: t.t('projects.project') },
        { label: t.t('projects.recipient') },
        ...(props.showYear ? [{ label: t.t('projects.year') }] : []),
        { label: t.t('projects.status') },
        { label: t.t('projects.amount'), numeric: true },
      ]}
      footer={
        props.totalCents !== undefined ? (
          <tfoot class="kern-table__footer">
            <tr>
              <th scope="row" class="kern-table__cell" colspan={props.showYear ? '4' : '3'}>
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
      {props.grants.map((g) => {
        const outcome = publicOutcome(g);
        const said = outcome ? t.textWithLang(outcome) : undefined;
        return (
          <tr>
            <th scope="row" class="kern-table__cell">
              <a class="kern-link" href={t.href(projectPath(props.slug, g.id))} safe>
                {t.text(g.title)}
              </a>{' '}
              <span class="grant-number" safe>
                {formatGrantNumber(g.year, g.number)}
              </span>
              <ExampleBadge t={t} show={g.isExample} />
              {said ? (
                <p class="kern-body kern-body--small project-outcome">
                  <span>{t.html('transparency.outcome')}</span>
                  {': '}
                  <span lang={said.lang} safe>
                    {said.value}
                  </span>
                </p>
              ) : (
                ''
              )}
            </th>
            <td class="kern-table__cell" safe>
              {publicRecipient(t, g)}
            </td>
            {props.showYear ? <td class="kern-table__cell">{g.year}</td> : ''}
            <td class="kern-table__cell" safe>
              {statusText(t, g.status)}
            </td>
            <td class="kern-table__cell kern-table__cell--numeric">
              <span safe>{t.fmt.money(fundedAmountCents(g))}</span>
              <FundingSources t={t} grant={g} sources={props.sources?.get(g.id)} />
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
