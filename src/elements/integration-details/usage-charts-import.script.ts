/**
 * The script tag's charts: `mwap-integrations.charts.js` beside it (src/script-files.ts), fetched
 * the first time a usage panel renders. That file imports nothing: while it loads, it takes Lit,
 * the locale and our formatting from this bundle, under a global key of this release
 * (usage-charts-key.ts, build/script-files.ts).
 * @internal
 */
import { importBesideScript } from '../../script-files.js';
import * as deps from './usage-charts-deps.js';
import { USAGE_CHARTS_DEPS } from './usage-charts-key.js';

type UsageChartsModule = typeof import('./usage-charts.js');

export async function importUsageCharts(): Promise<UsageChartsModule> {
  const global = globalThis as Record<symbol, unknown>;
  global[USAGE_CHARTS_DEPS] = deps;
  try {
    return (await importBesideScript('charts', 'the usage charts')) as UsageChartsModule;
  } finally {
    // The file read them while it was evaluated. Another copy of this release on the page may
    // have put its own there meanwhile: leave those.
    if (global[USAGE_CHARTS_DEPS] === deps) delete global[USAGE_CHARTS_DEPS];
  }
}
