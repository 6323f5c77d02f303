-- Personal data (owned by internal/privacy; Decree 13/2023/NĐ-CP, replaced from 1 January 2026 by
-- Decree 356/2025/NĐ-CP under the Personal Data Protection Law 91/2025/QH15).
--
-- personal_reads: who among the staff opened a page showing a resident's record, a dossier's
-- applicant, a petition's sender or a reception visit (the routes the app declares, logged by
-- internal/web after the page was served). It is not the audit chain: every page view would
-- flood the chain and make its verification slow; a read changes nothing, so a plain table
-- kept per commune is enough. Listed by subject (the subject's page: who read me) and by
-- staff member (the leader's check).
CREATE TABLE personal_reads (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    role TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    route TEXT NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX personal_reads_subject ON personal_reads (commune_id, subject_type, subject_id, at);
CREATE INDEX personal_reads_user ON personal_reads (commune_id, user_id, at);
CREATE INDEX personal_reads_at ON personal_reads (commune_id, at);

-- privacy_requests: a person's request for a copy of the data the commune holds about them, or
-- for its correction, with its number DP-YYYY-NNNNN, the identity check (who and when), the
-- answer or the reasoned refusal, and the one-time link of a copy handed over by SMS (only its
-- SHA-256 is kept: the token itself travels in the message).
CREATE TABLE privacy_requests (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    number TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    full_name TEXT NOT NULL,
    id_number TEXT NOT NULL,
    phone TEXT NOT NULL,
    phone_last4 TEXT NOT NULL,
    delivery TEXT NOT NULL,
    wrong_text TEXT NOT NULL DEFAULT '',
    right_text TEXT NOT NULL DEFAULT '',
    received_at TIMESTAMP NOT NULL,
    received_by TEXT NOT NULL DEFAULT '',
    ack_due_at TIMESTAMP NOT NULL,
    due_at TIMESTAMP NOT NULL,
    basis TEXT NOT NULL,
    verified_at TIMESTAMP,
    verified_by TEXT NOT NULL DEFAULT '',
    answered_at TIMESTAMP,
    answered_by TEXT NOT NULL DEFAULT '',
    answer TEXT NOT NULL DEFAULT '',
    refusal_reason TEXT NOT NULL DEFAULT '',
    link_hash TEXT NOT NULL DEFAULT '',
    link_expires_at TIMESTAMP,
    link_used_at TIMESTAMP,
    PRIMARY KEY (commune_id, id),
    UNIQUE (commune_id, number)
);
CREATE INDEX privacy_requests_received ON privacy_requests (commune_id, received_at, id);
CREATE INDEX privacy_requests_open ON privacy_requests (commune_id, status, due_at);

CREATE TABLE privacy_counters (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (commune_id, year)
);
