import { defineConfig } from 'vite';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { minifyLitCss } from './build/minify-lit-css.js';
import { loaderChunks } from './build/loader-chunks.js';
import { scriptTagSwaps } from './build/script-files.js';
import { trimLitHtml } from './build/trim-lit-html.js';
import { targetLocales } from './src/generated/locale-codes.js';

/**
 * Two builds, because Vite cannot emit ESM with Lit external and the script tag in one:
 *   `vite build`              ESM, one file per public entry, Lit external.
 *   `vite build --mode iife`  the script tag (mwap-integrations.iife.js, a classic script) and the
 *                             files it loads on demand beside it: the other elements, the usage
 *                             charts, the translations; one chunk graph (build/loader-chunks.ts).
 */
const src = (path: string) => resolve(import.meta.dirname, 'src', path);

/**
 * The release, in every build: the script tag and its side files check that they are of one
 * release (usage-charts-key.ts), and the internal parts' tags carry it (src/internal/tags.ts).
 */
const release = {
  __MWAP_VERSION__: JSON.stringify(JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')).version),
};

/** One ESM entry per public element: importing it defines that tag and what it renders. */
export const elementEntries = [
  'integrations-provider',
  'token-status-badge',
  'integration-card',
  'integration-list',
  'provider-selector',
  'oauth-button',
  'integration-wizard',
  'integration-details',
] as const;

export const esmEntries: Record<string, string> = {
  index: src('index.ts'),
  core: src('core/index.ts'),
  callback: src('callback.ts'),
  // Thin @lit/react wrappers for React 18 hosts; React stays the host's own copy.
  react: src('react/index.ts'),
  ...Object.fromEntries(elementEntries.map((name) => [name, src(`elements/${name}/define.ts`)])),
};

/** The elements the script tag loads on demand: the others are in it (src/loader-api.ts). */
export const onDemandElements = ['integration-details', 'integration-wizard', 'provider-selector', 'oauth-button'] as const;

export default defineConfig(({ mode }) =>
  mode === 'iife'
    ? {
        plugins: [
          minifyLitCss(),
          trimLitHtml(),
          scriptTagSwaps(),
          loaderChunks({
            scriptTag: src('script-tag.ts'),
            elements: onDemandElements,
            files: {
              charts: src('elements/integration-details/usage-charts.ts'),
              live: src('core/live-stream.ts'),
              oauth: src('core/oauth/popup-flow.ts'),
              ...Object.fromEntries(targetLocales.map((locale) => [locale, src(`generated/locales/${locale}.ts`)])),
            },
            release: JSON.parse(release.__MWAP_VERSION__),
            srcDir: src('.'),
          }),
        ],
        define: release,
        publicDir: false,
        build: {
          emptyOutDir: false,
          sourcemap: true,
          target: 'es2022',
          minify: true,
          // The files are for browsers, not for a host's bundler.
          rollupOptions: { output: { minify: true } },
        },
      }
    : {
        plugins: [minifyLitCss(), trimLitHtml()],
        define: release,
        // Relative URLs in oauth-callback.html, so a host can serve dist/ under any path.
        base: './',
        build: {
          sourcemap: true,
          target: 'es2022',
          lib: { entry: esmEntries, formats: ['es'] },
          rollupOptions: {
            // The ready redirect page, with its script bundled beside it.
            input: { ...esmEntries, 'oauth-callback': resolve(import.meta.dirname, 'oauth-callback.html') },
            // Lit stays external so a host app shares one copy; it is the only bare import, so a
            // host without a bundler maps only Lit in its import map.
            external: [/^lit(\/|$)/, /^@lit\//, /^react(\/|$)/],
            output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
          },
        },
      },
);
