import { define } from '../../internal/define.js';
import { IntegrationsProviderElement } from './integrations-provider.js';

define('integrations-provider', IntegrationsProviderElement);

declare global {
  interface HTMLElementTagNameMap {
    'integrations-provider': IntegrationsProviderElement;
  }
}

export { IntegrationsProviderElement };
