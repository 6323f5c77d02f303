-- Locks of the periodic jobs (owned by internal/events, JobLock): with two xaso processes on one
-- database, the late-dossier flagging, the booking reminders and the session purge run in one
-- process per period. A row names the job, the process that holds it and until when.
CREATE TABLE job_locks (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until TIMESTAMP NOT NULL
);
