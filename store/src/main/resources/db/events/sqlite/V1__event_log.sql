-- The durable log of accepted events. offset is assigned by the single writer, in order.
CREATE TABLE events (
    "offset"      INTEGER PRIMARY KEY,
    message_id    TEXT    NOT NULL,
    type          TEXT    NOT NULL,
    user_id       TEXT,
    anonymous_id  TEXT,
    received_at   INTEGER NOT NULL, -- epoch milliseconds
    event_time    INTEGER NOT NULL, -- corrected timestamp, epoch milliseconds
    body          BLOB    NOT NULL  -- the normalised event JSON
);
-- De-duplication of client retries: a messageId is stored once while its event is in the log (the log keeps
-- events at least as long as the de-duplication window).
CREATE UNIQUE INDEX events_message_id ON events (message_id);
-- Person history and privacy purges look events up by their identifiers.
CREATE INDEX events_user_id ON events (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX events_anonymous_id ON events (anonymous_id) WHERE anonymous_id IS NOT NULL;

-- Items that were not accepted, kept with their reasons for operators.
CREATE TABLE rejected_events (
    id          INTEGER PRIMARY KEY,
    received_at INTEGER NOT NULL,
    item_index  INTEGER NOT NULL,
    reason      TEXT    NOT NULL,
    problems    TEXT    NOT NULL, -- JSON array of {path, code, message}
    item        TEXT              -- the item as received, without its write key
);
CREATE INDEX rejected_events_received_at ON rejected_events (received_at);
