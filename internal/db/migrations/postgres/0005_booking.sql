-- Appointments and the queue (owned by internal/booking): each commune's booking settings, its
-- counters (quầy) and the fields of procedures each serves, the ticket prefix of each field,
-- one capacity row per slot and counter, the bookings themselves, and the day's queue tickets
-- with their numbering. Every table carries commune_id first in its primary and unique keys.
-- Days are stored as text YYYY-MM-DD and times of day as minutes after midnight (Vietnam's
-- time), so that both engines hold the same types; moments are in UTC.

-- One row per commune, made on first use. link_key signs the links of the confirmation page.
CREATE TABLE booking_settings (
    commune_id TEXT NOT NULL,
    slot_minutes INTEGER NOT NULL,
    days_ahead INTEGER NOT NULL,
    link_key TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (commune_id)
);

-- fields: the fields of procedures the counter serves, one per line; '' serves every field.
-- capacity: bookings the counter takes per slot (0: walk-in tickets only).
CREATE TABLE booking_counters (
    commune_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    name TEXT NOT NULL,
    fields TEXT NOT NULL DEFAULT '',
    capacity INTEGER NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (commune_id, number)
);

-- The ticket prefix of a field of procedures ("HT" for Hộ tịch); fields without a row use the
-- prefix derived from their name.
CREATE TABLE booking_fields (
    commune_id TEXT NOT NULL,
    field TEXT NOT NULL,
    prefix TEXT NOT NULL,
    PRIMARY KEY (commune_id, field),
    UNIQUE (commune_id, prefix)
);

-- The capacity of one slot at one counter and how much of it is booked. A booking takes a place
-- with UPDATE … SET booked = booked + 1 WHERE … AND booked < capacity, so that two residents
-- can never take the last place together, on either engine. Rows are made on first booking.
CREATE TABLE booking_slots (
    commune_id TEXT NOT NULL,
    day TEXT NOT NULL,
    start_minute INTEGER NOT NULL,
    counter INTEGER NOT NULL,
    capacity INTEGER NOT NULL,
    booked INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (commune_id, day, start_minute, counter)
);

-- status: booked, checked_in or cancelled; a booking still "booked" when its slot has ended is
-- a no-show (counted, not stored). phone is E.164; phone_last4 checks look-ups.
CREATE TABLE bookings (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    code TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    procedure_name TEXT NOT NULL,
    field TEXT NOT NULL,
    day TEXT NOT NULL,
    start_minute INTEGER NOT NULL,
    end_minute INTEGER NOT NULL,
    counter INTEGER NOT NULL,
    starts_at TIMESTAMPTZ NOT NULL,
    ends_at TIMESTAMPTZ NOT NULL,
    name TEXT NOT NULL,
    phone TEXT NOT NULL,
    phone_last4 TEXT NOT NULL,
    id_number TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    moves INTEGER NOT NULL DEFAULT 0,
    reminded_at TIMESTAMPTZ,
    checked_in_at TIMESTAMPTZ,
    cancelled_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (commune_id, id),
    UNIQUE (commune_id, code)
);
CREATE INDEX bookings_day ON bookings (commune_id, day, start_minute);
CREATE INDEX bookings_phone ON bookings (commune_id, phone, status);
-- The reminder job looks across communes for bookings starting soon.
CREATE INDEX bookings_remind ON bookings (status, starts_at);

-- name: a field prefix ("HT": the numbers of its tickets), '*' (the day's order of all tickets) or
-- 'call' (the day's order of calls, which the display shows newest first).
CREATE TABLE queue_sequences (
    commune_id TEXT NOT NULL,
    day TEXT NOT NULL,
    name TEXT NOT NULL,
    last INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (commune_id, day, name)
);

-- One ticket of the day's queue: taken at the kiosk (booking_id '') or given when a booking is
-- checked in (slot_start: the start of the booked slot, which puts it first once the slot has
-- begun). status: waiting, called, served or no_show; counter and called_at say where and when
-- it was last called; call_seq orders the calls of the day (a recall takes a new one).
CREATE TABLE queue_tickets (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    day TEXT NOT NULL,
    seq INTEGER NOT NULL,
    prefix TEXT NOT NULL,
    number INTEGER NOT NULL,
    field TEXT NOT NULL,
    booking_id TEXT NOT NULL DEFAULT '',
    slot_start TIMESTAMPTZ,
    status TEXT NOT NULL,
    counter INTEGER NOT NULL DEFAULT 0,
    calls INTEGER NOT NULL DEFAULT 0,
    call_seq INTEGER NOT NULL DEFAULT 0,
    called_at TIMESTAMPTZ,
    called_by TEXT NOT NULL DEFAULT '',
    finished_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (commune_id, id),
    UNIQUE (commune_id, day, seq),
    UNIQUE (commune_id, day, prefix, number)
);
CREATE INDEX queue_tickets_waiting ON queue_tickets (commune_id, day, status, seq);
CREATE INDEX queue_tickets_called ON queue_tickets (commune_id, day, call_seq);
CREATE INDEX queue_tickets_booking ON queue_tickets (commune_id, booking_id);
