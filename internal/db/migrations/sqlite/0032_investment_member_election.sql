-- A residents' representative on a Community Investment Supervision Board links to the
-- recognised election of the elections room that elected them (Decree 59/2023 Art. 17).
ALTER TABLE investment_members ADD COLUMN election_id TEXT NOT NULL DEFAULT '';
