/**
 * Polls `read` in real time until it gives something other than `undefined`, and returns that;
 * fails after ten seconds, naming what it waited for. For what the page does not control and no
 * event announces (a popup's address, a request the test server recorded). Unlike open-wc's
 * `waitUntil` it hands back the value it found. Under fake clocks use `untilTrue` (fake-server.ts).
 */
export async function waitFor<T>(read: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
