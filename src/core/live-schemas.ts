/**
 * Checks for the data of each event type of `GET /api/events`. The integration inside an event
 * is checked by the same schema as `GET /api/integrations/{id}`, and an activity by that of
 * `GET …/activity`, so an event can never store what a read would refuse. Loaded with the
 * stream, on demand (live-stream.ts).
 */
import { ActivityActorSchema, ActivitySchema, isoDateTime, nonEmptyId } from './activity-schemas.js';
import { IntegrationSchema } from './schemas.js';
import { object, optional, SchemaIssue, string, type Schema } from './validate.js';
import type { LiveEvent } from './types.js';

export type LiveEventType = LiveEvent['type'];

const base = { integrationId: nonEmptyId, at: isoDateTime, actor: ActivityActorSchema };
const withIntegration = object({ ...base, integration: IntegrationSchema, reason: optional(string) });
const deleted = object(base);
const recorded = object({ ...base, activity: ActivitySchema });

/** The schema of each event type's data; a type not listed here is not this client's to apply. */
const DATA: Readonly<Record<LiveEventType, Schema<object>>> = {
  'integration.created': withIntegration,
  'integration.updated': withIntegration,
  'token.refreshed': withIntegration,
  'token.refresh_failed': withIntegration,
  'token.revoked': withIntegration,
  'health.changed': withIntegration,
  'integration.deleted': deleted,
  'activity.recorded': recorded,
  reset: object({}),
};

export const isLiveEventType = (type: string): type is LiveEventType => Object.hasOwn(DATA, type);

/**
 * The event of type `type` from its data, or a SchemaIssue naming what is wrong. An event about
 * one integration must carry it in `integrationId` and in the resource itself, the same.
 */
export function parseLiveEvent(type: LiveEventType, id: string, data: unknown): LiveEvent {
  const parsed = DATA[type](data) as { integrationId?: string; integration?: { id: string }; activity?: { integrationId: string } };
  if (parsed.integration && parsed.integration.id !== parsed.integrationId)
    throw new SchemaIssue('integration.id must equal integrationId');
  if (parsed.activity && parsed.activity.integrationId !== parsed.integrationId)
    throw new SchemaIssue('activity.integrationId must equal integrationId');
  return { id, type, data: parsed } as LiveEvent;
}
