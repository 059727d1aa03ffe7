import type { CloudProvider } from '../../core/types.js';

/** The user chose a provider in a `<provider-selector>` (click, Enter or Space). */
export class ProviderSelectEvent extends Event {
  static readonly eventName = 'provider-select';
  readonly detail: Readonly<{ provider: CloudProvider }>;
  constructor(provider: CloudProvider) {
    super(ProviderSelectEvent.eventName, { bubbles: true, composed: true });
    this.detail = Object.freeze({ provider });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'provider-select': ProviderSelectEvent;
  }
}
