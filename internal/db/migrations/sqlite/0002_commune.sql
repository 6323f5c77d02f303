-- The commune registry: hamlets, households, residents, staff directory (owned by internal/commune).
-- Every table carries commune_id first in its primary and unique keys (tenant isolation, and
-- distribution by commune at scale). Each searchable table has a `search` column holding the
-- folded text (internal/fold) that list queries match with LIKE.
CREATE TABLE hamlets (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    head_name TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_id, id),
    UNIQUE (commune_id, name)
);

CREATE TABLE households (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    code TEXT NOT NULL,
    hamlet_id TEXT NOT NULL,
    head_name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    search TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_id, id),
    UNIQUE (commune_id, code),
    FOREIGN KEY (commune_id, hamlet_id) REFERENCES hamlets(commune_id, id)
);
CREATE INDEX households_hamlet ON households (commune_id, hamlet_id, code);

-- birth_date is YYYY-MM-DD text (a calendar date, no time zone); id_number is NULL when unknown
-- so that the partial unique index allows many residents without one.
CREATE TABLE residents (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    household_id TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    full_name TEXT NOT NULL,
    birth_date TEXT NOT NULL DEFAULT '',
    gender TEXT NOT NULL DEFAULT '',
    id_number TEXT,
    phone TEXT NOT NULL DEFAULT '',
    relation TEXT NOT NULL DEFAULT '',
    is_voter BOOLEAN NOT NULL DEFAULT 0,
    search TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_id, id),
    FOREIGN KEY (commune_id, household_id) REFERENCES households(commune_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX residents_id_number ON residents (commune_id, id_number) WHERE id_number IS NOT NULL;
CREATE INDEX residents_household ON residents (commune_id, household_id, position);

-- roles: space-separated role names (the stored form auth uses); user_id: the linked account.
CREATE TABLE staff (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    user_id TEXT NOT NULL DEFAULT '',
    full_name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    photo_sha256 TEXT NOT NULL DEFAULT '',
    roles TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0,
    search TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE UNIQUE INDEX staff_user ON staff (commune_id, user_id) WHERE user_id <> '';
