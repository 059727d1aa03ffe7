/** Every public element: importing this module defines all tags. */
export * from './elements/integrations-provider/define.js';
export * from './elements/token-status-badge/define.js';
export * from './elements/integration-card/define.js';
export * from './elements/integration-list/define.js';
export * from './elements/provider-selector/define.js';
export * from './elements/oauth-button/define.js';
export * from './elements/integration-wizard/define.js';
export * from './elements/integration-details/define.js';
export * from './elements/confirm-dialog/define.js';
export * from './elements/toast-region/define.js';
