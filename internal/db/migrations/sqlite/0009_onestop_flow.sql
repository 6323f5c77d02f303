-- The one-stop room (owned by internal/onestop), part 5: who may act and sign, the online check,
-- and requests that must not be done twice (issue 8). The pending uploads belong to internal/blob.

-- When the desk must have checked an online submission (state awaiting); NULL otherwise.
ALTER TABLE dossiers ADD COLUMN accept_by TIMESTAMP;

-- Who signs the paper of a step (refusal, stop, apology), recorded when it was decided.
ALTER TABLE dossier_history ADD COLUMN signer_name TEXT NOT NULL DEFAULT '';
ALTER TABLE dossier_history ADD COLUMN signer_role TEXT NOT NULL DEFAULT '';

-- The desk's list of online submissions to check, oldest deadline first.
CREATE INDEX dossiers_accept_by ON dossiers (commune_id, accept_by);

-- Intakes done once per key: the API's Idempotency-Key (the same key with the same body gets
-- the same answer) and the desk form's one-time token (caller "form:<user>"). Keys are scoped by
-- commune and caller (user, and token when there is one) and expire.
CREATE TABLE onestop_idempotency (
    commune_id TEXT NOT NULL,
    caller TEXT NOT NULL,
    key TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    status INTEGER NOT NULL DEFAULT 0,
    response TEXT NOT NULL DEFAULT '',
    dossier_code TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_id, caller, key)
);
CREATE INDEX onestop_idempotency_expiry ON onestop_idempotency (expires_at);

-- Uploads kept while a form is sent back with errors (internal/blob): the file waits under its
-- random id, and becomes a blob only when the form succeeds; expired ones are deleted.
CREATE TABLE blob_pending (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    filename TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX blob_pending_expiry ON blob_pending (expires_at);
