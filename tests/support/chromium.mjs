/**
 * Debian's Chromium, the one browser every Node-driven suite, the benchmarks and the screenshot
 * use (never a downloaded one). CHROME_PATH overrides the path. Used from Node only.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** What headless Chromium needs here (root, no GPU, no background traffic). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function chromiumPath() {
  const path = process.env.CHROME_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!path) throw new Error('Chromium not found: apt-get install -y chromium, or set CHROME_PATH.');
  return path;
}

/**
 * Playwright turns Chromium's popup blocker off by default; keep it on, as in a real browser, so
 * a popup opened outside a user gesture is blocked here as it is for users.
 */
export function launchChromium() {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    headless: true,
    ignoreDefaultArgs: ['--disable-popup-blocking'],
  });
}
