-- The background worker (server/lifecycle/) and webhook deliveries (server/webhooks/).

-- Who holds a refresh lease (refresh_lease_until): the worker writes its result only while the lease
-- is still its own. refresh_not_before is the backoff after a transient failure (it counts only while
-- failure_count > 0); refresh_stopped_for/_reason mark a grant the provider refused (invalid_grant):
-- no retries while the token is the one obtained at refresh_stopped_for, so a reconnect (which
-- writes a new obtained_at) lifts it.
ALTER TABLE integration_tokens
  ADD COLUMN refresh_lease_owner text,
  ADD COLUMN refresh_not_before timestamptz,
  ADD COLUMN refresh_stopped_for timestamptz,
  ADD COLUMN refresh_stopped_reason text;
CREATE INDEX integration_tokens_due ON integration_tokens (expiring_at) WHERE refresh_token_enc IS NOT NULL;

-- A scheduled health check in progress holds this lease, so two processes do not test one
-- integration at once.
ALTER TABLE integrations ADD COLUMN health_lease_until timestamptz;

-- The webhook endpoint the processes were started with (WEBHOOK_URL), one row or none: events are
-- added to the outbox only while there is one, so a server without webhooks keeps no outbox.
CREATE TABLE webhook_endpoint (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  url        text NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Events waiting to be delivered to the host's webhook URL, written in the transaction that records
-- the event, so a delivery survives a restart and none is sent for a change that rolled back.
CREATE TABLE webhook_outbox (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The Standard Webhooks `webhook-id`: the same on every retry, so a receiver can deduplicate.
  message_id      text NOT NULL UNIQUE,
  tenant_id       text NOT NULL,
  event_type      text NOT NULL,
  -- The JSON body exactly as signed and sent.
  body            text NOT NULL,
  created_at      timestamptz NOT NULL,
  state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_until     timestamptz,
  delivered_at    timestamptz
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_outbox_tenant ON webhook_outbox (tenant_id, id DESC);

-- Every attempt, for the delivery log (GET /api/webhooks/deliveries).
CREATE TABLE webhook_attempts (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  outbox_id   bigint NOT NULL REFERENCES webhook_outbox (id) ON DELETE CASCADE,
  attempt     integer NOT NULL,
  at          timestamptz NOT NULL,
  http_status integer,
  error       text,
  duration_ms double precision NOT NULL
);
CREATE INDEX webhook_attempts_outbox ON webhook_attempts (outbox_id, attempt);
