-- Delivery outbox and dead letters (area V3xx). Times are epoch milliseconds (UTC).
-- state: 0 pending, 1 delivered, 2 dead letter, 3 discarded. Delivered and discarded rows keep only what
-- de-duplication needs (payload dropped) and are purged after the retention.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT, -- production order; AUTOINCREMENT never reuses ids
    account          TEXT    NOT NULL,
    op               TEXT    NOT NULL,
    key_field        TEXT    NOT NULL,
    key_value        TEXT    NOT NULL,
    target           TEXT,
    payload          TEXT,
    idempotency_key  TEXT    NOT NULL,
    person_key       TEXT    NOT NULL,
    state            INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL, -- due time; while claimed, the end of the lease
    last_error       TEXT,
    finished_at      INTEGER,          -- delivered, dead-lettered or discarded at
    dead_reason      TEXT,
    dead_http_status INTEGER,
    dead_reply_code  INTEGER,
    dead_text        TEXT
);

CREATE UNIQUE INDEX outbox_idempotency_key ON outbox (idempotency_key);
-- claims scan pending items of an account in id order, filtering on the due time inside the index
CREATE INDEX outbox_pending ON outbox (account, id, next_attempt_at) WHERE state = 0;
-- the per-person order check looks for earlier pending items of the same person
CREATE INDEX outbox_pending_person ON outbox (account, person_key, id) WHERE state = 0;
CREATE INDEX outbox_pending_created ON outbox (created_at) WHERE state = 0;
CREATE INDEX outbox_dead ON outbox (finished_at) WHERE state = 2;
