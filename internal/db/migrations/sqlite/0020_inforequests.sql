-- Information requests (yêu cầu cung cấp thông tin, owned by internal/inforequest; Law on
-- Access to Information 104/2016/QH13, Decree 13/2018/NĐ-CP): the register of requests (Art.
-- 26) with the fields of Art. 24.2, the channel that sets the deadline (Art. 29–31), the
-- answer or the reasoned refusal, and the per-year counter of their numbers.
CREATE TABLE inforequests (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    number TEXT NOT NULL,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    complex BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    requester_name TEXT NOT NULL,
    requester_address TEXT NOT NULL,
    requester_id_number TEXT NOT NULL,
    requester_phone TEXT NOT NULL DEFAULT '',
    requester_email TEXT NOT NULL DEFAULT '',
    information TEXT NOT NULL,
    delivery TEXT NOT NULL,
    purpose TEXT NOT NULL DEFAULT '',
    received_at TIMESTAMP NOT NULL,
    received_by TEXT NOT NULL DEFAULT '',
    notice_due_at TIMESTAMP,
    noticed_at TIMESTAMP,
    due_at TIMESTAMP NOT NULL,
    extended BOOLEAN NOT NULL DEFAULT FALSE,
    extend_reason TEXT NOT NULL DEFAULT '',
    answered_at TIMESTAMP,
    answer TEXT NOT NULL DEFAULT '',
    cost_note TEXT NOT NULL DEFAULT '',
    refusal_reason TEXT NOT NULL DEFAULT '',
    handled_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (commune_id, id),
    UNIQUE (commune_id, number)
);
CREATE INDEX inforequests_received ON inforequests (commune_id, received_at, id);
CREATE INDEX inforequests_open ON inforequests (commune_id, status, due_at);

CREATE TABLE inforequest_counters (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (commune_id, year)
);
