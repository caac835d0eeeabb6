-- Updates a messenger handed out whose handling takes long (a coordinator's export, a big
-- file): kept here, durably, so the messenger can be told to move on (Telegram's getUpdates
-- offset) and the people behind them are served meanwhile. A row is deleted when its
-- handling ends; rows left by a crash are handled again at the next start.
CREATE TABLE parked_updates (
    platform TEXT NOT NULL,
    update_id INTEGER NOT NULL,
    body TEXT NOT NULL,        -- the update as the messenger sent it (JSON)
    parked_at TEXT NOT NULL,
    PRIMARY KEY (platform, update_id)
);
