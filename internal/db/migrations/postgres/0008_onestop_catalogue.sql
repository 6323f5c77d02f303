-- The one-stop room (owned by internal/onestop), part 5: the catalogue as the law states it
-- (issue 8 items 2, 3, 4).
-- boundary_free: the province lists this procedure as received by any commune centre of the
--   province regardless of the applicant's commune (Decree 118/2025); off by default.
-- cut_off: a dossier received after the commune's cut-off (15:00) counts from the next working
--   day; set for certification only (Decree 23/2015/NĐ-CP Art. 7, 21).
-- extended_days: the longer limit when checks are needed, for a procedure done immediately
--   (marriage: up to 5 working days, Civil Status Law Art. 18.2); 0 when there is none.
-- effective_from / effective_until: the days (YYYY-MM-DD, Asia/Ho_Chi_Minh) the procedure is
--   in force, until excluded; '' when open (Decree 120/2025: civil-status powers until 1/3/2027).
ALTER TABLE procedures ADD COLUMN boundary_free BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE procedures ADD COLUMN cut_off BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE procedures ADD COLUMN extended_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE procedures ADD COLUMN effective_from TEXT NOT NULL DEFAULT '';
ALTER TABLE procedures ADD COLUMN effective_until TEXT NOT NULL DEFAULT '';
UPDATE procedures SET cut_off = TRUE WHERE field = 'Chứng thực';
UPDATE procedures SET extended_days = 5 WHERE code = '1.000894';

-- The catalogue version a dossier was received under, whether the desk marked it
-- "cần xác minh" (the extended limit applies), and whether its procedure has the cut-off
-- (dossiers received before this migration were all counted with it).
ALTER TABLE dossiers ADD COLUMN procedure_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN needs_verification BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE dossiers ADD COLUMN cut_off BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE dossiers SET cut_off = TRUE;
