import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { existsSync } from 'node:fs';
import { fakeApiMiddleware } from './tests/support/fake-api-middleware.mjs';

// Debian's Chromium (never a downloaded browser); CHROME_PATH overrides.
const executablePath = process.env.CHROME_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
if (!executablePath) throw new Error('Chromium not found: apt-get install -y chromium, or set CHROME_PATH.');

const chromeArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export default {
  files: ['tests/**/*.test.ts', '!tests/e2e/**', '!tests/security/server/**'],
  nodeResolve: { exportConditions: ['production'] },
  // Popups are part of what we test: run files one at a time so one file's popup cannot steal
  // another's user activation or focus.
  concurrency: 1,
  testsFinishTimeout: 10 * 60_000,
  coverage: true,
  coverageConfig: {
    include: ['src/**/*.ts'],
    report: true,
    reportDir: 'coverage',
    reporters: ['text-summary', 'lcov'],
  },
  // Generous: axe runs on whole elements and CI machines have two cores.
  testFramework: { config: { timeout: 20_000 } },
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' })],
  middleware: [fakeApiMiddleware()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: chromeArgs,
        // Puppeteer turns the popup blocker off by default; we keep it on so a popup opened
        // outside a user gesture is blocked here as it is for users.
        ignoreDefaultArgs: ['--disable-popup-blocking'],
      },
    }),
  ],
};
