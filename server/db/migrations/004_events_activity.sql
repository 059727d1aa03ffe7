-- The live event stream's replay log (GET /api/events, server/events/). Ids come from one identity,
-- so they increase per tenant too; writers of one tenant take turns until they commit (an advisory
-- lock in server/events/record.ts), so a reader never sees a later id before an earlier one.
-- Housekeeping keeps the last 24 hours, at most 10,000 per tenant.
CREATE TABLE events (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id      text NOT NULL,
  type           text NOT NULL,
  integration_id text NOT NULL,
  data           jsonb NOT NULL,
  at             timestamptz NOT NULL
);
CREATE INDEX events_tenant_id ON events (tenant_id, id);
CREATE INDEX events_at ON events (at);

-- The newest id housekeeping deleted, per tenant: a Last-Event-ID below it may have missed events
-- that are gone, so that client is told to start again (`reset`).
CREATE TABLE event_log_floors (
  tenant_id text PRIMARY KEY,
  floor_id  bigint NOT NULL
);

-- Who did what to an integration, and when. No foreign key: the history, `deleted` included, stays
-- readable after the integration is gone.
CREATE TABLE activity (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id      text NOT NULL,
  integration_id text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('created', 'connected', 'reconnected', 'token_refreshed', 'refresh_failed',
                   'token_revoked', 'settings_changed', 'renamed', 'enabled', 'disabled', 'tested', 'deleted', 'health_changed')),
  actor          jsonb NOT NULL,
  via            text CHECK (via IN ('tab', 'user', 'server')),
  detail         jsonb,
  at             timestamptz NOT NULL
);
-- Cursor pages, newest first (GET /api/integrations/{id}/activity).
CREATE INDEX activity_integration_page ON activity (tenant_id, integration_id, id DESC);
CREATE INDEX activity_at ON activity (at);
