-- Members of the community digital technology teams, their places and roles.

CREATE TABLE communes (
    code          TEXT PRIMARY KEY,          -- administrative code (vietnam-provinces, 2025 map)
    province_code TEXT NOT NULL,
    name          TEXT NOT NULL,             -- "Phường Quảng Phú"
    folded        TEXT NOT NULL              -- "phuong quang phu", for typed search
);

CREATE TABLE villages (
    id           INTEGER PRIMARY KEY,
    commune_code TEXT NOT NULL REFERENCES communes (code),
    name         TEXT NOT NULL,              -- as first written: "Thôn 3"
    match_key    TEXT NOT NULL,              -- folded, prefix and number-words normalised: "thon 3"
    created_at   TEXT NOT NULL,
    UNIQUE (commune_code, match_key)
);

CREATE TABLE members (
    id           INTEGER PRIMARY KEY,
    full_name    TEXT NOT NULL,
    phone        TEXT NOT NULL UNIQUE,       -- E.164: "+84912345678"
    village_id   INTEGER NOT NULL REFERENCES villages (id),
    team_role    TEXT NOT NULL CHECK (team_role IN ('leader', 'deputy', 'member')),
    organisation TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'left')),
    created_at   TEXT NOT NULL,
    decided_at   TEXT,
    decided_by   INTEGER REFERENCES members (id),
    left_at      TEXT
);
CREATE INDEX members_village_status ON members (village_id, status);
CREATE INDEX members_status ON members (status);

-- A member's messenger accounts: one person can link Telegram and Zalo.
CREATE TABLE identities (
    platform     TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    member_id    INTEGER NOT NULL REFERENCES members (id),
    display_name TEXT NOT NULL DEFAULT '',
    linked_at    TEXT NOT NULL,
    PRIMARY KEY (platform, user_id)
) WITHOUT ROWID;
CREATE INDEX identities_member ON identities (member_id);

-- Coordinators appointed by an admin: of one commune, or of the whole province.
CREATE TABLE coordinators (
    member_id    INTEGER PRIMARY KEY REFERENCES members (id),
    level        TEXT NOT NULL CHECK (level IN ('commune', 'province')),
    commune_code TEXT REFERENCES communes (code),
    appointed_at TEXT NOT NULL,
    appointed_by TEXT NOT NULL,
    CHECK ((level = 'commune') = (commune_code IS NOT NULL))
);
CREATE INDEX coordinators_commune ON coordinators (commune_code);

-- One-time codes to link a second messenger account to a member.
CREATE TABLE link_codes (
    code        TEXT PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members (id),
    expires_at  TEXT NOT NULL
) WITHOUT ROWID;
