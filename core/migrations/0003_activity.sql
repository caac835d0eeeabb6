-- Assistance sessions logged by team members, and the aggregates statistics read.
-- Each log stores the UTC time it was saved and the local (Asia/Ho_Chi_Minh) date of the
-- activity. A soft-deleted log (deleted_at set) stays for audit and is no longer counted.
-- The aggregate tables are kept in step by the triggers below, inside the same statement
-- (hence the same transaction) as each insert and each soft delete.

CREATE TABLE activity_logs (
    id            INTEGER PRIMARY KEY,
    member_id     INTEGER NOT NULL REFERENCES members (id),
    village_id    INTEGER NOT NULL REFERENCES villages (id),  -- the member's village when logged
    commune_code  TEXT NOT NULL,                              -- that village's commune
    service_code  TEXT NOT NULL,
    people        INTEGER NOT NULL CHECK (people BETWEEN 1 AND 500),
    activity_date TEXT NOT NULL,                              -- local date "2026-11-22"
    note          TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,                              -- UTC "2026-11-22T03:10:00Z"
    source_key    TEXT NOT NULL UNIQUE,                       -- what makes a save idempotent
    deleted_at    TEXT
);
CREATE INDEX activity_logs_member ON activity_logs (member_id, activity_date);
CREATE INDEX activity_logs_commune ON activity_logs (commune_code, activity_date);

-- Sessions and people per commune, day and service: by-service and by-commune figures.
CREATE TABLE activity_commune_days (
    commune_code TEXT NOT NULL,
    day          TEXT NOT NULL,
    service_code TEXT NOT NULL,
    sessions     INTEGER NOT NULL,
    people       INTEGER NOT NULL,
    PRIMARY KEY (commune_code, day, service_code)
) WITHOUT ROWID;

-- Sessions and people per village and day: the by-village figures of a commune.
CREATE TABLE activity_village_days (
    commune_code TEXT NOT NULL,
    day          TEXT NOT NULL,
    village_id   INTEGER NOT NULL,
    sessions     INTEGER NOT NULL,
    people       INTEGER NOT NULL,
    PRIMARY KEY (commune_code, day, village_id)
) WITHOUT ROWID;

-- One row per member, village and month they logged in; bit d-1 of days_mask is set when
-- they logged on day d. "Active members (teams) in a period" counts the distinct members
-- (villages) whose mask meets the period's days: ~16,000 rows a month for a province.
CREATE TABLE activity_member_months (
    commune_code TEXT NOT NULL,
    month        TEXT NOT NULL,                               -- "2026-11"
    village_id   INTEGER NOT NULL,
    member_id    INTEGER NOT NULL,
    days_mask    INTEGER NOT NULL,
    sessions     INTEGER NOT NULL,
    people       INTEGER NOT NULL,
    PRIMARY KEY (commune_code, month, village_id, member_id)
) WITHOUT ROWID;

CREATE TRIGGER activity_logs_counted AFTER INSERT ON activity_logs
WHEN new.deleted_at IS NULL
BEGIN
    INSERT INTO activity_commune_days (commune_code, day, service_code, sessions, people)
    VALUES (new.commune_code, new.activity_date, new.service_code, 1, new.people)
    ON CONFLICT (commune_code, day, service_code) DO UPDATE
    SET sessions = sessions + 1, people = people + excluded.people;
    INSERT INTO activity_village_days (commune_code, day, village_id, sessions, people)
    VALUES (new.commune_code, new.activity_date, new.village_id, 1, new.people)
    ON CONFLICT (commune_code, day, village_id) DO UPDATE
    SET sessions = sessions + 1, people = people + excluded.people;
    INSERT INTO activity_member_months
        (commune_code, month, village_id, member_id, days_mask, sessions, people)
    VALUES (new.commune_code, substr(new.activity_date, 1, 7), new.village_id, new.member_id,
            1 << (CAST(substr(new.activity_date, 9, 2) AS INTEGER) - 1), 1, new.people)
    ON CONFLICT (commune_code, month, village_id, member_id) DO UPDATE
    SET days_mask = days_mask | excluded.days_mask, sessions = sessions + 1,
        people = people + excluded.people;
END;

CREATE TRIGGER activity_logs_uncounted AFTER UPDATE OF deleted_at ON activity_logs
WHEN old.deleted_at IS NULL AND new.deleted_at IS NOT NULL
BEGIN
    UPDATE activity_commune_days
    SET sessions = sessions - 1, people = people - old.people
    WHERE commune_code = old.commune_code AND day = old.activity_date
      AND service_code = old.service_code;
    DELETE FROM activity_commune_days
    WHERE commune_code = old.commune_code AND day = old.activity_date
      AND service_code = old.service_code AND sessions <= 0;
    UPDATE activity_village_days
    SET sessions = sessions - 1, people = people - old.people
    WHERE commune_code = old.commune_code AND day = old.activity_date
      AND village_id = old.village_id;
    DELETE FROM activity_village_days
    WHERE commune_code = old.commune_code AND day = old.activity_date
      AND village_id = old.village_id AND sessions <= 0;
    UPDATE activity_member_months
    SET sessions = sessions - 1, people = people - old.people,
        days_mask = CASE WHEN EXISTS (
            SELECT 1 FROM activity_logs l
            WHERE l.member_id = old.member_id AND l.activity_date = old.activity_date
              AND l.village_id = old.village_id AND l.deleted_at IS NULL)
        THEN days_mask
        ELSE days_mask & ~(1 << (CAST(substr(old.activity_date, 9, 2) AS INTEGER) - 1)) END
    WHERE commune_code = old.commune_code AND month = substr(old.activity_date, 1, 7)
      AND village_id = old.village_id AND member_id = old.member_id;
    DELETE FROM activity_member_months
    WHERE commune_code = old.commune_code AND month = substr(old.activity_date, 1, 7)
      AND village_id = old.village_id AND member_id = old.member_id AND sessions <= 0;
END;

-- Scheduled messages already sent ("weekly:2026-W47:12"), so a restart never sends twice.
CREATE TABLE activity_sent_jobs (
    key     TEXT PRIMARY KEY,
    sent_at TEXT NOT NULL
) WITHOUT ROWID;
