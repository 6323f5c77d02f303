-- Indexes for the staff lists at scale (issue 9's benchmark: 100,000 petitions, each with an
-- open duty). The duties page reads the open duties in due order with the id as tie-break
-- (many duties fall due at the same closing hour), counts them by state, and lists the rooms
-- that have any, all from the index alone; the petitions page counts by status and due date
-- from the index alone.
DROP INDEX duties_open_due;
CREATE INDEX duties_open_due ON duties (commune_id, is_open, due_at, id, at_risk_from);
CREATE INDEX duties_open_room ON duties (commune_id, is_open, room, due_at, id, at_risk_from);
DROP INDEX petitions_received;
CREATE INDEX petitions_received ON petitions (commune_id, received_at, id);
CREATE INDEX petitions_state ON petitions (commune_id, status, due_at, step_due_at);
