import { css } from 'lit';
import { spinner } from '../../styles/tokens.js';

export const oauthButtonStyles = css`
  ${spinner}
  :host {
    display: inline-block;
    --_button-bg: var(--mwap-oauth-button-background, var(--_accent));
    --_button-fg: var(--mwap-oauth-button-color, var(--_on-accent));
  }
  .base {
    display: grid;
    gap: var(--_space);
    justify-items: start;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  button.connect {
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
    font-weight: 600;
    background: var(--_button-bg);
    border-color: var(--_button-bg);
    color: var(--_button-fg);
    padding-inline: calc(var(--_space) * 2);
  }
  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.75;
  }
  :host([disabled]) button.connect {
    cursor: not-allowed;
    opacity: 0.55;
  }
  .message:empty,
  .alert:empty {
    display: none;
  }
  .message,
  .alert {
    display: flex;
    gap: 0.5em;
    align-items: baseline;
    margin: 0;
    max-inline-size: 40rem;
  }
  .message svg,
  .alert svg {
    flex: none;
    position: relative;
    inset-block-start: 0.12em;
  }
  .message.connected svg {
    color: var(--_success);
  }
  .alert {
    padding: var(--_space) calc(var(--_space) * 1.25);
    border: 1px solid var(--_danger);
    border-inline-start-width: 4px;
    border-radius: calc(var(--_radius) - 2px);
    background: var(--_surface);
  }
  .alert svg {
    color: var(--_danger);
  }
  .alert strong {
    display: block;
  }
  .hint {
    color: var(--_text-muted);
  }
`;
