-- Events the processor could not apply even alone and after retries (the event stays in the log).
CREATE TABLE processing_failures (
    log_offset  BIGINT PRIMARY KEY,
    message_id  TEXT   NOT NULL,
    failed_at   BIGINT NOT NULL,
    error       TEXT   NOT NULL,
    attempts    INTEGER NOT NULL
);
