/**
 * The script-tag entry (IIFE): exposes `window.MwapIntegrations` and configures the default client
 * from the tag's `data-` attributes, so a page with no bundler needs one line.
 */
import * as MwapIntegrations from './index.js';
import { configureFromScript } from './script-config.js';

declare global {
  interface Window {
    MwapIntegrations: typeof MwapIntegrations;
  }
}

window.MwapIntegrations = MwapIntegrations;
configureFromScript(document.currentScript);
