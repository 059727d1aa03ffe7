/** The `integration-<verb>` events: what happened to an integration, or what the user asks for. */
import type { IntegrationError } from '../core/errors.js';
import type { Integration } from '../core/types.js';
import { MwapEvent } from './base.js';

/** An integration was created (the wizard's first save). */
export class IntegrationCreatedEvent extends MwapEvent<{ integration: Integration }> {
  static readonly eventName = 'integration-created';
  constructor(integration: Integration) {
    super(IntegrationCreatedEvent.eventName, { integration });
  }
}

/** The OAuth flow finished and the integration holds a token. */
export class IntegrationConnectedEvent extends MwapEvent<{ integration: Integration }> {
  static readonly eventName = 'integration-connected';
  constructor(integration: Integration) {
    super(IntegrationConnectedEvent.eventName, { integration });
  }
}

/** An integration changed: renamed, settings saved, enabled/disabled, token refreshed. */
export class IntegrationUpdatedEvent extends MwapEvent<{ integration: Integration }> {
  static readonly eventName = 'integration-updated';
  constructor(integration: Integration) {
    super(IntegrationUpdatedEvent.eventName, { integration });
  }
}

/** An integration was deleted. */
export class IntegrationDeletedEvent extends MwapEvent<{ integrationId: string }> {
  static readonly eventName = 'integration-deleted';
  constructor(integrationId: string) {
    super(IntegrationDeletedEvent.eventName, { integrationId });
  }
}

/** The user chose to open an integration (hosts navigate; elements never touch `location`). */
export class IntegrationSelectEvent extends MwapEvent<{ integration: Integration }> {
  static readonly eventName = 'integration-select';
  constructor(integration: Integration) {
    super(IntegrationSelectEvent.eventName, { integration }, { cancelable: true });
  }
}

/** Something failed; `error.code` and `error.recovery` say what and who must act. */
export class IntegrationErrorEvent extends MwapEvent<{ error: IntegrationError; integrationId?: string | undefined }> {
  static readonly eventName = 'integration-error';
  constructor(error: IntegrationError, integrationId?: string) {
    super(IntegrationErrorEvent.eventName, { error, integrationId });
  }
}

/** The user asked to add an integration (the empty state's call to action); hosts open the wizard. */
export class IntegrationCreateRequestEvent extends MwapEvent<Record<string, never>> {
  static readonly eventName = 'integration-create-request';
  constructor() {
    super(IntegrationCreateRequestEvent.eventName, {});
  }
}
