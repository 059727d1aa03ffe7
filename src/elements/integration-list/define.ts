import { define } from '../../internal/define.js';
import { IntegrationListElement } from './integration-list.js';

define('integration-list', IntegrationListElement);

declare global {
  interface HTMLElementTagNameMap {
    'integration-list': IntegrationListElement;
  }
}

export { IntegrationListElement };
