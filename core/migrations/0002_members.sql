-- Members of the community digital technology teams, their places and roles.
-- Times are ISO 8601 UTC strings ("2026-11-22T03:10:00Z"). Accounts ("decided_by",
-- "appointed_by") are written "platform:user_id".

CREATE TABLE communes (
    code          TEXT PRIMARY KEY,          -- administrative code (vietnam-provinces, 2025 map)
    province_code TEXT NOT NULL,
    name          TEXT NOT NULL,             -- "Phường Quảng Phú"
    folded        TEXT NOT NULL              -- "phuong quang phu", for typed search
);
CREATE INDEX communes_province ON communes (province_code);

CREATE TABLE villages (
    id           INTEGER PRIMARY KEY,
    commune_code TEXT NOT NULL REFERENCES communes (code),
    name         TEXT NOT NULL,              -- as first written, tidied: "Thôn 3"
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
    organisation TEXT NOT NULL CHECK (organisation IN (
        'police', 'youth_union', 'women_union', 'farmers_union', 'post', 'telecom',
        'village_head', 'citizen', 'other')),
    status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'left')),
    source       TEXT NOT NULL DEFAULT 'chat' CHECK (source IN ('chat', 'import')),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    decided_at   TEXT,
    decided_by   TEXT,
    left_at      TEXT
);
CREATE INDEX members_village_status ON members (village_id, status);
CREATE INDEX members_status ON members (status);

-- A member's messenger accounts: one person can link a Telegram and a Zalo account.
CREATE TABLE identities (
    platform     TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    member_id    INTEGER NOT NULL REFERENCES members (id),
    display_name TEXT NOT NULL DEFAULT '',
    chat_id      TEXT,                       -- private chat with the bot, when not user_id
    linked_at    TEXT NOT NULL,
    PRIMARY KEY (platform, user_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX identities_member_platform ON identities (member_id, platform);

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
CREATE INDEX link_codes_member ON link_codes (member_id);

-- What a coordinator must decide: a new member ('join'), a change of village or team role
-- ('change', applied only once approved), or an account claiming an imported member ('claim').
CREATE TABLE member_requests (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members (id),
    kind         TEXT NOT NULL CHECK (kind IN ('join', 'change', 'claim')),
    village_id   INTEGER NOT NULL REFERENCES villages (id),  -- decides whose scope it is
    team_role    TEXT CHECK (team_role IN ('leader', 'deputy', 'member')),
    platform     TEXT,                       -- the account that asked (told the outcome)
    user_id      TEXT,
    display_name TEXT NOT NULL DEFAULT '',
    chat_id      TEXT,
    state        TEXT NOT NULL DEFAULT 'open'
                 CHECK (state IN ('open', 'approved', 'rejected', 'cancelled')),
    requested_at TEXT NOT NULL,
    decided_at   TEXT,
    decided_by   TEXT
);
CREATE INDEX member_requests_open ON member_requests (state, village_id);
CREATE INDEX member_requests_member ON member_requests (member_id, state);
