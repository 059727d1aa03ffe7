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
    config.plugins = [...(config.plugins ?? []), oauthCallbackScript()];
    return config;
  },
};

export default config;
