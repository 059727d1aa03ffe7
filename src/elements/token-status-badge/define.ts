import { define } from '../../internal/define.js';
import { TokenStatusBadgeElement } from './token-status-badge.js';

define('token-status-badge', TokenStatusBadgeElement);

declare global {
  interface HTMLElementTagNameMap {
    'token-status-badge': TokenStatusBadgeElement;
  }
}

export { TokenStatusBadgeElement };
