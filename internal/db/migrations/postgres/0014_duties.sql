-- The one register of legal duties (internal/duty): who owes what by when, for every room.
-- A room opens, moves and closes its duties in the same transaction as the change behind them.
CREATE TABLE duties (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    room TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    label TEXT NOT NULL,
    url TEXT NOT NULL DEFAULT '',
    legal_basis TEXT NOT NULL DEFAULT '',
    owner_id TEXT NOT NULL DEFAULT '',
    owner_name TEXT NOT NULL DEFAULT '',
    owner_role TEXT NOT NULL DEFAULT '',
    due_at TIMESTAMPTZ NOT NULL,
    at_risk_from TIMESTAMPTZ NOT NULL,
    is_open BOOLEAN NOT NULL,
    opened_at TIMESTAMPTZ NOT NULL,
    closed_at TIMESTAMPTZ,
    outcome TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (commune_id, id),
    UNIQUE (commune_id, room, subject_id, kind)
);
CREATE INDEX duties_open_due ON duties (commune_id, is_open, due_at);
CREATE INDEX duties_owner ON duties (commune_id, is_open, owner_id, due_at);
