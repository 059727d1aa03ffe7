/**
 * One shared one-second clock for every countdown on the page: a thousand badges cost one
 * interval, and none at all when no badge is showing a countdown.
 */
type TickListener = (now: number) => void;

const listeners = new Set<TickListener>();
let interval: ReturnType<typeof setInterval> | undefined;

export function onTick(listener: TickListener): () => void {
  listeners.add(listener);
  interval ??= setInterval(() => {
    const now = Date.now();
    for (const tick of listeners) tick(now);
  }, 1000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && interval !== undefined) {
      clearInterval(interval);
      interval = undefined;
    }
  };
}

/** How many listeners the shared clock has (for tests and the bench). */
export function tickListenerCount(): number {
  return listeners.size;
}
