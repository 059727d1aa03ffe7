/**
 * How the chart module is fetched. In the ESM build it is a chunk; the script-tag build swaps this
 * module for usage-charts-import.script.ts (vite.config.ts).
 * @internal
 */
export const importUsageCharts = () => import('./usage-charts.js');
