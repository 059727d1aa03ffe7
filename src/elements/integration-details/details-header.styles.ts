import { css } from 'lit';

/** @internal */
export const headerStyles = css`
  :host {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    justify-content: space-between;
    gap: calc(var(--_space) * 2);
  }
  .identity {
    flex: 1 1 min(20rem, 100%);
    min-width: 0;
  }
  .name {
    margin: 0;
    font-size: var(--mwap-integration-details-title-size, 1.5em);
    line-height: 1.2;
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  .description {
    margin-block-start: calc(var(--_space) * 0.5);
    color: var(--_text-muted);
    overflow-wrap: anywhere;
    white-space: pre-line;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    margin-block-start: calc(var(--_space) * 1.25);
    font-size: 0.9em;
  }
  .provider,
  .status {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
  }
  .status {
    padding: 0.1em 0.6em;
    border-radius: 999px;
    border: 1px solid currentColor;
    font-weight: 600;
    font-size: 0.95em;
  }
  .status.active {
    color: var(--_success);
  }
  .status.disabled {
    color: var(--_text-muted);
  }
  .status.pending {
    color: var(--_warning);
  }
  .status.error {
    color: var(--_danger);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }
  .denied {
    margin: 0;
    color: var(--_text-muted);
    font-size: 0.9em;
    max-inline-size: 24rem;
  }
  button.delete {
    color: var(--_danger);
    border-color: currentColor;
  }
  .switch {
    display: inline-flex;
    align-items: center;
    gap: var(--_space);
  }
  .track {
    position: relative;
    inline-size: 2.25rem;
    block-size: 1.3rem;
    border-radius: 999px;
    background: var(--_border);
    transition: background 120ms;
    flex: none;
  }
  .thumb {
    position: absolute;
    inset-block-start: 0.15rem;
    inset-inline-start: 0.15rem;
    inline-size: 1rem;
    block-size: 1rem;
    border-radius: 50%;
    background: var(--_surface);
    box-shadow: var(--_shadow);
    transition: inset-inline-start 120ms;
  }
  .switch[aria-checked='true'] .track {
    background: var(--_accent);
  }
  .switch[aria-checked='true'] .thumb {
    inset-inline-start: 1.1rem;
  }
  @media (prefers-reduced-motion: reduce) {
    .track,
    .thumb {
      transition: none;
    }
  }
  form.edit {
    display: grid;
    gap: 4px;
    max-width: 36rem;
  }
  form.edit label {
    font-weight: 600;
    font-size: 0.9em;
    margin-block-start: var(--_space);
  }
  form.edit input#name {
    font-size: 1.15em;
    font-weight: 600;
  }
  form.edit .buttons {
    margin-block-start: var(--_space);
  }
`;
