import { msg } from '@lit/localize';
import type { DenialReason } from '../core/permissions.js';

/**
 * Why an action is not offered, in the current locale: shown beside (or as the title of) what is
 * disabled, so nobody learns it only by trying.
 * @internal
 */
export function denialText(reason: DenialReason): string {
  return reason === 'readonly' ? msg('This view is read-only.') : msg('Only a tenant owner can change integrations. Ask a tenant owner.');
}
