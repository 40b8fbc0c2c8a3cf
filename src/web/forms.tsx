import type { PropsWithChildren } from '@kitajs/html';
import type { z } from 'zod';
import { catalogs, type MessageKey, type Translator } from '../infra/i18n/translator.js';

/**
 * Form building blocks in KERN markup. A form is rendered from its state: the values as typed (kept
 * after an error, so nothing is lost) and one translated message per field in error, linked to the
 * field with aria-describedby and listed in a summary at the top.
 */
export type FormValues = Record<string, string | string[] | undefined>;
export type FieldErrors = Partial<Record<string, string>>;

export interface FormState {
  values: FormValues;
  errors: FieldErrors;
}

export const emptyForm = (values: FormValues = {}): FormState => ({ values, errors: {} });

const fieldId = (name: string) => `field-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

/** Turns zod issues into one message per field in the reader's language. */
export function fieldErrors(t: Translator, error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const name = String(issue.path[0] ?? '_form');
    if (errors[name]) continue;
    errors[name] = issueMessage(t, issue);
  }
  return errors;
}

function issueMessage(t: Translator, issue: z.core.$ZodIssue): string {
  // A schema may name its own message by key (e.g. 'users.councilRequired').
  if (issue.message && issue.message in catalogs.de) return t.t(issue.message as MessageKey);
  switch (issue.code) {
    case 'invalid_type':
      return t.t('form.error.required');
    case 'too_small':
      return Number(issue.minimum) <= 1 && issue.origin === 'string' ? t.t('form.error.required') : t.t(issue.origin === 'string' ? 'form.error.tooShort' : 'form.error.tooSmall', { min: String(issue.minimum) });
    case 'too_big':
      return t.t(issue.origin === 'string' ? 'form.error.tooLong' : 'form.error.tooBig', { max: String(issue.maximum) });
    case 'invalid_format':
      return issue.format === 'email' ? t.t('form.error.email') : t.t('form.error.invalid');
    case 'invalid_value':
      return t.t('form.error.choose');
    default:
      return t.t('form.error.invalid');
  }
}

/** Reads a urlencoded body into form values: repeated fields become lists. */
export function formValues(body: unknown): FormValues {
  if (!body || typeof body !== 'object') return {};
  const values: FormValues = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf') continue;
    if (Array.isArray(value)) values[key] = value.map(String);
    else if (value !== undefined && value !== null) values[key] = String(value);
  }
  return values;
}

const single = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
const multiple = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]);

/** A form; POST forms carry the CSRF token, GET forms (filters) need none. */
export function Form(props: PropsWithChildren<{ action: string; csrfToken?: string; method?: 'post' | 'get'; multipart?: boolean; class?: string; label?: string }>): JSX.Element {
  return (
    <form
      action={props.action}
      method={props.method ?? 'post'}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
      class={props.class ?? 'kern-stack form'}
      novalidate
      aria-label={props.label}
    >
      {props.method === 'get' ? '' : <input type="hidden" name="_csrf" value={props.csrfToken ?? ''} />}
      {props.children}
    </form>
  );
}

/** The list of problems at the top of a form, each a link to its field. */
export function ErrorSummary(props: { t: Translator; errors: FieldErrors; labels: Record<string, string> }): JSX.Element {
  const entries = Object.entries(props.errors).filter((e): e is [string, string] => e[1] !== undefined);
  if (entries.length === 0) return '';
  return (
    <div class="kern-alert kern-alert--danger error-summary" role="alert" tabindex="-1" id="error-summary">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
        <h2 class="kern-title">{props.t.html('form.errorSummary')}</h2>
      </div>
      <div class="kern-alert__body">
        <ul class="kern-list">
          {entries.map(([name, message]) => (
            <li>
              <a class="kern-link" href={name === '_form' ? '#error-summary' : `#${fieldId(name)}`} safe>
                {props.labels[name] ? `${props.labels[name]}: ${message}` : message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/**
 * A problem with the whole form rather than one field (a refused sign-in, a rule the request broke),
 * above the form. role="alert" has it read out as soon as the page shows it.
 */
export function FormError(props: { message: string | undefined; id?: string }): JSX.Element {
  if (!props.message) return '';
  return (
    <div class="kern-alert kern-alert--danger" role="alert" id={props.id}>
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
        <p class="kern-title" safe>
          {props.message}
        </p>
      </div>
    </div>
  );
}

interface FieldProps {
  t: Translator;
  name: string;
  label: string;
  form: FormState;
  hint?: string;
  optional?: boolean;
  autocomplete?: string;
  /** Read out but not shown, where a table's column header already says it on screen. */
  labelHidden?: boolean;
}

const labelClass = (props: FieldProps) => (props.labelHidden ? 'kern-label kern-sr-only' : 'kern-label');

function Label(props: FieldProps & { forId: string }): JSX.Element {
  return (
    <label class={labelClass(props)} for={props.forId}>
      <span safe>{props.label}</span>
      {props.optional ? <span class="kern-label__optional">{props.t.html('form.optional')}</span> : ''}
    </label>
  );
}

/** A field's hint and error, with the ids its control names in aria-describedby (see describedBy). */
export function HintAndError(props: { id: string; hint?: string; error?: string }): JSX.Element {
  return (
    <>
      {props.hint ? (
        <div class="kern-hint" id={`${props.id}-hint`} safe>
          {props.hint}
        </div>
      ) : (
        ''
      )}
      {props.error ? (
        <p class="kern-error" id={`${props.id}-error`}>
          <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
          <span class="kern-body" safe>
            {props.error}
          </span>
        </p>
      ) : (
        ''
      )}
    </>
  );
}

export const describedBy = (id: string, hint?: string, error?: string) => [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export function TextField(props: FieldProps & { type?: 'text' | 'email' | 'tel' | 'password' | 'number' | 'date' | 'url'; maxlength?: number; inputmode?: string; min?: string; max?: string }): JSX.Element {
  const id = fieldId(props.name);
  const error = props.form.errors[props.name];
  return (
    <div class={error ? 'kern-form-input kern-form-input--error' : 'kern-form-input'}>
      <Label {...props} forId={id} />
      <HintAndError id={id} hint={props.hint} error={error} />
      <input
        class={error ? 'kern-form-input__input kern-form-input__input--error' : 'kern-form-input__input'}
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? undefined : single(props.form.values[props.name])}
        maxlength={props.maxlength}
        min={props.min}
        max={props.max}
        inputmode={props.inputmode}
        autocomplete={props.autocomplete}
        aria-describedby={describedBy(id, props.hint, error)}
        aria-invalid={error ? 'true' : undefined}
        aria-required={props.optional ? undefined : 'true'}
      />
    </div>
  );
}

export function TextArea(props: FieldProps & { rows?: number; maxlength?: number; lang?: string }): JSX.Element {
  const id = fieldId(props.name);
  const error = props.form.errors[props.name];
  return (
    <div class={error ? 'kern-form-input kern-form-input--error' : 'kern-form-input'}>
      <Label {...props} forId={id} />
      <HintAndError id={id} hint={props.hint} error={error} />
      <textarea
        class={error ? 'kern-form-input__input kern-form-input__input--error' : 'kern-form-input__input'}
        id={id}
        name={props.name}
        rows={String(props.rows ?? 5)}
        maxlength={props.maxlength}
        lang={props.lang}
        aria-describedby={describedBy(id, props.hint, error)}
        aria-invalid={error ? 'true' : undefined}
        aria-required={props.optional ? undefined : 'true'}
        safe
      >
        {single(props.form.values[props.name])}
      </textarea>
    </div>
  );
}

export function Select(props: FieldProps & { options: Array<{ value: string; label: string }> }): JSX.Element {
  const id = fieldId(props.name);
  const error = props.form.errors[props.name];
  const current = single(props.form.values[props.name]);
  return (
    <div class={error ? 'kern-form-input kern-form-input--error' : 'kern-form-input'}>
      <Label {...props} forId={id} />
      <HintAndError id={id} hint={props.hint} error={error} />
      <div class="kern-form-input__select-wrapper">
        <select
          class={error ? 'kern-form-input__select kern-form-input__select--error' : 'kern-form-input__select'}
          id={id}
          name={props.name}
          aria-describedby={describedBy(id, props.hint, error)}
          aria-invalid={error ? 'true' : undefined}
        >
          {props.options.map((o) => (
            <option value={o.value} selected={o.value === current} safe>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** A single checkbox (consent, confirmation); its value is "on" when ticked. */
export function Checkbox(props: FieldProps): JSX.Element {
  const id = fieldId(props.name);
  const error = props.form.errors[props.name];
  return (
    <div class={error ? 'kern-form-check kern-form-check--error' : 'kern-form-check'}>
      <HintAndError id={id} hint={props.hint} error={error} />
      <input
        class={error ? 'kern-form-check__checkbox kern-form-check__checkbox--error' : 'kern-form-check__checkbox'}
        id={id}
        name={props.name}
        type="checkbox"
        value="on"
        checked={single(props.form.values[props.name]) === 'on'}
        aria-describedby={describedBy(id, props.hint, error)}
        aria-invalid={error ? 'true' : undefined}
      />
      <label class="kern-label" for={id} safe>
        {props.label}
      </label>
    </div>
  );
}

function Legend(props: FieldProps): JSX.Element {
  return (
    <legend class={labelClass(props)}>
      <span safe>{props.label}</span>
      {props.optional ? <span class="kern-label__optional">{props.t.html('form.optional')}</span> : ''}
    </legend>
  );
}

/** Several checkboxes under one legend; the field's value is the list of ticked options. */
export function CheckboxGroup(props: FieldProps & { options: Array<{ value: string; label: string }> }): JSX.Element {
  const id = fieldId(props.name);
  const error = props.form.errors[props.name];
  const ticked = multiple(props.form.values[props.name]);
  return (
    <fieldset class={error ? 'kern-fieldset kern-fieldset--error' : 'kern-fieldset'} id={id} aria-describedby={describedBy(id, props.hint, error)}>
      <Legend {...props} />
      <HintAndError id={id} hint={props.hint} error={error} />
      <div class="kern-fieldset__body">
        {props.options.map((o, i) => (
          <div class="kern-form-check">
            <input class="kern-form-check__checkbox" id={`${id}-${i}`} name={props.name} type="checkbox" value={o.value} checked={ticked.includes(o.value)} />
            <label class="kern-label" for={`${id}-${i}`} safe>
              {o.label}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export interface RadioOption {
  value: string;
  label: string;
  hint?: string;
}

/**
 * Each option's id: the field's id and the option's value. An empty value ('no choice') becomes
 * "none", since an id must not end in a bare dash; characters an id or a #fragment cannot carry
 * become dashes. Where that makes an id one already taken (another option's, or the field's own hint
 * or error), a number is added, so every label still points at its own radio.
 */
function optionIds(id: string, options: readonly RadioOption[]): string[] {
  const taken = new Set([`${id}-hint`, `${id}-error`]);
  return options.map((o, i) => {
    const base = `${id}-${o.value === '' ? 'none' : o.value.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
    let optionId = base;
    for (let n = i; taken.has(optionId); n++) optionId = `${base}-${n}`;
    taken.add(optionId);
    taken.add(`${optionId}-hint`);
    return optionId;
  });
}

/**
 * One choice out of several under one legend; the field's value is the chosen option's value. The
 * fieldset carries the id the error summary links to. `inline` sets short options side by side (as in
 * a table row).
 */
export function RadioGroup(props: FieldProps & { options: readonly RadioOption[]; inline?: boolean }): JSX.Element {
  const id = fieldId(props.name);
  const error = props.form.errors[props.name];
  const current = single(props.form.values[props.name]);
  const ids = optionIds(id, props.options);
  return (
    <fieldset class={error ? 'kern-fieldset kern-fieldset--error' : 'kern-fieldset'} id={id} aria-describedby={describedBy(id, props.hint, error)}>
      <Legend {...props} />
      <HintAndError id={id} hint={props.hint} error={error} />
      <div class={props.inline ? 'kern-fieldset__body kern-fieldset__body--horizontal' : 'kern-fieldset__body'}>
        {props.options.map((o, i) => (
          <div class="kern-form-check">
            <input
              class={error ? 'kern-form-check__radio kern-form-check__radio--error' : 'kern-form-check__radio'}
              id={ids[i]}
              name={props.name}
              type="radio"
              value={o.value}
              checked={current === o.value}
              aria-describedby={o.hint ? `${ids[i]}-hint` : undefined}
            />
            <label class="kern-label" for={ids[i]} safe>
              {o.label}
            </label>
            {o.hint ? (
              <div class="kern-hint" id={`${ids[i]}-hint`} safe>
                {o.hint}
              </div>
            ) : (
              ''
            )}
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export function SubmitButton(props: { label: string; variant?: 'primary' | 'secondary' | 'tertiary'; name?: string; value?: string }): JSX.Element {
  return (
    <button type="submit" class={`kern-btn kern-btn--${props.variant ?? 'primary'}`} name={props.name} value={props.value}>
      <span class="kern-label" safe>
        {props.label}
      </span>
    </button>
  );
}
