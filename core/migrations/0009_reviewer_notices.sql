-- When the request was handed to its reviewers (claimed before sending, so one process
-- sends it). A request committed but never handed over (the process died in between) is
-- found by the reviewers' sweep (handlers/members/common.py, notify_missed).
ALTER TABLE member_requests ADD COLUMN notified_at TEXT;
UPDATE member_requests SET notified_at = requested_at;  -- sent before this column existed
