import { executeServerCommand } from '@web/test-runner-commands';

/**
 * Brings the test page's window to the front, as a user does who goes back to the page while the
 * sign-in window is open. Chromium's headless windows never lose focus; Firefox and WebKit give
 * it to a popup, and keys pressed then go to the popup. (Served by returnToPagePlugin in
 * tests/support/wtr-base.mjs.)
 */
export async function returnToPage(): Promise<void> {
  await executeServerCommand('return-to-page');
}
