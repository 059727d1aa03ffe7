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
import { createComponent, type EventName } from '@lit/react';
import type {
  IntegrationConnectedEvent,
  IntegrationCreatedEvent,
  IntegrationCreateRequestEvent,
  IntegrationDeletedEvent,
  IntegrationErrorEvent,
  IntegrationSelectEvent,
  IntegrationUpdatedEvent,
} from '../events/integration-events.js';
import { IntegrationsProviderElement } from '../elements/integrations-provider/define.js';
import { IntegrationListElement } from '../elements/integration-list/define.js';
import { CardSelectionChangeEvent, IntegrationCardElement } from '../elements/integration-card/define.js';
import { IntegrationWizardElement, type WizardCancelEvent, type WizardCompleteEvent } from '../elements/integration-wizard/define.js';
import { IntegrationDetailsElement } from '../elements/integration-details/define.js';
import { TokenStatusBadgeElement } from '../elements/token-status-badge/define.js';
import { ProviderSelectorElement, type ProviderSelectEvent } from '../elements/provider-selector/define.js';
import { OAuthButtonElement } from '../elements/oauth-button/define.js';

const onError = { onIntegrationError: 'integration-error' as EventName<IntegrationErrorEvent> };

export const IntegrationsProvider = createComponent({
  react: React,
  tagName: 'integrations-provider',
  elementClass: IntegrationsProviderElement,
  events: { ...onError },
  displayName: 'IntegrationsProvider',
});

export const IntegrationList = createComponent({
  react: React,
  tagName: 'integration-list',
  elementClass: IntegrationListElement,
  events: {
    onIntegrationSelect: 'integration-select' as EventName<IntegrationSelectEvent>,
    onIntegrationUpdated: 'integration-updated' as EventName<IntegrationUpdatedEvent>,
    onIntegrationDeleted: 'integration-deleted' as EventName<IntegrationDeletedEvent>,
    onIntegrationCreateRequest: 'integration-create-request' as EventName<IntegrationCreateRequestEvent>,
    ...onError,
  },
  displayName: 'IntegrationList',
});

export const IntegrationCard = createComponent({
  react: React,
  tagName: 'integration-card',
  elementClass: IntegrationCardElement,
  events: {
    onIntegrationSelect: 'integration-select' as EventName<IntegrationSelectEvent>,
    onIntegrationUpdated: 'integration-updated' as EventName<IntegrationUpdatedEvent>,
    onCardSelectionChange: CardSelectionChangeEvent.eventName as EventName<CardSelectionChangeEvent>,
    ...onError,
  },
  displayName: 'IntegrationCard',
});

export const IntegrationWizard = createComponent({
  react: React,
  tagName: 'integration-wizard',
  elementClass: IntegrationWizardElement,
  events: {
    onIntegrationCreated: 'integration-created' as EventName<IntegrationCreatedEvent>,
    onIntegrationConnected: 'integration-connected' as EventName<IntegrationConnectedEvent>,
    onIntegrationDeleted: 'integration-deleted' as EventName<IntegrationDeletedEvent>,
    onWizardCancel: 'wizard-cancel' as EventName<WizardCancelEvent>,
    onWizardComplete: 'wizard-complete' as EventName<WizardCompleteEvent>,
    ...onError,
  },
  displayName: 'IntegrationWizard',
});

export const IntegrationDetails = createComponent({
  react: React,
  tagName: 'integration-details',
  elementClass: IntegrationDetailsElement,
  events: {
    onIntegrationUpdated: 'integration-updated' as EventName<IntegrationUpdatedEvent>,
    onIntegrationConnected: 'integration-connected' as EventName<IntegrationConnectedEvent>,
    onIntegrationDeleted: 'integration-deleted' as EventName<IntegrationDeletedEvent>,
    ...onError,
  },
  displayName: 'IntegrationDetails',
});

export const TokenStatusBadge = createComponent({
  react: React,
  tagName: 'token-status-badge',
  elementClass: TokenStatusBadgeElement,
  events: { ...onError },
  displayName: 'TokenStatusBadge',
});

export const ProviderSelector = createComponent({
  react: React,
  tagName: 'provider-selector',
  elementClass: ProviderSelectorElement,
  events: {
    onProviderSelect: 'provider-select' as EventName<ProviderSelectEvent>,
    ...onError,
  },
  displayName: 'ProviderSelector',
});

export const OAuthButton = createComponent({
  react: React,
  tagName: 'oauth-button',
  elementClass: OAuthButtonElement,
  events: {
    onIntegrationConnected: 'integration-connected' as EventName<IntegrationConnectedEvent>,
    ...onError,
  },
  displayName: 'OAuthButton',
});
