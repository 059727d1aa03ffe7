import { define } from '../../internal/define.js';
import '../confirm-dialog/define.js';
import '../token-status-badge/define.js';
import { IntegrationDetailsElement } from './integration-details.js';
import { IntegrationDetailsHeaderElement } from './details-header.js';
import { IntegrationTokenPanelElement } from './token-panel.js';
import { IntegrationHealthPanelElement } from './health-panel.js';
import { IntegrationUsagePanelElement } from './usage-panel.js';
import { IntegrationSettingsEditorElement } from './settings-editor.js';

// The parts first, so the first render of <integration-details> upgrades them at once.
define('mwap-integration-details-header', IntegrationDetailsHeaderElement);
define('mwap-integration-token-panel', IntegrationTokenPanelElement);
define('mwap-integration-health-panel', IntegrationHealthPanelElement);
define('mwap-integration-usage-panel', IntegrationUsagePanelElement);
define('mwap-integration-settings-editor', IntegrationSettingsEditorElement);
define('integration-details', IntegrationDetailsElement);

declare global {
  interface HTMLElementTagNameMap {
    'integration-details': IntegrationDetailsElement;
    'mwap-integration-details-header': IntegrationDetailsHeaderElement;
    'mwap-integration-token-panel': IntegrationTokenPanelElement;
    'mwap-integration-health-panel': IntegrationHealthPanelElement;
    'mwap-integration-usage-panel': IntegrationUsagePanelElement;
    'mwap-integration-settings-editor': IntegrationSettingsEditorElement;
  }
}

export { IntegrationDetailsElement };
export { DETAILS_TABS, type DetailsTab } from './integration-details.js';
