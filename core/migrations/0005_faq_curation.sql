-- Knowledge-base curation: local edits kept beside the shipped faq/kb/*.yaml files.
-- faq_overlay holds one row per edited entry (its patch, as JSON); the shipped files are
-- never written, so an upgrade of them keeps every local edit. Times are ISO 8601 UTC.

CREATE TABLE faq_overlay (
    entry_id   TEXT PRIMARY KEY,
    state      TEXT NOT NULL,            -- JSON: {"new", "theme", "fields", "questions", "disabled"}
    version    INTEGER NOT NULL,         -- +1 on every change, for "someone else edited it"
    updated_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE faq_changes (
    id          INTEGER PRIMARY KEY,
    entry_id    TEXT NOT NULL,
    action      TEXT NOT NULL,           -- create, edit, phrasing, disable, enable, undo
    before      TEXT,                    -- overlay state before (JSON), NULL: shipped as is
    after       TEXT,                    -- overlay state after (JSON), NULL: shipped as is
    author      TEXT NOT NULL,           -- "platform:user_id", or "cli:<login>"
    author_name TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    undoes      INTEGER REFERENCES faq_changes (id),
    undone_by   INTEGER REFERENCES faq_changes (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX faq_changes_entry ON faq_changes (entry_id, id);

CREATE TABLE faq_proposals (
    id            INTEGER PRIMARY KEY,
    entry_id      TEXT NOT NULL,
    action        TEXT NOT NULL,         -- create or edit
    base_version  INTEGER NOT NULL,
    state         TEXT NOT NULL,         -- the proposed overlay state (JSON)
    platform      TEXT NOT NULL,         -- who proposed
    user_id       TEXT NOT NULL,
    author_name   TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'approved', 'rejected')),
    reason        TEXT NOT NULL DEFAULT '',
    decided_by    TEXT,
    created_at    TEXT NOT NULL,
    decided_at    TEXT
);
CREATE INDEX faq_proposals_status ON faq_proposals (status, id);

-- Questions of the /cauhoimoi inbox already dealt with (attached, drafted, out of scope).
CREATE TABLE faq_inbox_handled (
    question_id INTEGER PRIMARY KEY REFERENCES faq_questions (id),
    action      TEXT NOT NULL,
    entry_id    TEXT,
    handled_at  TEXT NOT NULL
);

-- Questions marked out of scope: similar questions are not listed again.
CREATE TABLE faq_out_of_scope (
    folded    TEXT PRIMARY KEY,
    marked_by TEXT NOT NULL,
    marked_at TEXT NOT NULL
) WITHOUT ROWID;

-- Villagers told that their question now has an answer (each question at most once).
CREATE TABLE faq_followups (
    question_id INTEGER PRIMARY KEY REFERENCES faq_questions (id),
    entry_id    TEXT NOT NULL,
    sent_at     TEXT NOT NULL
);

-- Monthly list of entries whose facts are due for a check, sent once a month.
CREATE TABLE faq_stale_reports (
    month   TEXT PRIMARY KEY,
    sent_at TEXT NOT NULL
) WITHOUT ROWID;

-- Whether a question was asked in a private chat (NULL: not known, never followed up).
ALTER TABLE faq_questions ADD COLUMN private INTEGER;
