-- News and campaigns (tin tức, tuyên truyền, owned by internal/campaign; the commune plan
-- section III.3, the model "Chính quyền thân thiện, Nhân dân phát huy quyền làm chủ"): the
-- articles published on the portal, and the training sessions and awareness conferences held,
-- with the hamlets each served (none: the whole commune). Every table carries commune_id first
-- in its keys. Days are text YYYY-MM-DD (Vietnam's calendar); moments are in UTC.

-- An article: draft, published or withdrawn (gỡ); the body is sanitised HTML.
CREATE TABLE campaign_articles (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    published_at TIMESTAMP,
    withdrawn_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX campaign_articles_public ON campaign_articles (commune_id, status, published_at, id);
CREATE INDEX campaign_articles_created ON campaign_articles (commune_id, created_at, id);

-- A training session (tập huấn) or an awareness conference (hội nghị tuyên truyền, quán triệt).
CREATE TABLE campaign_sessions (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    held_on TEXT NOT NULL,
    place TEXT NOT NULL,
    attendance INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX campaign_sessions_held ON campaign_sessions (commune_id, held_on, id);

-- The hamlets a session served; none means the whole commune.
CREATE TABLE campaign_session_hamlets (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    session_id TEXT NOT NULL,
    hamlet_id TEXT NOT NULL,
    PRIMARY KEY (commune_id, session_id, hamlet_id)
);
CREATE INDEX campaign_session_hamlets_hamlet ON campaign_session_hamlets (commune_id, hamlet_id, session_id);
