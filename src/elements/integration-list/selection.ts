/**
 * The list's multi-select model: click toggles, shift-click selects the range from the last
 * clicked item, and "all" selects every loaded item. Ids, not indexes, so a refetch that reorders
 * or removes items keeps what is still there.
 */
export class Selection {
  readonly #ids = new Set<string>();
  #anchor: string | undefined;

  get size(): number {
    return this.#ids.size;
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /** Selected ids in list order. */
  inOrder(order: readonly { id: string }[]): string[] {
    return order.filter((item) => this.#ids.has(item.id)).map((item) => item.id);
  }

  toggle(id: string, selected: boolean): void {
    if (selected) this.#ids.add(id);
    else this.#ids.delete(id);
    this.#anchor = id;
  }

  /** Shift-click: everything between the anchor and `id` takes `id`'s new state. */
  extend(id: string, selected: boolean, order: readonly { id: string }[]): void {
    const from = this.#anchor === undefined ? -1 : order.findIndex((item) => item.id === this.#anchor);
    const to = order.findIndex((item) => item.id === id);
    if (from < 0 || to < 0) return this.toggle(id, selected);
    const [start, end] = from < to ? [from, to] : [to, from];
    for (const item of order.slice(start, end + 1)) {
      if (selected) this.#ids.add(item.id);
      else this.#ids.delete(item.id);
    }
    this.#anchor = id;
  }

  selectAll(order: readonly { id: string }[]): void {
    for (const item of order) this.#ids.add(item.id);
  }

  /** Drops ids that are no longer listed (deleted, filtered out). */
  retain(order: readonly { id: string }[]): void {
    const present = new Set(order.map((item) => item.id));
    for (const id of this.#ids) if (!present.has(id)) this.#ids.delete(id);
  }

  set(ids: readonly string[]): void {
    this.#ids.clear();
    for (const id of ids) this.#ids.add(id);
  }

  clear(): void {
    this.#ids.clear();
    this.#anchor = undefined;
  }
}
