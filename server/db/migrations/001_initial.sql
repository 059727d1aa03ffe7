-- The reference server's schema. Timestamps are written by the server with millisecond
-- precision, so a keyset cursor built from a JS Date finds the same row again.

CREATE TABLE integrations (
  id                text PRIMARY KEY,
  tenant_id         text NOT NULL,
  cloud_provider_id text NOT NULL,
  name              text NOT NULL,
  description       text,
  status            text NOT NULL CHECK (status IN ('pending', 'active', 'disabled', 'error')),
  settings          jsonb NOT NULL DEFAULT '{}'::jsonb,
  version           integer NOT NULL DEFAULT 1,
  last_health_check timestamptz,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL
);
CREATE INDEX integrations_tenant_created ON integrations (tenant_id, created_at, id);
CREATE INDEX integrations_tenant_updated ON integrations (tenant_id, updated_at, id);
CREATE INDEX integrations_tenant_name ON integrations (tenant_id, lower(name), id);

-- Provider tokens, encrypted (AES-256-GCM, see server/crypto.ts); never sent to a browser.
CREATE TABLE integration_tokens (
  integration_id      text PRIMARY KEY REFERENCES integrations (id) ON DELETE CASCADE,
  access_token_enc    text NOT NULL,
  refresh_token_enc   text,
  token_type          text NOT NULL DEFAULT 'bearer',
  scopes              text NOT NULL DEFAULT '',
  subject             text,
  expires_at          timestamptz,
  -- From here on the token counts as `expiring` (a share of its lifetime, at most 5 minutes).
  expiring_at         timestamptz,
  obtained_at         timestamptz NOT NULL,
  last_refresh_at     timestamptz,
  failure_count       integer NOT NULL DEFAULT 0,
  last_error          text,
  -- A refresh in progress holds this lease, so two processes never spend one refresh token twice.
  refresh_lease_until timestamptz
);

CREATE TABLE token_refresh_events (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  integration_id text NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
  at             timestamptz NOT NULL,
  ok             boolean NOT NULL,
  error          text
);
CREATE INDEX token_refresh_events_integration ON token_refresh_events (integration_id, at DESC);

-- Pending authorization requests. The state itself is not stored, only its SHA-256, so a copy of
-- the database cannot be used to finish someone's sign-in.
CREATE TABLE oauth_states (
  state_hash     text PRIMARY KEY,
  tenant_id      text NOT NULL,
  integration_id text NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
  code_challenge text NOT NULL,
  redirect_uri   text NOT NULL,
  created_at     timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL,
  consumed_at    timestamptz
);
CREATE INDEX oauth_states_expires ON oauth_states (expires_at);

-- Every call the server makes to a provider, for usage statistics and the quota.
CREATE TABLE provider_calls (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  integration_id text NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
  tenant_id      text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('exchange', 'refresh', 'test', 'revoke')),
  ok             boolean NOT NULL,
  latency_ms     double precision NOT NULL,
  error          text,
  at             timestamptz NOT NULL
);
CREATE INDEX provider_calls_integration_at ON provider_calls (integration_id, at);

-- Idempotency-Key → the integration the first request created.
CREATE TABLE idempotency_keys (
  tenant_id      text NOT NULL,
  key            text NOT NULL,
  request_hash   text NOT NULL,
  integration_id text NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
  created_at     timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, key)
);

-- Fixed-window request counters per tenant, shared by every server process.
CREATE TABLE rate_limit_windows (
  tenant_id    text NOT NULL,
  window_start timestamptz NOT NULL,
  count        integer NOT NULL,
  PRIMARY KEY (tenant_id, window_start)
);
