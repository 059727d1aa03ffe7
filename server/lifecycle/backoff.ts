/** Exponential backoff: base, 2 × base, 4 × base … for attempt 1, 2, 3 …, never above the cap. */
export function backoffMs(attempt: number, baseMs: number, capMs: number): number {
  const exponent = Math.max(0, attempt - 1);
  // 2 ** 31 already exceeds any cap in use; bounding the exponent keeps the number finite.
  return Math.min(capMs, baseMs * 2 ** Math.min(exponent, 31));
}
