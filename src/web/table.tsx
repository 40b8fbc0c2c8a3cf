import type { PropsWithChildren } from '@kitajs/html';

export interface Column {
  label: string;
  numeric?: boolean;
  /** Shown to screen readers only (e.g. the header of an actions column). */
  hidden?: boolean;
}

/**
 * A KERN table in a scroll box that keyboard users can reach and scroll (hence tabindex and a
 * named region), with a caption and column headers. Rows are passed as children.
 */
export function DataTable(props: PropsWithChildren<{ label: string; columns: readonly Column[]; class?: string; visibleCaption?: boolean; footer?: JSX.Element }>): JSX.Element {
  const safeFooter = props.footer ?? '';
  return (
    <div class="kern-table-responsive" tabindex="0" role="region" aria-label={props.label}>
      <table class={props.class ? `kern-table ${props.class}` : 'kern-table'}>
        <caption class={props.visibleCaption ? 'kern-title' : 'kern-sr-only'} safe>
          {props.label}
        </caption>
        <thead class="kern-table__header">
          <tr>
            {props.columns.map((c) => (
              <th scope="col" class={c.numeric ? 'kern-table__header--numeric' : undefined}>
                {c.hidden ? (
                  <span class="kern-sr-only" safe>
                    {c.label}
                  </span>
                ) : (
                  <span safe>{c.label}</span>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="kern-table__body">{props.children}</tbody>
        {safeFooter}
      </table>
    </div>
  );
}
