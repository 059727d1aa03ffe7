import { css } from 'lit';
import { spinner } from '../../styles/tokens.js';

export const wizardStyles = css`
  ${spinner}
  :host {
    display: block;
    --_wizard-max-width: var(--mwap-integration-wizard-max-width, 44rem);
    --_wizard-padding: var(--mwap-integration-wizard-padding, calc(var(--_space) * 3));
    --_wizard-background: var(--mwap-integration-wizard-background, var(--_surface));
    --_step-done: var(--mwap-integration-wizard-step-done-color, var(--_success));
    --_step-current: var(--mwap-integration-wizard-step-current-color, var(--_accent));
  }
  .base {
    max-inline-size: var(--_wizard-max-width);
    background: var(--_wizard-background);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
    padding: var(--_wizard-padding);
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: calc(var(--_space) * 2.5);
    container-type: inline-size;
  }

  /* Step indicator */
  .steps {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    gap: var(--_space);
    counter-reset: step;
  }
  .steps li {
    flex: 1 1 0;
    min-inline-size: 0;
    display: flex;
    align-items: center;
    gap: 0.5em;
    padding-block-end: var(--_space);
    border-block-end: 3px solid var(--_border);
    color: var(--_text-muted);
    font-size: 0.9em;
  }
  .steps li.done {
    border-block-end-color: var(--_step-done);
    color: var(--_text);
  }
  .steps li[aria-current='step'] {
    border-block-end-color: var(--_step-current);
    color: var(--_text);
    font-weight: 600;
  }
  .marker {
    flex: none;
    inline-size: 1.6em;
    block-size: 1.6em;
    border-radius: 50%;
    display: grid;
    place-items: center;
    border: 1.5px solid currentColor;
    font-size: 0.85em;
    font-variant-numeric: tabular-nums;
  }
  .steps li.done .marker {
    background: var(--_step-done);
    border-color: var(--_step-done);
    color: var(--_surface);
  }
  .steps li[aria-current='step'] .marker {
    background: var(--_step-current);
    border-color: var(--_step-current);
    color: var(--_on-accent);
  }
  .step-label {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  @container (max-width: 30rem) {
    .steps li[aria-current='step'] {
      flex: 4 1 auto;
    }
    .steps li:not([aria-current='step']) .step-label {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
  }
  /* Body */
  .body {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: calc(var(--_space) * 2);
  }
  #heading {
    margin: 0;
    font-size: 1.3em;
    line-height: 1.25;
    outline: none;
  }
  #heading:focus-visible {
    box-shadow: var(--_focus);
    border-radius: 2px;
  }
  .eyebrow {
    display: block;
    font-size: 0.75em;
    font-weight: 500;
    color: var(--_text-muted);
    text-transform: uppercase;
    letter-spacing: 0.04em;
    margin-block-end: 0.2em;
  }
  .intro {
    margin: 0;
    color: var(--_text-muted);
  }
  .notice {
    margin: 0;
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-inline-start: 4px solid var(--_info);
    border-radius: calc(var(--_radius) - 2px);
  }
  .notice.denied {
    display: flex;
    gap: 0.5em;
    align-items: baseline;
    border-inline-start-color: var(--_warning);
  }
  .notice.denied svg {
    flex: none;
    position: relative;
    inset-block-start: 0.12em;
    color: var(--_warning);
  }

  /* Form */
  form {
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  legend {
    font-weight: 600;
    padding: 0;
    margin-block-end: var(--_space);
  }
  .hint {
    margin: 0;
    font-size: 0.9em;
    color: var(--_text-muted);
  }
  .alert svg,
  .success svg {
    flex: none;
    position: relative;
    inset-block-start: 0.12em;
  }
  .alert {
    display: grid;
    gap: var(--_space);
    justify-items: start;
    padding: calc(var(--_space) * 1.25) calc(var(--_space) * 1.5);
    border: 1px solid var(--_danger);
    border-inline-start-width: 4px;
    border-radius: calc(var(--_radius) - 2px);
  }
  .alert p {
    margin: 0;
    display: flex;
    gap: 0.5em;
    align-items: baseline;
  }
  .alert svg {
    color: var(--_danger);
  }
  .alert ul {
    margin: 0;
    padding-inline-start: 1.5em;
  }

  /* Authorize and review */
  .scopes {
    margin: 0;
    padding: 0;
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
  }
  .scopes code {
    font-size: 0.85em;
    padding: 0.15em 0.5em;
    border-radius: 999px;
    background: var(--_surface-raised);
    border: 1px solid var(--_border);
  }
  .success {
    margin: 0;
    display: flex;
    gap: 0.5em;
    align-items: baseline;
    font-weight: 600;
  }
  .success svg {
    color: var(--_success);
  }
  dl {
    margin: 0;
    display: grid;
    grid-template-columns: minmax(8rem, max-content) 1fr;
    gap: var(--_space) calc(var(--_space) * 2);
  }
  dt {
    color: var(--_text-muted);
  }
  dd {
    margin: 0;
    min-inline-size: 0;
    overflow-wrap: anywhere;
  }
  @container (max-width: 30rem) {
    dl {
      grid-template-columns: minmax(0, 1fr);
      row-gap: calc(var(--_space) * 0.25);
    }
    dd {
      margin-block-end: var(--_space);
    }
  }
  .loading {
    display: flex;
    align-items: center;
    gap: var(--_space);
    color: var(--_text-muted);
  }

  /* Footer */
  .footer {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
    padding-block-start: calc(var(--_space) * 2);
    border-block-start: 1px solid var(--_border);
  }
  .footer .spacer {
    flex: 1;
  }
  .footer button {
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
  }
  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.75;
  }
  .delete-choice {
    display: flex;
    align-items: center;
    gap: 0.5em;
    margin-block-start: var(--_space);
    font-weight: 600;
  }
`;
