import { css } from 'lit';

export const providerSelectorStyles = css`
  :host {
    display: block;
    --_list-max-height: var(--mwap-provider-selector-max-height, 22rem);
    --_option-gap: var(--mwap-provider-selector-gap, calc(var(--_space) * 0.75));
    --_selected: var(--mwap-provider-selector-selected-color, var(--_accent));
  }
  .base {
    display: grid;
    gap: var(--_space);
  }
  .search {
    position: relative;
    display: flex;
    align-items: center;
  }
  .search svg {
    position: absolute;
    inset-inline-start: calc(var(--_space) * 1.25);
    color: var(--_text-muted);
    pointer-events: none;
  }
  input[type='search'] {
    font: inherit;
    color: inherit;
    inline-size: 100%;
    min-height: 2.5rem;
    padding-block: calc(var(--_space) * 0.75);
    padding-inline: calc(var(--_space) * 4) calc(var(--_space) * 1.25);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
    background: var(--_surface);
  }
  input[type='search']::placeholder {
    color: var(--_text-muted);
  }
  .listbox {
    display: grid;
    gap: var(--_option-gap);
    max-block-size: var(--_list-max-height);
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: 3px;
    margin: -3px;
    border-radius: var(--_radius);
  }
  .listbox:focus-visible {
    box-shadow: none;
  }
  .option {
    display: grid;
    grid-template-columns: auto 1fr auto;
    align-items: center;
    gap: calc(var(--_space) * 1.25);
    padding: calc(var(--_space) * 1.25) calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    cursor: pointer;
    user-select: none;
  }
  .option:hover {
    background: var(--_surface-raised);
  }
  .option[aria-selected='true'] {
    border-color: var(--_selected);
    box-shadow: inset 0 0 0 1px var(--_selected);
  }
  .listbox:focus-visible .option.active,
  .listbox:focus .option.active {
    box-shadow: var(--_focus);
  }
  .listbox:focus .option.active[aria-selected='true'] {
    box-shadow: inset 0 0 0 1px var(--_selected), var(--_focus);
  }
  .logo {
    inline-size: 2.25rem;
    block-size: 2.25rem;
    border-radius: calc(var(--_radius) - 2px);
    display: grid;
    place-items: center;
    background: var(--_surface-raised);
    color: var(--_text-muted);
    font-weight: 700;
    overflow: hidden;
  }
  .logo img {
    inline-size: 100%;
    block-size: 100%;
    object-fit: contain;
  }
  .text {
    display: grid;
    min-inline-size: 0;
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .description {
    color: var(--_text-muted);
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }
  .check {
    color: var(--_selected);
    visibility: hidden;
    font-size: 1.15em;
  }
  .option[aria-selected='true'] .check {
    visibility: visible;
  }
  .note {
    margin: 0;
    padding: calc(var(--_space) * 2);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    text-align: center;
    color: var(--_text-muted);
  }
  .note strong {
    display: block;
    color: var(--_text);
  }
  .note button,
  .error-panel button {
    margin-block-start: var(--_space);
  }
  .error-panel {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }
  .error-panel p {
    margin: 0;
    flex: 1 1 14rem;
    display: flex;
    gap: 0.5em;
    align-items: baseline;
  }
  .error-panel svg {
    color: var(--_danger);
    flex: none;
  }
  .field-error {
    margin: 0;
    display: flex;
    gap: 0.4em;
    align-items: baseline;
    color: var(--_danger);
    font-size: 0.9em;
  }
  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.7;
  }
  .skeleton {
    display: grid;
    gap: var(--_option-gap);
  }
  .skeleton .option {
    cursor: default;
  }
  .bone {
    display: block;
    border-radius: 4px;
    background: linear-gradient(90deg, var(--_surface-raised) 25%, var(--_border) 50%, var(--_surface-raised) 75%);
    background-size: 200% 100%;
    animation: shimmer 1.4s ease-in-out infinite;
  }
  .bone.logo {
    border-radius: calc(var(--_radius) - 2px);
  }
  .bone.line {
    block-size: 0.8em;
    inline-size: 60%;
    margin-block: 0.3em;
  }
  .bone.line.short {
    inline-size: 35%;
  }
  @keyframes shimmer {
    from {
      background-position: 100% 0;
    }
    to {
      background-position: -100% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .bone {
      animation: none;
    }
  }
  @media (forced-colors: active) {
    .option[aria-selected='true'] {
      outline: 2px solid Highlight;
    }
    .listbox:focus .option.active {
      outline: 2px dashed CanvasText;
    }
  }
`;
