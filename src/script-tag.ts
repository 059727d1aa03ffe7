/**
 * The script-tag entry: exposes `window.MwapIntegrations`, configures the default client from the
 * tag's `data-` attributes, so a page with no bundler needs one line, and loads the other
 * elements' code when their tags appear (src/loader.ts). The build wraps it into one classic
 * script (build/loader-chunks.ts).
 */
import * as MwapIntegrations from './loader-api.js';
import { startLoader } from './loader.js';
import { configureFromScript } from './script-config.js';

declare global {
  interface Window {
    MwapIntegrations: typeof MwapIntegrations;
  }
}

window.MwapIntegrations = MwapIntegrations;
configureFromScript(document.currentScript);
startLoader();
