import type { PropsWithChildren } from '@kitajs/html';
import type { Translator } from '../infra/i18n/translator.js';

/** Marks invented demo content so nobody mistakes it for the council's real data. */
export function ExampleBadge(props: { t: Translator; show: boolean }): JSX.Element {
  if (!props.show) return '';
  return (
    <span class="kern-badge kern-badge--info example-badge">
      <span class="kern-label">{props.t.html('demo.badge')}</span>
    </span>
  );
}

export function Alert(props: PropsWithChildren<{ kind: 'info' | 'warning' | 'success' | 'danger'; title: string; headingLevel?: 2 | 3 }>): JSX.Element {
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2';
  return (
    <div class={`kern-alert kern-alert--${props.kind}`} role="note">
      <div class="kern-alert__header">
        <span class={`kern-icon kern-icon--${props.kind === 'danger' ? 'danger' : props.kind}`} aria-hidden="true"></span>
        <Heading class="kern-title" safe>
          {props.title}
        </Heading>
      </div>
      <div class="kern-alert__body">{props.children}</div>
    </div>
  );
}

/** A <time> element: readable text for people, ISO 8601 for machines. */
export function Time(props: { value: Date; text: string }): JSX.Element {
  return (
    <time datetime={props.value.toISOString()} safe>
      {props.text}
    </time>
  );
}

/** A calendar date (YYYY-MM-DD) as <time>. */
export function DateText(props: { value: string; text: string }): JSX.Element {
  return (
    <time datetime={props.value} safe>
      {props.text}
    </time>
  );
}

export function DescriptionList(props: { items: Array<{ key: string; value: JSX.Element }> }): JSX.Element {
  return (
    <dl class="kern-description-list">
      {props.items.map(({ key, value: safeValue }) => (
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key" safe>
            {key}
          </dt>
          <dd class="kern-description-list-item__value">{safeValue}</dd>
        </div>
      ))}
    </dl>
  );
}
