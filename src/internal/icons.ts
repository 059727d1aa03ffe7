import { svg } from 'lit';

/** Small inline icons (no icon font, no network): status is never colour alone. */
const icon = (path: ReturnType<typeof svg>) =>
  svg`<svg viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true" focusable="false" fill="currentColor">${path}</svg>`;

export const icons = {
  check: icon(svg`<path d="M6.4 11.2 3.2 8l-1.1 1.1 4.3 4.3 8-8-1.1-1.1z"/>`),
  clock: icon(
    svg`<path d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm0 12.6A5.6 5.6 0 1 1 8 2.4a5.6 5.6 0 0 1 0 11.2zM8.7 4H7.3v4.3l3.4 2 .7-1.2-2.7-1.6z"/>`,
  ),
  cross: icon(svg`<path d="M12.2 3 8 7.2 3.8 3 3 3.8 7.2 8 3 12.2l.8.8L8 8.8l4.2 4.2.8-.8L8.8 8 13 3.8z"/>`),
  refresh: icon(svg`<path d="M13.6 2.4v3.8H9.8l1.5-1.5A4.6 4.6 0 1 0 12.6 8h1.4a6 6 0 1 1-1.7-4.3z"/>`),
  alert: icon(svg`<path d="M8 1 .5 14h15zm.7 11H7.3v-1.4h1.4zm0-2.6H7.3V6h1.4z"/>`),
  dash: icon(svg`<path d="M3 7.3h10v1.4H3z"/>`),
  pause: icon(svg`<path d="M4.5 3h2.2v10H4.5zm4.8 0h2.2v10H9.3z"/>`),
  plug: icon(
    svg`<path d="M10 1v3h1.5V1H13v3h1v3a4 4 0 0 1-3.3 3.9V15H9.3v-4.1A4 4 0 0 1 6 7V4h1V1h1.5v3H10z" transform="translate(-2 0)"/>`,
  ),
};
