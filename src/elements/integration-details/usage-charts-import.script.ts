/**
 * The script tag's charts: `mwap-integrations.charts.js` beside it (src/script-files.ts), fetched
 * the first time a usage panel renders. That file imports nothing: it takes Lit, the locale and
 * the formatting from this bundle through a global the page cannot confuse with anything else,
 * set just before the import (build/script-files.ts).
 * @internal
 */
import { importBesideScript } from '../../script-files.js';
import * as deps from './usage-charts-deps.js';
import { USAGE_CHARTS_DEPS } from './usage-charts-key.js';

type UsageChartsModule = typeof import('./usage-charts.js');

export function importUsageCharts(): Promise<UsageChartsModule> {
  (globalThis as Record<symbol, unknown>)[USAGE_CHARTS_DEPS] = deps;
  return importBesideScript('charts', 'the usage charts') as Promise<UsageChartsModule>;
}
