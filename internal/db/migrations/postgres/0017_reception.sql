-- Citizen reception (tiếp công dân, owned by internal/reception; Law 42/2013 as amended by Law
-- 136/2025): the chairman's reception sessions (lịch tiếp công dân, Art. 15, 24), the logbook
-- of visits (sổ tiếp công dân, Art. 25.2) with the reply owed within 10 working days (Art. 28),
-- and the per-year counter of the logbook's serial numbers. Every table carries commune_id
-- first in its keys. Days are text YYYY-MM-DD and times of day minutes after midnight
-- (Vietnam's time); moments are in UTC.

-- A session: regular (định kỳ) or ad hoc (đột xuất), in person or online; public once published.
CREATE TABLE reception_sessions (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    day TEXT NOT NULL,
    start_minute INTEGER NOT NULL,
    end_minute INTEGER NOT NULL,
    place TEXT NOT NULL,
    host_name TEXT NOT NULL,
    host_title TEXT NOT NULL,
    attendees TEXT NOT NULL DEFAULT '',
    topics TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    mode TEXT NOT NULL,
    published_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX reception_sessions_day ON reception_sessions (commune_id, day);

-- The last serial number of the logbook of a year, taken inside the visit's transaction.
CREATE TABLE reception_counters (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (commune_id, year)
);

-- A visit (lượt tiếp): one line of the logbook, its reply and the petition made of it.
-- A denouncer's name and address are never shown outside the leader and the receiving officer.
CREATE TABLE reception_visits (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    year INTEGER NOT NULL,
    serial INTEGER NOT NULL,
    day TEXT NOT NULL,
    session_id TEXT NOT NULL DEFAULT '',
    citizen_name TEXT NOT NULL,
    citizen_address TEXT NOT NULL,
    id_number TEXT NOT NULL DEFAULT '',
    group_size INTEGER NOT NULL,
    matter_kind TEXT NOT NULL,
    matter TEXT NOT NULL,
    history TEXT NOT NULL DEFAULT '',
    request TEXT NOT NULL,
    handling TEXT NOT NULL,
    mode TEXT NOT NULL,
    officer_id TEXT NOT NULL,
    officer_name TEXT NOT NULL,
    reply_due_at TIMESTAMPTZ NOT NULL,
    reply_outcome TEXT NOT NULL DEFAULT '',
    reply_text TEXT NOT NULL DEFAULT '',
    reply_forwarded_to TEXT NOT NULL DEFAULT '',
    reply_day TEXT NOT NULL DEFAULT '',
    replied_at TIMESTAMPTZ,
    replied_by TEXT NOT NULL DEFAULT '',
    petition_at TIMESTAMPTZ,
    petition_number TEXT NOT NULL DEFAULT '',
    petition_url TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (commune_id, id),
    UNIQUE (commune_id, year, serial)
);
CREATE INDEX reception_visits_recent ON reception_visits (commune_id, created_at);
