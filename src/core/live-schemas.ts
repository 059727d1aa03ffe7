/**
 * Checks for the live contract: an activity page, and the data of each event type of
 * `GET /api/events`. The integration inside an event is checked by the same schema as
 * `GET /api/integrations/{id}`, so an event can never store what a read would refuse.
 */
import { IntegrationSchema } from './schemas.js';
import {
  array,
  boolean,
  nullable,
  number,
  object,
  optional,
  picklist,
  refine,
  scalar,
  SchemaIssue,
  string,
  type Schema,
} from './validate.js';
import type { Activity, ActivityActor, LiveEvent, Page } from './types.js';

export type LiveEventType = LiveEvent['type'];

const dateTime = refine(string, (s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time');
const id = refine(string, (s) => s.length > 0, 'must not be empty');

const userActor = object({ type: picklist(['user']), id: string });
const serverActor = object({ type: picklist(['server']) });

export const ActivityActorSchema: Schema<ActivityActor> = (input) =>
  (input as { type?: unknown } | null)?.type === 'server' ? serverActor(input) : userActor(input);

const change = object({ field: string, from: scalar, to: scalar });

export const ActivitySchema: Schema<Activity> = object({
  id,
  integrationId: id,
  at: dateTime,
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

const base = { integrationId: id, at: dateTime, actor: ActivityActorSchema };
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
