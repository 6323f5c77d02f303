-- Platform tables: tenants, accounts, sessions, audit, outbox, notifications, blobs, settings.
CREATE TABLE communes (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    province TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    chairman TEXT NOT NULL DEFAULT '',
    working_hours TEXT NOT NULL DEFAULT '',
    parent_body TEXT NOT NULL DEFAULT '',
    agency_code TEXT NOT NULL DEFAULT '',
    host TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    username TEXT NOT NULL,
    full_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    roles TEXT NOT NULL DEFAULT '',
    disabled BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_id, id),
    UNIQUE (commune_id, username)
);

CREATE TABLE sessions (
    commune_id TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    user_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_id, token_hash),
    FOREIGN KEY (commune_id, user_id) REFERENCES users(commune_id, id) ON DELETE CASCADE
);

CREATE TABLE api_tokens (
    commune_id TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    user_id TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_id, token_hash),
    FOREIGN KEY (commune_id, user_id) REFERENCES users(commune_id, id) ON DELETE CASCADE
);

CREATE TABLE audit_head (
    commune_id TEXT PRIMARY KEY REFERENCES communes(id),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);

CREATE TABLE audit_log (
    commune_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    at TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    summary TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (commune_id, seq)
);
CREATE INDEX audit_log_object ON audit_log (commune_id, object_type, object_id);

CREATE TABLE outbox (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    topic TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    next_at TIMESTAMP NOT NULL,
    done_at TIMESTAMP,
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX outbox_due ON outbox (state, next_at);
CREATE INDEX outbox_commune ON outbox (commune_id, created_at);

CREATE TABLE notifications (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    event_id TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX notifications_recent ON notifications (commune_id, created_at);

CREATE TABLE blobs (
    commune_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    filename TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_id, sha256)
);

CREATE TABLE settings (
    commune_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_id, key)
);
