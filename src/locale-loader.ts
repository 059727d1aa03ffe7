/**
 * Where a translation comes from. In the ESM build each locale is its own chunk, fetched the
 * first time a page switches to it. The script-tag build swaps this module for
 * locale-loader.script.ts (vite.config.ts).
 */
export const loadLocaleModule = (locale: string) => import(`./generated/locales/${locale}.ts`);
