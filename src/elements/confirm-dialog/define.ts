import { define } from '../../internal/define.js';
import { ConfirmDialogElement } from './confirm-dialog.js';

define('mwap-confirm-dialog', ConfirmDialogElement);

declare global {
  interface HTMLElementTagNameMap {
    'mwap-confirm-dialog': ConfirmDialogElement;
  }
}

export { ConfirmDialogElement };
