-- Reliability and privacy (issue 13).
-- processed_updates.replies: what the bot answered, as JSON, so a redelivered update whose
-- work is done gets the same answer again; rerun = 1 when the answer carried a file or a
-- picture (not stored): the handler, which only reads, runs again instead.
ALTER TABLE processed_updates ADD COLUMN replies TEXT;
ALTER TABLE processed_updates ADD COLUMN rerun INTEGER NOT NULL DEFAULT 0;

-- /lienket: wrong codes per account; 5 wrong in a row lock the account out for a while.
CREATE TABLE link_attempts (
    platform     TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    failures     INTEGER NOT NULL,
    last_failed  TEXT NOT NULL,
    locked_until TEXT,
    PRIMARY KEY (platform, user_id)
) WITHOUT ROWID;

-- Consent (Luật Bảo vệ dữ liệu cá nhân): when the member agreed, by sending the
-- registration after the consent sentence. NULL for members imported by a coordinator.
ALTER TABLE members ADD COLUMN consent_at TEXT;
