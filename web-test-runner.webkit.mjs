// WebKit (Safari's engine): Debian's WebKitGTK MiniBrowser through WebKitWebDriver, which this
// config starts. Needs a display: scripts/test-browsers.mjs runs it under xvfb-run.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { WebKitLauncher } from './tests/support/webkit-launcher.mjs';
import { baseConfig, requireBinary } from './tests/support/wtr-base.mjs';

const driverPath = requireBinary('WebKitWebDriver', ['/usr/bin/WebKitWebDriver'], 'webkit2gtk-driver xvfb', 'WEBKIT_WEBDRIVER_PATH');
const miniBrowser = requireBinary(
  'WebKitGTK MiniBrowser',
  ['/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser'],
  'webkit2gtk-driver',
  'WEBKIT_MINIBROWSER_PATH',
);
if (!process.env.DISPLAY) throw new Error('WebKit needs a display: run under `xvfb-run -a` (apt-get install -y xvfb).');

/** A port the kernel says is free on loopback. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const driverPort = await freePort();
const driver = spawn(driverPath, [`--port=${driverPort}`, '--host=127.0.0.1'], { stdio: ['ignore', 'ignore', 'inherit'] });
process.on('exit', () => driver.kill());

export default baseConfig({
  browsers: [
    new WebKitLauncher({
      hostname: '127.0.0.1',
      port: driverPort,
      path: '/',
      capabilities: {
        // Plain W3C WebDriver: WebKitWebDriver has no BiDi, which webdriverio would ask for.
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation'] },
      },
    }),
  ],
});
