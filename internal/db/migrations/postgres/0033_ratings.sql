-- Residents' satisfaction ratings (owned by internal/rating; plan III.1.4–1.5, Law 10/2022
-- Art. 35.2.a: the commune runs a system for residents to rate its service). A subject can be
-- rated once it is returned: rating_subjects holds one row per returned dossier, written from
-- the event onestop.dossier.returned (replays change nothing); ratings holds at most one rating
-- per subject, the unique key making a second one impossible even when two arrive at once.
-- subject_type is 'dossier' now, so that other subjects (petitions) can follow. The rating
-- links printed on receipts are signed with a key per commune (rating_keys), sealed by the
-- keyring outside the database when one is configured. Moments are in UTC; month is the
-- month of the rating in Vietnam's time, YYYY-MM.

CREATE TABLE rating_subjects (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    code TEXT NOT NULL,
    procedure_code TEXT NOT NULL DEFAULT '',
    procedure_name TEXT NOT NULL DEFAULT '',
    officer_id TEXT NOT NULL DEFAULT '',
    officer_name TEXT NOT NULL DEFAULT '',
    applicant_name TEXT NOT NULL DEFAULT '',
    applicant_phone TEXT NOT NULL DEFAULT '',
    return_method TEXT NOT NULL DEFAULT '',
    returned_at TIMESTAMPTZ NOT NULL,
    due_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (commune_id, subject_type, subject_id)
);
CREATE UNIQUE INDEX rating_subjects_code ON rating_subjects (commune_id, subject_type, code);
CREATE INDEX rating_subjects_officer ON rating_subjects (commune_id, officer_id, returned_at);

-- level 1–5; reasons: a JSON array of reason keys (levels 1–2 only); channel: counter, qr,
-- sms or web.
CREATE TABLE ratings (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    code TEXT NOT NULL,
    procedure_code TEXT NOT NULL DEFAULT '',
    procedure_name TEXT NOT NULL DEFAULT '',
    officer_id TEXT NOT NULL DEFAULT '',
    officer_name TEXT NOT NULL DEFAULT '',
    level INTEGER NOT NULL,
    reasons TEXT NOT NULL DEFAULT '[]',
    comment TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL,
    month TEXT NOT NULL,
    rated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE UNIQUE INDEX ratings_once ON ratings (commune_id, subject_type, subject_id);
CREATE INDEX ratings_month ON ratings (commune_id, month, officer_id, procedure_code);
CREATE INDEX ratings_at ON ratings (commune_id, rated_at);
CREATE INDEX ratings_code ON ratings (commune_id, subject_type, code);

-- sealed: the secret (base64) is sealed by the keyring (secret.Keyring.Seal, bound to the
-- commune); otherwise it is the raw key, kept so only while no keyring is configured.
CREATE TABLE rating_keys (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    name TEXT NOT NULL,
    secret TEXT NOT NULL,
    sealed BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (commune_id, name)
);
