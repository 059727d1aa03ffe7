/**
 * Checks for the activity contract: one entry of an integration's history and a page of them
 * (`GET /api/integrations/{id}/activity`). The live stream's `activity.recorded` event carries
 * an entry checked by the same schema (live-schemas.ts).
 */
import { array, boolean, nullable, number, object, optional, picklist, refine, scalar, string, type Schema } from './validate.js';
import type { Activity, ActivityActor, Page } from './types.js';

export const isoDateTime = refine(string, (s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time');
export const nonEmptyId = refine(string, (s) => s.length > 0, 'must not be empty');

const userActor = object({ type: picklist(['user']), id: string });
const serverActor = object({ type: picklist(['server']) });

export const ActivityActorSchema: Schema<ActivityActor> = (input) =>
  (input as { type?: unknown } | null)?.type === 'server' ? serverActor(input) : userActor(input);

const change = object({ field: string, from: scalar, to: scalar });

export const ActivitySchema: Schema<Activity> = object({
  id: nonEmptyId,
  integrationId: nonEmptyId,
  at: isoDateTime,
  kind: picklist([
    'created',
    'connected',
    'reconnected',
    'token_refreshed',
    'refresh_failed',
    'token_revoked',
    'settings_changed',
    'renamed',
    'enabled',
    'disabled',
    'tested',
    'deleted',
    'health_changed',
  ]),
  actor: ActivityActorSchema,
  via: optional(picklist(['tab', 'user', 'server'])),
  detail: optional(
    object({
      changes: optional(array(change)),
      from: optional(string),
      to: optional(string),
      ok: optional(boolean),
      latencyMs: optional(number),
      message: optional(string),
      reason: optional(string),
    }),
  ),
});

export const ActivityPageSchema: Schema<Page<Activity>> = object({
  items: array(ActivitySchema),
  nextCursor: nullable(string),
  total: optional(number, 0),
});
