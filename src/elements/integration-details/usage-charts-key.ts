import { RELEASE } from '../../internal/release.js';

export { RELEASE };

/**
 * Where the script tag hands usage-charts-deps.ts to its charts file. One key per release: a
 * charts file of another release (an old one from a cache, say) finds nothing and says so,
 * instead of failing on a missing export at render time.
 * @internal
 */
export const USAGE_CHARTS_DEPS = Symbol.for(`@mwap/integrations@${RELEASE}:usage-charts-deps`);
