-- Targets per commune or village, indicator and year (docs/activity.md, "Targets"), and a
-- monthly aggregate per commune and service so a year-to-date figure reads ~2,000 rows a
-- province, not ~500,000 daily ones.

-- village_id 0: the commune as a whole; otherwise one of its villages. Indicator codes are
-- those of activity.indicators in config.yaml; a code no longer configured is kept, unshown.
CREATE TABLE activity_targets (
    commune_code TEXT NOT NULL REFERENCES communes (code),
    village_id   INTEGER NOT NULL DEFAULT 0,
    indicator    TEXT NOT NULL,
    year         INTEGER NOT NULL,
    target       INTEGER NOT NULL CHECK (target > 0),
    set_at       TEXT NOT NULL,                 -- UTC "2026-11-22T03:10:00Z"
    set_by       TEXT NOT NULL,                 -- "platform:user_id" of who set it
    PRIMARY KEY (year, commune_code, village_id, indicator)
) WITHOUT ROWID;

-- Sessions and people per commune, month and service; kept like activity_commune_days.
CREATE TABLE activity_commune_months (
    commune_code TEXT NOT NULL,
    month        TEXT NOT NULL,                 -- "2026-11"
    service_code TEXT NOT NULL,
    sessions     INTEGER NOT NULL,
    people       INTEGER NOT NULL,
    PRIMARY KEY (commune_code, month, service_code)
) WITHOUT ROWID;

INSERT INTO activity_commune_months (commune_code, month, service_code, sessions, people)
SELECT commune_code, substr(day, 1, 7), service_code, SUM(sessions), SUM(people)
FROM activity_commune_days GROUP BY commune_code, substr(day, 1, 7), service_code;

CREATE TRIGGER activity_logs_counted_month AFTER INSERT ON activity_logs
WHEN new.deleted_at IS NULL
BEGIN
    INSERT INTO activity_commune_months (commune_code, month, service_code, sessions, people)
    VALUES (new.commune_code, substr(new.activity_date, 1, 7), new.service_code, 1, new.people)
    ON CONFLICT (commune_code, month, service_code) DO UPDATE
    SET sessions = sessions + 1, people = people + excluded.people;
END;

CREATE TRIGGER activity_logs_uncounted_month AFTER UPDATE OF deleted_at ON activity_logs
WHEN old.deleted_at IS NULL AND new.deleted_at IS NOT NULL
BEGIN
    UPDATE activity_commune_months
    SET sessions = sessions - 1, people = people - old.people
    WHERE commune_code = old.commune_code AND month = substr(old.activity_date, 1, 7)
      AND service_code = old.service_code;
    DELETE FROM activity_commune_months
    WHERE commune_code = old.commune_code AND month = substr(old.activity_date, 1, 7)
      AND service_code = old.service_code AND sessions <= 0;
END;
