-- Letters (thư, owned by internal/letters; plan 2025 section III.1.6): the commune's letters
-- of congratulation (birth and marriage registration), condolence (death registration),
-- apology (a dossier late or apologised for), thanks (contributions) and the chairman's
-- greetings on holidays; the per-commune texts they are written from; their deliveries; and
-- the loudspeaker scripts read in the hamlets. Every table carries commune_id first in its keys.
-- Days are text YYYY-MM-DD (Vietnam's calendar); moments are in UTC.

-- A commune's own text of one occasion's letter; without a row the shipped text is used.
CREATE TABLE letter_templates (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    occasion TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    short_text TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, occasion)
);

-- A letter, written from its template when it was made (later edits of the template do not
-- change it). source_kind and source_ref say what made it: a one-stop event and its dossier
-- (one letter per event kind and dossier: an outbox replay makes no second letter), or staff
-- by hand (source_ref is then the letter's own id). hamlet_id is '' until known.
CREATE TABLE letters (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    occasion TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    source_ref TEXT NOT NULL,
    recipient_name TEXT NOT NULL DEFAULT '',
    recipient_address TEXT NOT NULL DEFAULT '',
    recipient_phone TEXT NOT NULL DEFAULT '',
    hamlet_id TEXT NOT NULL DEFAULT '',
    dossier_code TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    short_text TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    printed_at TIMESTAMPTZ,
    printed_by TEXT NOT NULL DEFAULT '',
    delivered_at TIMESTAMPTZ,
    cancel_reason TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (commune_id, id),
    UNIQUE (commune_id, source_kind, source_ref)
);
CREATE INDEX letters_status ON letters (commune_id, status, created_at, id);
CREATE INDEX letters_kind ON letters (commune_id, kind, created_at, id);
CREATE INDEX letters_hamlet ON letters (commune_id, hamlet_id, status, created_at, id);

-- A delivery of a letter: handed over in person (by the hamlet head or at the office), or its
-- short text sent by SMS or Zalo through the notify room.
CREATE TABLE letter_deliveries (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    letter_id TEXT NOT NULL,
    method TEXT NOT NULL,
    recipient TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    delivered_at TIMESTAMPTZ NOT NULL,
    by_id TEXT NOT NULL,
    by_name TEXT NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX letter_deliveries_of ON letter_deliveries (commune_id, letter_id, delivered_at, id);

-- A loudspeaker script: the text as written (the spoken form is drawn from it), the day it is
-- to be read, and whether the southern reading is used.
CREATE TABLE loudspeaker_scripts (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    read_on TEXT NOT NULL,
    southern BOOLEAN NOT NULL DEFAULT FALSE,
    letter_id TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX loudspeaker_scripts_day ON loudspeaker_scripts (commune_id, read_on, id);

-- The hamlets a script is read in, and when it was read there (NULL: not yet).
CREATE TABLE loudspeaker_readings (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    script_id TEXT NOT NULL,
    hamlet_id TEXT NOT NULL,
    read_at TIMESTAMPTZ,
    read_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (commune_id, script_id, hamlet_id)
);
