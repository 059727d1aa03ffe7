/**
 * Everything usage-charts.ts uses from Lit and from the rest of the library, in one place. The
 * script tag's copy of the charts is a file of its own (`mwap-integrations.charts.js`); there
 * these come from the bundle that loaded it, not from copies, so the charts share its Lit, its
 * locale and its formatting (usage-charts-import.script.ts, build/script-files.ts).
 * @internal
 */
export { css, html, nothing, svg } from 'lit';
export { msg, str } from '@lit/localize';
export { dateTimeFormat, formatDateTime, formatMilliseconds, formatNumber, formatPercent } from '../../internal/format.js';
export { styleProperties } from '../../internal/style-properties.js';
