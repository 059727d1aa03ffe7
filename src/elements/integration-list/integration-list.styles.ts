import { css } from 'lit';

export const listStyles = css`
  :host {
    display: block;
    /* The rows' height follows the list's own width (a phone), not the viewport's. */
    container-type: inline-size;
    --_card-width: var(--mwap-integration-list-card-width, 300px);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: end;
    margin-block-end: calc(var(--_space) * 1.5);
  }
  .field {
    display: grid;
    /* A select as wide as its longest option (a long provider name) must not widen the list. */
    grid-template-columns: minmax(0, 1fr);
    min-inline-size: 0;
    max-inline-size: 100%;
    gap: 2px;
    font-size: 0.85em;
    color: var(--_text-muted);
  }
  .field.search {
    flex: 1 1 14rem;
  }
  input[type='search'],
  select {
    max-inline-size: 100%;
    font: inherit;
    font-size: var(--_font-size);
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
    padding: calc(var(--_space) * 0.6) var(--_space);
    min-height: 2.25rem;
  }
  input[type='search'] {
    inline-size: 100%;
  }
  .view-toggle {
    display: inline-flex;
  }
  .view-toggle button[aria-pressed='true'] {
    background: var(--_surface-raised);
    border-color: var(--_accent);
  }
  .view-toggle button:first-child {
    border-start-end-radius: 0;
    border-end-end-radius: 0;
  }
  .view-toggle button:last-child {
    border-start-start-radius: 0;
    border-end-start-radius: 0;
    margin-inline-start: -1px;
  }
  .summary {
    color: var(--_text-muted);
    font-size: 0.875em;
    margin-block-end: var(--_space);
  }
  .bulk-bar {
    position: sticky;
    inset-block-start: 0;
    z-index: 1;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    margin-block-end: var(--_space);
    background: var(--_surface-raised);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .bulk-bar .count {
    font-weight: 600;
    margin-inline-end: auto;
  }
  .link {
    border: 0;
    background: transparent;
    color: var(--_accent);
    text-decoration: underline;
    padding: 0;
    min-height: 24px;
  }
  .results {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space) calc(var(--_space) * 1.5);
    margin-block-end: var(--_space);
  }
  .stale {
    border: 1px solid var(--_border);
    border-inline-start: 4px solid var(--_warning);
    border-radius: var(--_radius);
    padding: var(--_space) calc(var(--_space) * 1.5);
    margin-block-end: var(--_space);
  }
  .stale p {
    margin: 0 0 var(--_space);
  }
  .results ul {
    margin: var(--_space) 0;
    padding-inline-start: 1.2em;
  }
  .results .failed {
    color: var(--_danger);
  }
  progress {
    inline-size: 10rem;
  }
  /*
   * The window (card-window.ts) places each card by transform in a box as tall as every row. CSS
   * still says the layout: the probe's width is a card's least width and its height the gap, so
   * the columns follow --mwap-integration-list-card-width; rows are measured as they render.
   */
  .items {
    --_gap: 12px;
    --_row: 196px;
    position: relative;
    min-block-size: 4rem;
    /* The window keeps the first row in view in place itself when rows above change height. */
    overflow-anchor: none;
  }
  .items > integration-card {
    position: absolute;
    inset-block-start: 0;
    inset-inline-start: 0;
    block-size: var(--_row);
  }
  .items > .measure {
    position: absolute;
    inset-inline: 0;
    inset-block-start: 0;
    block-size: var(--_gap);
    visibility: hidden;
    pointer-events: none;
  }
  .measure > div {
    inline-size: min(var(--_card-width), 100%);
  }
  /* A phone-wide card wraps its badges onto a second line: rows grow to hold it. */
  @container (max-width: 420px) {
    .items {
      --_row: 224px;
    }
    .skeleton div {
      block-size: 224px;
    }
  }
  .items.compact {
    --_gap: calc(var(--_space) * 0.5);
    --_row: auto;
  }
  .items.compact > .measure > div {
    inline-size: 100%;
  }
  .skeleton {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(var(--_card-width), 100%), 1fr));
    gap: 12px;
  }
  .skeleton div {
    block-size: 196px;
    border-radius: var(--_radius);
    background: linear-gradient(90deg, var(--_surface-raised) 25%, var(--_surface) 50%, var(--_surface-raised) 75%);
    background-size: 200% 100%;
    animation: shimmer 1.4s infinite;
  }
  @keyframes shimmer {
    to {
      background-position: -200% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton div {
      animation: none;
    }
  }
  .state {
    display: grid;
    justify-items: center;
    gap: var(--_space);
    padding: calc(var(--_space) * 5) var(--_space);
    text-align: center;
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
  }
  .state .heading {
    margin: 0;
    font-size: 1.1em;
    font-weight: 700;
  }
  .state {
    overflow-wrap: anywhere;
  }
  .state p {
    margin: 0;
    color: var(--_text-muted);
  }
  .more {
    display: flex;
    justify-content: center;
    padding: calc(var(--_space) * 2);
    color: var(--_text-muted);
  }
`;
