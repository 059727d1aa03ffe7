import { css } from 'lit';
import { spinner } from '../../styles/tokens.js';

/** @internal */
export const detailsStyles = css`
  ${spinner}
  :host {
    display: block;
    --_gap: var(--mwap-integration-details-gap, calc(var(--_space) * 2.5));
    --_panel-background: var(--mwap-integration-details-panel-background, var(--_surface));
  }
  :host([density='compact']) {
    /* The parts are elements of their own: hand the density down through the public token. */
    --mwap-space: var(--mwap-space-compact, 5px);
  }
  [hidden] {
    display: none !important;
  }
  .details {
    display: grid;
    /* One column that may be narrower than its content's widest word: long text wraps instead. */
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_gap);
    container-type: inline-size;
  }
  [role='tablist'] {
    display: flex;
    gap: calc(var(--_space) * 0.5);
    border-block-end: 1px solid var(--_border);
    /* Scrolls sideways only when the tabs do not fit; never up and down. */
    overflow-x: auto;
    overflow-y: hidden;
    scrollbar-width: thin;
  }
  [role='tab'] {
    position: relative;
    display: inline-flex;
    align-items: center;
    gap: 0.45em;
    border: 0;
    border-radius: calc(var(--_radius) - 2px) calc(var(--_radius) - 2px) 0 0;
    background: transparent;
    color: var(--_text-muted);
    font-weight: 600;
    padding: var(--_space) calc(var(--_space) * 1.75);
    white-space: nowrap;
  }
  /* Phone widths: tighter tabs, on two rows if need be, so all five show and the strip need not scroll. */
  @container (max-width: 26rem) {
    [role='tablist'] {
      flex-wrap: wrap;
    }
    [role='tab'] {
      padding-inline: var(--_space);
    }
  }
  [role='tab']:hover {
    color: var(--_text);
    background: var(--_surface-raised);
  }
  [role='tab'][aria-selected='true'] {
    color: var(--mwap-integration-details-tab-active-color, var(--_accent));
  }
  [role='tab'][aria-selected='true']::after {
    content: '';
    position: absolute;
    inset-inline: calc(var(--_space) * 0.75);
    /* Inside the tab: one pixel lower would overflow the strip and give it a scrollbar. */
    inset-block-end: 0;
    block-size: 3px;
    border-radius: 3px 3px 0 0;
    background: currentColor;
  }
  [role='tab']:focus-visible {
    box-shadow: inset var(--_focus);
  }
  .unsaved-dot {
    inline-size: 0.5em;
    block-size: 0.5em;
    border-radius: 50%;
    background: var(--_warning);
  }
  [role='tabpanel'] {
    padding: calc(var(--_space) * 2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_panel-background);
  }
  [role='tabpanel']:focus-visible {
    box-shadow: var(--_focus);
  }
  .state {
    display: grid;
    justify-items: start;
    gap: var(--_space);
    padding: calc(var(--_space) * 3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_panel-background);
  }
  .state:focus {
    outline: none;
  }
  .state:focus-visible {
    box-shadow: var(--_focus);
  }
  .state.error {
    border-inline-start: 4px solid var(--_danger);
  }
  .state-heading {
    display: flex;
    align-items: center;
    gap: 0.4em;
    margin: 0;
    font-size: 1.15em;
  }
  .state p {
    margin: 0;
    color: var(--_text-muted);
  }
  .state button {
    display: inline-flex;
    align-items: center;
    gap: 0.45em;
  }
  .loading {
    gap: calc(var(--_space) * 1.5);
    justify-items: stretch;
  }
  .skeleton {
    display: block;
    block-size: 1em;
    border-radius: 4px;
    background: linear-gradient(90deg, var(--_surface-raised), var(--_border), var(--_surface-raised));
    background-size: 200% 100%;
    animation: shimmer 1.4s ease-in-out infinite;
  }
  .skeleton.title {
    block-size: 1.6em;
    inline-size: min(18rem, 60%);
  }
  .skeleton.line {
    inline-size: min(28rem, 85%);
  }
  .skeleton.block {
    block-size: 8rem;
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
    .spinner {
      animation-duration: 2.4s;
    }
  }
`;
