// Chromium: the whole browser suite, with coverage. Firefox and WebKit have their own configs
// (web-test-runner.firefox.mjs, web-test-runner.webkit.mjs); scripts/test-browsers.mjs runs all three.
import { chromeLauncher } from '@web/test-runner-chrome';
import { baseConfig, requireBinary } from './tests/support/wtr-base.mjs';

// Debian's Chromium (never a downloaded browser); CHROME_PATH overrides.
const executablePath = requireBinary('Chromium', ['/usr/bin/chromium', '/usr/bin/chromium-browser'], 'chromium', 'CHROME_PATH');

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

export default baseConfig({
  coverage: true,
  coverageConfig: {
    include: ['src/**/*.ts'],
    report: true,
    reportDir: 'coverage',
    reporters: ['text-summary', 'lcov'],
  },
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
});
