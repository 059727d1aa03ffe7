/**
 * The words of the Activity tab: what each kind of activity is called, who acted, and a setting's
 * value in a change (a secret field's never: "hidden"). Whole phrases, so a translation can order
 * them as its language needs.
 * @internal
 */
import { msg } from '@lit/localize';
import type { Activity, ActivityDetail } from '../../core/types.js';

export function activityTitle(activity: Activity): string {
  switch (activity.kind) {
    case 'created':
      return msg('Integration created');
    case 'connected':
      return msg('Connected to the provider');
    case 'reconnected':
      return msg('Reconnected to the provider');
    case 'token_refreshed':
      switch (activity.via) {
        case 'server':
          return msg('Token refreshed by the server');
        case 'tab':
          return msg('Token refreshed by an open page');
        case 'user':
          return msg('Token refreshed on request');
        default:
          return msg('Token refreshed');
      }
    case 'refresh_failed':
      return msg('Token refresh failed');
    case 'token_revoked':
      return msg('Token revoked');
    case 'settings_changed':
      return msg('Settings changed');
    case 'renamed':
      return msg('Renamed');
    case 'enabled':
      return msg('Enabled');
    case 'disabled':
      return msg('Disabled');
    case 'tested':
      return activity.detail?.ok === false ? msg('Connection test failed') : msg('Connection tested');
    case 'deleted':
      return msg('Integration deleted');
    case 'health_changed':
      return msg('Connection health changed');
  }
}

/** Who acted: the server's worker, the caller, or another person (by the id the API gives). */
export function actorLabel(activity: Activity, callerId: string | undefined): string {
  if (activity.actor.type === 'server') return msg('Server');
  return activity.actor.id === callerId ? msg('You') : activity.actor.id;
}

/** A setting's value as shown in a change: a secret is never shown, an empty value says so. */
export function valueLabel(value: NonNullable<ActivityDetail['changes']>[number]['from']): string {
  if (value === '[secret]') return msg('hidden');
  if (value === null || value === '') return msg('empty');
  if (typeof value === 'boolean') return value ? msg('on') : msg('off');
  return String(value);
}
