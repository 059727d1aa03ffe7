import { define } from '../../internal/define.js';
import { DETAILS_HEADER_TAG, HEALTH_PANEL_TAG, SETTINGS_EDITOR_TAG, TOKEN_PANEL_TAG, USAGE_PANEL_TAG } from '../../internal/tags.js';
import '../confirm-dialog/define.js';
import '../token-status-badge/define.js';
import { IntegrationDetailsElement } from './integration-details.js';
import { IntegrationDetailsHeaderElement } from './details-header.js';
import { IntegrationTokenPanelElement } from './token-panel.js';
import { IntegrationHealthPanelElement } from './health-panel.js';
import { IntegrationUsagePanelElement } from './usage-panel.js';
import { IntegrationSettingsEditorElement } from './settings-editor.js';
import { ACTIVITY_PANEL_TAG, IntegrationActivityPanelElement } from './activity-panel.js';

// The parts first, so the first render of <integration-details> upgrades them at once. Their
// tags carry the release (src/internal/tags.ts), so they are not in HTMLElementTagNameMap.
define(DETAILS_HEADER_TAG, IntegrationDetailsHeaderElement);
define(TOKEN_PANEL_TAG, IntegrationTokenPanelElement);
define(HEALTH_PANEL_TAG, IntegrationHealthPanelElement);
define(USAGE_PANEL_TAG, IntegrationUsagePanelElement);
define(SETTINGS_EDITOR_TAG, IntegrationSettingsEditorElement);
define(ACTIVITY_PANEL_TAG, IntegrationActivityPanelElement);
define('integration-details', IntegrationDetailsElement);

declare global {
  interface HTMLElementTagNameMap {
    'integration-details': IntegrationDetailsElement;
  }
}

export { IntegrationDetailsElement };
export { DETAILS_TABS, type DetailsTab } from './integration-details.js';
