-- The one-stop room (owned by internal/onestop): each commune's copy of the procedure catalogue,
-- its dossiers with their control-slip history, supplement requests and apologies, and the
-- counters behind dossier codes and register numbers. Every table carries commune_id first in
-- its primary and unique keys. Working hours are stored as whole minutes (no REAL columns) so
-- both engines hold the same types.
CREATE TABLE procedures (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    field TEXT NOT NULL,
    level TEXT NOT NULL DEFAULT '',
    processing_days INTEGER NOT NULL DEFAULT 0,
    processing_minutes INTEGER NOT NULL DEFAULT 0,
    processing_note TEXT NOT NULL DEFAULT '',
    fee_text TEXT NOT NULL DEFAULT '',
    fee_amount BIGINT NOT NULL DEFAULT 0,
    fee_exemptions TEXT NOT NULL DEFAULT '',
    legal_basis TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '',
    channels TEXT NOT NULL DEFAULT '',
    online_allowed BOOLEAN NOT NULL DEFAULT 0,
    code_verified BOOLEAN NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT 1,
    search TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_id, code)
);
CREATE INDEX procedures_field ON procedures (commune_id, field, code);

CREATE TABLE procedure_documents (
    commune_id TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    id TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    quantity INTEGER NOT NULL DEFAULT 1,
    required BOOLEAN NOT NULL DEFAULT 1,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (commune_id, procedure_code, id),
    FOREIGN KEY (commune_id, procedure_code) REFERENCES procedures(commune_id, code) ON DELETE CASCADE
);

-- name: "day:YYMMDD" (dossier code sequence) or "register:YYYY" (form 06 numbering).
CREATE TABLE onestop_counters (
    commune_id TEXT NOT NULL,
    name TEXT NOT NULL,
    last BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (commune_id, name)
);

-- due_at is NULL while the dossier waits for a supplement requested at intake (the clock has
-- not started); finished_at is when processing ended (decision made, refused, stopped…).
CREATE TABLE dossiers (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    code TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    procedure_name TEXT NOT NULL,
    status TEXT NOT NULL,
    resume_status TEXT NOT NULL DEFAULT '',
    channel INTEGER NOT NULL,
    applicant_name TEXT NOT NULL,
    applicant_id_number TEXT NOT NULL DEFAULT '',
    applicant_phone TEXT NOT NULL DEFAULT '',
    applicant_email TEXT NOT NULL DEFAULT '',
    applicant_address TEXT NOT NULL DEFAULT '',
    phone_last4 TEXT NOT NULL DEFAULT '',
    documents TEXT NOT NULL DEFAULT '',
    processing_days INTEGER NOT NULL DEFAULT 0,
    processing_minutes INTEGER NOT NULL DEFAULT 0,
    received_at TIMESTAMP NOT NULL,
    clock_start_at TIMESTAMP,
    due_at TIMESTAMP,
    original_due_at TIMESTAMP,
    finished_at TIMESTAMP,
    returned_at TIMESTAMP,
    round INTEGER NOT NULL DEFAULT 1,
    supplement_requests INTEGER NOT NULL DEFAULT 0,
    supplement_seconds BIGINT NOT NULL DEFAULT 0,
    apologies INTEGER NOT NULL DEFAULT 0,
    late_flagged BOOLEAN NOT NULL DEFAULT 0,
    reasons TEXT NOT NULL DEFAULT '',
    return_method TEXT NOT NULL DEFAULT '',
    tracking_number TEXT NOT NULL DEFAULT '',
    fee_amount BIGINT NOT NULL DEFAULT 0,
    fee_exemption TEXT NOT NULL DEFAULT '',
    fee_paid BOOLEAN NOT NULL DEFAULT 0,
    paid_online BOOLEAN NOT NULL DEFAULT 0,
    register_year INTEGER NOT NULL,
    register_number INTEGER NOT NULL,
    holder_id TEXT NOT NULL DEFAULT '',
    holder_name TEXT NOT NULL DEFAULT '',
    holder_role TEXT NOT NULL DEFAULT '',
    search TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_id, id),
    UNIQUE (commune_id, code),
    UNIQUE (commune_id, register_year, register_number)
);
CREATE INDEX dossiers_status_due ON dossiers (commune_id, status, due_at);
CREATE INDEX dossiers_holder ON dossiers (commune_id, holder_id, status);
CREATE INDEX dossiers_finished ON dossiers (commune_id, finished_at);
CREATE INDEX dossiers_received ON dossiers (commune_id, received_at);
CREATE INDEX dossiers_late ON dossiers (late_flagged, status, due_at);

-- One row per step: the processing control slip (form 05) is these rows in order.
CREATE TABLE dossier_history (
    commune_id TEXT NOT NULL,
    dossier_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    action TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    from_user_id TEXT NOT NULL DEFAULT '',
    from_name TEXT NOT NULL DEFAULT '',
    from_role TEXT NOT NULL DEFAULT '',
    to_user_id TEXT NOT NULL DEFAULT '',
    to_name TEXT NOT NULL DEFAULT '',
    to_role TEXT NOT NULL DEFAULT '',
    status_after TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (commune_id, dossier_id, seq),
    FOREIGN KEY (commune_id, dossier_id) REFERENCES dossiers(commune_id, id) ON DELETE CASCADE
);

-- Decree 61/2018 Art. 15.3: one request per round naming everything missing; the key makes a
-- second request in the same round impossible even under a race.
CREATE TABLE dossier_supplements (
    commune_id TEXT NOT NULL,
    dossier_id TEXT NOT NULL,
    round INTEGER NOT NULL,
    requested_at TIMESTAMP NOT NULL,
    requested_by_id TEXT NOT NULL,
    requested_by_name TEXT NOT NULL,
    documents TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    received_at TIMESTAMP,
    PRIMARY KEY (commune_id, dossier_id, round),
    FOREIGN KEY (commune_id, dossier_id) REFERENCES dossiers(commune_id, id) ON DELETE CASCADE
);

-- Decree 61/2018 Art. 19.9: the date may be reset only once, hence one row per dossier.
CREATE TABLE dossier_apologies (
    commune_id TEXT NOT NULL,
    dossier_id TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    by_id TEXT NOT NULL,
    by_name TEXT NOT NULL,
    reason TEXT NOT NULL,
    old_due_at TIMESTAMP NOT NULL,
    new_due_at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_id, dossier_id),
    FOREIGN KEY (commune_id, dossier_id) REFERENCES dossiers(commune_id, id) ON DELETE CASCADE
);
