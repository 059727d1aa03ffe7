/**
 * Waiting in tests without guessing a duration: a fake clock for proving that nothing happened on
 * a timer, and rendering frames for work the elements do in requestAnimationFrame.
 */
import sinon from 'sinon';

/**
 * Runs `body` with setTimeout and setInterval under a sinon fake clock, restored afterwards.
 * `clock.tickAsync(ms)` then runs every timer due in `ms` and the promise callbacks between them
 * at once, so "no retry within 10 s" is checked in full, in no real time. Events the browser
 * delivers (a dialog's close, a scroll, a frame) stay real.
 */
export async function withFakeClock<T>(body: (clock: sinon.SinonFakeTimers) => Promise<T>): Promise<T> {
  const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  try {
    return await body(clock);
  } finally {
    clock.restore();
  }
}

/**
 * Resolves after `count` rendering frames. After a scroll or a resize, two frames cover the one
 * whose scroll steps and animation callbacks handle it, and one more for what that frame's
 * updates asked for; the order of frames holds however busy the machine is.
 */
export async function frames(count = 2): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
}
