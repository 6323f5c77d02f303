-- Public-service conduct (owned by internal/conduct; plan 2025 section III.1.4 and III.6): the
-- commune's code of conduct "4 xin, 4 luôn, 5 không" in dated versions, the badge codes of the
-- staff directory (the QR on each badge leads to the officer's public page), and the reports on
-- staff attitude (from residents through the badge page, from hamlet heads, from low ratings)
-- with the chairman's review. Every table carries commune_id first in its keys. Days are text
-- YYYY-MM-DD (Vietnam's calendar); moments are in UTC.

-- A version of the code of conduct; the highest version is the one in force. Each group is one
-- item per line.
CREATE TABLE conduct_codes (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    version INTEGER NOT NULL,
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    intro TEXT NOT NULL DEFAULT '',
    xin TEXT NOT NULL,
    luon TEXT NOT NULL,
    khong TEXT NOT NULL,
    basis TEXT NOT NULL DEFAULT '',
    effective_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, version)
);
CREATE UNIQUE INDEX conduct_codes_id ON conduct_codes (commune_id, id);

-- The badge of a staff directory entry: a random code (not derived from the staff id), the
-- address of the officer's public page /the-can-bo/{code}. Reissuing replaces the code.
CREATE TABLE conduct_badges (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    staff_id TEXT NOT NULL,
    code TEXT NOT NULL,
    issued_at TIMESTAMPTZ NOT NULL,
    issued_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, staff_id)
);
CREATE UNIQUE INDEX conduct_badges_code ON conduct_badges (commune_id, code);

-- A report on an officer's attitude. officer_* are a snapshot of the directory entry
-- (officer_id '' when not known); rating_id is set only for a report opened by a low rating,
-- and unique, so that a replayed rating event opens nothing twice. violation and discipline
-- are the flags of the outcome when it was recorded.
CREATE TABLE conduct_reports (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    source TEXT NOT NULL,
    officer_id TEXT NOT NULL DEFAULT '',
    officer_name TEXT NOT NULL DEFAULT '',
    officer_title TEXT NOT NULL DEFAULT '',
    officer_unit TEXT NOT NULL DEFAULT '',
    hamlet_id TEXT NOT NULL DEFAULT '',
    month TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    happened_on TEXT,
    reporter_name TEXT NOT NULL DEFAULT '',
    reporter_phone TEXT NOT NULL DEFAULT '',
    rating_id TEXT,
    rating_level INTEGER NOT NULL DEFAULT 0,
    rating_reasons TEXT NOT NULL DEFAULT '',
    dossier_code TEXT NOT NULL DEFAULT '',
    procedure_name TEXT NOT NULL DEFAULT '',
    received_on TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    created_by_id TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    due_on TEXT NOT NULL,
    findings TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '',
    violation BOOLEAN NOT NULL DEFAULT FALSE,
    discipline BOOLEAN NOT NULL DEFAULT FALSE,
    reviewed_on TEXT,
    reviewed_at TIMESTAMPTZ,
    reviewed_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (commune_id, id)
);
CREATE UNIQUE INDEX conduct_reports_rating ON conduct_reports (commune_id, rating_id);
CREATE INDEX conduct_reports_received ON conduct_reports (commune_id, received_on, id);
CREATE INDEX conduct_reports_status ON conduct_reports (commune_id, status, due_on, id);
CREATE INDEX conduct_reports_officer ON conduct_reports (commune_id, officer_id, id);
CREATE INDEX conduct_reports_reviewed ON conduct_reports (commune_id, violation, reviewed_on);
CREATE INDEX conduct_reports_author ON conduct_reports (commune_id, created_by_id, id);
