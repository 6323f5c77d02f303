-- Recommendations of the residents' watchdogs (owned by internal/oversight, recommendations.go):
-- a People's Inspection Board's to the commune committee (Law 10/2022 Art. 40: answered within
-- 15 days) and a Community Investment Supervision Board's to the committee or the investor
-- (Art. 45: answered within 15 days; the investor reports how it acted), with the answer, what
-- was done, and the board's follow-up until it closes them. Public by default: a resident sees
-- every recommendation and whether its answer came in time. Days are text YYYY-MM-DD.
CREATE TABLE oversight_recommendations (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    board TEXT NOT NULL,
    board_id TEXT NOT NULL DEFAULT '',
    subject_type TEXT NOT NULL DEFAULT '',
    subject_id TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    addressee TEXT NOT NULL,
    suspend BOOLEAN NOT NULL DEFAULT FALSE,
    sent_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL,
    answered_on TEXT NOT NULL DEFAULT '',
    answer TEXT NOT NULL DEFAULT '',
    answered_by TEXT NOT NULL DEFAULT '',
    acted_on TEXT NOT NULL DEFAULT '',
    acted TEXT NOT NULL DEFAULT '',
    closed_on TEXT NOT NULL DEFAULT '',
    follow_up TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX oversight_recommendations_sent ON oversight_recommendations (commune_id, sent_on, id);
CREATE INDEX oversight_recommendations_subject ON oversight_recommendations (commune_id, subject_type, subject_id);
