-- Consultations (lấy ý kiến Nhân dân, owned by internal/democracy/consult; Law 10/2022 on
-- Grassroots Democracy Art. 25–28): what residents are consulted on before the commune
-- decides, the plan sent to the commune People's Council and the Fatherland Front, the period
-- of at least 20 days, the opinions received by every form of Art. 26 (each tied to a hamlet
-- or to none), the synthesis that groups them with an answer per group (tiếp thu, giải trình),
-- and the closing with the decision and the published summary. Every table carries commune_id
-- first in its keys. Days are text YYYY-MM-DD (Vietnam's calendar); moments are in UTC.

-- A consultation: draft, open (published; opinions taken until closes_on) or closed.
CREATE TABLE consultations (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    topic TEXT NOT NULL,
    title TEXT NOT NULL,
    draft TEXT NOT NULL DEFAULT '',
    attachments TEXT NOT NULL DEFAULT '[]',
    forms TEXT NOT NULL DEFAULT '[]',
    plan TEXT NOT NULL DEFAULT '',
    plan_council_on TEXT,
    plan_front_on TEXT,
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    status TEXT NOT NULL,
    published_at TIMESTAMP,
    summary TEXT NOT NULL DEFAULT '',
    decision TEXT NOT NULL DEFAULT '',
    decision_on TEXT,
    follows_majority BOOLEAN NOT NULL DEFAULT TRUE,
    explanation TEXT NOT NULL DEFAULT '',
    closed_at TIMESTAMP,
    closed_by TEXT NOT NULL DEFAULT '',
    disclosure_url TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX consultations_status ON consultations (commune_id, status, closes_on, id);
CREATE INDEX consultations_created ON consultations (commune_id, created_at, id);

-- The hamlets a consultation is for; none means the whole commune.
CREATE TABLE consultation_hamlets (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    consultation_id TEXT NOT NULL,
    hamlet_id TEXT NOT NULL,
    PRIMARY KEY (commune_id, consultation_id, hamlet_id)
);

-- A group of opinions in the synthesis, with its answer: accepted (tiếp thu) or explained
-- (giải trình); answer_kind is '' until answered.
CREATE TABLE consultation_groups (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    consultation_id TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    answer_kind TEXT NOT NULL DEFAULT '',
    answer TEXT NOT NULL DEFAULT '',
    answered_at TIMESTAMP,
    answered_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX consultation_groups_of ON consultation_groups (commune_id, consultation_id, id);

-- An opinion: from the public website form, or typed in by staff with its source (a form of
-- Art. 26); hamlet_id '' when none was given; group_id '' until the synthesis places it.
CREATE TABLE consultation_opinions (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    consultation_id TEXT NOT NULL,
    source TEXT NOT NULL,
    hamlet_id TEXT NOT NULL DEFAULT '',
    author_name TEXT NOT NULL DEFAULT '',
    author_phone TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    received_on TEXT NOT NULL,
    group_id TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX consultation_opinions_of ON consultation_opinions (commune_id, consultation_id, id);
CREATE INDEX consultation_opinions_group ON consultation_opinions (commune_id, consultation_id, group_id, id);
CREATE INDEX consultation_opinions_hamlet ON consultation_opinions (commune_id, consultation_id, hamlet_id, id);
