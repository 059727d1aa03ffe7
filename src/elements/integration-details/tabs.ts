/**
 * Where focus goes in a tablist for a key press (WAI-ARIA APG tabs): arrows move and wrap, Home
 * and End jump; in right-to-left text the horizontal arrows swap. `undefined`: not a tab key.
 * @internal
 */
export function nextTabIndex(key: string, current: number, count: number, rtl = false): number | undefined {
  if (count === 0) return undefined;
  const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
  const backward = rtl ? 'ArrowRight' : 'ArrowLeft';
  switch (key) {
    case forward:
      return (current + 1) % count;
    case backward:
      return (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}
