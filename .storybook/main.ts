import type { StorybookConfig } from '@storybook/web-components-vite';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

const root = resolve(import.meta.dirname, '..');

/**
 * The OAuth redirect page of Storybook (stories/public/mwap-oauth-callback.html) runs the real
 * `handleOAuthCallback()` from src/oauth-callback-page.ts: built here as its own small chunk
 * with a fixed name, served from source in `storybook dev`.
 */
function oauthCallbackScript(): Plugin {
  const source = resolve(root, 'src/oauth-callback-page.ts');
  let building = false;
  return {
    name: 'mwap:storybook-oauth-callback',
    configResolved(config) {
      building = config.command === 'build';
    },
    buildStart() {
      if (building) this.emitFile({ type: 'chunk', id: source, fileName: 'mwap-oauth-callback.js' });
    },
    configureServer(server) {
      server.middlewares.use('/mwap-oauth-callback.js', (_req, res) => {
        res.statusCode = 302;
        res.setHeader('Location', '/src/oauth-callback-page.ts');
        res.end();
      });
    },
  };
}

/**
 * `virtual:mwap/custom-elements.json`: the Custom Elements Manifest, made by the same analyzer
 * and config as dist/custom-elements.json (custom-elements-manifest.config.mjs) but in memory, so
 * Storybook never reads a dist/ that a concurrent `npm run build` is rebuilding. In
 * `storybook dev` a change under src/elements/ regenerates it.
 */
function customElementsManifest(): Plugin {
  const id = 'virtual:mwap/custom-elements.json';
  const resolvedId = `\0${id}`;
  return {
    name: 'mwap:custom-elements-manifest',
    resolveId: (source) => (source === id ? resolvedId : undefined),
    async load(source) {
      if (source !== resolvedId) return undefined;
      // @ts-expect-error The analyzer ships no types for its CLI module.
      const { cli } = await import('@custom-elements-manifest/analyzer/cli.js');
      const manifest = await cli({
        argv: ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'],
        cwd: root,
        noWrite: true,
      });
      // Vite's JSON plugin turns the `.json` id into a module.
      return JSON.stringify(manifest);
    },
    handleHotUpdate({ file, server }) {
      if (!file.startsWith(resolve(root, 'src/elements')) && !file.startsWith(resolve(root, 'src/internal'))) return;
      const module = server.moduleGraph.getModuleById(resolvedId);
      if (module) server.moduleGraph.invalidateModule(module);
    },
  };
}

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  // MSW runs through msw-storybook-addon's loader in preview.ts (with our handlers as the
  // worker's initial handlers), so the addon's own preview hook is not registered here.
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  // mockServiceWorker.js, the mock provider's consent page and the redirect page.
  staticDirs: ['../stories/public'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  docs: { defaultName: 'Docs' },
  viteFinal(config) {
    config.plugins = [...(config.plugins ?? []), customElementsManifest(), oauthCallbackScript()];
    return config;
  },
};

export default config;
