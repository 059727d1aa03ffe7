/**
 * What the script tag puts on `window.MwapIntegrations`: the package's API as `@mwap/integrations`
 * has it (src/index.ts), with the elements a first view shows; the classes of the on-demand ones
 * come with `await MwapIntegrations.load('integration-details')` (src/loader.ts).
 */
export * from './core/index.js';
export * from './callback.js';
export * from './events/index.js';
export { clientContext } from './context.js';
export { QueryController, PagesController } from './controllers/query-controller.js';
export { getLocale, setLocale, sourceLocale, targetLocales } from './localization.js';
export * from './elements/integrations-provider/define.js';
export * from './elements/token-status-badge/define.js';
export * from './elements/integration-card/define.js';
export * from './elements/integration-list/define.js';
export * from './elements/confirm-dialog/define.js';
export * from './elements/toast-region/define.js';
export { load } from './loader.js';
export { ElementLoadError, ElementLoadErrorEvent, ScriptFileLoadError, type ElementLoadErrorDetail } from './loader-error.js';
