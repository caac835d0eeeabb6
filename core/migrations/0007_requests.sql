-- "Nhờ tổ hỗ trợ": villagers ask their own village team for hands-on help.
-- Times are ISO 8601 UTC strings ("2026-11-22T03:10:00Z").

-- Where a villager lives, told once (village_id NULL: "my village is not listed").
CREATE TABLE villager_places (
    platform     TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    commune_code TEXT NOT NULL REFERENCES communes (code),
    village_id   INTEGER REFERENCES villages (id),
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (platform, user_id)
) WITHOUT ROWID;

-- What a member agreed to show villagers in "Liên hệ tổ ở thôn" (no row: not listed).
CREATE TABLE team_listing (
    member_id  INTEGER PRIMARY KEY REFERENCES members (id),
    listed     INTEGER NOT NULL CHECK (listed IN (0, 1)),
    show_phone INTEGER NOT NULL CHECK (show_phone IN (0, 1)),
    decided_at TEXT NOT NULL
);

-- One request for help. detail/place/timing/phone/feedback_text are personal data: they are
-- blanked `retention_months` after closing (texts_removed_at), the counts stay.
CREATE TABLE help_requests (
    id               INTEGER PRIMARY KEY,
    platform         TEXT NOT NULL,              -- the villager's account
    user_id          TEXT NOT NULL,
    chat_id          TEXT NOT NULL,              -- their private chat with the bot
    commune_code     TEXT NOT NULL REFERENCES communes (code),
    village_id       INTEGER REFERENCES villages (id),  -- NULL: village not listed
    service_code     TEXT NOT NULL,
    detail           TEXT NOT NULL DEFAULT '',
    place            TEXT NOT NULL DEFAULT '',
    timing           TEXT NOT NULL DEFAULT '',
    phone            TEXT,                       -- E.164, only with consent
    phone_consent_at TEXT,                       -- when the villager agreed to share it
    state            TEXT NOT NULL DEFAULT 'open'
                     CHECK (state IN ('open', 'taken', 'closed', 'cancelled')),
    created_at       TEXT NOT NULL,
    waiting_since    TEXT NOT NULL,              -- created, or put back after its taker left
    taken_at         TEXT,
    taken_by         INTEGER REFERENCES members (id),
    assigned_by      TEXT,                       -- "platform:user_id" of a coordinator
    closed_at        TEXT,
    closed_by        TEXT,
    escalation       INTEGER NOT NULL DEFAULT 0, -- 1: team leader told, 2: coordinators told
    overdue          INTEGER NOT NULL DEFAULT 0, -- 1: not taken within the configured time
    feedback         INTEGER CHECK (feedback IN (-1, 1)),
    feedback_text    TEXT NOT NULL DEFAULT '',
    texts_removed_at TEXT
);
CREATE INDEX help_requests_state ON help_requests (state, commune_code);
CREATE INDEX help_requests_villager ON help_requests (platform, user_id, state);
CREATE INDEX help_requests_created ON help_requests (commune_code, created_at);
CREATE INDEX help_requests_taker ON help_requests (taken_by, state);

-- Messages to people other than the one being answered, sent outside quiet hours. Written in
-- the same transaction as the change they announce, under a unique key, so a redelivered
-- update or a restart never sends one twice; claimed_at is a lease so a crash mid-send
-- retries it.
CREATE TABLE request_outbox (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    request_id INTEGER NOT NULL REFERENCES help_requests (id),
    platform   TEXT NOT NULL,
    address    TEXT NOT NULL,
    body       TEXT NOT NULL,                    -- JSON: {"text", "options": [[label, payload]]}
    not_before TEXT NOT NULL,
    created_at TEXT NOT NULL,
    claimed_at TEXT,
    sent_at    TEXT,
    attempts   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX request_outbox_due ON request_outbox (sent_at, not_before);
