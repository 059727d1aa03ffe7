/**
 * `@mwap/integrations/react`: thin React wrappers (@lit/react) for React 18, which passes
 * everything to custom elements as string attributes and cannot listen to their events.
 * Properties go to the element as properties (`client`, `integration`, `providers` …), and each
 * `integration-*` event has an `on…` prop with its typed event.
 *
 * React 19 supports custom elements natively: there, `<integration-list>` works as it is.
 *
 * ```tsx
 * import { IntegrationList, IntegrationsProvider } from '@mwap/integrations/react';
 *
 * <IntegrationsProvider client={client}>
 *   <IntegrationList view="list" onIntegrationSelect={(e) => navigate(`/integrations/${e.detail.integration.id}`)} />
 * </IntegrationsProvider>
 * ```
 */
import * as React from 'react';
import { createComponent } from '@lit/react';
import { IntegrationsProviderElement } from '../elements/integrations-provider/define.js';
import { IntegrationListElement } from '../elements/integration-list/define.js';
import { IntegrationCardElement } from '../elements/integration-card/define.js';
import { IntegrationWizardElement } from '../elements/integration-wizard/define.js';
import { IntegrationDetailsElement } from '../elements/integration-details/define.js';
import { TokenStatusBadgeElement } from '../elements/token-status-badge/define.js';
import { ProviderSelectorElement } from '../elements/provider-selector/define.js';
import { OAuthButtonElement } from '../elements/oauth-button/define.js';
import { eventProps } from './events.js';

// The `on…` props come from the events table (src/events/table.ts), so a wrapper cannot miss an
// event its element fires.

export const IntegrationsProvider = createComponent({
  react: React,
  tagName: 'integrations-provider',
  elementClass: IntegrationsProviderElement,
  events: eventProps('integrations-provider'),
  displayName: 'IntegrationsProvider',
});

export const IntegrationList = createComponent({
  react: React,
  tagName: 'integration-list',
  elementClass: IntegrationListElement,
  events: eventProps('integration-list'),
  displayName: 'IntegrationList',
});

export const IntegrationCard = createComponent({
  react: React,
  tagName: 'integration-card',
  elementClass: IntegrationCardElement,
  events: eventProps('integration-card'),
  displayName: 'IntegrationCard',
});

export const IntegrationWizard = createComponent({
  react: React,
  tagName: 'integration-wizard',
  elementClass: IntegrationWizardElement,
  events: eventProps('integration-wizard'),
  displayName: 'IntegrationWizard',
});

export const IntegrationDetails = createComponent({
  react: React,
  tagName: 'integration-details',
  elementClass: IntegrationDetailsElement,
  events: eventProps('integration-details'),
  displayName: 'IntegrationDetails',
});

export const TokenStatusBadge = createComponent({
  react: React,
  tagName: 'token-status-badge',
  elementClass: TokenStatusBadgeElement,
  events: eventProps('token-status-badge'),
  displayName: 'TokenStatusBadge',
});

export const ProviderSelector = createComponent({
  react: React,
  tagName: 'provider-selector',
  elementClass: ProviderSelectorElement,
  events: eventProps('provider-selector'),
  displayName: 'ProviderSelector',
});

export const OAuthButton = createComponent({
  react: React,
  tagName: 'oauth-button',
  elementClass: OAuthButtonElement,
  events: eventProps('oauth-button'),
  displayName: 'OAuthButton',
});
