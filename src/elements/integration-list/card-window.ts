import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { RowLayout } from './row-layout.js';
import { ScrollPosition } from './scroll-position.js';

/** Rows rendered beyond each edge of the viewport, so a fast scroll rarely shows a gap. */
const OVERSCAN_ROWS = 2;
/** Spare nodes kept off the page for when the window grows again (a taller viewport, the other view). */
const MAX_SPARE = 24;

/** What the window asks of the list it renders: its items, and how a node shows one. */
export interface WindowRows<T, N extends HTMLElement> {
  /** The element the nodes go in; the window positions them itself (see `integration-list.styles.ts`). */
  container(): HTMLElement | null | undefined;
  items(): readonly T[];
  key(item: T): string;
  create(): N;
  /** Shows `item` (at `index`) on `node`; called again with the same item on every host update. */
  bind(node: N, item: T, index: number): void;
  /** `node` no longer shows the item of `key`. */
  unbind(node: N, key: string): void;
  /** The item whose node holds focus: its node keeps it wherever it scrolls. */
  focused(): string | undefined;
  /** The rendered range changed (e.g. to load more near the end). */
  onRange(start: number, end: number): void;
}

interface Slot<N> {
  node: N;
  /** The item shown, '' for none. */
  key: string;
  index: number;
  /** The node's block size, as the ResizeObserver last said. */
  size: number;
  /** What is applied to the node: its translateY, its column, the width it was given. */
  y: number;
  column: number;
  width: number;
  /** Took a new item this frame: its place in the DOM order is checked. */
  moved: boolean;
}

/**
 * Windowing by recycled nodes: a pool about one viewport (plus overscan) of card nodes, each placed
 * by `transform` in a container as tall as the whole list, whose items are swapped as the window
 * moves. Nothing is measured per frame: a ResizeObserver says when a node's height changed (a long
 * name wraps, a compact row, the taller phone rows), and the layout probe (`.measure`) when the
 * width, the card width or the gap did; the list's place comes from scroll offsets
 * (`ScrollPosition`). When rows above the first one in view change height, the scroll position moves
 * with them, so what is in view stays put. After a swap the DOM order is the visual order again
 * (only the swapped nodes move), for reading and Tab order; the node holding focus is never
 * swapped, wherever it scrolls. Columns, widths and gaps come from CSS through the probe, so
 * right-to-left pages, container queries and custom card widths need nothing here.
 */
export class CardWindow<T, N extends HTMLElement> implements ReactiveController {
  /** The first rendered item, and one past the last. */
  start = 0;
  end = 0;
  readonly #layout = new RowLayout(196);
  readonly #scroll = new ScrollPosition(
    () => this.requestFrame(),
    () => {
      this.#originDirty = true;
      this.requestFrame();
    },
  );
  readonly #resizes: ResizeObserver | undefined =
    typeof ResizeObserver === 'function' ? new ResizeObserver((entries) => this.#resized(entries)) : undefined;
  #container: HTMLElement | undefined;
  #probe: HTMLElement | undefined;
  /** From the probe: the container's width, a card's least width, the gap. */
  #box = { width: 0, card: 0, gap: 0 };
  #columns = 1;
  #columnWidth = 0;
  #layoutDirty = true;
  #originDirty = true;
  #items: readonly T[] = [];
  #indexOf: Map<string, number> | undefined;
  readonly #bound = new Map<string, Slot<N>>();
  readonly #slots = new Map<Element, Slot<N>>();
  #free: Slot<N>[] = [];
  #spare: Slot<N>[] = [];
  /** The first row in view and its top, noted each frame: rows above it changing height move the scroll by as much. */
  #anchor = { item: 0, row: 0, top: 0, within: 0, active: false };
  #height = -1;
  #lastCount = -1;
  #frame = 0;
  #refollow = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly rows: WindowRows<T, N>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Back on the page, maybe under other scrollers: hostUpdated follows them again.
    this.#refollow = true;
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.#frame);
    this.#scroll.follow(undefined);
  }

  hostUpdated(): void {
    const container = this.rows.container() ?? undefined;
    if (container !== this.#container) this.#attach(container);
    else if (this.#refollow) this.#scroll.follow(container);
    this.#refollow = false;
    if (!container) return;
    this.#sync();
    this.#originDirty = true; // what the host rendered above the list may have moved it
    this.requestFrame();
  }

  /** Rows have other heights now (the view changed): every row is measured again. */
  remeasure(): void {
    this.#layoutDirty = true;
  }

  /** Asks for a frame that places the window again (focus left a card kept outside it). */
  readonly requestFrame = (): void => {
    cancelAnimationFrame(this.#frame);
    this.#frame = requestAnimationFrame(() => this.#place());
  };

  /** A new container (first render, or after the list showed another state): a new pool. */
  #attach(container: HTMLElement | undefined): void {
    this.#resizes?.disconnect();
    for (const slot of this.#bound.values()) this.rows.unbind(slot.node, slot.key);
    this.#bound.clear();
    this.#slots.clear();
    this.#free = [];
    this.#spare = [];
    this.#height = -1;
    this.#container = container;
    this.#scroll.follow(container);
    if (!container) return;
    const probe = (this.#probe = document.createElement('div'));
    probe.className = 'measure';
    probe.setAttribute('aria-hidden', 'true');
    probe.append(document.createElement('div'));
    container.prepend(probe);
    // Once per container, so the first frame already has its columns.
    this.#box = { width: probe.offsetWidth, card: probe.firstElementChild!.getBoundingClientRect().width, gap: probe.offsetHeight };
    this.#layoutDirty = true;
    this.#resizes?.observe(probe);
    this.#resizes?.observe(probe.firstElementChild!);
  }

  /** After a host update: the items may be others now, and every node shows what the host says of its item. */
  #sync(): void {
    const items = this.rows.items();
    if (items !== this.#items) {
      this.#items = items;
      this.#indexOf = undefined;
      for (const slot of [...this.#bound.values()]) {
        const index = this.#find(slot.key, slot.index);
        if (index === undefined) this.#release(slot);
        else slot.index = index;
      }
      this.#layout.setRows(Math.ceil(items.length / this.#columns));
    }
    for (const slot of this.#bound.values()) this.rows.bind(slot.node, items[slot.index]!, slot.index);
  }

  /** Where the item `key` is now: at `hint` still, or found by its key. */
  #find(key: string, hint: number): number | undefined {
    const at = this.#items[hint];
    if (at !== undefined && this.rows.key(at) === key) return hint;
    this.#indexOf ??= new Map(this.#items.map((item, index) => [this.rows.key(item), index]));
    return this.#indexOf.get(key);
  }

  #release(slot: Slot<N>): void {
    this.#bound.delete(slot.key);
    this.rows.unbind(slot.node, slot.key);
    slot.key = '';
    this.#free.push(slot);
  }

  /** Once per frame at most: the window from the scroll position, nodes swapped into it, placed. */
  #place(): void {
    const container = this.#container;
    if (!container?.isConnected || this.#box.width === 0) return; // hidden: nothing to see
    if (this.#originDirty) {
      this.#scroll.measure(container);
      this.#originDirty = false;
    }
    // What is in view now (it scrolled since): that is what stays put when heights change below.
    this.#noteAnchor();
    if (this.#layoutDirty) this.#relayout();
    const items = this.#items;
    const count = items.length;
    const { start, end } = this.#range(count);
    const keep = this.rows.focused();
    for (const slot of [...this.#bound.values()]) {
      if ((slot.index < start || slot.index >= end) && slot.key !== keep) this.#release(slot);
    }
    for (let index = start; index < end; index++) {
      const item = items[index]!;
      const key = this.rows.key(item);
      if (this.#bound.has(key)) continue;
      const slot = this.#free.pop() ?? this.#spare.pop() ?? this.#create();
      slot.key = key;
      slot.index = index;
      slot.moved = true;
      this.#bound.set(key, slot);
      this.rows.bind(slot.node, item, index);
      // A recycled node keeps its height unless its new item's differs: then the observer says so.
      if (slot.size > 0 && slot.node.isConnected) this.#layout.setHeight(this.#row(index), this.#rowSize(index));
    }
    for (const slot of this.#free.splice(0)) {
      slot.node.remove();
      if (this.#spare.length < MAX_SPARE) this.#spare.push(slot);
      else this.#forget(slot);
    }
    this.#order(container);
    this.#position(container);
    this.#keepAnchor();
    this.#noteAnchor();
    const counted = count !== this.#lastCount;
    this.#lastCount = count;
    if (start !== this.start || end !== this.end || counted) {
      this.start = start;
      this.end = end;
      this.rows.onRange(start, end);
    }
  }

  /** The items the viewport shows, with overscan; off screen, the rows nearest it (ready when it scrolls in). */
  #range(count: number): { start: number; end: number } {
    const layout = this.#layout;
    if (count === 0) return { start: 0, end: 0 };
    const total = layout.total;
    let top = -this.#scroll.top;
    let bottom = top + innerHeight;
    if (bottom < 0) [top, bottom] = [0, innerHeight];
    else if (top > total) [top, bottom] = [total - innerHeight, total];
    const first = Math.max(0, layout.rowAt(top) - OVERSCAN_ROWS);
    const last = Math.min(layout.rows - 1, layout.rowAt(bottom) + OVERSCAN_ROWS);
    return { start: first * this.#columns, end: Math.min(count, (last + 1) * this.#columns) };
  }

  #create(): Slot<N> {
    const node = this.rows.create();
    const slot: Slot<N> = { node, key: '', index: 0, size: 0, y: NaN, column: -1, width: -1, moved: true };
    this.#slots.set(node, slot);
    this.#resizes?.observe(node);
    return slot;
  }

  #forget(slot: Slot<N>): void {
    this.#resizes?.unobserve(slot.node);
    this.#slots.delete(slot.node);
  }

  #row(index: number): number {
    return Math.floor(index / this.#columns);
  }

  /** The tallest node of the row `index` is in. */
  #rowSize(index: number): number {
    const row = this.#row(index);
    let size = 0;
    for (let column = 0; column < this.#columns; column++) {
      const item = this.#items[row * this.#columns + column];
      const slot = item === undefined ? undefined : this.#bound.get(this.rows.key(item));
      if (slot?.node.isConnected) size = Math.max(size, slot.size);
    }
    return size;
  }

  /** Columns and their width from the probe; every row's height is measured again. */
  #relayout(): void {
    const { width, card, gap } = this.#box;
    const columns = Math.max(1, Math.floor((width + gap) / (Math.max(1, card) + gap) + 1e-6));
    const anchorItem = this.#anchor.item;
    this.#columns = columns;
    this.#columnWidth = (width - gap * (columns - 1)) / columns;
    this.#layout.reset(Math.ceil(this.#items.length / columns), gap);
    this.#layoutDirty = false;
    // Nodes whose height the new width leaves alone are not reported again: take what they last said.
    for (const slot of this.#bound.values()) {
      if (slot.size > 0 && slot.node.isConnected) this.#layout.setHeight(this.#row(slot.index), this.#rowSize(slot.index));
    }
    // The first item in view stays in view across the new columns.
    this.#anchor.row = this.#row(anchorItem);
    this.#anchor.top = NaN;
  }

  /** Swapped nodes go where their item is in the DOM order; the others are in order already. */
  #order(container: HTMLElement): void {
    if (![...this.#bound.values()].some((slot) => slot.moved)) return;
    const slots = [...this.#bound.values()].sort((a, b) => a.index - b.index);
    let after: Node | null = null;
    for (let i = slots.length - 1; i >= 0; i--) {
      const slot = slots[i]!;
      if (slot.moved && (slot.node.parentNode !== container || slot.node.nextSibling !== after)) move(container, slot.node, after);
      slot.moved = false;
      after = slot.node;
    }
  }

  /** Each bound node at its row and column; the container as tall as every row. */
  #position(container: HTMLElement): void {
    const gap = this.#box.gap;
    for (const slot of this.#bound.values()) {
      const y = this.#layout.offset(this.#row(slot.index));
      if (y !== slot.y) {
        slot.y = y;
        slot.node.style.transform = `translateY(${y}px)`;
      }
      const column = slot.index % this.#columns;
      if (column !== slot.column || this.#columnWidth !== slot.width) {
        slot.column = column;
        slot.width = this.#columnWidth;
        slot.node.style.insetInlineStart = `${column * (this.#columnWidth + gap)}px`;
        slot.node.style.inlineSize = `${this.#columnWidth}px`;
      }
    }
    const height = this.#layout.total;
    if (height !== this.#height) {
      this.#height = height;
      container.style.blockSize = `${height}px`;
    }
  }

  /**
   * Rows above the one in view changed height (measured for the first time, or a card's content
   * changed): scroll by as much, so what is in view does not jump.
   */
  #keepAnchor(): void {
    const anchor = this.#anchor;
    if (!anchor.active) return;
    const top = this.#layout.offset(anchor.row);
    const delta = Number.isNaN(anchor.top) ? top + anchor.within + this.#scroll.top : top - anchor.top;
    if (Math.abs(delta) < 0.5) return;
    this.#scroll.scrollBy(delta);
    if (this.#container) this.#position(this.#container);
  }

  /** The first row in view and where it starts, for `#keepAnchor`. */
  #noteAnchor(): void {
    const anchor = this.#anchor;
    const layout = this.#layout;
    const viewTop = -this.#scroll.top;
    const row = layout.rowAt(viewTop);
    anchor.active = viewTop > 0 && layout.rows > 0;
    anchor.row = row;
    anchor.item = row * this.#columns;
    anchor.top = layout.offset(row);
    anchor.within = viewTop - anchor.top;
  }

  /** Heights measured by the browser's layout: rows move (no sizes written here), and the window is placed again. */
  #resized(entries: ResizeObserverEntry[]): void {
    let moved = false;
    for (const entry of entries) {
      const size = entry.borderBoxSize?.[0];
      const inline = size?.inlineSize ?? entry.contentRect.width;
      const block = size?.blockSize ?? entry.contentRect.height;
      if (entry.target === this.#probe) {
        if (inline !== this.#box.width || block !== this.#box.gap) {
          this.#box = { ...this.#box, width: inline, gap: block };
          this.#layoutDirty = this.#originDirty = true;
        }
        continue;
      }
      if (entry.target.parentElement === this.#probe) {
        if (inline !== this.#box.card) {
          this.#box = { ...this.#box, card: inline };
          this.#layoutDirty = true;
        }
        continue;
      }
      const slot = this.#slots.get(entry.target);
      if (!slot || block === 0) continue; // a spare node off the page
      slot.size = block;
      if (slot.key && this.#layout.setHeight(this.#row(slot.index), this.#rowSize(slot.index))) moved = true;
    }
    if (moved && this.#container && !this.#layoutDirty) {
      this.#position(this.#container);
      this.#keepAnchor();
      this.#noteAnchor();
    }
    this.requestFrame();
  }
}

type Movable = HTMLElement & { moveBefore?: (node: Node, child: Node | null) => void };

/**
 * Puts `node` before `after`: with `moveBefore` where the browser has it and the node is on the
 * page already (it stays connected, so a card with `connectedMoveCallback` is not torn down and
 * set up again), else by inserting it.
 */
function move(container: Movable, node: HTMLElement, after: Node | null): void {
  if (container.moveBefore && node.parentNode === container) container.moveBefore(node, after);
  else container.insertBefore(node, after);
}
