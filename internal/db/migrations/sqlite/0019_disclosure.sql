-- Public disclosure (công khai thông tin, owned by internal/disclosure; Law 10/2022/QH15 on
-- Grassroots Democracy, Arts 11–14): the commune's copy of the 14 categories of Art. 11, the
-- disclosures with every published version, the hamlets each concerns, and where and for how
-- long each was posted or broadcast (Art. 12–13). Every table carries commune_id first in its
-- keys. Days are text YYYY-MM-DD (Vietnam's calendar), NULL when not yet; moments are in UTC.

-- The categories of Art. 11, seeded per commune on first use and editable by the commune.
CREATE TABLE disclosure_categories (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    category_no INTEGER NOT NULL,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    posting_rule TEXT NOT NULL,
    loudspeaker BOOLEAN NOT NULL,
    required BOOLEAN NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (commune_id, category_no)
);

-- A disclosure: draft, published, updated (republished) or archived; the row is its current
-- version, disclosure_versions keeps every published one.
CREATE TABLE disclosures (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    category_no INTEGER NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    attachments TEXT NOT NULL DEFAULT '[]',
    decision_date TEXT,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    published_on TEXT,
    first_published_on TEXT,
    published_at TIMESTAMP,
    archived_on TEXT,
    search_fold TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX disclosures_public ON disclosures (commune_id, status, published_on, id);
CREATE INDEX disclosures_category ON disclosures (commune_id, category_no, status);

-- The hamlets a disclosure concerns; none means the whole commune.
CREATE TABLE disclosure_hamlets (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    disclosure_id TEXT NOT NULL,
    hamlet_id TEXT NOT NULL,
    PRIMARY KEY (commune_id, disclosure_id, hamlet_id)
);
CREATE INDEX disclosure_hamlets_hamlet ON disclosure_hamlets (commune_id, hamlet_id, disclosure_id);

-- Every published version (the first publication and each republication, Art. 14).
CREATE TABLE disclosure_versions (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    disclosure_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    category_no INTEGER NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    attachments TEXT NOT NULL,
    hamlet_ids TEXT NOT NULL,
    decision_date TEXT,
    published_on TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    published_by TEXT NOT NULL,
    PRIMARY KEY (commune_id, disclosure_id, version)
);
CREATE INDEX disclosure_versions_published ON disclosure_versions (commune_id, published_on);

-- Where a disclosure was posted or broadcast, from put_up to taken_down (the last day it was
-- up or on air, counted; NULL while it still is).
CREATE TABLE disclosure_postings (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    disclosure_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    hamlet_id TEXT NOT NULL DEFAULT '',
    put_up TEXT NOT NULL,
    taken_down TEXT,
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    taken_down_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX disclosure_postings_disclosure ON disclosure_postings (commune_id, disclosure_id, put_up);
