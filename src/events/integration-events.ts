/**
 * The public events (DESIGN §3): bubbling, composed, `integration-<verb>`, one small class each
 * with a typed readonly `detail`.
 */
import type { IntegrationError } from '../core/errors.js';
import type { Integration } from '../core/types.js';

const init = { bubbles: true, composed: true } as const;

/** An integration was created (the wizard's first save). */
export class IntegrationCreatedEvent extends Event {
  static readonly eventName = 'integration-created';
  readonly detail: Readonly<{ integration: Integration }>;
  constructor(integration: Integration) {
    super(IntegrationCreatedEvent.eventName, init);
    this.detail = Object.freeze({ integration });
  }
}

/** The OAuth flow finished and the integration holds a token. */
export class IntegrationConnectedEvent extends Event {
  static readonly eventName = 'integration-connected';
  readonly detail: Readonly<{ integration: Integration }>;
  constructor(integration: Integration) {
    super(IntegrationConnectedEvent.eventName, init);
    this.detail = Object.freeze({ integration });
  }
}

/** An integration changed: renamed, settings saved, enabled/disabled, token refreshed. */
export class IntegrationUpdatedEvent extends Event {
  static readonly eventName = 'integration-updated';
  readonly detail: Readonly<{ integration: Integration }>;
  constructor(integration: Integration) {
    super(IntegrationUpdatedEvent.eventName, init);
    this.detail = Object.freeze({ integration });
  }
}

/** An integration was deleted. */
export class IntegrationDeletedEvent extends Event {
  static readonly eventName = 'integration-deleted';
  readonly detail: Readonly<{ integrationId: string }>;
  constructor(integrationId: string) {
    super(IntegrationDeletedEvent.eventName, init);
    this.detail = Object.freeze({ integrationId });
  }
}

/** The user chose to open an integration (hosts navigate; elements never touch `location`). */
export class IntegrationSelectEvent extends Event {
  static readonly eventName = 'integration-select';
  readonly detail: Readonly<{ integration: Integration }>;
  constructor(integration: Integration) {
    super(IntegrationSelectEvent.eventName, { ...init, cancelable: true });
    this.detail = Object.freeze({ integration });
  }
}

/** Something failed; `error.code` and `error.recovery` say what and who must act. */
export class IntegrationErrorEvent extends Event {
  static readonly eventName = 'integration-error';
  readonly detail: Readonly<{ error: IntegrationError; integrationId?: string | undefined }>;
  constructor(error: IntegrationError, integrationId?: string) {
    super(IntegrationErrorEvent.eventName, init);
    this.detail = Object.freeze({ error, integrationId });
  }
}

/** The user asked to add an integration (the empty state's call to action); hosts open the wizard. */
export class IntegrationCreateRequestEvent extends Event {
  static readonly eventName = 'integration-create-request';
  readonly detail: Readonly<Record<string, never>> = Object.freeze({});
  constructor() {
    super(IntegrationCreateRequestEvent.eventName, init);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'integration-created': IntegrationCreatedEvent;
    'integration-connected': IntegrationConnectedEvent;
    'integration-updated': IntegrationUpdatedEvent;
    'integration-deleted': IntegrationDeletedEvent;
    'integration-select': IntegrationSelectEvent;
    'integration-error': IntegrationErrorEvent;
    'integration-create-request': IntegrationCreateRequestEvent;
  }
}
