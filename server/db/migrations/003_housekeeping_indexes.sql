-- Housekeeping (server/db/housekeeping.ts) deletes by age across all integrations every hour;
-- these let it find old rows without reading whole tables.
CREATE INDEX provider_calls_at ON provider_calls (at);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
