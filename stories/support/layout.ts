/**
 * Layout checks for the long-text and narrow stories: axe does not see text running out of its
 * box, so these stories measure it. A story whose check fails throws from its play function, and
 * the story smoke test reports it like any other failure.
 */

import { mockApiSettled } from '../mocks/handlers.js';

/** Every element under `root`, through open shadow roots. */
function deepElements(root: ParentNode, into: Element[] = []): Element[] {
  for (const el of root.querySelectorAll('*')) {
    into.push(el);
    if (el.shadowRoot) deepElements(el.shadowRoot, into);
  }
  return into;
}

/** The parent across a shadow boundary. */
const parentOf = (el: Element): Element | null => el.parentElement ?? ((el.getRootNode() as ShadowRoot).host || null);

/**
 * A scroller or clipper between `el` and `stop` owns what sticks out of it (tab strips, inputs,
 * line-clamped names): that is by design.
 */
function clippedBefore(el: Element, stop: Element): boolean {
  for (let n = parentOf(el); n && n !== stop; n = parentOf(n)) {
    const { overflowX, overflowY } = getComputedStyle(n);
    if (overflowX !== 'visible' || overflowY !== 'visible') return true;
  }
  return false;
}

const describe = (el: Element) => `<${el.localName}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}>`;

/**
 * What does not fit: elements reaching past the sides of `box` (the story's width), and cards
 * (each `[part="base"]` of an <integration-card>) whose content is taller than the card.
 */
export function layoutProblems(box: Element): string[] {
  const edge = box.getBoundingClientRect();
  const problems: string[] = [];
  for (const el of deepElements(box)) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0 || clippedBefore(el, box)) continue;
    const past = Math.max(rect.right - edge.right, edge.left - rect.left);
    if (past > 1) problems.push(`${describe(el)} sticks out ${Math.round(past)} px past the ${Math.round(edge.width)} px box`);
  }
  for (const card of deepElements(box).filter((el) => el.localName === 'integration-card')) {
    const host = card.getBoundingClientRect();
    for (const el of deepElements(card.shadowRoot ?? card)) {
      const below = el.getBoundingClientRect().bottom - host.bottom;
      // Text inside a line-clamped name or a one-line provider is clipped on purpose.
      if (below > 1 && el.getBoundingClientRect().height > 0 && !clippedBefore(el, card)) {
        problems.push(
          `${describe(el)} in the card "${card.getAttribute('aria-label') ?? card.id}" reaches ${Math.round(below)} px below it`,
        );
        break;
      }
    }
  }
  return [...new Set(problems)];
}

/** The story's own box: the 320 px wrapper when there is one, else the story frame. */
export function storyBox(canvas: HTMLElement): Element {
  return canvas.querySelector('[data-story-box]') ?? canvas.querySelector('.mwap-story') ?? canvas;
}

/** A play function step: waits for the elements to settle, then fails if anything does not fit. */
export async function expectFits(canvas: HTMLElement): Promise<void> {
  await mockApiSettled();
  // Two frames: the last answers have rendered and the layout is done.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const problems = layoutProblems(storyBox(canvas));
  if (problems.length === 0) return;
  const report = `Layout: ${problems.length} thing(s) do not fit:\n  ${problems.slice(0, 8).join('\n  ')}`;
  throw new Error(report);
}
