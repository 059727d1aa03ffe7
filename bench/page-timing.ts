// Waits the bench pages share. Neither sets a timer, so a page's timer census sees only the library's.

/** The next animation frame. */
export const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** A task after the current one, by a MessageChannel message (not a clamped timer). */
export const task = () =>
  new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
