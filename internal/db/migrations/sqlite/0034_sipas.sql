-- SIPAS surveys (chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành
-- chính nhà nước; owned by internal/rating/sipas): the questionnaire methods as data, the
-- surveys with the method's legal basis, version and effective date copied onto each, the
-- sample of returned dossiers with one invitation each (an unguessable token), one response
-- per invitation (online by link, or a paper form typed in by staff), its answers per
-- criterion, and the commune's yearly target. Every table carries commune_id first in its
-- keys. Days are text YYYY-MM-DD (Vietnam's calendar); moments are in UTC; rates are not
-- stored: the index is computed from the answers, in integers.

-- A questionnaire method: the elements, criteria and answer scale as JSON (body), immutable
-- once stored (a change is a new version).
CREATE TABLE sipas_methods (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    code TEXT NOT NULL,
    version TEXT NOT NULL,
    name TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    verified BOOLEAN NOT NULL DEFAULT FALSE,
    note TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    builtin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id),
    UNIQUE (commune_id, code, version)
);

-- A survey of the dossiers returned from period_from to period_to: open while answers are
-- taken, then closed (its index is then public).
CREATE TABLE sipas_surveys (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    year INTEGER NOT NULL,
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    method_id TEXT NOT NULL,
    method_code TEXT NOT NULL,
    method_version TEXT NOT NULL,
    method_name TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    method_effective_from TEXT NOT NULL,
    method_verified BOOLEAN NOT NULL DEFAULT FALSE,
    sample_size INTEGER NOT NULL,
    population INTEGER NOT NULL,
    seed BIGINT NOT NULL,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    closed_at TIMESTAMP,
    closed_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (commune_id, id),
    FOREIGN KEY (commune_id, method_id) REFERENCES sipas_methods(commune_id, id)
);
CREATE INDEX sipas_surveys_year ON sipas_surveys (commune_id, status, year, closed_at);

-- One sampled dossier and its invitation. The applicant's name and phone are kept for the
-- staff who invite them; they are never shown on public pages nor in the CSV of answers.
CREATE TABLE sipas_invitations (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    survey_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    token TEXT NOT NULL,
    dossier_id TEXT NOT NULL,
    dossier_code TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    procedure_name TEXT NOT NULL,
    field TEXT NOT NULL,
    applicant_name TEXT NOT NULL,
    applicant_phone TEXT NOT NULL DEFAULT '',
    returned_at TIMESTAMP NOT NULL,
    answered_at TIMESTAMP,
    channel TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_id, id),
    UNIQUE (commune_id, token),
    UNIQUE (commune_id, survey_id, dossier_id),
    UNIQUE (commune_id, survey_id, seq),
    FOREIGN KEY (commune_id, survey_id) REFERENCES sipas_surveys(commune_id, id)
);
CREATE INDEX sipas_invitations_answered ON sipas_invitations (commune_id, survey_id, answered_at);

-- The one response of an invitation (its primary key is the invitation's: a second answer
-- is refused by the key, whatever the race).
CREATE TABLE sipas_responses (
    commune_id TEXT NOT NULL,
    invitation_id TEXT NOT NULL,
    survey_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    answered_at TIMESTAMP NOT NULL,
    entered_by TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (commune_id, invitation_id),
    FOREIGN KEY (commune_id, invitation_id) REFERENCES sipas_invitations(commune_id, id)
);
CREATE INDEX sipas_responses_survey ON sipas_responses (commune_id, survey_id, answered_at);

-- The answer to one criterion: the value on the method's scale (no row: not answered).
CREATE TABLE sipas_answers (
    commune_id TEXT NOT NULL,
    invitation_id TEXT NOT NULL,
    survey_id TEXT NOT NULL,
    criterion TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (commune_id, invitation_id, criterion),
    FOREIGN KEY (commune_id, invitation_id) REFERENCES sipas_responses(commune_id, invitation_id)
);
CREATE INDEX sipas_answers_survey ON sipas_answers (commune_id, survey_id, criterion, value);

-- The commune's target for a year's index, in hundredths of a percent (8550 = 85,50 %).
CREATE TABLE sipas_targets (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    year INTEGER NOT NULL,
    target_bp INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, year)
);

-- The sample reads the dossiers returned in a period (onestop.Service.Returned).
CREATE INDEX dossiers_returned ON dossiers (commune_id, status, returned_at);
