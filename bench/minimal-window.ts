// The baseline the list benches measure against: the cards of <integration-list> in a minimal
// absolutely-positioned window (fixed rows, the visible ones rendered by a keyed repeat), with
// none of the list's work (no measuring, no paging, no toolbar).
import { html, render } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { CloudProvider, Integration, IntegrationsClient } from '../src/core/index.js';
import '../src/elements/integration-card/define.js';

/** The list's grid rows (196 px and a 12 px gap), two rows of overscan. */
const ROW = 196;
const GAP = 12;
const MIN_CARD = 300;

/** A scrolling box of the size the benches use, hidden until a run shows it. */
export function scroller(): HTMLDivElement {
  const box = document.createElement('div');
  box.style.cssText = 'block-size: 800px; inline-size: 1000px; overflow: auto; display: none';
  document.body.append(box);
  return box;
}

/** Fixed rows, cards absolutely positioned, the visible ones rendered by a keyed repeat. `items` may be replaced. */
export function minimalWindow(box: HTMLElement, items: Integration[], providers: CloudProvider[], client: IntegrationsClient) {
  const byId = new Map(providers.map((p) => [p.id, p]));
  const container = document.createElement('div');
  container.setAttribute('role', 'list');
  box.append(container);
  let columns = 1;
  let width = 0;
  const draw = () => {
    const first = Math.max(0, Math.floor(box.scrollTop / (ROW + GAP)) - 2);
    const last = Math.ceil((box.scrollTop + box.clientHeight) / (ROW + GAP)) + 2;
    const shown = items.slice(first * columns, Math.min(items.length, last * columns));
    render(
      repeat(
        shown,
        (item) => item.id,
        (item, i) => {
          const index = first * columns + i;
          const x = (index % columns) * (width + GAP);
          const y = Math.floor(index / columns) * (ROW + GAP);
          return html`<integration-card
            role="listitem"
            aria-posinset=${index + 1}
            aria-setsize=${items.length}
            style="position: absolute; inset-block-start: 0; inset-inline-start: 0; inline-size: ${width}px; block-size: ${ROW}px; transform: translate(${x}px, ${y}px)"
            .integration=${item}
            .provider=${byId.get(item.cloudProviderId)}
            .client=${client}
          ></integration-card>`;
        },
      ),
      container,
    );
  };
  let frame = 0;
  box.addEventListener('scroll', () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(draw);
  });
  return {
    show() {
      box.style.display = 'block';
      width = container.clientWidth;
      columns = Math.max(1, Math.floor((width + GAP) / (MIN_CARD + GAP)));
      width = (width - GAP * (columns - 1)) / columns;
      container.style.cssText = `position: relative; block-size: ${Math.ceil(items.length / columns) * (ROW + GAP) - GAP}px`;
      draw();
    },
    /** Shows other items (a page added, a filter changed), after `show`. */
    setItems(next: Integration[]) {
      items = next;
      container.style.blockSize = `${Math.ceil(items.length / columns) * (ROW + GAP) - GAP}px`;
      draw();
    },
  };
}
