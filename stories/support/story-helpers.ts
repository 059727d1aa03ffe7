import type { Decorator } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { MwapParameters } from './story-client.js';

/** `parameters.mwap`: the story's mock API and client options. */
export const mwap = (parameters: MwapParameters) => ({ mwap: parameters });

/**
 * The language is page-wide state: on a docs page a story in another language renders in its own
 * iframe, so it does not switch the whole page.
 */
export const ownFrame = (height = 420) => ({ docs: { story: { inline: false, height: `${height}px` } } });

/** The three presentation variants every element shows: dark theme, right-to-left, German. */
export const dark = { globals: { theme: 'dark' } } as const;
export const rtl = { globals: { dir: 'rtl' } } as const;
export const german = (height?: number) => ({ globals: { locale: 'de' }, parameters: ownFrame(height) }) as const;

// ── Who is asking, and what the host allows ─────────────────────────────────────────────────────

/** The caller is a tenant member: may read; may not create, change, delete, connect, refresh or test (the reference table). */
export const member = mwap({ scenario: { me: 'member' } });

/** The host forces read-only on the client (`readonly` config), although the caller is an owner. */
export const hostReadonly = mwap({ readonly: true });

// ── Layout and rendering conditions ─────────────────────────────────────────────────────────────

/**
 * A 320 px wide container (a phone held upright, a narrow sidebar). A wrapper rather than the
 * viewport: the story's checks (axe) run at the same width as what designers see.
 */
export const narrow: Decorator = (story) => html`<div data-story-box style="inline-size: 320px; max-inline-size: 100%">${story()}</div>`;

/** A host page's own headings above the element, which is told to continue at level 3. */
export const hostHeadings: Decorator = (story) =>
  html`<h1 style="margin: 0 0 0.25rem; font-size: 1.5rem">Acme admin</h1>
    <h2 style="margin: 0 0 1rem; font-size: 1.2rem">Cloud integrations</h2>
    ${story()}`;

/**
 * Forced colours (Windows High Contrast) cannot be switched on from a story: Storybook 10 and its
 * a11y addon only simulate colour-vision deficiencies. Chromium emulates it: DevTools → Rendering
 * → "Emulate CSS media feature forced-colors" → active (Playwright: `page.emulateMedia({ forcedColors: 'active' })`).
 * Such stories carry the tag `forced-colors` (written out in each: the indexer reads tags literally), so a test can run them under that emulation.
 */
export const forcedColors: Decorator = (story) =>
  html`<p style="margin: 0 0 1rem; max-inline-size: 60ch">
      To see this story in forced colours, turn on the browser's emulation: DevTools → Rendering → Emulate CSS media feature
      <code>forced-colors: active</code>.
    </p>
    ${story()}`;
