/**
 * The usage charts are the heaviest part of `<integration-details>` and most pages never show
 * them, so they live in their own module, fetched the first time a usage panel renders. The list
 * and the pages without a usage panel never pay for them.
 * @internal
 */
import { importUsageCharts } from './usage-charts-import.js';

export type UsageChartsModule = typeof import('./usage-charts.js');

let pending: Promise<UsageChartsModule> | undefined;
let loaded: UsageChartsModule | undefined;
let requests = 0;

/** Loads the chart module once; a failed load (offline) may be tried again. @internal */
export function loadUsageCharts(): Promise<UsageChartsModule> {
  if (!pending) {
    requests += 1;
    pending = importUsageCharts().then(
      (module) => (loaded = module),
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
  }
  return pending;
}

/** The chart module if it has already loaded (renders without waiting a microtask). @internal */
export function loadedUsageCharts(): UsageChartsModule | undefined {
  return loaded;
}

/** How many times the chart module was requested from the network (for tests and the bench). */
export function usageChartsLoadCount(): number {
  return requests;
}
