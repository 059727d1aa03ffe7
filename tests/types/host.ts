/**
 * What a TypeScript host gets, checked by the compiler (`npm run test:types`; no test runner):
 * tags map to their classes, events to their typed classes, and mistakes do not compile.
 * Every `@ts-expect-error` below must stay an error; tsc fails if one stops being one.
 */
import { configure, type Integration, type IntegrationErrorCode } from '../../src/index.js';
import { IntegrationList, IntegrationWizard } from '../../src/react/index.js';
import * as React from 'react';

configure({ apiBaseUrl: 'https://host.example/api' });

// --- HTMLElementTagNameMap: createElement and querySelector know the classes --------------------
const list = document.createElement('integration-list');
list.view = 'list';
list.pageSize = 25;
const selected: string[] = list.selectedIds;
void list.refresh();
// @ts-expect-error `view` is 'grid' | 'list'
list.view = 'table';
// @ts-expect-error no such property
list.notAProperty = true;

const wizard = document.querySelector('integration-wizard');
wizard?.reset();
const badge = document.createElement('token-status-badge');
badge.integrationId = 'int-1';
const state: 'valid' | 'expiring' | 'expired' | 'refreshing' | 'error' | 'paused' | 'none' = badge.state;
document.createElement('oauth-button').connect();
document.createElement('integration-details').tab = 'usage';
document.createElement('provider-selector').value = 'dev-cloud';
document.createElement('integrations-provider').apiBaseUrl = '/api';
document.createElement('integration-card').integration = undefined;

// --- GlobalEventHandlersEventMap: typed details ----------------------------------------------
list.addEventListener('integration-created', (e) => {
  const id: string = e.detail.integration.id;
  void id;
});
list.addEventListener('integration-select', (e) => {
  e.preventDefault(); // cancelable: the host navigates
  const integration: Integration = e.detail.integration;
  void integration;
});
document.addEventListener('integration-error', (e) => {
  const code: IntegrationErrorCode = e.detail.error.code;
  const recovery: string = e.detail.error.recovery;
  void [code, recovery, e.detail.integrationId];
});
document.addEventListener('integration-deleted', (e) => {
  const id: string = e.detail.integrationId;
  void id;
  // @ts-expect-error a deleted event carries the id, not the integration
  void e.detail.integration;
});
wizard?.addEventListener('wizard-complete', (e) => void e.detail.integration.name);
document.addEventListener('provider-select', (e) => void e.detail.provider.scopes);

// --- React 18 wrappers: props are the element's, event props carry the typed events -------------
export const page = React.createElement(
  React.Fragment,
  null,
  React.createElement(IntegrationList, {
    view: 'grid',
    noSelect: true,
    onIntegrationSelect: (e) => void e.detail.integration.id,
    onIntegrationError: (e) => void e.detail.error.code,
  }),
  React.createElement(IntegrationWizard, { providerId: 'dev-cloud', onWizardComplete: (e) => void e.detail.integration.id }),
);

// @ts-expect-error `view` takes 'grid' | 'list'
React.createElement(IntegrationList, { view: 'table' });

void [selected, state];
