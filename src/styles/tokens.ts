import { css } from 'lit';

/**
 * The design tokens. Public hooks are `--mwap-*` custom properties (inherited through shadow
 * roots, so a host sets them once on any ancestor); elements read them through private `--_*`
 * variables. Colours use `light-dark()`, so they follow the inherited `color-scheme`: a host
 * page with `color-scheme: light dark` follows the OS, and `.mwap-theme-dark` (or
 * `color-scheme: dark`) on any ancestor or on the element forces dark.
 */
export const tokens = css`
  :host {
    --_font: var(--mwap-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--mwap-font-size, 0.9375rem);
    --_radius: var(--mwap-radius, 8px);
    --_space: var(--mwap-space, 8px);
    --_surface: var(--mwap-color-surface, light-dark(#ffffff, #1c1f24));
    --_surface-raised: var(--mwap-color-surface-raised, light-dark(#f6f7f9, #262a31));
    --_text: var(--mwap-color-text, light-dark(#1b1f24, #e8eaed));
    --_text-muted: var(--mwap-color-text-muted, light-dark(#57606a, #a4acb6));
    --_border: var(--mwap-color-border, light-dark(#d0d7de, #3d444d));
    --_accent: var(--mwap-color-accent, light-dark(#0b5cd5, #6ea8ff));
    --_on-accent: var(--mwap-color-on-accent, light-dark(#ffffff, #0d1117));
    --_success: var(--mwap-color-success, light-dark(#1a7f37, #57d37a));
    --_warning: var(--mwap-color-warning, light-dark(#8a5a00, #e3b341));
    --_danger: var(--mwap-color-danger, light-dark(#c62828, #ff7b72));
    --_on-danger: var(--mwap-color-on-danger, light-dark(#ffffff, #1b0a09));
    --_info: var(--mwap-color-info, light-dark(#0969da, #79c0ff));
    --_focus: var(--mwap-focus-ring, 0 0 0 3px light-dark(rgb(11 92 213 / 0.45), rgb(110 168 255 / 0.6)));
    --_shadow: var(--mwap-shadow, 0 1px 3px rgb(0 0 0 / 0.12));

    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_text);
    line-height: 1.45;
  }
  :host(.mwap-theme-dark) {
    color-scheme: dark;
  }
  :host(.mwap-theme-light) {
    color-scheme: light;
  }
  :host([density='compact']) {
    --_space: var(--mwap-space-compact, 5px);
  }
  :host([hidden]) {
    display: none !important;
  }
`;

/** Shared bits every element uses: box sizing, buttons, focus ring, the visually-hidden helper. */
export const base = css`
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
    border: 1px solid var(--_border);
    background: var(--_surface);
    border-radius: calc(var(--_radius) - 2px);
    padding: calc(var(--_space) * 0.75) calc(var(--_space) * 1.5);
    min-height: 2.25rem;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  button.danger {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_on-danger);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  :focus-visible {
    outline: none;
    box-shadow: var(--_focus);
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .error-panel {
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 1.5);
    color: var(--_text);
    background: var(--_surface);
  }
`;

/** The busy indicator of buttons and panels (slowed, not stopped, for reduced motion). */
export const spinner = css`
  .spinner {
    display: inline-block;
    inline-size: 1em;
    block-size: 1em;
    border: 2px solid currentColor;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: 2.4s;
    }
  }
`;
