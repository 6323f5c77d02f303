-- API tokens (owned by internal/auth) get an id to list and revoke them by, an expiry and the
-- time of last use (issue 16: tokens never expired and could be neither listed nor revoked).
-- Tokens issued before this migration take their id from their hash and expire 90 days after
-- the upgrade, so that integrations have notice rather than an outage.
ALTER TABLE api_tokens ADD COLUMN id TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP;
ALTER TABLE api_tokens ADD COLUMN last_used_at TIMESTAMP;
UPDATE api_tokens SET id = substr(token_hash, 1, 32) WHERE id = '';
UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now', '+90 days') WHERE expires_at IS NULL;
CREATE UNIQUE INDEX api_tokens_id ON api_tokens (commune_id, id);
CREATE INDEX api_tokens_user ON api_tokens (commune_id, user_id);
