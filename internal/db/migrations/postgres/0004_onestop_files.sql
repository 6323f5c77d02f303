-- The one-stop room (owned by internal/onestop), part 2: the documents handed in with each
-- dossier (thành phần hồ sơ đã nộp) and the keys that sign the links of the online "submitted"
-- page. Every table carries commune_id first in its primary key.

-- One row per document of the procedure's list handed in: at intake (supplement_round 0) or
-- with the supplement of round n (supplement_round n). kind and quantity are what the desk saw
-- (bản chính, bản sao, bản sao có chứng thực; how many), name is the list's wording at that
-- moment (the list may change later; the dossier must not), sha256 is the scan in package blob
-- ('' for paper). Decree 61/2018 Art. 17: every dossier received is checked, scanned and kept.
CREATE TABLE dossier_documents (
    commune_id TEXT NOT NULL,
    dossier_id TEXT NOT NULL,
    supplement_round INTEGER NOT NULL DEFAULT 0,
    document_id TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    quantity INTEGER NOT NULL DEFAULT 1,
    sha256 TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (commune_id, dossier_id, supplement_round, document_id),
    FOREIGN KEY (commune_id, dossier_id) REFERENCES dossiers(commune_id, id) ON DELETE CASCADE
);
-- A scan is served only for a dossier that holds it: the download checks (commune, sha256).
CREATE INDEX dossier_documents_sha ON dossier_documents (commune_id, sha256);

-- name: "submitted-link" (HMAC key of the online submission's done page). Made on first use.
CREATE TABLE onestop_keys (
    commune_id TEXT NOT NULL,
    name TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (commune_id, name)
);
