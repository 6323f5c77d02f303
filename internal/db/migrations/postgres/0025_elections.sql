-- Secret ballots (internal/democracy/ballot) and the elections of hamlet heads and of residents'
-- seats on the boards (internal/democracy/election; Decree 59/2023/NĐ-CP Art. 6–9, Law 10/2022
-- Art. 15.4–5). Every table carries commune_id first in its keys. Days are text YYYY-MM-DD
-- (Vietnam's calendar); moments are in UTC.
--
-- Secrecy: who voted (ballot_casts) is kept apart from what was voted (ballot_papers). The two
-- tables share only the box; a paper has a random id, no household, no sequence and no time (the
-- box has its day). ballot_papers is WITHOUT ROWID so that SQLite keeps no insertion order: its
-- rows live in the order of their random ids. Closing a box rewrites its papers in that order,
-- so that on PostgreSQL too nothing physical (ctid, xmin) follows the order of casting.

-- A ballot box: one per subject (an election, a meeting's secret vote), with its options and
-- its electorate (the households of the hamlets listed in ballot_box_hamlets).
CREATE TABLE ballot_boxes (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    title TEXT NOT NULL,
    day TEXT NOT NULL,
    mode TEXT NOT NULL,
    seats INTEGER NOT NULL,
    status TEXT NOT NULL,
    issued INTEGER NOT NULL DEFAULT 0,
    returned INTEGER NOT NULL DEFAULT 0,
    returns_recorded BOOLEAN NOT NULL DEFAULT FALSE,
    tally_hash TEXT NOT NULL DEFAULT '',
    closed_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id),
    UNIQUE (commune_id, subject_type, subject_id)
);

CREATE TABLE ballot_options (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    box_id TEXT NOT NULL,
    no INTEGER NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (commune_id, box_id, no)
);

CREATE TABLE ballot_box_hamlets (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    box_id TEXT NOT NULL,
    hamlet_id TEXT NOT NULL,
    PRIMARY KEY (commune_id, box_id, hamlet_id)
);

-- THAT a household voted: one row per household and box (the key makes a second vote fail).
CREATE TABLE ballot_casts (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    box_id TEXT NOT NULL,
    household_id TEXT NOT NULL,
    cast_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (commune_id, box_id, household_id)
);

-- WHAT was voted: the marked option numbers ("1,3"; "" for a blank paper) or an invalid paper.
CREATE TABLE ballot_papers (
    commune_id TEXT NOT NULL,
    box_id TEXT NOT NULL,
    id TEXT NOT NULL,
    choices TEXT NOT NULL,
    invalid BOOLEAN NOT NULL,
    PRIMARY KEY (commune_id, box_id, id)
);

-- The province's settings as the commune applies them: the hamlet head's term (2.5 or 5 years,
-- Circular 04/2012/TT-BNV as amended) and the longest an interim head may serve.
CREATE TABLE election_settings (
    commune_id TEXT NOT NULL REFERENCES communes(id) PRIMARY KEY,
    term_months INTEGER NOT NULL,
    interim_limit_months INTEGER NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL
);

-- An election of a hamlet head or of residents' seats on a board, for one hamlet, with the
-- steps of Decree 59 Art. 6 (each with its day), the count and the recognition.
CREATE TABLE elections (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    hamlet_id TEXT NOT NULL,
    title TEXT NOT NULL,
    project TEXT NOT NULL DEFAULT '',
    seats INTEGER NOT NULL,
    election_day TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    plan_on TEXT NOT NULL DEFAULT '',
    plan_ref TEXT NOT NULL DEFAULT '',
    candidates_on TEXT NOT NULL DEFAULT '',
    candidates_ref TEXT NOT NULL DEFAULT '',
    team_on TEXT NOT NULL DEFAULT '',
    team_ref TEXT NOT NULL DEFAULT '',
    team_leader TEXT NOT NULL DEFAULT '',
    team_members TEXT NOT NULL DEFAULT '',
    announced_on TEXT NOT NULL DEFAULT '',
    announce_how TEXT NOT NULL DEFAULT '',
    households INTEGER NOT NULL DEFAULT 0,
    counted_on TEXT NOT NULL DEFAULT '',
    result_note TEXT NOT NULL DEFAULT '',
    decided_on TEXT NOT NULL DEFAULT '',
    decision_ref TEXT NOT NULL DEFAULT '',
    refusal TEXT NOT NULL DEFAULT '',
    decided_by TEXT NOT NULL DEFAULT '',
    previous_id TEXT NOT NULL DEFAULT '',
    removal_id TEXT NOT NULL DEFAULT '',
    next_id TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX elections_day ON elections (commune_id, election_day, id);
CREATE INDEX elections_hamlet ON elections (commune_id, hamlet_id, election_day);

-- The candidates of the list the hamlet Front committee drew up (Mẫu 05), in its order.
CREATE TABLE election_candidates (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    election_id TEXT NOT NULL,
    no INTEGER NOT NULL,
    full_name TEXT NOT NULL,
    birth_year TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (commune_id, election_id, no)
);

-- A petition to remove a hamlet head (Decree 59 Art. 9), the removal meeting and its outcome,
-- the interim head and the new election it calls for.
CREATE TABLE election_removals (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    hamlet_id TEXT NOT NULL,
    head_name TEXT NOT NULL DEFAULT '',
    received_on TEXT NOT NULL,
    supporters INTEGER NOT NULL,
    households INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    front_head_is_head BOOLEAN NOT NULL DEFAULT FALSE,
    status TEXT NOT NULL,
    meeting_on TEXT NOT NULL DEFAULT '',
    votes_for INTEGER NOT NULL DEFAULT 0,
    decided_on TEXT NOT NULL DEFAULT '',
    interim_name TEXT NOT NULL DEFAULT '',
    interim_since TEXT NOT NULL DEFAULT '',
    new_election_id TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX election_removals_hamlet ON election_removals (commune_id, hamlet_id, received_on);
