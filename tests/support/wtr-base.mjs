/**
 * What every engine's web-test-runner config shares: the files, the TypeScript build, the fake
 * API and one file at a time (popups need the user activation and the focus to themselves).
 */
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { existsSync } from 'node:fs';
import { fakeApiMiddleware } from './fake-api-middleware.mjs';
import { scriptTagCspMiddleware } from './script-tag-csp-middleware.mjs';

export const ALL_BROWSER_TESTS = ['tests/**/*.test.ts', '!tests/e2e/**', '!tests/security/server/**'];

/**
 * The `return-to-page` command (tests/support/page-focus.ts): the test page's window to the front.
 * Every launcher here hands out a Puppeteer page, or one with its methods (webkit-launcher.mjs).
 */
export function returnToPagePlugin() {
  return {
    name: 'return-to-page',
    async executeCommand({ command, session }) {
      if (command !== 'return-to-page') return undefined;
      await session.browser.getPage(session.id).bringToFront();
      return true;
    },
  };
}

export function baseConfig(overrides = {}) {
  return {
    files: ALL_BROWSER_TESTS,
    nodeResolve: { exportConditions: ['production'] },
    // Popups are part of what we test: run files one at a time so one file's popup cannot steal
    // another's user activation or focus.
    concurrency: 1,
    testsFinishTimeout: 10 * 60_000,
    // Generous: axe runs on whole elements and CI machines have two cores.
    testFramework: { config: { timeout: 20_000 } },
    plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }), returnToPagePlugin()],
    middleware: [fakeApiMiddleware(), scriptTagCspMiddleware()],
    ...overrides,
  };
}

/**
 * The first of `candidates` that exists, or a clear failure naming the Debian package. Tests never
 * download a browser of their own.
 */
export function requireBinary(engine, candidates, aptPackages, envName) {
  const fromEnv = envName ? process.env[envName] : undefined;
  const found = fromEnv ?? candidates.find((path) => existsSync(path));
  if (found) return found;
  const hint = `apt-get install -y ${aptPackages}` + (envName ? `, or set ${envName}` : '');
  throw new Error(`${engine} not found (looked for ${candidates.join(', ')}): ${hint}.`);
}
