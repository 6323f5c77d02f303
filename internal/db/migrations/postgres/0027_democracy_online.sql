-- Online voting on a hamlet's self-managed matter (Decree 59/2023 Art. 5; owned by
-- internal/democracy): the preconditions a decision records before its ballot box opens, the
-- day the hamlet head and the hamlet Front committee agreed, the day the commune committee and
-- Front were informed, and how many households chose online voting in the poll of the
-- hamlet's group. The votes themselves are in the ballot tables (0025), apart from who voted.
ALTER TABLE democracy_decisions ADD COLUMN agreed_on TEXT NOT NULL DEFAULT '';
ALTER TABLE democracy_decisions ADD COLUMN informed_on TEXT NOT NULL DEFAULT '';
ALTER TABLE democracy_decisions ADD COLUMN poll_yes INTEGER NOT NULL DEFAULT 0;
