-- Investment projects and their Community Investment Supervision Boards, Ban Giám sát đầu tư
-- của cộng đồng (owned by internal/oversight/investment; Law 10/2022 Art. 41–45, Decree
-- 59/2023 Art. 16–19): the registry of every programme and project in the commune with its
-- budget sources (amounts in whole đồng), hamlets, parties and the information its investor
-- must disclose; one board per project, its members and their declarations of relatives among
-- the parties; the board's site visits with their checklist and photos. The boards'
-- recommendations are in oversight_recommendations (0029). Days are text YYYY-MM-DD, '' when
-- not set.

-- kind: public (đầu tư công), ppp, residents (vốn, công sức của cộng đồng), sponsored (tài
-- trợ trực tiếp); status: preparing, building, done; progress: whole per cent.
CREATE TABLE investment_projects (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    search TEXT NOT NULL,
    investor TEXT NOT NULL,
    decision_maker TEXT NOT NULL DEFAULT '',
    decision_ref TEXT NOT NULL DEFAULT '',
    start_on TEXT NOT NULL DEFAULT '',
    end_on TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    progress INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX investment_projects_status ON investment_projects (commune_id, status, id);

CREATE TABLE investment_project_hamlets (
    commune_id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    hamlet_id TEXT NOT NULL,
    PRIMARY KEY (commune_id, project_id, hamlet_id),
    FOREIGN KEY (commune_id, project_id) REFERENCES investment_projects(commune_id, id)
);

-- amount: whole đồng; residents: the residents' own contribution (money or labour valued).
CREATE TABLE investment_sources (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    source TEXT NOT NULL,
    amount BIGINT NOT NULL,
    residents BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id),
    FOREIGN KEY (commune_id, project_id) REFERENCES investment_projects(commune_id, id)
);
CREATE INDEX investment_sources_project ON investment_sources (commune_id, project_id, id);

-- role: contractor, consultant, supervisor, manager (the investor and the decision-maker are
-- on the project); search: the folded name, for the conflict flag.
CREATE TABLE investment_parties (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    search TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id),
    FOREIGN KEY (commune_id, project_id) REFERENCES investment_projects(commune_id, id)
);
CREATE INDEX investment_parties_project ON investment_parties (commune_id, project_id, id);

-- What the investor must disclose, each item with the day it is due and the day it was.
CREATE TABLE investment_disclosures (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    item TEXT NOT NULL,
    due_on TEXT NOT NULL DEFAULT '',
    disclosed_on TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id),
    FOREIGN KEY (commune_id, project_id) REFERENCES investment_projects(commune_id, id)
);
CREATE INDEX investment_disclosures_project ON investment_disclosures (commune_id, project_id, id);

-- One board per project (Art. 41.1). set_up_by: who set it up, as the commune's setting named
-- it then (Law 97/2025 reorganised the Front); supervision_from: the day supervision starts;
-- notified_on: the day the plan and membership reached the investor (≥ 45 days before, Art.
-- 45); dissolved_on: '' while active.
CREATE TABLE investment_boards (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    set_up_by TEXT NOT NULL,
    set_up_on TEXT NOT NULL,
    decision_ref TEXT NOT NULL DEFAULT '',
    supervision_from TEXT NOT NULL DEFAULT '',
    plan TEXT NOT NULL DEFAULT '',
    notified_on TEXT NOT NULL DEFAULT '',
    dissolved_on TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id),
    UNIQUE (commune_id, project_id),
    FOREIGN KEY (commune_id, project_id) REFERENCES investment_projects(commune_id, id)
);

-- origin: front, inspection or resident; position: head, deputy or member; user_id: the
-- member's account, if any (a board member acts on its own board's visits); declared: the
-- declaration of relatives was made; relatives: what it says ('' = none); left_on: '' while
-- serving.
CREATE TABLE investment_members (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    board_id TEXT NOT NULL,
    full_name TEXT NOT NULL,
    search TEXT NOT NULL,
    origin TEXT NOT NULL,
    position TEXT NOT NULL,
    hamlet_id TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    user_id TEXT NOT NULL DEFAULT '',
    declared BOOLEAN NOT NULL DEFAULT FALSE,
    relatives TEXT NOT NULL DEFAULT '',
    declared_on TEXT NOT NULL DEFAULT '',
    left_on TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id),
    FOREIGN KEY (commune_id, board_id) REFERENCES investment_boards(commune_id, id)
);
CREATE INDEX investment_members_board ON investment_members (commune_id, board_id, left_on);
CREATE INDEX investment_members_user ON investment_members (commune_id, user_id);

-- status: draft (saved, may still change) or submitted (reached the board, read only).
CREATE TABLE investment_visits (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    board_id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    visited_on TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    findings TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    submitted_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id),
    FOREIGN KEY (commune_id, board_id) REFERENCES investment_boards(commune_id, id)
);
CREATE INDEX investment_visits_project ON investment_visits (commune_id, project_id, visited_on, id);

-- result: ok, problem or unchecked.
CREATE TABLE investment_visit_checks (
    commune_id TEXT NOT NULL,
    visit_id TEXT NOT NULL,
    item TEXT NOT NULL,
    result TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (commune_id, visit_id, item),
    FOREIGN KEY (commune_id, visit_id) REFERENCES investment_visits(commune_id, id)
);

-- taken_at: when the photo was taken, as the member gave it (or the upload time).
CREATE TABLE investment_visit_photos (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    visit_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    taken_at TIMESTAMPTZ NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id),
    FOREIGN KEY (commune_id, visit_id) REFERENCES investment_visits(commune_id, id)
);
CREATE INDEX investment_visit_photos_visit ON investment_visit_photos (commune_id, visit_id, taken_at);
