import { RELEASE } from './release.js';

/**
 * Tags of the parts `<integration-details>` renders. They carry the release in their names
 * (`mwap-integration-details-header-v0-1-0`): tag names are global, and when two releases of
 * the library share a page, the one defined first keeps a plain name. Versioned, each release's
 * elements render their own parts; with plain names the newer `<integration-details>` would get
 * the older header and panels, with other properties and events. Public tags keep their names:
 * hosts write those.
 */
export const RELEASE_SUFFIX = `-v${RELEASE.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

export const DETAILS_HEADER_TAG = `mwap-integration-details-header${RELEASE_SUFFIX}`;
export const TOKEN_PANEL_TAG = `mwap-integration-token-panel${RELEASE_SUFFIX}`;
export const HEALTH_PANEL_TAG = `mwap-integration-health-panel${RELEASE_SUFFIX}`;
export const USAGE_PANEL_TAG = `mwap-integration-usage-panel${RELEASE_SUFFIX}`;
export const SETTINGS_EDITOR_TAG = `mwap-integration-settings-editor${RELEASE_SUFFIX}`;
