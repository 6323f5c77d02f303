-- An online submission waiting for the desk's check takes no dossier code and no register
-- number (issue 16 item 9): it has a submission reference <agency>-YYMMDD-TTnnnn from the
-- commune's own online counter, kept here for tracking after the desk accepts it and gives it
-- its code and register entry. register_year 0 marks a dossier not (yet) in the register; its
-- register_number is then the online counter's value, only to keep the UNIQUE key.
ALTER TABLE dossiers ADD COLUMN submission_ref TEXT NOT NULL DEFAULT '';
CREATE INDEX dossiers_submission_ref ON dossiers (commune_id, submission_ref) WHERE submission_ref <> '';
