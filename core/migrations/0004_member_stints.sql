-- Where and when each person was an approved member: one row per stay in a village
-- ("stint"). Statistics count the members of a place for a period from here (see
-- docs/activity.md, "Members of a place for a period"), so a move, leaving or returning
-- never makes a numerator larger than its denominator.
--
-- Kept by triggers on members, in the same statement as every change of status or village
-- (registration, approval, approved move, import, leaving), so no code path can forget it.
-- Days are local (Asia/Ho_Chi_Minh, UTC+7 all year, no daylight saving since 1975) and
-- taken from members.updated_at, which every write to members sets.

CREATE TABLE member_stints (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members (id),
    village_id   INTEGER NOT NULL REFERENCES villages (id),
    commune_code TEXT NOT NULL,
    first_day    TEXT NOT NULL,                 -- local date the stay began "2026-11-02"
    last_day     TEXT                           -- local date it ended; NULL while it lasts
);
CREATE INDEX member_stints_commune ON member_stints (commune_code, first_day);
CREATE INDEX member_stints_open ON member_stints (member_id) WHERE last_day IS NULL;

-- Members approved before this table existed: from the day they were approved (or created).
INSERT INTO member_stints (member_id, village_id, commune_code, first_day)
SELECT m.id, m.village_id, v.commune_code,
       date(COALESCE(m.decided_at, m.created_at), '+7 hours')
FROM members m JOIN villages v ON v.id = m.village_id
WHERE m.status = 'approved';

CREATE TRIGGER members_stint_created AFTER INSERT ON members
WHEN new.status = 'approved'
BEGIN
    INSERT INTO member_stints (member_id, village_id, commune_code, first_day)
    SELECT new.id, new.village_id, v.commune_code, date(new.updated_at, '+7 hours')
    FROM villages v WHERE v.id = new.village_id;
END;

CREATE TRIGGER members_stint_changed AFTER UPDATE OF status, village_id ON members
WHEN (old.status = 'approved') != (new.status = 'approved')
  OR (new.status = 'approved' AND old.village_id != new.village_id)
BEGIN
    UPDATE member_stints SET last_day = date(new.updated_at, '+7 hours')
    WHERE member_id = old.id AND last_day IS NULL;
    INSERT INTO member_stints (member_id, village_id, commune_code, first_day)
    SELECT new.id, new.village_id, v.commune_code, date(new.updated_at, '+7 hours')
    FROM villages v WHERE v.id = new.village_id AND new.status = 'approved';
END;
