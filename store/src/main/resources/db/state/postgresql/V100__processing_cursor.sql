-- How far the processor has applied the event log to the state; advanced in the same transaction as the state.
CREATE TABLE processing_cursor (
    name       TEXT   PRIMARY KEY,
    log_offset BIGINT NOT NULL
);
