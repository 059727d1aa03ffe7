import { define } from '../../internal/define.js';
import { IntegrationCardElement } from './integration-card.js';

define('integration-card', IntegrationCardElement);

declare global {
  interface HTMLElementTagNameMap {
    'integration-card': IntegrationCardElement;
  }
}

export { IntegrationCardElement };
export { CardSelectionChangeEvent } from '../../events/card-selection-change-event.js';
