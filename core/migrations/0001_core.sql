-- Core tables: update de-duplication, dialog state, numbered options, FAQ questions.
-- Times are ISO 8601 UTC strings ("2026-11-22T03:10:00Z").

CREATE TABLE processed_updates (
    platform    TEXT NOT NULL,
    update_id   TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (platform, update_id)
) WITHOUT ROWID;
CREATE INDEX processed_updates_received ON processed_updates (received_at);

CREATE TABLE dialogs (
    platform   TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    name       TEXT NOT NULL,
    step       TEXT NOT NULL,
    data       TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (platform, user_id)
) WITHOUT ROWID;

CREATE TABLE shown_options (
    platform TEXT NOT NULL,
    chat_id  TEXT NOT NULL,
    user_id  TEXT NOT NULL,
    options  TEXT NOT NULL,
    shown_at TEXT NOT NULL,
    PRIMARY KEY (platform, chat_id, user_id)
) WITHOUT ROWID;

CREATE TABLE faq_questions (
    id        INTEGER PRIMARY KEY,
    platform  TEXT NOT NULL,
    user_id   TEXT NOT NULL,
    text      TEXT NOT NULL,
    folded    TEXT NOT NULL,
    outcome   TEXT NOT NULL CHECK (outcome IN ('answered', 'suggested', 'unanswered')),
    entry_id  TEXT,
    score     REAL NOT NULL,
    feedback  INTEGER CHECK (feedback IN (-1, 1)),
    asked_at  TEXT NOT NULL
);
CREATE INDEX faq_questions_asked ON faq_questions (asked_at);
