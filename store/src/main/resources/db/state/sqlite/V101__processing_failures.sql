-- Events the processor could not apply even alone and after retries. The event stays in the log; this row says
-- why it was skipped, so an operator can fix the cause and replay it.
CREATE TABLE processing_failures (
    log_offset  INTEGER PRIMARY KEY,
    message_id  TEXT    NOT NULL,
    failed_at   INTEGER NOT NULL, -- epoch milliseconds
    error       TEXT    NOT NULL,
    attempts    INTEGER NOT NULL
);
