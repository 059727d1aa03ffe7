/**
 * The one list of public events: each event's name and class, and which events each element
 * fires. The DOM event maps below and the React wrappers' `on…` props are derived from it; a test
 * (tests/build/events-table.test.mjs) holds the elements' `@fires` docs in the manifest to it.
 */
import { CardSelectionChangeEvent } from './card-selection-change-event.js';
import {
  IntegrationConnectedEvent,
  IntegrationCreatedEvent,
  IntegrationCreateRequestEvent,
  IntegrationDeletedEvent,
  IntegrationErrorEvent,
  IntegrationSelectEvent,
  IntegrationUpdatedEvent,
} from './integration-events.js';
import { ProviderSelectEvent } from './provider-select-event.js';
import { WizardCancelEvent, WizardCompleteEvent } from './wizard-events.js';

type EventClass = abstract new (...args: never[]) => Event;

/** Checks at compile time that each key is its class's `eventName`. */
const byName = <T extends { [K in keyof T]: EventClass & { readonly eventName: K } }>(table: T): T => table;

/** Event name → class. */
export const EVENTS = /* @__PURE__ */ byName({
  'integration-created': IntegrationCreatedEvent,
  'integration-connected': IntegrationConnectedEvent,
  'integration-updated': IntegrationUpdatedEvent,
  'integration-deleted': IntegrationDeletedEvent,
  'integration-select': IntegrationSelectEvent,
  'integration-error': IntegrationErrorEvent,
  'integration-create-request': IntegrationCreateRequestEvent,
  'wizard-cancel': WizardCancelEvent,
  'wizard-complete': WizardCompleteEvent,
  'provider-select': ProviderSelectEvent,
  'card-selection-change': CardSelectionChangeEvent,
});

export type MwapEventName = keyof typeof EVENTS;

/** Event name → event type, as `addEventListener` sees it. */
export type MwapEventMap = { [K in MwapEventName]: InstanceType<(typeof EVENTS)[K]> };

/**
 * Tag → the events the element fires, its own and those its parts fire (they bubble out).
 * `integration-error` is everywhere an element has the error boundary of `MwapElement`.
 */
export const ELEMENT_EVENTS = {
  'integrations-provider': ['integration-error'],
  'integration-list': [
    'integration-select',
    'integration-updated',
    'integration-deleted',
    'integration-error',
    'integration-create-request',
  ],
  'integration-card': ['integration-select', 'integration-updated', 'integration-connected', 'integration-error', 'card-selection-change'],
  'integration-wizard': [
    'integration-created',
    'integration-connected',
    'integration-error',
    'integration-deleted',
    'wizard-cancel',
    'wizard-complete',
  ],
  'integration-details': ['integration-updated', 'integration-connected', 'integration-deleted', 'integration-error'],
  'token-status-badge': ['integration-error'],
  'provider-selector': ['provider-select', 'integration-error'],
  'oauth-button': ['integration-connected', 'integration-error'],
  'mwap-confirm-dialog': [],
  'mwap-toast-region': [],
} as const satisfies Record<string, readonly MwapEventName[]>;

export type MwapElementTag = keyof typeof ELEMENT_EVENTS;

declare global {
  // Not just HTMLElementEventMap: `document` and `window` hear the events too (composed, bubbling).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- a declaration merge: it adds MwapEventMap's members
  interface GlobalEventHandlersEventMap extends MwapEventMap {}
}
