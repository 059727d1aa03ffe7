/**
 * The settings form of a provider, as both the wizard's Details step and the details' Settings tab
 * show it: one control per field with its label, required mark, hint, options and error, linked for
 * assistive technology (`for`, `aria-describedby`, `aria-required`, `aria-invalid`).
 *
 * It renders into the host's own `<form>`, in the host's shadow root: Enter submits that form, and
 * the host's focus and validation code reach every control. It keeps no state and fires nothing:
 * the host reads edits from the form's `input` events with `readEdit` (`data-path` names the field)
 * and hears that a field was left through `FieldLeaveController`.
 * @internal
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { msg, str } from '@lit/localize';
import { hasDefault } from '../core/rules.js';
import type { ProviderSettingField } from '../core/types.js';
import { icons } from './icons.js';

/** What a control holds: text as typed (numbers too), checkboxes as booleans. */
export type FormValue = string | boolean;

export interface FormFieldOption {
  /** What is stored. */
  value: string;
  /** What the user reads. */
  label: string;
}

/** One control, whatever its origin (a fixed field such as the name, or a provider setting). */
export interface FormField {
  /** The server's key for the field: `name`, `description`, `settings.<key>`. */
  path: string;
  /** DOM id, unique in the host's shadow root. */
  id: string;
  label: string;
  kind: 'text' | 'textarea' | 'number' | 'checkbox' | 'select';
  /** Must be filled in: marked with `*` (a required setting with a default is not). */
  required: boolean;
  hint?: string | undefined;
  options?: readonly FormFieldOption[] | undefined;
  min?: number | undefined;
  max?: number | undefined;
}

/** Something the host says under one field (such as another user's change); `id` unique in the host. */
export interface FieldNote {
  id: string;
  content: TemplateResult | string;
}

/**
 * What a number control reports for text that is no number. The browser gives such a control the
 * value `''`, which would read as "left empty"; this reads as "not a number" to the rules.
 */
export const NOT_A_NUMBER = 'NaN';

/** Setting keys come from the server: ids keep to a safe alphabet. */
export const settingFieldId = (key: string): string => `field-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** The control of one provider setting. */
export function settingFormField(field: ProviderSettingField): FormField {
  const kind = field.type === 'boolean' ? 'checkbox' : field.type === 'select' ? 'select' : field.type === 'number' ? 'number' : 'text';
  return {
    path: `settings.${field.key}`,
    id: settingFieldId(field.key),
    label: field.label,
    kind,
    // A required setting with a default may be left empty: the server stores the default.
    required: Boolean(field.required) && !hasDefault(field) && kind !== 'checkbox',
    hint: [field.description, field.type === 'number' ? rangeText(field.min, field.max) : ''].filter(Boolean).join(' ') || undefined,
    options: field.options?.map((value) => ({ value, label: field.optionLabels?.[value] || value })),
    min: field.type === 'number' ? field.min : undefined,
    max: field.type === 'number' ? field.max : undefined,
  };
}

function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return msg(str`From ${min} to ${max}.`);
  if (min !== undefined) return msg(str`At least ${min}.`);
  if (max !== undefined) return msg(str`At most ${max}.`);
  return '';
}

/** The line that explains the `*`; the form points at it with `aria-describedby`. */
export function renderRequiredNote(id: string) {
  return html`<p id=${id} class="hint form-note">${msg('Fields marked * are required.')}</p>`;
}

/** The field and value an `input` event on the form is about; `undefined` for other controls. */
export function readEdit(event: Event): { path: string; value: FormValue } | undefined {
  const target = event.target;
  if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement))
    return undefined;
  const path = target.dataset.path;
  if (!path) return undefined;
  if (target instanceof HTMLInputElement && target.type === 'checkbox') return { path, value: target.checked };
  if (target instanceof HTMLInputElement && target.type === 'number' && target.validity.badInput) return { path, value: NOT_A_NUMBER };
  return { path, value: target.value };
}

/**
 * One field. The hint, the host's notes and the error are linked to the control; the error shows
 * only while there is one.
 */
export function renderFormField(
  field: FormField,
  value: FormValue | undefined,
  error: string | undefined,
  notes: readonly FieldNote[] = [],
) {
  const hintId = field.hint ? `${field.id}-hint` : '';
  const errorId = error ? `${field.id}-error` : '';
  const describedBy = [hintId, ...notes.map((note) => note.id), errorId].filter(Boolean).join(' ') || nothing;
  const invalid = error ? 'true' : nothing;
  const required = field.required ? 'true' : nothing;
  const label = html`<label for=${field.id}><bdi>${field.label}</bdi>${field.required ? html`<span class="required" aria-hidden="true"> *</span>` : nothing}</label>`;
  const hint = field.hint ? html`<p id=${hintId} class="hint">${field.hint}</p>` : nothing;
  const noted = notes.map((note) => html`<p id=${note.id} class="note">${icons.alert}<span>${note.content}</span></p>`);
  const message = error ? html`<p id=${errorId} class="field-error" part="field-error">${icons.alert}<span>${error}</span></p>` : nothing;
  const text = typeof value === 'string' ? value : '';

  switch (field.kind) {
    case 'checkbox':
      return html`<div class="field checkbox" part="field">
        <input id=${field.id} type="checkbox" data-path=${field.path} .checked=${live(value === true)} aria-invalid=${invalid} aria-describedby=${describedBy} />
        ${label}${hint}${noted}${message}
      </div>`;
    case 'textarea':
      return html`<div class="field" part="field">
        ${label}${hint}
        <textarea id=${field.id} rows="3" data-path=${field.path} .value=${live(text)} aria-required=${required} aria-invalid=${invalid} aria-describedby=${describedBy}></textarea>
        ${noted}${message}
      </div>`;
    case 'select':
      return html`<div class="field" part="field">
        ${label}${hint}
        <select id=${field.id} data-path=${field.path} aria-required=${required} aria-invalid=${invalid} aria-describedby=${describedBy}>
          ${
            !field.required || text === ''
              ? html`<option value="" .selected=${live(text === '')}>${field.required ? msg('Choose…') : msg('None')}</option>`
              : nothing
          }
          ${(field.options ?? []).map((option) => html`<option value=${option.value} .selected=${live(option.value === text)}>${option.label}</option>`)}
        </select>
        ${noted}${message}
      </div>`;
    default: {
      const number = field.kind === 'number';
      return html`<div class="field" part="field">
        ${label}${hint}
        <input
          id=${field.id}
          type=${number ? 'number' : 'text'}
          inputmode=${number ? 'decimal' : nothing}
          step=${number ? 'any' : nothing}
          min=${number && field.min !== undefined ? field.min : nothing}
          max=${number && field.max !== undefined ? field.max : nothing}
          autocomplete="off"
          spellcheck="false"
          data-path=${field.path}
          .value=${live(number && text === NOT_A_NUMBER ? '' : text)}
          aria-required=${required}
          aria-invalid=${invalid}
          aria-describedby=${describedBy}
        />
        ${noted}${message}
      </div>`;
    }
  }
}

/**
 * Tells the host that a field was left, except while a pointer is pressed: then it tells right
 * after the release. Showing a field's error as focus leaves it moves everything below the field;
 * when focus left because a button below was pressed, that button would move between press and
 * release, and the click would land beside it and be lost. Deferred, the error appears once the
 * click has done its work. Leaving by keyboard is told at once.
 */
export class FieldLeaveController implements ReactiveController {
  #pressed = false;
  #queued: Array<() => void> = [];
  #flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly onLeave: (path: string) => void,
  ) {
    host.addController(this);
  }

  /** The form's `focusout` listener. */
  readonly onFocusOut = (event: FocusEvent): void => {
    const path = event.target instanceof HTMLElement ? event.target.dataset.path : undefined;
    if (!path) return;
    if (this.#pressed) this.#queued.push(() => this.onLeave(path));
    else this.onLeave(path);
  };

  /** Forgets fields left during a press (the form they belonged to is gone). */
  forget(): void {
    this.#queued = [];
  }

  hostConnected(): void {
    window.addEventListener('pointerdown', this.#onPress, true);
    window.addEventListener('pointerup', this.#onRelease, true);
    window.addEventListener('pointercancel', this.#onRelease, true);
  }

  hostDisconnected(): void {
    window.removeEventListener('pointerdown', this.#onPress, true);
    window.removeEventListener('pointerup', this.#onRelease, true);
    window.removeEventListener('pointercancel', this.#onRelease, true);
    clearTimeout(this.#flushTimer);
    this.#pressed = false;
    this.#queued = [];
  }

  #onPress = (): void => {
    this.#pressed = true;
  };

  #onRelease = (): void => {
    if (!this.#pressed) return;
    this.#pressed = false;
    // The click comes in the same task as the release: a timer runs after it.
    clearTimeout(this.#flushTimer);
    this.#flushTimer = setTimeout(() => {
      const queued = this.#queued;
      this.#queued = [];
      for (const tell of queued) tell();
    });
  };
}
