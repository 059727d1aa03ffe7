import { css } from 'lit';

export const cardStyles = css`
  :host {
    display: block;
    min-inline-size: 0;
    --_card-bg: var(--mwap-integration-card-background, var(--_surface));
    --_card-border: var(--mwap-integration-card-border-color, var(--_border));
  }
  .card {
    display: grid;
    /* minmax(0, …): a long name wraps inside the card instead of widening it. */
    grid-template-columns: auto minmax(0, 1fr);
    gap: calc(var(--_space) * 0.75) var(--_space);
    height: 100%;
    padding: calc(var(--_space) * 1.5);
    background: var(--_card-bg);
    border: 1px solid var(--_card-border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
  }
  :host([selected]) .card {
    border-color: var(--_accent);
    box-shadow: 0 0 0 1px var(--_accent);
  }
  .select {
    grid-row: 1 / span 2;
    align-self: start;
    /* A 24 px target at least. */
    inline-size: 1.5rem;
    block-size: 1.5rem;
    margin: 0.2rem 0 0;
    accent-color: var(--_accent);
  }
  .title {
    display: flex;
    align-items: center;
    gap: var(--_space);
    min-inline-size: 0;
  }
  .avatar {
    flex: none;
    display: grid;
    place-items: center;
    inline-size: 2rem;
    block-size: 2rem;
    border-radius: 50%;
    background: var(--_surface-raised);
    color: var(--_text-muted);
    font-weight: 700;
    overflow: hidden;
  }
  .avatar img {
    inline-size: 100%;
    block-size: 100%;
    object-fit: cover;
  }
  .title > div {
    min-inline-size: 0;
  }
  /* At most two lines of the name; the whole name is its title and the details' heading. */
  .name {
    margin: 0;
    font-size: 1em;
    font-weight: 700;
  }
  /* One line: the card's rows are of equal height in the list; the full name is its title. */
  .provider {
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .name button {
    all: unset;
    cursor: pointer;
    display: block;
    overflow-wrap: anywhere;
  }
  /* The clamp is on the text, not the button: WebKit lays a button out as its own box and ignores
     -webkit-line-clamp there, so a long name ran to ten lines in Safari. */
  .name bdi {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    overflow: hidden;
  }
  .name button:focus-visible {
    box-shadow: var(--_focus);
    border-radius: 2px;
  }
  .provider,
  .meta {
    color: var(--_text-muted);
    font-size: 0.85em;
  }
  .badges {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.5);
    /* The card's full width, so a badge with a countdown fits a 300 px card on one line. */
    grid-column: 1 / -1;
  }
  .status {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    font-size: 0.85em;
    font-weight: 600;
    padding: 0.1em 0.6em;
    border-radius: 999px;
    background: var(--_surface-raised);
  }
  .status.error {
    color: var(--_danger);
  }
  .status.active {
    color: var(--_success);
  }
  .meta {
    grid-column: 1 / -1;
  }
  .meta.failed {
    display: flex;
    align-items: start;
    gap: calc(var(--_space) * 0.5);
    color: var(--_danger);
  }
  /* Two lines at most inside the card; the whole sentence is announced and is the line's title. */
  .meta.failed .text {
    flex: 1;
    min-inline-size: 0;
    overflow-wrap: anywhere;
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    overflow: hidden;
  }
  .meta.failed .link {
    flex: none;
    border: 0;
    background: transparent;
    color: inherit;
    min-block-size: 24px;
    min-inline-size: 24px;
    padding: 0;
  }
  .actions {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.5);
    margin-block-start: auto;
  }
  .actions button {
    padding: calc(var(--_space) * 0.4) var(--_space);
    min-height: 2rem;
    font-size: 0.875em;
  }
  @media (forced-colors: active) {
    .card,
    .status {
      border: 1px solid CanvasText;
    }
    :host([selected]) .card {
      outline: 2px solid Highlight;
    }
  }
  :host([compact]) .card {
    /* One row that wraps: on a narrow screen the badges and actions move under the name. */
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    padding: var(--_space) calc(var(--_space) * 1.5);
    box-shadow: none;
  }
  :host([compact]) .select {
    align-self: center;
    margin: 0;
  }
  :host([compact]) .title {
    flex: 1 1 14rem;
  }
  :host([compact]) .name button {
    -webkit-line-clamp: 1;
  }
  :host([compact]) .badges,
  :host([compact]) .actions {
    flex: 0 1 auto;
    margin: 0;
  }
  :host([compact]) .actions {
    margin-inline-start: auto;
  }
  :host([compact]) .meta {
    display: none;
  }
  :host([compact]) .meta.failed {
    display: flex;
    flex: 1 1 100%;
  }
`;
