/**
 * Where each row of the list starts, for rows of unequal height: the rows measured so far keep
 * their height, the others are taken to be as tall as the measured ones on average. Offsets are
 * prefix sums, recomputed only from the first row whose height changed, when next asked for.
 */
export class RowLayout {
  /** Measured heights; 0 for a row not measured yet. */
  #heights = new Float64Array(0);
  /** `#offsets[r]` is the top of row r; valid up to `#valid`. */
  #offsets = new Float64Array(1);
  #valid = 0;
  #rows = 0;
  #gap = 0;
  #measuredSum = 0;
  #measuredRows = 0;
  #fallback: number;

  /** `fallback`: the height of a row before any is measured. */
  constructor(fallback: number) {
    this.#fallback = fallback;
  }

  get rows(): number {
    return this.#rows;
  }

  /** What an unmeasured row is taken to be. */
  get estimate(): number {
    return this.#measuredRows ? this.#measuredSum / this.#measuredRows : this.#fallback;
  }

  /** Forget every height (the rows changed their width or their columns); keep the last estimate as the fallback. */
  reset(rows: number, gap: number): void {
    this.#fallback = this.estimate;
    this.#heights = new Float64Array(rows);
    this.#measuredSum = this.#measuredRows = 0;
    this.#gap = gap;
    this.#resizeOffsets(rows);
  }

  /** The list has `rows` rows now (more were loaded, some deleted): the heights of the first rows stay. */
  setRows(rows: number): void {
    if (rows === this.#rows) return;
    const heights = new Float64Array(rows);
    heights.set(this.#heights.subarray(0, Math.min(rows, this.#rows)));
    for (let r = rows; r < this.#rows; r++) this.#forget(r);
    this.#heights = heights;
    this.#resizeOffsets(rows);
  }

  /** Records a row's measured height; answers whether anything moved. */
  setHeight(row: number, height: number): boolean {
    if (row >= this.#rows || height <= 0 || this.#heights[row] === height) return false;
    const estimate = this.estimate;
    this.#forget(row);
    this.#heights[row] = height;
    this.#measuredSum += height;
    this.#measuredRows++;
    // A new average moves every unmeasured row; otherwise only the rows after this one.
    this.#valid = Math.min(this.#valid, this.estimate === estimate ? row : 0);
    return true;
  }

  /** The top of row `row` (the end of the last row plus a gap for `row === rows`). */
  offset(row: number): number {
    const target = Math.max(0, Math.min(row, this.#rows));
    if (target > this.#valid) {
      const estimate = this.estimate;
      for (let r = this.#valid; r < target; r++) this.#offsets[r + 1] = this.#offsets[r]! + (this.#heights[r] || estimate) + this.#gap;
      this.#valid = target;
    }
    return this.#offsets[target]!;
  }

  height(row: number): number {
    return this.#heights[row] || this.estimate;
  }

  /** The height of every row with the gaps between them. */
  get total(): number {
    return this.#rows ? this.offset(this.#rows) - this.#gap : 0;
  }

  /** The row at `y` (clamped to the rows there are). */
  rowAt(y: number): number {
    let low = 0;
    let high = this.#rows - 1;
    if (high < 0 || y <= 0) return 0;
    if (y >= this.offset(this.#rows)) return high;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.offset(mid) <= y) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  #forget(row: number): void {
    const height = this.#heights[row];
    if (!height) return;
    this.#measuredSum -= height;
    this.#measuredRows--;
  }

  #resizeOffsets(rows: number): void {
    this.#rows = rows;
    this.#offsets = new Float64Array(rows + 1);
    this.#valid = 0;
  }
}
