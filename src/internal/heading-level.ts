/**
 * The `aria-level` of an element's heading from its `heading-level` attribute: a whole number
 * from 2 to 6 (a host keeps its own `<h1>`); anything else falls back to the element's default.
 * @internal
 */
export function headingLevel(requested: number | undefined, fallback: number): number {
  const level = Number(requested);
  return Number.isInteger(level) && level >= 2 && level <= 6 ? level : fallback;
}
