/** Where the script tag hands usage-charts-deps.ts to its charts file. @internal */
export const USAGE_CHARTS_DEPS = Symbol.for('@mwap/integrations:usage-charts-deps');
