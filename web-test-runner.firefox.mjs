// Firefox ESR (Debian's), driven by puppeteer-core over WebDriver BiDi: no geckodriver, no
// downloaded browser. FIREFOX_PATH overrides the binary. Files: as for Chromium, or the subset
// scripts/test-browsers.mjs passes on the command line.
import { FirefoxLauncher } from './tests/support/firefox-launcher.mjs';
import { baseConfig, requireBinary } from './tests/support/wtr-base.mjs';

const executablePath = requireBinary('Firefox', ['/usr/bin/firefox-esr', '/usr/bin/firefox'], 'firefox-esr', 'FIREFOX_PATH');

export default baseConfig({
  browsers: [
    new FirefoxLauncher({
      executablePath,
      headless: true,
      extraPrefsFirefox: {
        // Puppeteer's profile turns Firefox's popup blocker off; turn it back on, so a popup
        // opened outside a user gesture is blocked here as it is for users. (Firefox's remote
        // agent only applies its own "off" where the profile has no value.)
        'dom.disable_open_during_load': true,
      },
    }),
  ],
});
