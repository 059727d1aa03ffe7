import type { Integration } from '../../core/types.js';

const init = { bubbles: true, composed: true } as const;

/**
 * The user left the wizard with Cancel (after confirming, when something had been entered).
 * `detail.integration` is the integration already created, if the wizard got that far: it stays
 * on the server, not connected, for the host to keep or delete.
 */
export class WizardCancelEvent extends Event {
  static readonly eventName = 'wizard-cancel';
  readonly detail: Readonly<{ integration: Integration | undefined }>;
  constructor(integration: Integration | undefined) {
    super(WizardCancelEvent.eventName, init);
    this.detail = Object.freeze({ integration });
  }
}

/** The user finished the wizard on its Review step; `detail.integration` is the connected integration. */
export class WizardCompleteEvent extends Event {
  static readonly eventName = 'wizard-complete';
  readonly detail: Readonly<{ integration: Integration }>;
  constructor(integration: Integration) {
    super(WizardCompleteEvent.eventName, init);
    this.detail = Object.freeze({ integration });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'wizard-cancel': WizardCancelEvent;
    'wizard-complete': WizardCompleteEvent;
  }
}
