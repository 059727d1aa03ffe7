import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Rows rendered beyond each edge of the viewport, so a fast scroll rarely shows a gap. */
const OVERSCAN_ROWS = 2;

/**
 * Windowing for a long list laid out by CSS (a grid of equal cards, or one column): only the
 * items near the viewport are rendered, and the rows above and below become padding, so the
 * scrollbar is true to the whole list. Rows are taken to be as tall as the rendered ones (cards
 * of a fixed height; compact rows of one line). The browser does the layout, so right-to-left
 * pages, `auto-fill` columns and custom card widths need nothing here. It follows the page's
 * scroll and any scrolling ancestor's.
 *
 * Why not @lit-labs/virtualizer: it places items itself (absolute, physical offsets), which broke
 * right-to-left grids, and it cost about 9 KB gzip of the script tag's budget; this is under 1 KB.
 */
export class WindowController implements ReactiveController {
  /** The first rendered item, and one past the last. */
  start = 0;
  end: number;
  private columns = 1;
  /** Row height plus the gap between rows; 0 until a row has been rendered and measured. */
  private rowSize = 0;
  private frame = 0;
  private readonly resizeObserver: ResizeObserver | undefined =
    typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.schedule()) : undefined;
  private observed: Element | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The element whose children are the items (a grid or a column). */
    private readonly container: () => HTMLElement | null | undefined,
    private readonly count: () => number,
    /** Called after each measurement with the rendered range (e.g. to load more near the end). */
    private readonly onRange: (start: number, end: number) => void,
    /** Items rendered before anything can be measured. */
    initial = 24,
  ) {
    this.end = initial;
    host.addController(this);
  }

  hostConnected(): void {
    // Capture: scroll events do not bubble, and the scrolling element may be any ancestor.
    addEventListener('scroll', this.schedule, { capture: true, passive: true });
    addEventListener('resize', this.schedule, { passive: true });
  }

  hostDisconnected(): void {
    removeEventListener('scroll', this.schedule, { capture: true });
    removeEventListener('resize', this.schedule);
    cancelAnimationFrame(this.frame);
    this.resizeObserver?.disconnect();
    this.observed = undefined;
  }

  hostUpdated(): void {
    const container = this.container();
    if (!container) return;
    if (container !== this.observed) {
      this.resizeObserver?.disconnect();
      this.resizeObserver?.observe(container);
      this.observed = container;
    }
    this.layout(container);
  }

  /** Back to the top of a new list (another search or filter). */
  reset(): void {
    this.start = 0;
  }

  private readonly schedule = (): void => {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => {
      const container = this.container();
      if (container) this.layout(container);
    });
  };

  private layout(container: HTMLElement): void {
    this.measure(container);
    this.pad(container);
    this.update(container);
  }

  /**
   * Columns from the first rendered row, row size from the first to the last rendered row. Cards
   * render after the list, so rows of no height are not measured yet: the container's resize
   * brings us back once they have.
   */
  private measure(container: HTMLElement): void {
    const items = container.children as HTMLCollectionOf<HTMLElement>;
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    let columns = 1;
    while (columns < items.length && items[columns]!.offsetTop === first.offsetTop) columns += 1;
    const rows = Math.ceil(items.length / columns);
    if (first.offsetHeight === 0 || last.offsetHeight === 0) return;
    const height = last.offsetTop + last.offsetHeight - first.offsetTop;
    const gap = parseFloat(getComputedStyle(container).rowGap) || 0;
    this.columns = columns;
    this.rowSize = (height + gap) / rows;
  }

  /** Padding in place of the rows that are not rendered. */
  private pad(container: HTMLElement): void {
    const rowsBefore = Math.floor(this.start / this.columns);
    const rowsAfter = Math.max(0, Math.ceil(this.count() / this.columns) - Math.ceil(this.end / this.columns));
    container.style.paddingBlockStart = `${rowsBefore * this.rowSize}px`;
    container.style.paddingBlockEnd = `${rowsAfter * this.rowSize}px`;
  }

  /** Which items the viewport (plus overscan) shows; re-renders the host when that changed. */
  private update(container: HTMLElement): void {
    const count = this.count();
    let { start, end } = this;
    if (this.rowSize > 0) {
      const top = container.getBoundingClientRect().top;
      const firstRow = Math.max(0, Math.floor(-top / this.rowSize) - OVERSCAN_ROWS);
      const lastRow = Math.ceil((innerHeight - top) / this.rowSize) + OVERSCAN_ROWS;
      start = Math.min(firstRow * this.columns, Math.max(0, count - 1));
      end = Math.max(start + 1, lastRow * this.columns);
    }
    start -= start % this.columns;
    end = Math.min(count, end);
    if (start !== this.start || end !== this.end) {
      this.start = start;
      this.end = end;
      this.host.requestUpdate();
    }
    this.onRange(start, end);
  }
}
