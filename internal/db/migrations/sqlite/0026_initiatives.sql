-- Citizens' initiatives (sáng kiến của công dân; owned by internal/democracy; Law 10/2022 Art.
-- 16.3): a matter residents propose to their hamlet, and the households that support it. At
-- 10 % of all the hamlet's households within 3 months it goes to the community and the hamlet
-- head must put it on a meeting. Every table carries commune_id first in its keys.
CREATE TABLE democracy_initiatives (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    hamlet_id TEXT NOT NULL,
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    proposer TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    status TEXT NOT NULL,
    reached_on TEXT NOT NULL DEFAULT '',
    meeting_id TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX democracy_initiatives_opened ON democracy_initiatives (commune_id, opened_on, id);

-- A household's support of an initiative: once per household, entered by the hamlet head
-- (via 'hamlet') or online by a member of the household who proved it (via 'online').
CREATE TABLE democracy_initiative_support (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    initiative_id TEXT NOT NULL,
    household_id TEXT NOT NULL,
    via TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    by_name TEXT NOT NULL,
    PRIMARY KEY (commune_id, initiative_id, household_id)
);
