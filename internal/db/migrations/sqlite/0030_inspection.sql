-- The People's Inspection Board, Ban Thanh tra nhân dân (owned by internal/oversight; Law
-- 10/2022 Art. 36–40, Decree 59/2023 Art. 12–15): one board per commune per term, its
-- members, its plans and the inspections they schedule (each sent to the Front, the chairman
-- and the subject at least 5 working days before it starts), and the cases residents raise
-- with their dated notes, evidence, findings, written result and follow-up. The board's
-- recommendations are in oversight_recommendations (0029). Days are text YYYY-MM-DD, ''
-- when not set.
CREATE TABLE inspection_boards (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    term_start TEXT NOT NULL,
    term_end TEXT NOT NULL,
    recognised_by TEXT NOT NULL DEFAULT '',
    elected_ref TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id),
    UNIQUE (commune_id, term_start)
);

-- position: head, deputy or member; left_on '' while serving; search: the folded name.
CREATE TABLE inspection_members (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    board_id TEXT NOT NULL,
    full_name TEXT NOT NULL,
    search TEXT NOT NULL,
    hamlet_id TEXT NOT NULL DEFAULT '',
    resident_ref TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    position TEXT NOT NULL,
    elected_on TEXT NOT NULL,
    elected_ref TEXT NOT NULL DEFAULT '',
    by_election BOOLEAN NOT NULL DEFAULT 0,
    left_on TEXT NOT NULL DEFAULT '',
    left_reason TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id),
    FOREIGN KEY (commune_id, board_id) REFERENCES inspection_boards(commune_id, id)
);
CREATE INDEX inspection_members_board ON inspection_members (commune_id, board_id, left_on);

-- period: quarter, half or year; part: the quarter (1–4), the half (1–2), 0 for a year.
CREATE TABLE inspection_plans (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    board_id TEXT NOT NULL,
    period TEXT NOT NULL,
    year INTEGER NOT NULL,
    part INTEGER NOT NULL,
    content TEXT NOT NULL,
    subjects TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id),
    UNIQUE (commune_id, board_id, period, year, part),
    FOREIGN KEY (commune_id, board_id) REFERENCES inspection_boards(commune_id, id)
);

-- One inspection of a plan: the days its notice reached the Front, the chairman and the
-- subject ('' until sent); status planned, done or cancelled.
CREATE TABLE inspection_checks (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    plan_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    content TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL DEFAULT '',
    sent_front_on TEXT NOT NULL DEFAULT '',
    sent_chairman_on TEXT NOT NULL DEFAULT '',
    sent_subject_on TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    result TEXT NOT NULL DEFAULT '',
    done_on TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id),
    FOREIGN KEY (commune_id, plan_id) REFERENCES inspection_plans(commune_id, id)
);
CREATE INDEX inspection_checks_plan ON inspection_checks (commune_id, plan_id, starts_on);
CREATE INDEX inspection_checks_start ON inspection_checks (commune_id, starts_on);

-- A case raised by a resident: number per commune and year; source direct, box (the
-- suggestion box, typed in) or petition (forwarded, petition_ref its number); the person who
-- raised it is never shown in public; status open, concluded (result sent) or closed.
CREATE TABLE inspection_cases (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    board_id TEXT NOT NULL,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    source TEXT NOT NULL,
    petition_ref TEXT NOT NULL DEFAULT '',
    received_on TEXT NOT NULL,
    raised_by TEXT NOT NULL DEFAULT '',
    raised_address TEXT NOT NULL DEFAULT '',
    raised_phone TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    status TEXT NOT NULL,
    findings TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '',
    result_on TEXT NOT NULL DEFAULT '',
    public BOOLEAN NOT NULL DEFAULT 0,
    public_summary TEXT NOT NULL DEFAULT '',
    closed_on TEXT NOT NULL DEFAULT '',
    search TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id),
    UNIQUE (commune_id, year, number),
    FOREIGN KEY (commune_id, board_id) REFERENCES inspection_boards(commune_id, id)
);
CREATE INDEX inspection_cases_received ON inspection_cases (commune_id, received_on, id);

-- The dated entries of a case: verification notes, evidence (a file in the blob store by its
-- sha256) and the follow-up.
CREATE TABLE inspection_case_notes (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    case_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    noted_on TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    file_sha256 TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id),
    FOREIGN KEY (commune_id, case_id) REFERENCES inspection_cases(commune_id, id)
);
CREATE INDEX inspection_case_notes_case ON inspection_case_notes (commune_id, case_id, noted_on, id);
