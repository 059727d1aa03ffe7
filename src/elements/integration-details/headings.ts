import { unsafeStatic, type StaticValue } from 'lit/static-html.js';

/**
 * The heading tag for an outline level, as a static value for lit/static-html templates: real
 * `<h2>`…`<h6>` rather than `role="heading"`, so hosts' styles and reading tools see headings.
 * A level below 6 is kept at 6: HTML has no deeper heading.
 * @internal
 */
export function headingTag(level: number): StaticValue {
  const clamped = Math.min(6, Math.max(1, Math.trunc(level) || 2));
  return TAGS[clamped - 1]!;
}

const TAGS = [1, 2, 3, 4, 5, 6].map((n) => unsafeStatic(`h${n}`));
