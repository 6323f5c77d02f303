-- The reach of a meeting counts its notices and check-ins per hamlet (internal/democracy,
-- Reach, Present). Each row keeps the hamlet its household was in when it was told or came, so
-- that the counts group the meeting's rows alone, without reading 20,000 households (a
-- commune-wide meeting: about 210 ms on SQLite with the join).
ALTER TABLE democracy_notices ADD COLUMN hamlet_id TEXT NOT NULL DEFAULT '';
ALTER TABLE democracy_attendance ADD COLUMN hamlet_id TEXT NOT NULL DEFAULT '';
UPDATE democracy_notices SET hamlet_id = COALESCE((SELECT h.hamlet_id FROM households h
    WHERE h.commune_id = democracy_notices.commune_id AND h.id = democracy_notices.household_id), '');
UPDATE democracy_attendance SET hamlet_id = COALESCE((SELECT h.hamlet_id FROM households h
    WHERE h.commune_id = democracy_attendance.commune_id AND h.id = democracy_attendance.household_id), '');
