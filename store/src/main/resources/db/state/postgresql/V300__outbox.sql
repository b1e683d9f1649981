-- Delivery outbox and dead letters (area V3xx). Same semantics as the SQLite schema; times are epoch milliseconds.
-- state: 0 pending, 1 delivered, 2 dead letter, 3 discarded.
CREATE TABLE outbox (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account          TEXT     NOT NULL,
    op               TEXT     NOT NULL,
    key_field        TEXT     NOT NULL,
    key_value        TEXT     NOT NULL,
    target           TEXT,
    payload          TEXT,
    idempotency_key  TEXT     NOT NULL,
    person_key       TEXT     NOT NULL,
    state            SMALLINT NOT NULL DEFAULT 0,
    created_at       BIGINT   NOT NULL,
    attempts         INTEGER  NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT   NOT NULL,
    last_error       TEXT,
    finished_at      BIGINT,
    dead_reason      TEXT,
    dead_http_status INTEGER,
    dead_reply_code  INTEGER,
    dead_text        TEXT
);

CREATE UNIQUE INDEX outbox_idempotency_key ON outbox (idempotency_key);
CREATE INDEX outbox_pending ON outbox (account, id, next_attempt_at) WHERE state = 0;
CREATE INDEX outbox_pending_person ON outbox (account, person_key, id) WHERE state = 0;
CREATE INDEX outbox_pending_created ON outbox (created_at) WHERE state = 0;
CREATE INDEX outbox_dead ON outbox (finished_at) WHERE state = 2;
