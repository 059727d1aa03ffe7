import { css } from 'lit';

/**
 * The look of the settings form (`settings-form.ts`), the same wherever it is rendered. Put after
 * the host's own styles, so a field looks the same in the wizard and in the details.
 * @internal
 */
export const settingsFormStyles = css`
  .field {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: calc(var(--_space) * 0.5);
  }
  /* Labels, hints and messages come from the catalogue and the server: long words wrap. */
  .field label,
  .field p {
    overflow-wrap: anywhere;
  }
  .field label {
    font-weight: 600;
  }
  .field .required {
    color: var(--_danger);
  }
  .field.checkbox {
    grid-template-columns: auto minmax(0, 1fr);
    column-gap: var(--_space);
    align-items: start;
  }
  .field.checkbox input {
    margin: 0.2em 0 0;
    inline-size: 1.1em;
    block-size: 1.1em;
    min-height: auto;
    accent-color: var(--_accent);
  }
  .field.checkbox .hint,
  .field.checkbox .note,
  .field.checkbox .field-error {
    grid-column: 2;
  }
  .field input[type='text'],
  .field input[type='number'],
  .field textarea,
  .field select {
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
    padding: calc(var(--_space) * 0.75) calc(var(--_space) * 1.25);
    min-height: 2.5rem;
    inline-size: 100%;
    max-inline-size: 32rem;
  }
  .field textarea {
    resize: vertical;
  }
  .field [aria-invalid='true'] {
    border-color: var(--_danger);
    border-inline-start-width: 3px;
  }
  .field .hint,
  .form-note {
    margin: 0;
    font-size: 0.9em;
    color: var(--_text-muted);
  }
  .field .note,
  .field .field-error {
    margin: 0;
    display: flex;
    gap: 0.4em;
    align-items: baseline;
    font-size: 0.9em;
  }
  .field .note {
    color: var(--_warning);
  }
  .field .field-error {
    color: var(--_danger);
    font-weight: 500;
  }
  .field .note svg,
  .field .field-error svg {
    flex: none;
    position: relative;
    inset-block-start: 0.12em;
  }
`;
