-- The one-stop room (owned by internal/onestop), part 3: what a dossier carries for the national
-- service-quality index (Decision 766/QĐ-TTg) and for "never ask twice" (Circular 01/2023/TT-VPCP,
-- Resolution 66.7/2025/NQ-CP).

-- reused_parts: documents taken from the applicant's earlier dossiers instead of asked again.
-- result_sha256: the scan of the result in package blob ('' until attached); e_result: the
-- result was issued electronically; digitised: every document handed in has a scan and the
-- result is attached (Decision 766 "digitised dossier"); verified_vneid: the applicant's
-- identity was checked with VNeID at intake.
ALTER TABLE dossiers ADD COLUMN reused_parts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN result_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN e_result BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN digitised BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN verified_vneid BOOLEAN NOT NULL DEFAULT 0;

-- reused: the row was not handed in again but taken from an earlier dossier of the same person
-- (its sha256 is that dossier's scan).
ALTER TABLE dossier_documents ADD COLUMN reused BOOLEAN NOT NULL DEFAULT 0;

-- The documents a person already handed in are found by their ID number within the commune.
CREATE INDEX dossiers_applicant ON dossiers (commune_id, applicant_id_number);
