/**
 * WebKitGTK through WebKitWebDriver, for web-test-runner.webkit.mjs.
 *
 * @web/test-runner-webdriver drives the browser, but @web/test-runner-commands serves only
 * `sendKeys({ press | type })` and `sendMouse` for WebDriver: `sendKeys({ down | up })` (held
 * modifiers) and `setViewport` throw. So this launcher presents itself as a Puppeteer one and
 * hands the commands a small page with Puppeteer's keyboard, mouse and viewport methods, each
 * made of W3C WebDriver actions: every command then works as it does in Chromium and Firefox,
 * with real (trusted) input events, so gestures open popups as a user's do.
 */
import { WebdriverLauncher } from '@web/test-runner-webdriver';

/** WebDriver's code points for the named keys the tests press (single characters go as they are). */
const KEYS = {
  Backspace: '\uE003',
  Tab: '\uE004',
  Enter: '\uE007',
  Shift: '\uE008',
  Control: '\uE009',
  Alt: '\uE00A',
  Escape: '\uE00C',
  Space: ' ',
  PageUp: '\uE00E',
  PageDown: '\uE00F',
  End: '\uE010',
  Home: '\uE011',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
  Delete: '\uE017',
  Meta: '\uE03D',
};

function keyValue(name) {
  if (KEYS[name]) return KEYS[name];
  if ([...name].length === 1) return name;
  throw new Error(`WebKit launcher: no WebDriver key for "${name}" (add it to KEYS).`);
}

const BUTTONS = { left: 0, middle: 1, right: 2 };

/** The part of a Puppeteer page that @web/test-runner-commands uses, over one WebDriver session. */
class WebDriverPage {
  #driver;
  #mouse = { x: 0, y: 0 };

  constructor(driver) {
    this.#driver = driver;
  }

  #keys(actions) {
    return this.#driver.performActions([{ type: 'key', id: 'keyboard', actions }]);
  }

  #pointer(actions) {
    return this.#driver.performActions([{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }]);
  }

  get keyboard() {
    return {
      down: (key) => this.#keys([{ type: 'keyDown', value: keyValue(key) }]),
      up: (key) => this.#keys([{ type: 'keyUp', value: keyValue(key) }]),
      press: (key) =>
        this.#keys([
          { type: 'keyDown', value: keyValue(key) },
          { type: 'keyUp', value: keyValue(key) },
        ]),
      type: (text) =>
        this.#keys(
          [...text].flatMap((c) => [
            { type: 'keyDown', value: c },
            { type: 'keyUp', value: c },
          ]),
        ),
    };
  }

  get mouse() {
    const move = (x, y) => {
      this.#mouse = { x: Math.round(x), y: Math.round(y) };
      return { type: 'pointerMove', duration: 0, origin: 'viewport', ...this.#mouse };
    };
    const button = (options) => BUTTONS[options?.button ?? 'left'];
    return {
      move: (x, y) => this.#pointer([move(x, y)]),
      click: (x, y, options) =>
        this.#pointer([move(x, y), { type: 'pointerDown', button: button(options) }, { type: 'pointerUp', button: button(options) }]),
      down: (options) => this.#pointer([{ type: 'pointerDown', button: button(options) }]),
      up: (options) => this.#pointer([{ type: 'pointerUp', button: button(options) }]),
      reset: async () => {
        // Releases every held button and key, then goes back to the corner.
        await this.#driver.releaseActions();
        await this.#pointer([move(0, 0)]);
      },
    };
  }

  /** The viewport (not the window) gets the size asked for: the window's frame is added. */
  async setViewport({ width, height }) {
    const [frameWidth, frameHeight] = await this.#driver.execute('return [outerWidth - innerWidth, outerHeight - innerHeight]');
    await this.#driver.setWindowRect(null, null, width + frameWidth, height + frameHeight);
  }

  /** Back to the test page's window (a popup may have taken the focus). */
  async bringToFront() {
    await this.#driver.switchToWindow(await this.#driver.getWindowHandle());
  }

  async emulateMediaFeatures() {
    throw new Error('WebKitGTK WebDriver cannot emulate media features: skip this test in WebKit.');
  }

  async emulateMediaType() {
    throw new Error('WebKitGTK WebDriver cannot emulate a media type: skip this test in WebKit.');
  }
}

export class WebKitLauncher extends WebdriverLauncher {
  // What @web/test-runner-commands checks to call getPage(): see the file comment.
  type = 'puppeteer';
  #page;

  async initialize(config, testFiles) {
    await super.initialize(config, testFiles);
    this.name = 'WebKit';
  }

  getPage() {
    if (!this.driver) throw new Error('WebKit launcher: no WebDriver session yet.');
    this.#page ??= new WebDriverPage(this.driver);
    return this.#page;
  }
}
