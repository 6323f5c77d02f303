-- Residents decide (owned by internal/democracy; Law 10/2022 Art. 15–24, Decree 59/2023 Art.
-- 3–5, 10–11): community meetings and their agendas, the notice to every household, the
-- attendance of one representative per household, the decisions on the matters of Art. 15 with
-- their counts per hamlet, the household ballots delivered and returned, and the record with
-- its sending and recognition. Every table carries commune_id first in its keys. Days are text
-- YYYY-MM-DD (Vietnam's calendar); moments are in UTC.

-- A community meeting (cuộc họp cộng đồng dân cư) of one hamlet (or of a cluster of a hamlet
-- of 200 households or more), or commune-wide when hamlet_id is ''.
CREATE TABLE democracy_meetings (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    hamlet_id TEXT NOT NULL DEFAULT '',
    cluster TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    chair TEXT NOT NULL DEFAULT '',
    secretary TEXT NOT NULL DEFAULT '',
    notice_on TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX democracy_meetings_start ON democracy_meetings (commune_id, starts_at, id);
CREATE INDEX democracy_meetings_hamlet ON democracy_meetings (commune_id, hamlet_id, starts_at);

-- The agenda of a meeting, item by item (reports, discussions, the matters put to a vote).
CREATE TABLE democracy_agenda (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    meeting_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    PRIMARY KEY (commune_id, meeting_id, position)
);

-- How each household was told of the meeting (Decree 59 Art. 3.2), and whether it got the
-- papers of matters 1–3.
CREATE TABLE democracy_notices (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    meeting_id TEXT NOT NULL,
    household_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    informed_at TIMESTAMP NOT NULL,
    papers BOOLEAN NOT NULL DEFAULT 0,
    by_name TEXT NOT NULL,
    PRIMARY KEY (commune_id, meeting_id, household_id)
);

-- The representative of a household present at the meeting (one per household, Art. 18.2).
CREATE TABLE democracy_attendance (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    meeting_id TEXT NOT NULL,
    household_id TEXT NOT NULL,
    representative TEXT NOT NULL,
    proxy BOOLEAN NOT NULL DEFAULT 0,
    checked_in_at TIMESTAMP NOT NULL,
    by_name TEXT NOT NULL,
    PRIMARY KEY (commune_id, meeting_id, household_id)
);

-- A decision on a matter of Art. 15, by one form (Art. 17), in one hamlet or commune-wide
-- (hamlet_id ''); fallback_of names the meeting decision that failed its threshold when household
-- ballots decide matters 3–5 (Art. 17.2).
CREATE TABLE democracy_decisions (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    meeting_id TEXT NOT NULL DEFAULT '',
    hamlet_id TEXT NOT NULL DEFAULT '',
    matter INTEGER NOT NULL,
    form TEXT NOT NULL,
    title TEXT NOT NULL,
    question TEXT NOT NULL DEFAULT '',
    fallback_of TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    committee TEXT NOT NULL DEFAULT '',
    committee_approvals INTEGER NOT NULL DEFAULT 0,
    team TEXT NOT NULL DEFAULT '',
    witnesses TEXT NOT NULL DEFAULT '',
    plan_on TEXT NOT NULL DEFAULT '',
    plan_sent_on TEXT NOT NULL DEFAULT '',
    ballots_from TEXT NOT NULL DEFAULT '',
    ballots_to TEXT NOT NULL DEFAULT '',
    voted_on TEXT NOT NULL DEFAULT '',
    passed BOOLEAN NOT NULL DEFAULT 0,
    front_head TEXT NOT NULL DEFAULT '',
    signer1 TEXT NOT NULL DEFAULT '',
    signer2 TEXT NOT NULL DEFAULT '',
    sent_on TEXT NOT NULL DEFAULT '',
    answered_on TEXT NOT NULL DEFAULT '',
    answer TEXT NOT NULL DEFAULT '',
    answer_by TEXT NOT NULL DEFAULT '',
    effect_on TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX democracy_decisions_meeting ON democracy_decisions (commune_id, meeting_id);
CREATE INDEX democracy_decisions_created ON democracy_decisions (commune_id, created_at, id);

-- The count of a decision in one hamlet: households is every household of the hamlet when
-- counted (the denominator of Art. 21.1), present the representatives present at a meeting.
-- Household ballots are counted twice by different people (entry 1 and 2); a difference blocks
-- the result.
CREATE TABLE democracy_counts (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    decision_id TEXT NOT NULL,
    hamlet_id TEXT NOT NULL,
    entry INTEGER NOT NULL,
    households INTEGER NOT NULL,
    present INTEGER NOT NULL DEFAULT 0,
    yes INTEGER NOT NULL,
    no INTEGER NOT NULL,
    invalid INTEGER NOT NULL DEFAULT 0,
    by_id TEXT NOT NULL,
    by_name TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_id, decision_id, hamlet_id, entry)
);

-- A household ballot delivered to a household and returned (Decree 59 Art. 4).
CREATE TABLE democracy_deliveries (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    decision_id TEXT NOT NULL,
    household_id TEXT NOT NULL,
    delivered_at TIMESTAMP NOT NULL,
    returned_at TIMESTAMP,
    by_name TEXT NOT NULL,
    PRIMARY KEY (commune_id, decision_id, household_id)
);
