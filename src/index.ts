/** `@mwap/integrations`: the client core plus every element (importing it defines all tags). */
export * from './core/index.js';
export * from './callback.js';
export * from './elements.js';
export * from './events/index.js';
export { clientContext } from './context.js';
export { QueryController, PagesController } from './controllers/query-controller.js';
export { getLocale, setLocale, sourceLocale, targetLocales } from './localization.js';
