import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Rows rendered beyond each edge of the viewport, so a fast scroll rarely shows a gap. */
const OVERSCAN_ROWS = 2;

/**
 * Windowing for a long list laid out by CSS (a grid of equal cards, or one column): only the
 * items near the viewport are rendered, and the rows above and below become padding, so the
 * scrollbar is true to the whole list. Rows are taken to be as tall as the first rows measured
 * (cards of a fixed height; compact rows of one line). The browser does the layout, so
 * right-to-left pages, `auto-fill` columns and custom card widths need nothing here. It follows
 * the page's scroll and that of every scrolling ancestor, inside shadow roots too.
 *
 * Why not @lit-labs/virtualizer: it places items itself (absolute, physical offsets), which broke
 * right-to-left grids, and it cost about 9 KB gzip of the script tag's budget; this is under 1 KB.
 */
export class WindowController implements ReactiveController {
  /** The first rendered item, and one past the last. */
  start = 0;
  end: number;
  #columns = 1;
  /** Row height plus the gap between rows; 0 until a row has been rendered and measured. */
  #rowSize = 0;
  /**
   * What `rowSize` was measured for (columns × width) and on which card at what height: measured
   * again when the layout or that card changes, not on every window (compact rows that differ a
   * little would make the estimate, and the padding, flip back and forth).
   */
  #measured: { key: string; card: HTMLElement; height: number } | undefined;
  #lastCount = -1;
  #frame = 0;
  readonly #resizeObserver: ResizeObserver | undefined =
    typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.#schedule()) : undefined;
  #observed: HTMLElement | undefined;
  #scrollers: EventTarget[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The element whose children are the items (a grid or a column). */
    private readonly container: () => HTMLElement | null | undefined,
    private readonly count: () => number,
    /** Called when the rendered range changes (e.g. to load more near the end). */
    private readonly onRange: (start: number, end: number) => void,
    /** Items rendered before anything can be measured. */
    private readonly initial = 24,
    /** The item holding keyboard focus: kept rendered while it is near, so focus is not dropped. */
    private readonly focused: () => number | undefined = () => undefined,
  ) {
    this.end = initial;
    host.addController(this);
  }

  hostConnected(): void {
    // Back on the page, maybe under other scrollers: hostUpdated attaches to them again.
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.#frame);
    this.#resizeObserver?.disconnect();
    this.#observed = undefined;
    this.#listen([]);
  }

  hostUpdated(): void {
    const container = this.container();
    if (!container) return;
    if (container !== this.#observed) {
      this.#resizeObserver?.disconnect();
      this.#resizeObserver?.observe(container);
      this.#observed = container;
      this.#listen(scrollersOf(container));
      this.remeasure();
    }
    // Padding now, so the scrollbar is right in this frame; the range in the next one, outside
    // the update (no second update per change). Cards still rendering measure again then.
    this.#measure(container);
    this.#pad(container);
    this.#schedule();
  }

  /** Back to the top of a new list (another search or filter). */
  reset(): void {
    this.start = 0;
    this.end = this.initial;
    this.remeasure();
  }

  /** Rows have another height now (the view changed). */
  remeasure(): void {
    this.#measured = undefined;
  }

  readonly #schedule = (): void => {
    cancelAnimationFrame(this.#frame);
    this.#frame = requestAnimationFrame(() => {
      const container = this.container();
      if (!container || container.getClientRects().length === 0) return; // hidden: nothing to see
      this.#measure(container);
      this.#pad(container);
      this.#update(container);
    });
  };

  #listen(targets: EventTarget[]): void {
    for (const target of this.#scrollers) target.removeEventListener('scroll', this.#schedule);
    removeEventListener('resize', this.#schedule);
    this.#scrollers = targets;
    for (const target of targets) target.addEventListener('scroll', this.#schedule, { passive: true });
    if (targets.length) addEventListener('resize', this.#schedule, { passive: true });
  }

  /**
   * Columns from the grid's computed tracks; row size from the rendered rows, once per column
   * count and width (re-measuring every window could flip between estimates when compact rows
   * differ a little). Cards render after the list, so rows of no height are not measured yet:
   * the container's resize brings us back once they have.
   */
  #measure(container: HTMLElement): void {
    const style = getComputedStyle(container);
    const columns = Math.max(1, style.gridTemplateColumns.split(' ').filter(Boolean).length);
    const key = `${columns}×${container.clientWidth}`;
    const previous = this.#measured;
    const cardChanged = previous !== undefined && previous.card.isConnected && previous.card.offsetHeight !== previous.height;
    if (previous?.key === key && !cardChanged) return;
    const items = container.children as HTMLCollectionOf<HTMLElement>;
    const first = items[0];
    const last = items[items.length - 1];
    // Cards (Lit elements) render after the list: measure them once they have.
    const rendered = (item: HTMLElement) => (item as { hasUpdated?: boolean }).hasUpdated !== false && item.offsetHeight > 0;
    if (!first || !last || !rendered(first) || !rendered(last)) return;
    const rows = Math.ceil(items.length / columns);
    const gap = parseFloat(style.rowGap) || 0;
    this.#columns = columns;
    this.#rowSize = (last.offsetTop + last.offsetHeight - first.offsetTop + gap) / rows;
    this.#measured = { key, card: first, height: first.offsetHeight };
  }

  /** Padding in place of the rows that are not rendered. */
  #pad(container: HTMLElement): void {
    const rowsBefore = Math.floor(this.start / this.#columns);
    const rowsAfter = Math.max(0, Math.ceil(this.count() / this.#columns) - Math.ceil(this.end / this.#columns));
    container.style.paddingBlockStart = `${rowsBefore * this.#rowSize}px`;
    container.style.paddingBlockEnd = `${rowsAfter * this.#rowSize}px`;
  }

  /** Which items the viewport (plus overscan) shows; re-renders the host when that changed. */
  #update(container: HTMLElement): void {
    const count = this.count();
    let { start, end } = this;
    if (this.#rowSize > 0) {
      const top = container.getBoundingClientRect().top;
      const rows = Math.ceil(innerHeight / this.#rowSize) + 2 * OVERSCAN_ROWS;
      // Off screen (above or below), keep the rows nearest the viewport: the list is ready when it scrolls in.
      const firstRow = Math.max(0, Math.min(Math.floor(-top / this.#rowSize) - OVERSCAN_ROWS, Math.ceil(count / this.#columns) - rows));
      start = firstRow * this.#columns;
      end = (firstRow + rows) * this.#columns;
      // Removing the focused card would drop focus to <body>: keep the rows up to it, within
      // a few windows (far away, focus goes; rendering everything between would not scale).
      const keep = this.focused();
      const reach = 3 * rows * this.#columns;
      if (keep !== undefined && keep < count && keep >= start - reach && keep < end + reach) {
        start = Math.min(start, keep - (keep % this.#columns));
        end = Math.max(end, keep + 1);
      }
    }
    end = Math.min(count, end);
    const counted = count !== this.#lastCount;
    this.#lastCount = count;
    if (start !== this.start || end !== this.end) {
      this.start = start;
      this.end = end;
      this.host.requestUpdate();
    } else if (!counted) {
      return;
    }
    this.onRange(start, end);
  }
}

/**
 * The window and every element above `node` that may scroll, in the flat tree: through the slot
 * an element is assigned to, and out of shadow roots to their hosts.
 */
function scrollersOf(node: Node): EventTarget[] {
  const found: EventTarget[] = [window];
  const up = (at: Node): Node | null =>
    (at instanceof Element && at.assignedSlot) || at.parentNode || (at instanceof ShadowRoot ? at.host : null);
  for (let at = up(node); at; at = up(at)) {
    if (at instanceof Element) found.push(at);
  }
  return found;
}
