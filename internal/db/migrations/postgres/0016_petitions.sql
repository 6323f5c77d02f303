-- Petitions (internal/petition): residents' reports, recommendations, complaints and
-- denunciations, their steps and notes, their attachments, the deadline rules as data with
-- effective dates, and the commune's settings. A denouncer's identity is never stored in clear:
-- the sender columns stay empty and identity_sealed holds it, encrypted with a key kept outside
-- the database (internal/secret).
CREATE TABLE petitions (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    number TEXT NOT NULL,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    topic TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    content TEXT NOT NULL,
    sender_name TEXT NOT NULL DEFAULT '',
    sender_address TEXT NOT NULL DEFAULT '',
    sender_phone TEXT NOT NULL DEFAULT '',
    sender_email TEXT NOT NULL DEFAULT '',
    sender_id_number TEXT NOT NULL DEFAULT '',
    on_behalf TEXT NOT NULL DEFAULT '',
    identity_sealed BYTEA,
    track_hash TEXT NOT NULL DEFAULT '',
    anonymous BOOLEAN NOT NULL DEFAULT FALSE,
    learned_on TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    complex BOOLEAN NOT NULL DEFAULT FALSE,
    several_sites BOOLEAN NOT NULL DEFAULT FALSE,
    extensions INTEGER NOT NULL DEFAULT 0,
    handler_id TEXT NOT NULL DEFAULT '',
    handler_name TEXT NOT NULL DEFAULT '',
    received_at TIMESTAMPTZ NOT NULL,
    step_due_at TIMESTAMPTZ,
    accepted_at TIMESTAMPTZ,
    due_at TIMESTAMPTZ,
    forward_by TIMESTAMPTZ,
    closed_at TIMESTAMPTZ,
    outcome_note TEXT NOT NULL DEFAULT '',
    forwarded_to TEXT NOT NULL DEFAULT '',
    decision TEXT NOT NULL DEFAULT '',
    answer TEXT NOT NULL DEFAULT '',
    answer_number TEXT NOT NULL DEFAULT '',
    answered_at TIMESTAMPTZ,
    publish_consent BOOLEAN NOT NULL DEFAULT FALSE,
    published BOOLEAN NOT NULL DEFAULT FALSE,
    public_question TEXT NOT NULL DEFAULT '',
    public_fold TEXT NOT NULL DEFAULT '',
    source_ref TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (commune_id, id),
    UNIQUE (commune_id, number)
);
CREATE INDEX petitions_received ON petitions (commune_id, received_at);
CREATE INDEX petitions_status ON petitions (commune_id, status, received_at);
CREATE INDEX petitions_published ON petitions (commune_id, published, answered_at);

CREATE TABLE petition_counters (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    year INTEGER NOT NULL,
    next INTEGER NOT NULL,
    PRIMARY KEY (commune_id, year)
);

-- The petition's history: every step, note and dialogue minute, in order.
CREATE TABLE petition_steps (
    commune_id TEXT NOT NULL,
    petition_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    action TEXT NOT NULL,
    by_id TEXT NOT NULL DEFAULT '',
    by_name TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (commune_id, petition_id, seq)
);

CREATE TABLE petition_files (
    commune_id TEXT NOT NULL,
    petition_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    blob_sha TEXT NOT NULL,
    filename TEXT NOT NULL,
    sealed BOOLEAN NOT NULL DEFAULT FALSE,
    -- a denunciation's file, sealed (it may show the denouncer's handwriting); NULL when in the blob store
    data BYTEA,
    PRIMARY KEY (commune_id, petition_id, seq)
);

-- Deadline rules, as data: one row per rule and date from which it applies. commune_id ''
-- is the national rule; a commune's row for the same kind, step and variant wins over it.
-- unit 'wd' counts working days, 'd' calendar days; times bounds repeated steps (extensions).
CREATE TABLE petition_rules (
    commune_id TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    step TEXT NOT NULL,
    variant TEXT NOT NULL DEFAULT '',
    effective_from TEXT NOT NULL,
    amount INTEGER NOT NULL,
    unit TEXT NOT NULL,
    times INTEGER NOT NULL DEFAULT 0,
    basis TEXT NOT NULL,
    PRIMARY KEY (commune_id, kind, step, variant, effective_from)
);

CREATE TABLE petition_settings (
    commune_id TEXT NOT NULL REFERENCES communes(id) PRIMARY KEY,
    remote BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMPTZ NOT NULL
);

INSERT INTO petition_rules (commune_id, kind, step, variant, effective_from, amount, unit, times, basis) VALUES
 ('', 'complaint', 'filing', '', '2012-07-01', 90, 'd', 0, 'Điều 9 Luật Khiếu nại 2011'),
 ('', 'complaint', 'accept', '', '2012-07-01', 10, 'wd', 0, 'Điều 27 Luật Khiếu nại 2011; Điều 16 Nghị định 124/2020/NĐ-CP'),
 ('', 'complaint', 'resolve', '', '2012-07-01', 30, 'd', 0, 'Điều 28 Luật Khiếu nại 2011'),
 ('', 'complaint', 'resolve', 'complex', '2012-07-01', 45, 'd', 0, 'Điều 28 Luật Khiếu nại 2011'),
 ('', 'complaint', 'resolve', 'remote', '2012-07-01', 45, 'd', 0, 'Điều 28 Luật Khiếu nại 2011 (vùng sâu, vùng xa đi lại khó khăn)'),
 ('', 'complaint', 'resolve', 'remote_complex', '2012-07-01', 60, 'd', 0, 'Điều 28 Luật Khiếu nại 2011 (vùng sâu, vùng xa đi lại khó khăn)'),
 ('', 'denunciation', 'accept', '', '2019-01-01', 7, 'wd', 0, 'Điều 24 Luật Tố cáo 2018'),
 ('', 'denunciation', 'accept', 'several_sites', '2019-01-01', 10, 'wd', 0, 'Điều 24 Luật Tố cáo 2018 (xác minh ở nhiều địa điểm)'),
 ('', 'denunciation', 'resolve', '', '2019-01-01', 30, 'd', 0, 'Điều 30 Luật Tố cáo 2018'),
 ('', 'denunciation', 'extend', '', '2019-01-01', 30, 'd', 1, 'Điều 30 Luật Tố cáo 2018 (gia hạn một lần)'),
 ('', 'denunciation', 'extend', 'complex', '2019-01-01', 30, 'd', 2, 'Điều 30 Luật Tố cáo 2018 (vụ việc đặc biệt phức tạp, gia hạn hai lần)'),
 ('', 'denunciation', 'forward', '', '2019-01-01', 5, 'wd', 0, 'Điều 24 Luật Tố cáo 2018'),
 ('', 'complaint', 'forward', '', '2012-07-01', 5, 'wd', 0, 'Điều 28 Luật Tiếp công dân 2013'),
 ('', 'report', 'forward', '', '2008-02-14', 5, 'wd', 0, 'Điều 9 Nghị định 20/2008/NĐ-CP'),
 ('', 'recommendation', 'forward', '', '2008-02-14', 5, 'wd', 0, 'Điều 9 Nghị định 20/2008/NĐ-CP'),
 ('', 'report', 'answer', '', '2014-07-01', 10, 'wd', 0, 'Quy định của UBND xã (mặc định 10 ngày làm việc, như Điều 28 Luật Tiếp công dân 2013)'),
 ('', 'recommendation', 'answer', '', '2014-07-01', 10, 'wd', 0, 'Quy định của UBND xã (mặc định 10 ngày làm việc, như Điều 28 Luật Tiếp công dân 2013)'),
 ('', 'report', 'reopen', '', '2014-07-01', 30, 'd', 0, 'Quy định của UBND xã'),
 ('', 'recommendation', 'reopen', '', '2014-07-01', 30, 'd', 0, 'Quy định của UBND xã'),
 ('', 'complaint', 'reopen', '', '2012-07-01', 30, 'd', 0, 'Điều 33 Luật Khiếu nại 2011 (30 ngày kể từ hết hạn giải quyết hoặc nhận quyết định)');
