import { msg } from '@lit/localize';
import type { IntegrationStatus } from '../core/types.js';
import { icons } from './icons.js';

/** The words for an integration's status (status is never colour alone). @internal */
export function statusLabel(status: IntegrationStatus): string {
  switch (status) {
    case 'active':
      return msg('Active');
    case 'disabled':
      return msg('Disabled');
    case 'pending':
      return msg('Not connected yet');
    case 'error':
      return msg('Needs attention');
  }
}

/** The icon beside the status words. @internal */
export function statusIcon(status: IntegrationStatus) {
  switch (status) {
    case 'active':
      return icons.check;
    case 'disabled':
      return icons.dash;
    case 'pending':
      return icons.clock;
    case 'error':
      return icons.alert;
  }
}
