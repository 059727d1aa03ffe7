/**
 * Firefox ESR through puppeteer-core over WebDriver BiDi, for web-test-runner.firefox.mjs.
 *
 * Puppeteer's BiDi keyboard knows no "Space" (its CDP keyboard, used for Chromium, does), so
 * `sendKeys({ press: 'Space' })` would throw "Unknown key" there; the commands get a page whose
 * keyboard sends the space character for it, which is what the key types.
 */
import { ChromeLauncher, puppeteerCore } from '@web/test-runner-chrome';

const BIDI_KEY_NAMES = { Space: ' ' };
const bidiKey = (key) => BIDI_KEY_NAMES[key] ?? key;

function withBidiKeyNames(keyboard) {
  return {
    down: (key, options) => keyboard.down(bidiKey(key), options),
    up: (key) => keyboard.up(bidiKey(key)),
    press: (key, options) => keyboard.press(bidiKey(key), options),
    type: (text, options) => keyboard.type(text, options),
    sendCharacter: (char) => keyboard.sendCharacter(char),
  };
}

export class FirefoxLauncher extends ChromeLauncher {
  constructor(launchOptions) {
    super(
      { ...launchOptions, browser: 'firefox' },
      ({ browser }) => browser.defaultBrowserContext(),
      ({ context }) => context.newPage(),
      puppeteerCore,
    );
  }

  getPage(sessionId) {
    const page = super.getPage(sessionId);
    return new Proxy(page, {
      get: (target, property) => {
        if (property === 'keyboard') return withBidiKeyNames(target.keyboard);
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}
