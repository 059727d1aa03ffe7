import { define } from '../../internal/define.js';
import { ProviderSelectorElement } from './provider-selector.js';

define('provider-selector', ProviderSelectorElement);

declare global {
  interface HTMLElementTagNameMap {
    'provider-selector': ProviderSelectorElement;
  }
}

export { ProviderSelectorElement };
export { ProviderSelectEvent } from '../../events/provider-select-event.js';
