import { define } from '../../internal/define.js';
import { OAuthButtonElement } from './oauth-button.js';

define('oauth-button', OAuthButtonElement);

declare global {
  interface HTMLElementTagNameMap {
    'oauth-button': OAuthButtonElement;
  }
}

export { OAuthButtonElement };
export type { OAuthButtonStatus } from './oauth-button.js';
