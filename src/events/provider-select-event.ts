import type { CloudProvider } from '../core/types.js';
import { MwapEvent } from './base.js';

/** The user chose a provider in a `<provider-selector>` (click, Enter or Space). */
export class ProviderSelectEvent extends MwapEvent<{ provider: CloudProvider }> {
  static readonly eventName = 'provider-select';
  constructor(provider: CloudProvider) {
    super(ProviderSelectEvent.eventName, { provider });
  }
}
