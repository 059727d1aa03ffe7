import { css } from 'lit';
import { spinner } from '../../styles/tokens.js';

/** Layout shared by the parts of `<integration-details>`: headings, facts, buttons, notices. @internal */
export const panelStyles = css`
  ${spinner}
  :host {
    display: block;
  }
  [hidden] {
    display: none !important;
  }
  h3,
  .section-heading {
    margin: 0;
    font-size: 1.05em;
    font-weight: 650;
  }
  h4,
  .sub-heading {
    margin: calc(var(--_space) * 2.5) 0 var(--_space);
    font-size: 0.95em;
    font-weight: 650;
  }
  p {
    margin: 0;
  }
  .panel-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
    margin-block-end: calc(var(--_space) * 2);
  }
  .muted {
    color: var(--_text-muted);
  }
  .facts {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
    gap: calc(var(--_space) * 1.5) calc(var(--_space) * 3);
    margin: 0;
  }
  .facts dt {
    color: var(--_text-muted);
    font-size: 0.85em;
    margin-block-end: 2px;
  }
  .facts dd {
    margin: 0;
    font-variant-numeric: tabular-nums;
    overflow-wrap: anywhere;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    margin-block-start: calc(var(--_space) * 2);
  }
  button {
    display: inline-flex;
    align-items: center;
    gap: 0.45em;
  }
  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.7;
  }
  button.quiet {
    border-color: transparent;
    background: transparent;
  }
  button.quiet:hover {
    background: var(--_surface-raised);
  }
  .notice {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-inline-start: 4px solid var(--_info);
    border-radius: var(--_radius);
    background: var(--_surface-raised);
    margin-block: calc(var(--_space) * 1.5);
  }
  .notice.danger {
    border-inline-start-color: var(--_danger);
  }
  .notice.warning {
    border-inline-start-color: var(--_warning);
  }
  .notice .text {
    flex: 1 1 16rem;
  }
  .ok {
    color: var(--_success);
  }
  .failed {
    color: var(--_danger);
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .chips li {
    padding: 0 0.55em;
    border-radius: 999px;
    background: var(--_surface-raised);
    border: 1px solid var(--_border);
    font-size: 0.85em;
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.9em;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    text-align: start;
    padding: calc(var(--_space) * 0.6) var(--_space);
    border-block-end: 1px solid var(--_border);
    vertical-align: top;
  }
  th {
    color: var(--_text-muted);
    font-weight: 600;
  }
  .skeleton {
    display: block;
    height: 1em;
    border-radius: 4px;
    background: linear-gradient(90deg, var(--_surface-raised), var(--_border), var(--_surface-raised));
    background-size: 200% 100%;
    animation: shimmer 1.4s ease-in-out infinite;
  }
  @keyframes shimmer {
    to {
      background-position: -200% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
    padding: calc(var(--_space) * 0.6) var(--_space);
    min-height: 2.25rem;
    width: 100%;
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: auto;
    min-height: auto;
    accent-color: var(--_accent);
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    border-color: var(--_accent);
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .field-error {
    display: flex;
    gap: 0.35em;
    align-items: center;
    color: var(--_danger);
    font-size: 0.85em;
    margin-block-start: 4px;
  }
  .field-error:empty {
    display: none;
  }
`;
