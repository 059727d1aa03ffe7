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
