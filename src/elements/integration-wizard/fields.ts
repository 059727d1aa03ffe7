import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { msg, str } from '@lit/localize';
import type { ProviderSettingField } from '../../core/types.js';
import { icons } from '../../internal/icons.js';
import { settingPath, type DraftValue } from './draft.js';

/** One form control of the Details step, whatever its origin (fixed field or provider setting). */
export interface FieldSpec {
  /** The server's key for the field: `name`, `description`, `settings.<key>`. */
  path: string;
  /** DOM id, unique in the wizard's shadow root. */
  id: string;
  label: string;
  kind: 'text' | 'textarea' | 'number' | 'checkbox' | 'select';
  required: boolean;
  hint?: string | undefined;
  options?: readonly string[] | undefined;
  min?: number | undefined;
  max?: number | undefined;
}

export function settingSpec(field: ProviderSettingField, index: number): FieldSpec {
  const kind = field.type === 'boolean' ? 'checkbox' : field.type === 'select' ? 'select' : field.type === 'number' ? 'number' : 'text';
  return {
    path: settingPath(field),
    id: `setting-${index}`,
    label: field.label,
    kind,
    // A required setting with a default is filled in by the server when left empty.
    required: Boolean(field.required) && field.default === undefined && kind !== 'checkbox',
    hint: [field.description, field.type === 'number' ? rangeText(field.min, field.max) : ''].filter(Boolean).join(' ') || undefined,
    options: field.options,
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

/**
 * Label associated by `for`, hint and error linked by `aria-describedby`, `aria-invalid` while an
 * error shows. Values flow back through the form's `input` event (`data-path` names the field).
 */
export function renderField(spec: FieldSpec, value: DraftValue | undefined, error: string | undefined) {
  const hintId = spec.hint ? `${spec.id}-hint` : '';
  const errorId = error ? `${spec.id}-error` : '';
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || nothing;
  const invalid = error ? 'true' : nothing;
  const label = html`<label for=${spec.id}>
    ${spec.label}${spec.required || spec.kind === 'checkbox' ? nothing : html` <span class="optional">${msg('(optional)')}</span>`}
  </label>`;
  const hint = spec.hint ? html`<p id=${hintId} class="hint">${spec.hint}</p>` : nothing;
  const message = error ? html`<p id=${errorId} class="field-error" part="field-error">${icons.alert}<span>${error}</span></p>` : nothing;
  const text = typeof value === 'string' ? value : '';

  switch (spec.kind) {
    case 'checkbox':
      return html`<div class="field checkbox" part="field">
        <input id=${spec.id} type="checkbox" data-path=${spec.path} .checked=${live(value === true)} aria-invalid=${invalid} aria-describedby=${describedBy} />
        ${label}${hint}${message}
      </div>`;
    case 'textarea':
      return html`<div class="field" part="field">
        ${label}${hint}
        <textarea id=${spec.id} rows="3" data-path=${spec.path} .value=${live(text)} ?required=${spec.required} aria-invalid=${invalid} aria-describedby=${describedBy}></textarea>
        ${message}
      </div>`;
    case 'select':
      return html`<div class="field" part="field">
        ${label}${hint}
        <select id=${spec.id} data-path=${spec.path} ?required=${spec.required} aria-invalid=${invalid} aria-describedby=${describedBy}>
          ${!spec.required || text === '' ? html`<option value="" ?selected=${text === ''}>${spec.required ? msg('Choose…') : msg('None')}</option>` : nothing}
          ${(spec.options ?? []).map((option) => html`<option value=${option} ?selected=${option === text}>${option}</option>`)}
        </select>
        ${message}
      </div>`;
    default:
      return html`<div class="field" part="field">
        ${label}${hint}
        <input
          id=${spec.id}
          type="text"
          inputmode=${spec.kind === 'number' ? 'decimal' : nothing}
          autocomplete="off"
          data-path=${spec.path}
          .value=${live(text)}
          ?required=${spec.required}
          aria-invalid=${invalid}
          aria-describedby=${describedBy}
        />
        ${message}
      </div>`;
  }
}
