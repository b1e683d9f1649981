-- How far the processor has applied the event log to the state (users table, rules, outbox).
-- Advanced in the same transaction as the state changes, so each event is applied exactly once.
CREATE TABLE processing_cursor (
    name       TEXT    PRIMARY KEY,
    log_offset INTEGER NOT NULL
);
