-- Storage of the dev OAuth provider (server/provider/), so grants and refresh tokens survive a
-- restart of `npm start`. A real host's provider is someone else's service and needs no table here.
CREATE TABLE dev_provider_store (
  model      text NOT NULL,
  id         text NOT NULL,
  payload    jsonb NOT NULL,
  grant_id   text,
  uid        text,
  user_code  text,
  expires_at timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX dev_provider_store_grant ON dev_provider_store (grant_id);
CREATE INDEX dev_provider_store_uid ON dev_provider_store (uid);
