/**
 * Items by the time they are due, earliest first (a binary heap): what lets one timer serve
 * thousands of schedules. Rescheduling pushes the item again; the owner says which pushes are
 * still current (`isCurrent`), and outdated ones are skipped when they reach the top or dropped
 * when they pile up, so a change costs O(log n) and never a scan of everything.
 */
export class DueQueue<T> {
  #heap: Array<{ at: number; item: T }> = [];

  constructor(private readonly isCurrent: (item: T, at: number) => boolean) {}

  push(at: number, item: T): void {
    const heap = this.#heap;
    heap.push({ at, item });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.at <= at) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  /** When the earliest current item is due, if any. */
  next(): number | undefined {
    while (this.#heap.length > 0 && !this.isCurrent(this.#heap[0]!.item, this.#heap[0]!.at)) this.#pop();
    return this.#heap[0]?.at;
  }

  /** Takes every current item due at or before `now`. */
  takeDue(now: number): T[] {
    const due: T[] = [];
    for (let at = this.next(); at !== undefined && at <= now; at = this.next()) due.push(this.#pop().item);
    return due;
  }

  /** Drops outdated pushes once they outnumber `live` (the items the owner tracks) by far. */
  compact(live: number): void {
    if (this.#heap.length <= 4 * live + 64) return;
    const kept = this.#heap.filter(({ item, at }) => this.isCurrent(item, at));
    this.#heap = [];
    for (const { at, item } of kept) this.push(at, item);
  }

  clear(): void {
    this.#heap = [];
  }

  #pop(): { at: number; item: T } {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && heap[left]!.at < heap[smallest]!.at) smallest = left;
        if (right < heap.length && heap[right]!.at < heap[smallest]!.at) smallest = right;
        if (smallest === i) break;
        [heap[smallest], heap[i]] = [heap[i]!, heap[smallest]!];
        i = smallest;
      }
    }
    return top;
  }
}
