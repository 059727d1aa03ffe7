import type { Integration } from '../core/types.js';
import { MwapEvent } from './base.js';

/**
 * The user left the wizard with Cancel (after confirming, when something had been entered).
 * `detail.integration` is the integration already created, if the wizard got that far: it stays
 * on the server, not connected, for the host to keep or delete.
 */
export class WizardCancelEvent extends MwapEvent<{ integration: Integration | undefined }> {
  static readonly eventName = 'wizard-cancel';
  constructor(integration: Integration | undefined) {
    super(WizardCancelEvent.eventName, { integration });
  }
}

/** The user finished the wizard on its Review step; `detail.integration` is the connected integration. */
export class WizardCompleteEvent extends MwapEvent<{ integration: Integration }> {
  static readonly eventName = 'wizard-complete';
  constructor(integration: Integration) {
    super(WizardCompleteEvent.eventName, { integration });
  }
}
