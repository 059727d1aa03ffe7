/**
 * Which engine runs the tests (scripts/test-browsers.mjs runs Chromium, Firefox ESR and WebKit),
 * for the few tests that must name an engine's limit. Prefer testing the feature itself.
 */
export type Engine = 'chromium' | 'firefox' | 'webkit';

export const engine: Engine = /Firefox\//.test(navigator.userAgent)
  ? 'firefox'
  : /AppleWebKit\//.test(navigator.userAgent) && !/Chrom(e|ium)\//.test(navigator.userAgent)
    ? 'webkit'
    : 'chromium';
