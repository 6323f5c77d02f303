-- The commune registry: hamlets, households, residents, staff directory.
CREATE TABLE hamlets (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    head_name TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0,
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
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (commune_id, id),
    UNIQUE (commune_id, code),
    FOREIGN KEY (commune_id, hamlet_id) REFERENCES hamlets(commune_id, id)
);
CREATE INDEX households_hamlet ON households (commune_id, hamlet_id, code);

CREATE TABLE residents (
    commune_id TEXT NOT NULL,
    id TEXT NOT NULL,
    household_id TEXT NOT NULL,
    full_name TEXT NOT NULL,
    birth_date TEXT NOT NULL DEFAULT '',
    gender TEXT NOT NULL DEFAULT '',
    id_number TEXT,
    phone TEXT NOT NULL DEFAULT '',
    relation TEXT NOT NULL DEFAULT '',
    is_voter BOOLEAN NOT NULL DEFAULT FALSE,
    search TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (commune_id, id),
    FOREIGN KEY (commune_id, household_id) REFERENCES households(commune_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX residents_id_number ON residents (commune_id, id_number) WHERE id_number IS NOT NULL;
CREATE INDEX residents_household ON residents (commune_id, household_id);

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
    sort_order INTEGER NOT NULL DEFAULT 0,
    search TEXT NOT NULL,
    PRIMARY KEY (commune_id, id)
);
